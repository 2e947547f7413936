"""Key figures: every headline number of the briefing, machine-readable.

Each notebook records its figures with ``KeyFigures``; the build merges them into
``report/build/key_figures.csv`` (columns below).
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

COLUMNS = ["indicator", "reporter", "partner", "flow", "period", "value", "unit"]


class KeyFigures:
    def __init__(self, path: str | Path | None):
        self.path = Path(path) if path else None
        self.rows: list[dict] = []

    def add(self, indicator: str, reporter: str, partner: str, flow: str, period, value, unit: str) -> None:
        self.rows.append({"indicator": indicator, "reporter": reporter, "partner": partner, "flow": flow,
                          "period": str(period), "value": value, "unit": unit})

    def add_frame(self, df: pd.DataFrame, indicator: str, unit: str, value: str = "value", **fixed) -> None:
        """Rows of ``df`` (with columns reporter, partner, flow, period where not given in ``fixed``)."""
        for rec in df.to_dict("records"):
            row = {k: fixed.get(k, rec.get(k, "")) for k in ("reporter", "partner", "flow", "period")}
            self.add(indicator, row["reporter"], row["partner"], row["flow"], row["period"], rec[value], unit)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=COLUMNS)

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        self.frame().to_csv(tmp, index=False)
        os.replace(tmp, self.path)


def merge(paths: list[Path]) -> pd.DataFrame:
    frames = [pd.read_csv(p, dtype={"period": str}) for p in paths if p.exists()]
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    return out.drop_duplicates(["indicator", "reporter", "partner", "flow", "period", "unit"], keep="first").reset_index(drop=True)
