"""Federal Reserve exchange rates as FRED publishes them (``DATE``/``observation_date`` plus one
series column, e.g. EXJPUS = monthly average JPY per USD, AEXJPUS = annual average).

Which currencies a series quotes is data: ``tradebrief/reference/fred_fx_series.csv``. Rates are
stored as (base, quote, period) pairs: rate = units of ``quote`` per 1 unit of ``base``.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from tradebrief.countries import REFERENCE_DIR
from tradebrief.errors import DataError, Problem
from tradebrief.sources.numbers import parse_numbers
from tradebrief.sources.raw_table import RawTable

PUBLISHER = "Board of Governors of the Federal Reserve System, via FRED"
SERIES_FILE = REFERENCE_DIR / "fred_fx_series.csv"


@dataclass(frozen=True)
class Series:
    frequency: str
    base: str
    quote: str
    low: float | None  # plausible range of the rate; outside it the unit or column is wrong
    high: float | None


@lru_cache(maxsize=1)
def series() -> dict[str, Series]:
    with open(SERIES_FILE, encoding="utf-8", newline="") as fh:
        return {r["series"].strip().upper(): Series(r["frequency"].strip(), r["base"].strip(), r["quote"].strip(),
                                                    float(r["plausible_low"]) if r["plausible_low"].strip() else None,
                                                    float(r["plausible_high"]) if r["plausible_high"].strip() else None)
                for r in csv.DictReader(fh)}


def date_column(columns) -> str | None:
    return next((c for c in columns if c.lower() in ("date", "observation_date")), None)


def load(raw: RawTable, source: str) -> pd.DataFrame:
    date = date_column(raw.frame.columns)
    column = next((c for c in raw.frame.columns if c.upper() in series()), None)
    if date is None or column is None:
        raise DataError(Problem(str(raw.path), "not a FRED exchange-rate file", row=raw.header_line,
                                fix=f"expected columns DATE (or observation_date) and a series listed in {SERIES_FILE}"))
    info = series()[column.upper()]
    text = raw.frame[date].str.strip()
    raw.reject(~text.str.fullmatch(r"\d{4}-\d{2}-\d{2}"), date, lambda v: f"date {v!r} is not YYYY-MM-DD")
    if info.frequency == "A":
        period = text.str.slice(0, 4)
        real = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").notna()
        raw.reject(text.str.fullmatch(r"\d{4}-\d{2}-\d{2}") & ~real, date, lambda v: f"date {v!r} does not exist")
    else:
        period = text.str.slice(0, 7)  # an impossible month (2020-13) is reported by the period check
    rate = parse_numbers(raw, column, collect=True)
    if info.low is not None and info.high is not None:
        raw.reject(rate.notna() & ~rate.between(info.low, info.high), column,
                   lambda v: f"{info.quote} per {info.base} {v} outside {info.low:g}-{info.high:g}: wrong unit or column?",
                   fix=f"{column} must be {info.quote} per 1 {info.base}")
    method = "official annual average" if info.frequency == "A" else "monthly average"
    return pd.DataFrame({"base": info.base, "quote": info.quote, "period": period, "frequency": info.frequency,
                         "rate": rate, "method": method, "source": source, "_line": raw.frame["_line"]})
