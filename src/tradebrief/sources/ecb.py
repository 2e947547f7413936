"""The European Central Bank's euro foreign exchange reference rates as the ECB publishes them:
``eurofxref-hist.csv``, the one file inside https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip.
One row per TARGET business day, newest first; column ``Date`` (YYYY-MM-DD), then one column per
currency (ISO 4217 code) holding units of that currency per 1 euro, ``N/A`` where the currency was not
quoted that day; each line ends in a comma (an empty last column).

The canonical FX table holds rates against the US dollar, the unit every conversion in tradebrief goes
through (``indicators.currency``): for each currency X and day, X per USD = (X per EUR) ÷ (USD per EUR),
while the euro keeps the ECB's own quotation, US dollars per euro (its average is the ECB's published annual
average, 1.0530 in 2022; averaging the daily euros per dollar instead would give the inverse of 1.0507, and
Germany's 2022 trade with China €305 billion instead of €304 billion). **Averaging:** the monthly and annual rates are the arithmetic
mean of these daily rates over the ECB's business days in the month or year (cross first, then average,
as the Federal Reserve's annual averages are means of daily rates; averaging the two euro rates first and
dividing after gives 149.60 instead of 149.66 yen per dollar in 2025). A period gets an average only when
it is over (the file has a later day, or its last day is the period's last weekday) and the currency was
quoted on every ECB business day of it: a year the ECB began or stopped quoting a currency (the rouble
after 1 March 2022) has no annual average. Currencies withdrawn from ISO 4217 (the Cypriot pound, old
Romanian leu, ...; those outside pycountry's list) are skipped: no trade figure is recorded in them.
"""
from __future__ import annotations

import re

import pandas as pd

from tradebrief.errors import DataError, Problem
from tradebrief.schema import currencies
from tradebrief.sources.raw_table import RawTable

PUBLISHER = "European Central Bank"
URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
FILE_NAME = "eurofxref-hist.csv"
#: Columns that identify the file (the ECB has quoted these since 4 January 1999).
HEADER = ("Date", "USD", "JPY", "GBP", "CHF")
EUR, USD = "EUR", "USD"
METHOD_DIRECT = "mean of daily ECB rates"          # euros per dollar: from the ECB's own USD quote
METHOD_CROSS = "mean of daily ECB cross rates"     # any other currency per dollar: through the euro
_MISSING = {"N/A", ""}


def daily_rates(raw: RawTable) -> pd.DataFrame:
    """The file's quotes as numbers: index = day, one column per currency (units per 1 euro), NaN where
    the ECB gives N/A. Dates that are not real days and cells that are not positive numbers are
    recorded on ``raw`` with their row and column."""
    frame = raw.frame
    date = frame["Date"].str.strip()
    days = pd.to_datetime(date, format="%Y-%m-%d", errors="coerce")
    raw.reject(days.isna(), "Date", lambda v: f"date {v!r} is not a real day YYYY-MM-DD")
    codes = [c for c in frame.columns if re.fullmatch(r"[A-Z]{3}", c)]
    if USD not in codes:
        raise DataError(Problem(str(raw.path), "no USD column: not the ECB's reference-rate file", row=raw.header_line,
                                fix=f"use {FILE_NAME} as unzipped from {URL}"))
    values = {}
    for code in codes:
        text = frame[code].str.strip()
        number = pd.to_numeric(text.where(~text.isin(_MISSING)), errors="coerce")
        bad = ~text.isin(_MISSING) & ~(number > 0)
        raw.reject(bad, code, lambda v, code=code: f"{code} per EUR {v!r} is not a positive number (or N/A)",
                   fix="the ECB's file has a positive rate or N/A in every cell; download it again")
        values[code] = number.where(~bad)
    out = pd.DataFrame(values).assign(_day=days, _line=frame["_line"])
    if raw.rejected is not None:
        out = out[~raw.rejected.to_numpy()]
    return out.dropna(subset=["_day"]).set_index("_day").sort_index()


def _over(periods: pd.PeriodIndex, last_day: pd.Timestamp) -> pd.Series:
    """A period is over when the file goes past it or reaches its last weekday."""
    ends = periods.end_time.normalize()
    last_weekday = ends - pd.to_timedelta([max(0, e.weekday() - 4) for e in ends], unit="D")
    return pd.Series((ends < last_day) | (last_weekday <= last_day), index=periods)


def per_dollar(daily: pd.DataFrame) -> pd.DataFrame:
    """Daily units of each currency per 1 US dollar (the dollar left out), and in column EUR the ECB's own
    quotation: US dollars per euro (``averages`` records it as base EUR, quote USD)."""
    quotes = daily.drop(columns=["_line"])
    crosses = quotes.drop(columns=[USD]).div(quotes[USD], axis=0)
    crosses[EUR] = quotes[USD]
    return crosses


def averages(daily: pd.DataFrame, known: frozenset[str] | None = None) -> pd.DataFrame:
    """Monthly (M) and annual (A) averages of the daily rates per dollar, in the canonical FX columns
    without ``source`` (see the module docstring for the averaging and completeness rules)."""
    known = currencies() if known is None else known
    rates = per_dollar(daily)
    rates = rates[[c for c in rates.columns if c in known]]
    last_day = daily.index.max()
    parts = []
    for frequency, freq in (("M", "M"), ("A", "Y")):
        period = daily.index.to_period(freq)
        mean = rates.groupby(period).mean()
        complete = rates.notna().groupby(period).all()  # quoted on every ECB day of the period
        line = daily["_line"].groupby(period).min()
        over = _over(mean.index, last_day)
        mean = mean.where(complete).loc[over.to_numpy()]
        long = mean.stack().dropna().rename("rate").reset_index()
        long.columns = ["period", "quote", "rate"]
        long["_line"] = long["period"].map(line)
        long["period"] = long["period"].astype(str)
        long["frequency"] = frequency
        parts.append(long)
    out = pd.concat(parts, ignore_index=True)
    euro = out["quote"] == EUR   # US dollars per euro, as the ECB publishes it
    out["base"] = USD
    out.loc[euro, ["base", "quote"]] = [EUR, USD]
    out["method"] = euro.map(lambda e: METHOD_DIRECT if e else METHOD_CROSS)
    return out


def load(raw: RawTable, source: str) -> pd.DataFrame:
    daily = daily_rates(raw)
    if daily.empty:
        return pd.DataFrame(columns=["base", "quote", "period", "frequency", "rate", "method", "source", "_line"])
    out = averages(daily).assign(source=source)
    return out[["base", "quote", "period", "frequency", "rate", "method", "source", "_line"]]
