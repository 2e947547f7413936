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
from tradebrief.sources._io import RawTable, parse_numbers

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
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")  # rejects 2020-13-01, not only bad shapes
    bad = parsed.isna()
    if bad.any():
        r = raw.frame.loc[bad].iloc[0]
        raise DataError(Problem(str(raw.path), f"date {r[date]!r} is not a date YYYY-MM-DD", row=int(r["_line"]), column=date))
    period = parsed.dt.strftime("%Y") if info.frequency == "A" else parsed.dt.strftime("%Y-%m")
    rate = parse_numbers(raw, column)
    if info.low is not None and info.high is not None:
        odd = ~rate.between(info.low, info.high)
        if odd.any():
            raise DataError([Problem(str(raw.path), f"{info.quote} per {info.base} {v:g} outside {info.low:g}-{info.high:g}: wrong unit or column?",
                                     row=int(r), column=column, fix=f"{column} must be {info.quote} per 1 {info.base}")
                             for v, r in zip(rate[odd].head(10), raw.frame.loc[odd, "_line"].head(10))])
    method = "official annual average" if info.frequency == "A" else "monthly average"
    return pd.DataFrame({"base": info.base, "quote": info.quote, "period": period, "frequency": info.frequency,
                         "rate": rate, "method": method, "source": source, "_line": raw.frame["_line"]})
