"""Exchange rates and conversion to US dollars, the common unit when sources are compared.

Rates are (base, quote, period) pairs: ``rate`` = units of ``quote`` per 1 unit of ``base``
(FRED EXJPUS: base USD, quote JPY, about 150). Any currency with a rate against USD, in either
direction, converts to USD; USD values pass through unchanged.
"""
from __future__ import annotations

import pandas as pd

from tradebrief.schema import FX_COLUMNS

RATE_COLUMNS = ["base", "quote", "period", "rate", "method", "source"]
USD = "USD"


def with_annual_rates(fx: pd.DataFrame) -> pd.DataFrame:
    """Monthly and annual rates plus a derived annual rate for every full year of monthly rates that
    has no official annual average: the mean of the 12 monthly averages (within about 0.1 yen of
    FRED's official JPY/USD annual figure in 2003-2018)."""
    if fx.empty:
        return pd.DataFrame(columns=FX_COLUMNS)
    official = fx[fx["frequency"] == "A"]
    monthly = fx[fx["frequency"] == "M"].assign(year=lambda d: d["period"].str.slice(0, 4))
    full = monthly.groupby(["base", "quote", "year"]).filter(lambda g: g["period"].nunique() == 12)
    derived = (full.groupby(["base", "quote", "year"]).agg(rate=("rate", "mean"), source=("source", "first")).reset_index()
               .rename(columns={"year": "period"}).assign(frequency="A", method="mean of 12 monthly averages"))
    have = set(zip(official["base"], official["quote"], official["period"]))
    derived = derived[[k not in have for k in zip(derived["base"], derived["quote"], derived["period"])]]
    out = pd.concat([fx[FX_COLUMNS], derived[FX_COLUMNS]], ignore_index=True)
    return out.sort_values(["base", "quote", "frequency", "period"]).reset_index(drop=True)


def annual_rates(fx: pd.DataFrame) -> pd.DataFrame:
    """Annual average rates: columns base, quote, period, rate, method (official, or mean of monthly), source."""
    return fx[fx["frequency"] == "A"][RATE_COLUMNS].reset_index(drop=True)


def _legacy(rates: pd.DataFrame) -> pd.DataFrame:
    """Rates given the old way (one ``jpy_per_usd`` column) as pairs."""
    if "jpy_per_usd" in rates.columns and "rate" not in rates.columns:
        return rates.rename(columns={"jpy_per_usd": "rate"}).assign(base=USD, quote="JPY")
    return rates.drop(columns="jpy_per_usd", errors="ignore")


def usd_rates(rates: pd.DataFrame) -> pd.DataFrame:
    """Units of each currency per 1 USD by period, from pairs quoted either way round:
    columns currency, period, per_usd."""
    rates = _legacy(rates)
    direct = rates[rates["base"] == USD].rename(columns={"quote": "currency"}).assign(per_usd=lambda d: d["rate"])
    inverse = rates[rates["quote"] == USD].rename(columns={"base": "currency"}).assign(per_usd=lambda d: 1.0 / d["rate"])
    both = pd.concat([direct[["currency", "period", "per_usd"]], inverse[["currency", "period", "per_usd"]]], ignore_index=True)
    return both.drop_duplicates(["currency", "period"], keep="first").reset_index(drop=True)


def rate_per_usd(rates: pd.DataFrame, currency: str) -> pd.Series:
    """Units of ``currency`` per 1 USD, indexed by period (empty when the data have no such rate)."""
    r = usd_rates(rates)
    return r[r["currency"] == currency].set_index("period")["per_usd"]


def to_usd(values: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """Values in any currency -> USD at the rate of their period; USD rows pass through unchanged.

    A monthly value uses the rate of its month when ``rates`` has monthly rates, else the annual
    rate of its year (the usual case: ``annual_rates(fx)``). Rows without a rate are dropped.
    """
    out = values.copy()
    currency = out["currency"].astype(str)
    period = out["period"].astype(str)
    foreign = currency != USD
    per_usd = usd_rates(rates).set_index(["currency", "period"])["per_usd"]
    exact = pd.Series(list(zip(currency, period)), index=out.index).map(per_usd)
    yearly = pd.Series(list(zip(currency, period.str.slice(0, 4))), index=out.index).map(per_usd)
    divisor = exact.fillna(yearly).where(foreign, 1.0)
    out["value"] = out["value"] / divisor
    out["currency"] = USD
    return out[divisor.notna()].reset_index(drop=True)
