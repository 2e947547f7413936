"""Federal Reserve exchange rates as FRED publishes them (``DATE``/``observation_date``
plus one series column): EXJPUS = monthly average, AEXJPUS = annual average, JPY per USD."""
from __future__ import annotations

import pandas as pd

from tradebrief.errors import DataError, Problem
from tradebrief.sources._io import RawTable, parse_numbers

PUBLISHER = "Board of Governors of the Federal Reserve System, via FRED"
SERIES = {"EXJPUS": "M", "AEXJPUS": "A"}


def date_column(columns) -> str | None:
    return next((c for c in columns if c.lower() in ("date", "observation_date")), None)


def load(raw: RawTable, source: str) -> pd.DataFrame:
    date = date_column(raw.frame.columns)
    series = next((c for c in raw.frame.columns if c.upper() in SERIES), None)
    if date is None or series is None:
        raise DataError(Problem(str(raw.path), "not a FRED JPY/USD file", row=raw.header_line,
                                fix="expected columns DATE (or observation_date) and EXJPUS or AEXJPUS"))
    freq = SERIES[series.upper()]
    text = raw.frame[date].str.strip()
    period = text.str.slice(0, 4) if freq == "A" else text.str.slice(0, 7)
    pattern = r"\d{4}" if freq == "A" else r"\d{4}-\d{2}"
    bad = ~period.str.fullmatch(pattern)
    if bad.any():
        r = raw.frame.loc[bad].iloc[0]
        raise DataError(Problem(str(raw.path), f"date {r[date]!r} is not YYYY-MM-DD", row=int(r["_line"]), column=date))
    method = "official annual average" if freq == "A" else "monthly average"
    return pd.DataFrame({"period": period, "frequency": freq, "jpy_per_usd": parse_numbers(raw, series),
                         "method": method, "source": source, "_line": raw.frame["_line"]})
