"""Key figures: the briefing's numbers, machine-readable.

Each notebook records its figures with ``KeyFigures``; the build merges them into
``report/build/key_figures.csv``. Columns:

- ``indicator``: what the number is (share, rank, trade_value, claim_verdict, ...)
- ``reporter``, ``partner``: ISO 3166 alpha-3 codes (``WLD`` the world total)
- ``flow``: export, import, total or balance; ``none`` for a number that is not a flow
- ``product``: commodity group, ``TOTAL`` for all goods
- ``period``: a year ("2024"), month ("2024-03"), span ("2009-2019") or the first months of a year,
  as an ISO 8601 interval ("2026-01/2026-03": the latest months, ``indicators.latest``)
- ``id``: the claim id for claim verdicts, else empty
- ``value``, ``unit``: the number (or code/verdict) and its unit
- ``headline``: ``yes`` when the number is quoted in the briefing's text or cover
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from tradebrief.errors import OutputError

COLUMNS = ["indicator", "reporter", "partner", "flow", "product", "period", "id", "value", "unit", "headline"]
KEY = ["indicator", "reporter", "partner", "flow", "product", "period", "id", "unit"]
FLOWS = {"export", "import", "total", "balance", "none"}
WHOLE_NUMBER_UNITS = {"count", "rank"}   # written "5", never "5.0" (a rank computed in a float column)


def as_written(value, unit: str):
    """The value as the file writes it: a count or rank as a whole number; anything else unchanged."""
    if unit in WHOLE_NUMBER_UNITS and not isinstance(value, bool):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return value
        if number.is_integer():
            return int(number)
    return value


class KeyFigures:
    def __init__(self, path: str | Path | None):
        self.path = Path(path) if path else None
        self.rows: list[dict] = []

    def add(self, indicator: str, reporter: str, partner: str, flow: str, period, value, unit: str,
            product: str = "TOTAL", id: str = "", headline: bool = False) -> None:
        if flow not in FLOWS:
            raise ValueError(f"key figure {indicator}: flow must be one of {', '.join(sorted(FLOWS))}, got {flow!r}")
        self.rows.append({"indicator": indicator, "reporter": reporter, "partner": partner, "flow": flow,
                          "product": product, "period": str(period), "id": id, "value": as_written(value, unit), "unit": unit,
                          "headline": "yes" if headline else ""})

    def add_frame(self, df: pd.DataFrame, indicator: str, unit: str, value: str = "value", **fixed) -> None:
        """Rows of ``df`` (with columns reporter, partner, flow, period, product where not given in ``fixed``)."""
        for rec in df.to_dict("records"):
            row = {k: fixed.get(k, rec.get(k, "")) for k in ("reporter", "partner", "flow", "period")}
            self.add(indicator, row["reporter"], row["partner"], row["flow"], row["period"], rec[value], unit,
                     product=fixed.get("product", rec.get("product", "TOTAL")), headline=fixed.get("headline", False))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=COLUMNS, dtype=object)   # a column of ints and floats keeps each as given

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        self.frame().to_csv(tmp, index=False)
        os.replace(tmp, self.path)


def _same(a, b) -> bool:
    try:
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)), abs(float(b)))
    except (TypeError, ValueError):
        return str(a) == str(b)


def merge(figures: dict[str, Path]) -> pd.DataFrame:
    """All notebooks' figures (``{notebook name: its key_figures.csv}``), one row per key, in the order of
    the key's columns, so the same figures give the same bytes whatever order the notebooks ran in.

    The same figure recorded by two notebooks must agree: two different values for one key are an error
    naming both notebooks (never first-one-wins); a figure is a headline if any notebook quotes it."""
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False).assign(_notebook=f"{name}.ipynb")
              for name, p in figures.items() if Path(p).exists()]
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    for c in COLUMNS:
        if c not in out:
            out[c] = ""
    whole = out["unit"].isin(WHOLE_NUMBER_UNITS)
    out.loc[whole, "value"] = [str(as_written(v, u)) for v, u in zip(out.loc[whole, "value"], out.loc[whole, "unit"])]
    # only keys recorded more than once can conflict; looping over every key costs seconds on a cold build
    repeated = out[out.duplicated(KEY, keep=False)]
    for _key, g in repeated.groupby(KEY, sort=False):
        if len(g) > 1:
            first = g.iloc[0]
            for _, other in g.iloc[1:].iterrows():
                if not _same(first["value"], other["value"]):
                    show = ", ".join(f"{k}={first[k]}" for k in KEY if first[k])
                    raise OutputError(f"key figure conflict for {show}: notebook {first['_notebook']} says {first['value']}, "
                                      f"notebook {other['_notebook']} says {other['value']}")
    quoted = out["headline"].eq("yes").groupby([out[k] for k in KEY], sort=False).transform("any")
    out = out.assign(headline=quoted.map({True: "yes", False: ""})).drop_duplicates(KEY, keep="first")
    return out[COLUMNS].sort_values(KEY, kind="stable").reset_index(drop=True)
