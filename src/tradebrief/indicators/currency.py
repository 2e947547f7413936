"""Converting yen to US dollars with an official annual-average rate."""
from __future__ import annotations

import pandas as pd


def annual_rates(fx: pd.DataFrame) -> pd.DataFrame:
    """Annual JPY per USD with the method used for each year (official, or mean of monthly)."""
    return fx[fx["frequency"] == "A"][["period", "jpy_per_usd", "method", "source"]].reset_index(drop=True)


def to_usd(values: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """JPY values -> USD at the annual average rate of their year; years without a rate are dropped.

    Monthly values use the rate of their month when given monthly rates, else of their year.
    """
    jpy = values[values["currency"] == "JPY"].copy()
    rate = rates.set_index("period")["jpy_per_usd"]
    key = jpy["period"].where(jpy["period"].isin(rate.index), jpy["period"].str.slice(0, 4))
    jpy["value"] = jpy["value"] / key.map(rate)
    jpy["currency"] = "USD"
    return jpy.dropna(subset=["value"]).reset_index(drop=True)
