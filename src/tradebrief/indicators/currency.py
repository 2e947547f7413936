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
MEAN_OF_MONTHS = "mean of 12 monthly averages"
#: How each method's rate ranks where two sources give the pair and period (lower first): a rate quoted
#: for the pair itself before a cross rate through a third currency, a published average before one
#: derived here from shorter periods. So FRED's yen per dollar keeps the years it covers and the ECB's
#: cross rates fill the rest. Methods not listed rank as derived direct rates.
METHOD_RANK = {
    "official annual average": 0, "monthly average": 0,        # FRED, as published
    MEAN_OF_MONTHS: 1, "mean of daily ECB rates": 1,            # derived here from the pair's own quotes
    "mean of daily ECB cross rates": 2,                         # derived through the euro
}


def method_rank(method: str) -> int:
    return METHOD_RANK.get(str(method), 1)


def with_annual_rates(fx: pd.DataFrame) -> pd.DataFrame:
    """Monthly and annual rates plus a derived annual rate for every full year of a file's monthly rates
    that has no published annual average (from any file) and no annual average from the same file: the
    mean of the 12 monthly averages (within about 0.1 yen of FRED's official JPY/USD annual figure in
    2003-2018). Where several files still give a pair and period, the dataset keeps one (``METHOD_RANK``,
    then the vintage rule)."""
    if fx.empty:
        return pd.DataFrame(columns=FX_COLUMNS)
    keys = ["base", "quote", "source"]
    annual = fx[fx["frequency"] == "A"]
    monthly = fx[fx["frequency"] == "M"].assign(year=lambda d: d["period"].str.slice(0, 4))
    full = monthly.groupby(keys + ["year"]).filter(lambda g: g["period"].nunique() == 12)
    derived = (full.groupby(keys + ["year"]).agg(rate=("rate", "mean")).reset_index()
               .rename(columns={"year": "period"}).assign(frequency="A", method=MEAN_OF_MONTHS))
    published = annual[annual["method"].map(method_rank).eq(0)]
    have = set(zip(annual["base"], annual["quote"], annual["source"], annual["period"]))
    have |= {(b, q, s, p) for b, q, p in zip(published["base"], published["quote"], published["period"]) for s in set(derived["source"])}
    derived = derived[[k not in have for k in zip(derived["base"], derived["quote"], derived["source"], derived["period"])]]
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


