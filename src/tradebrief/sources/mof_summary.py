"""Japan Ministry of Finance (Customs) summary trade statistics by area and commodity.

Published as e-Stat summary CSVs (statistics code 00350300), tidied to long form
(``ex_im, area, goods, year, value`` annual; ``Exp or Imp, Area, month, goods, value``
monthly), values in billion yen. Area names are MOF abbreviations (see countries.py).
"""
from __future__ import annotations

import datetime
import re

import pandas as pd

from tradebrief.commodities import known_names
from tradebrief.countries import code_for_mof_area, unknown_mof_area_fix
from tradebrief.errors import Problem
from tradebrief.schema import TOTAL
from tradebrief.sources.cards import Card
from tradebrief.sources.numbers import parse_numbers, unit_factor
from tradebrief.sources.raw_table import RawTable

PUBLISHER = "Japan Ministry of Finance, Trade Statistics of Japan"
DEFAULT_UNIT = "billion JPY"
ANNUAL_COLUMNS = ["ex_im", "area", "goods", "year", "value"]
MONTHLY_COLUMNS = ["Exp or Imp", "Area", "month", "goods", "value"]
_FLOW_CODES = {"export": "export", "import": "import", "1": "export", "2": "import",
               "exports": "export", "imports": "import"}


def _per_value(column: pd.Series, func) -> pd.Series:
    """``func`` applied once per distinct value (a monthly file repeats a few hundred names over 600,000 rows)."""
    if column.empty:   # keeps the column's (text) type: a header-only file then gets its own clear message
        return column.copy()
    codes, uniques = pd.factorize(column)
    mapped = pd.Series([func(u) for u in uniques], dtype=object)
    return pd.Series(mapped.to_numpy()[codes], index=column.index)


def _areas(raw: RawTable, column: str) -> pd.Series:
    names = raw.frame[column]
    mapping = {n: code_for_mof_area(n) for n in names.unique()}
    unknown = [n for n, c in mapping.items() if c is None]
    if unknown:
        problems = []
        for name in unknown:
            rows = raw.frame.loc[names.eq(name), "_line"]
            problems.append(Problem(str(raw.path), f"unknown partner name {name!r} ({len(rows)} rows)", row=int(rows.iloc[0]), column=column,
                                    fix=unknown_mof_area_fix()))
        raw.problems += problems  # listed with the file's other problems; these rows are left out
    codes = _per_value(names, mapping.get)
    if unknown:
        raw.mark_rejected(codes.isna())
    return codes


def _flows(raw: RawTable, column: str) -> pd.Series:
    flows = _per_value(raw.frame[column], lambda v: _FLOW_CODES.get(v.strip().lower()))
    raw.reject(flows.isna(), column, lambda v: f"flow {v!r} is neither export (1) nor import (2)")
    return flows


def _products(goods: pd.Series) -> pd.Series:
    """One spelling per commodity group whatever the file's case; Grand Total -> TOTAL."""
    names = {**known_names(), "grand total": TOTAL}
    return _per_value(goods, lambda g: names.get(g.strip().lower(), g.strip()))


def _is_month(text: str) -> bool:
    """YYYY-MM or YYYY/MM, optionally with a day (and time) that exists in that month: 2020-13 and 2021-02-30 are not."""
    m = re.fullmatch(r"(\d{4})[-/](\d{2})(?:[-/](\d{2})(?:[ T][\d:.]*)?)?", text)
    if not m:
        return False
    try:
        datetime.date(int(m[1]), int(m[2]), int(m[3] or 1))
    except ValueError:
        return False
    return True


def _load(raw: RawTable, card: Card, source: str, required: list[str], frequency: str) -> pd.DataFrame:
    """Both layouts: the same fields under different column names (flow, area, period first)."""
    raw.require(required)
    flow_col, area_col, period_col = required[0], required[1], required[2]
    currency, factor = unit_factor(raw.path, card.unit, DEFAULT_UNIT)
    text = raw.frame[period_col]
    if frequency == "A":
        period, expected = _per_value(text, str.strip), "a 4-digit year"
        bad = ~_per_value(text, lambda t: re.fullmatch(r"\d{4}", t.strip()) is not None).astype(bool)
    else:
        period, expected = _per_value(text, lambda t: t.strip()[:7].replace("/", "-")), "a date like 2019-05-01"
        bad = ~_per_value(text, lambda t: _is_month(t.strip())).astype(bool)
    raw.reject(bad, period_col, lambda v: f"{period_col} {v!r} is not {expected}")
    return pd.DataFrame({
        "reporter": card.reporter or "JPN",
        "partner": _areas(raw, area_col),
        "flow": _flows(raw, flow_col),
        "period": period,
        "frequency": frequency,
        "value": parse_numbers(raw, "value", collect=True) * factor,
        "currency": currency,
        "product": _products(raw.frame["goods"]),
        "source": source,
        "_line": raw.frame["_line"],
    })


def load_annual(raw: RawTable, card: Card, source: str) -> pd.DataFrame:
    """``ex_im, area, goods, year, value``."""
    return _load(raw, card, source, ["ex_im", "area", "year", "goods", "value"], "A")


def load_monthly(raw: RawTable, card: Card, source: str) -> pd.DataFrame:
    """``Exp or Imp, Area, month, goods, value``."""
    return _load(raw, card, source, ["Exp or Imp", "Area", "month", "goods", "value"], "M")
