"""Cross-source checks: the same quantity read from two files should agree."""
from __future__ import annotations

import pandas as pd

from tradebrief.commodities import SECTIONS
from tradebrief.countries import WORLD
from tradebrief.indicators.currency import rates_for, to_usd
from tradebrief.indicators.trade import plain
from tradebrief.schema import TOTAL


def _sel(trade, **eq) -> pd.DataFrame:
    m = pd.Series(True, index=trade.index)
    for k, v in eq.items():
        m &= trade[k] == v
    return plain(trade[m])


def monthly_vs_annual(trade: pd.DataFrame, reporter: str, partner: str, product: str = TOTAL) -> pd.DataFrame:
    """Sum of the 12 monthly values of each full year vs the annual value: gap in % of the annual value."""
    monthly = _sel(trade, reporter=reporter, partner=partner, product=product, frequency="M", currency="JPY")
    annual = _sel(trade, reporter=reporter, partner=partner, product=product, frequency="A", currency="JPY")
    if monthly.empty or annual.empty:
        return pd.DataFrame(columns=["year", "flow", "monthly_sum", "annual", "gap_pct", "monthly_source", "annual_source"])
    monthly["year"] = monthly["period"].str.slice(0, 4)
    full = monthly.groupby(["flow", "year"]).filter(lambda g: g["period"].nunique() == 12)
    sums = full.groupby(["flow", "year"]).agg(monthly_sum=("value", "sum"), monthly_source=("source", lambda s: ", ".join(sorted(set(s))))).reset_index()
    ann = annual.rename(columns={"period": "year", "value": "annual", "source": "annual_source"})[["flow", "year", "annual", "annual_source"]]
    out = sums.merge(ann, on=["flow", "year"])
    out["gap_pct"] = 100 * (out["monthly_sum"] - out["annual"]) / out["annual"]
    return out[["year", "flow", "monthly_sum", "annual", "gap_pct", "monthly_source", "annual_source"]]


def sections_vs_total(trade: pd.DataFrame, reporter: str, partner: str = WORLD, frequency: str = "A") -> pd.DataFrame:
    """The nine MOF sections add up to the total of all goods: gap in % per flow and period."""
    t = _sel(trade, reporter=reporter, partner=partner, frequency=frequency, currency="JPY")
    sec = t[t["product"].isin(SECTIONS)].groupby(["flow", "period"])["value"].sum().rename("sections_sum")
    tot = t[t["product"] == TOTAL].set_index(["flow", "period"])["value"].rename("total")
    out = pd.concat([sec, tot], axis=1, join="inner").reset_index()
    out["gap_pct"] = 100 * (out["sections_sum"] - out["total"]) / out["total"]
    return out


def usd_vs_comtrade(trade: pd.DataFrame, rates: pd.DataFrame, reporter: str, currency: str = "JPY") -> pd.DataFrame:
    """The reporter's world totals converted from its own ``currency`` at the annual rate (``to_usd``) vs
    UN Comtrade's USD figures; ``rate`` is the rate applied (currency units per US dollar)."""
    own = _sel(trade, reporter=reporter, partner=WORLD, product=TOTAL, frequency="A", currency=currency)
    usd = _sel(trade, reporter=reporter, partner=WORLD, product=TOTAL, frequency="A", currency="USD")
    columns = ["period", "flow", "converted_usd", "comtrade_usd", "gap_pct", "rate", "rate_method"]
    if own.empty or usd.empty or currency == "USD":
        return pd.DataFrame(columns=columns)
    converted = to_usd(own, rates).rename(columns={"value": "converted_usd"})[["period", "flow", "converted_usd"]]
    out = (converted.merge(own[["period", "flow", "value"]], on=["period", "flow"])
           .merge(usd[["period", "flow", "value"]].rename(columns={"value": "comtrade_usd"}), on=["period", "flow"]))
    out["rate"] = out["value"] / out["converted_usd"]
    out["gap_pct"] = 100 * (out["converted_usd"] - out["comtrade_usd"]) / out["comtrade_usd"]
    pair = rates_for(rates, currency)   # the rates of other currencies (the ECB's file has 30) are not this one's
    out["rate_method"] = out["period"].map(pair.drop_duplicates("period").set_index("period")["method"])
    return out[columns]



def rows_used(trade: pd.DataFrame, reporter: str, partner: str, start_year: int, end_year: int,
              case_studies: list[dict] = ()) -> pd.Series:
    """Which rows of ``trade`` the briefing's sections draw on, in its years (a boolean mask).

    The reporter's annual rows (shares, ranks, product groups), its monthly all-goods rows (the 12-month
    series), the partner's all-goods reports of its trade with the reporter (mirror statistics), and the series
    of the case studies shown (``case_study`` dicts of ``report/events.toml``, already chosen for the pair and
    years). Monthly product rows of the reporter outside a case study (e.g. China's critical minerals to Japan in
    a China–US briefing) are not drawn on."""
    year = trade["period"].astype(str).str.slice(0, 4).astype(int)
    reporter_rows = trade["reporter"].eq(reporter) & (trade["frequency"].eq("A") | trade["product"].eq(TOTAL))
    mirror = trade["reporter"].eq(partner) & trade["partner"].eq(reporter) & trade["product"].eq(TOTAL)
    mask = reporter_rows | mirror
    for study in case_studies:
        s = study["series"]
        m = (trade["reporter"].eq(s["reporter"]) & trade["partner"].eq(s["partner"]) & trade["flow"].eq(s["flow"])
             & trade["frequency"].eq(s.get("frequency", "A")))
        if s.get("currency"):
            m &= trade["currency"].eq(s["currency"])
        if study.get("products"):
            m &= trade["product"].isin(study["products"])
        mask |= m
    return mask & year.between(int(start_year), int(end_year))


def rate_files_used(fx: pd.DataFrame, currency: str, start_year: int, end_year: int) -> set[str]:
    """The exchange-rate files that convert ``currency`` in the briefing's years (none for US dollars)."""
    if currency == "USD" or fx is None or fx.empty:
        return set()
    year = fx["period"].astype(str).str.slice(0, 4).astype(int)
    either_way = fx["quote"].eq(currency) | (fx["base"].eq(currency) & fx["quote"].eq("USD"))   # the ECB quotes dollars per euro
    return set(fx.loc[either_way & year.between(int(start_year), int(end_year)), "source"].astype(str))