def rates_for(rates: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The rows of ``rates`` that convert ``currency`` to or from the US dollar (what ``to_usd`` applies to
    values in ``currency``): for a table of methods or sources used, without the other currencies' rows."""
    return rates[((rates["base"] == USD) & (rates["quote"] == currency)) | ((rates["quote"] == USD) & (rates["base"] == currency))]


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


def convert(values: pd.DataFrame, rates: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Values in any currency -> ``currency`` at the rates of their period, through the US dollar:
    value ÷ (units of its currency per USD) × (units of ``currency`` per USD). E.g. Germany's
    Comtrade dollars in euros: value × euros per dollar of that year. Rows already in ``currency``
    pass through; rows without both rates are dropped (a monthly value uses its month's rate when
    ``rates`` has one, else its year's, as in ``to_usd``)."""
    if currency == USD:
        return to_usd(values, rates)
    out = values.copy()
    same = out["currency"].astype(str).eq(currency)
    usd = to_usd(out[~same], rates)
    if usd.empty:
        return out[same].reset_index(drop=True)
    per_usd = usd_rates(rates)
    per_usd = per_usd[per_usd["currency"] == currency].set_index("period")["per_usd"]
    period = usd["period"].astype(str)
    factor = period.map(per_usd).fillna(period.str.slice(0, 4).map(per_usd))
    usd["value"] = usd["value"] * factor
    usd["currency"] = currency
    return pd.concat([out[same], usd[factor.notna()]], ignore_index=True)


def rates_supplied(fx: pd.DataFrame, quote: str, base: str = USD, frequency: str = "A",
                   first_year: int | None = None, last_year: int | None = None) -> pd.DataFrame:
    """Which file and method supplied the ``quote`` per ``base`` rates, in runs of consecutive periods:
    columns source, method, first, last, periods (for the data appendix: "2009–2018 FRED's official
    annual averages, 2019–2024 ..., 2025 the ECB's")."""
    r = fx[(fx["base"].astype(str) == base) & (fx["quote"].astype(str) == quote) & (fx["frequency"].astype(str) == frequency)]
    year = r["period"].astype(str).str.slice(0, 4).astype(int)
    r = r[year.between(first_year if first_year is not None else -1, last_year if last_year is not None else 10_000)]
    columns = ["source", "method", "first", "last", "periods"]
    if r.empty:
        return pd.DataFrame(columns=columns)
    r = r.astype({"period": str, "source": str, "method": str}).sort_values("period")
    p = r["period"]
    step = p.str.slice(0, 4).astype(int) * (12 if frequency == "M" else 1) + (p.str.slice(5, 7).astype(int) if frequency == "M" else 0)
    same = r[["source", "method"]].eq(r[["source", "method"]].shift()).all(axis=1) & step.diff().eq(1)
    runs = (~same).cumsum()
    out = r.groupby(runs).agg(source=("source", "first"), method=("method", "first"), first=("period", "first"),
                              last=("period", "last"), periods=("period", "size"))
    return out[columns].reset_index(drop=True)


def home_currency(reporter: str, year: int | None = None) -> str | None:
    """The currency a country uses: the legal tender CLDR (through Babel) lists for its territory on 31 December of
    ``year`` (today when None), the ISO 3166 alpha-2 code read from pycountry. None for a code that is not a
    country (``WLD``, ``EU``) or a territory with no tender currency. E.g. ``home_currency("DEU", 2022)`` -> "EUR",
    ``home_currency("HRV", 2022)`` -> "HRK" (Croatia joined the euro in 2023)."""
    import datetime

    import pycountry
    from babel.numbers import get_territory_currencies
    country = pycountry.countries.get(alpha_3=str(reporter).upper())
    if country is None:
        return None
    day = datetime.date(int(year), 12, 31) if year is not None else None
    tender = get_territory_currencies(country.alpha_2, start_date=day, end_date=day, tender=True)
    return tender[0] if tender else None


def home_values(values: pd.DataFrame, rates: pd.DataFrame, home: str) -> pd.DataFrame:
    """One partner's trade (``values``: ``trade_values`` rows, any currency) in ``home`` per period: columns
    period, ``total_home``, ``balance_home`` (exports − imports) and ``per_usd``, the units of ``home`` per US
    dollar applied (``convert``: through the dollar at each year's rate). Every period of ``values`` is kept; one
    without both rates has NaN (the caller says so in words, never drops it)."""
    converted = convert(values, rates, home)
    converted = converted[converted["currency"] == home]
    wide = converted.pivot_table(index="period", columns="flow", values="value").reindex(columns=["export", "import", "total"])
    periods = sorted(set(values["period"].astype(str)))
    wide = wide.reindex(periods)
    per_usd = usd_rates(rates)
    per_usd = per_usd[per_usd["currency"] == home].set_index("period")["per_usd"]
    out = pd.DataFrame({"period": periods, "total_home": wide["total"].to_numpy(),
                        "balance_home": (wide["export"] - wide["import"]).to_numpy()})
    out["per_usd"] = out["period"].map(per_usd).where(out["total_home"].notna())
    return out


def quoted_rate(per_usd: pd.Series, methods: pd.Series, home: str) -> tuple[pd.Series, str]:
    """The rates the way round their publisher quotes the pair, and the unit: the ECB quotes US dollars per euro
    ("USD per EUR", about 1.05 in 2022; economists write EUR/USD the same way), so a rate from the ECB's own dollar
    quote (method "mean of daily ECB rates") is shown that way round — the ECB's own annual average, which
    ``sources.ecb`` records as published (1.0530 in 2022); cross rates and FRED's are units of ``home`` per US dollar
    ("CNY per USD").
    ``per_usd``: units of ``home`` per dollar; ``methods``: the method of each rate."""
    from tradebrief.sources.ecb import METHOD_DIRECT
    if len(methods) and methods.dropna().astype(str).eq(METHOD_DIRECT).all():
        return 1.0 / per_usd, f"{USD} per {home}"
    return per_usd, f"{home} per {USD}"
