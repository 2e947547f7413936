"""Values, shares, ranks, balances and partner concentration."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from tradebrief.countries import AGGREGATES, WORLD
from tradebrief.errors import ParameterError
from tradebrief.schema import MAIN_FLOWS, TOTAL

VALUE_COLUMNS = ["reporter", "partner", "flow", "period", "value", "currency"]


def plain(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with categorical columns as plain strings (the cached table stores them as categories)."""
    out = df.copy()
    for c in out.columns:
        if isinstance(out[c].dtype, pd.CategoricalDtype):
            out[c] = out[c].astype(str)
    return out


@lru_cache(maxsize=256)
def national_currencies(reporter: str) -> tuple[str, ...]:
    """ISO 4217 currencies in use in the reporter's territory (CLDR data via babel), e.g. JPN -> ('JPY',)."""
    import pycountry
    from babel.numbers import get_territory_currencies
    country = pycountry.countries.get(alpha_3=str(reporter))
    if country is None:
        return ()
    return tuple(get_territory_currencies(country.alpha_2))


def reporter_currency(trade: pd.DataFrame, reporter: str, product: str | None = None, frequency: str | None = None) -> str:
    """The currency the reporter's figures are in: its national currency where the table has it
    (Japan's customs report yen), else the only or the most common currency of its rows (a
    Comtrade download: USD). ``product``/``frequency`` restrict the rows looked at."""
    mask = trade["reporter"] == reporter
    if product is not None:
        mask &= trade["product"] == product
    if frequency is not None:
        mask &= trade["frequency"] == frequency
    counts = trade.loc[mask, "currency"].astype(str).value_counts()
    if counts.empty:
        covered = ", ".join(sorted(str(r) for r in trade["reporter"].unique()))
        raise ParameterError(f"no data for reporter {reporter!r}"
                             + (f" ({product}, frequency {frequency})" if product or frequency else "")
                             + f"; the data cover reporters: {covered}")
    national = [c for c in national_currencies(str(reporter)) if c in counts.index]
    return national[0] if national else str(counts.index[0])


def trade_values(trade: pd.DataFrame, reporter: str, product: str = TOTAL, frequency: str = "A",
                 currency: str | None = None, start: str | int | None = None, end: str | int | None = None) -> pd.DataFrame:
    """Exports, imports and total (exports + imports) per partner and period.

    ``currency``: None = the reporter's own currency in the table (``reporter_currency``).
    ``total`` exists only where both flows are reported for that partner and period. Re-exports and
    re-imports are not part of exports and imports and are left out.
    """
    if currency is None:
        try:
            currency = reporter_currency(trade, reporter, product, frequency)
        except ParameterError:  # the reporter's own reports are not loaded (e.g. a mirror partner)
            return pd.DataFrame(columns=VALUE_COLUMNS)
    sel = trade[(trade["reporter"] == reporter) & (trade["product"] == product) & (trade["frequency"] == frequency)
                & (trade["currency"] == currency) & trade["flow"].isin(MAIN_FLOWS)]
    sel = plain(sel[VALUE_COLUMNS])
    if start is not None:
        sel = sel[sel["period"].str.slice(0, 4).astype(int) >= int(start)]
    if end is not None:
        sel = sel[sel["period"].str.slice(0, 4).astype(int) <= int(end)]
    wide = sel.pivot_table(index=["reporter", "partner", "period", "currency"], columns="flow", values="value", aggfunc="sum")
    if {"export", "import"} <= set(wide.columns):
        total = (wide["export"] + wide["import"]).dropna().rename("value").reset_index().assign(flow="total")
    else:
        total = pd.DataFrame(columns=VALUE_COLUMNS)
    out = pd.concat([sel, total[VALUE_COLUMNS]], ignore_index=True)
    return out.sort_values(["flow", "partner", "period"]).reset_index(drop=True)


def shares_of_world(values: pd.DataFrame) -> pd.DataFrame:
    """Each partner's share (percent) of the reporter's trade with the world, per flow and period."""
    world = values[values["partner"] == WORLD].set_index(["reporter", "flow", "period"])["value"].rename("world")
    out = values.join(world, on=["reporter", "flow", "period"])
    out["share"] = 100.0 * out["value"] / out["world"]
    return out.dropna(subset=["share"]).drop(columns="world").reset_index(drop=True)


def partner_ranks(values: pd.DataFrame) -> pd.DataFrame:
    """Rank of each single country (1 = largest) per flow and period. Non-country areas (World, EU,
    UN Comtrade's "nes" areas, bunkers, free zones, special categories: ``countries.AGGREGATES``) are not ranked."""
    countries = values[~values["partner"].isin(AGGREGATES)].copy()
    countries["rank"] = (countries.groupby(["reporter", "flow", "period"])["value"]
                         .rank(ascending=False, method="min").astype(int))
    return countries.reset_index(drop=True)


def balances(values: pd.DataFrame) -> pd.DataFrame:
    """Exports minus imports per partner and period (positive = surplus of the reporter)."""
    wide = values[values["flow"].isin(MAIN_FLOWS)].pivot_table(
        index=["reporter", "partner", "period", "currency"], columns="flow", values="value")
    if not {"export", "import"} <= set(wide.columns):
        return pd.DataFrame(columns=["reporter", "partner", "period", "currency", "value"])
    return (wide["export"] - wide["import"]).dropna().rename("value").reset_index()


def hhi_partners(values: pd.DataFrame) -> pd.DataFrame:
    """Herfindahl-Hirschman index of partner concentration (0-1) per flow and period.

    Shares are of the world total; the unlisted rest of the world is treated as
    fully dispersed, so the index is a lower bound when not every partner is listed.
    """
    shares = shares_of_world(values)
    countries = shares[~shares["partner"].isin(AGGREGATES)]
    hhi = (countries.assign(s2=(countries["share"] / 100.0) ** 2)
           .groupby(["reporter", "flow", "period"])["s2"].sum().rename("hhi").reset_index())
    listed = countries.groupby(["reporter", "flow", "period"])["share"].sum().rename("listed_share").reset_index()
    return hhi.merge(listed, on=["reporter", "flow", "period"])


def growth_yoy(values: pd.DataFrame, keys: tuple[str, ...] = ("reporter", "partner", "flow")) -> pd.DataFrame:
    """Percent change on the previous period of the same series (consecutive periods only)."""
    out = values.sort_values([*keys, "period"]).copy()
    prev = out.groupby(list(keys))["value"].shift(1)
    prev_period = out.groupby(list(keys))["period"].shift(1)
    consecutive = prev_period.notna() & (out["period"].str.slice(0, 4).astype(int) - prev_period.fillna("0").str.slice(0, 4).astype(int) == 1)
    out["growth_pct"] = (100.0 * (out["value"] / prev - 1)).where(consecutive)
    return out.reset_index(drop=True)



def largest_partners(shares: pd.DataFrame, period: str, n: int) -> pd.DataFrame:
    """The ``n`` largest single countries by total trade in ``period`` (``shares``: ``shares_of_world``), one
    row each, largest first: partner, then value and share of each flow (``value_export``, ``share_total``, ...)."""
    rows = shares[(shares["period"] == str(period)) & ~shares["partner"].isin(AGGREGATES)]
    top = rows[rows["flow"] == "total"].nlargest(int(n), "share")["partner"].tolist()
    wide = rows[rows["partner"].isin(top)].pivot_table(index="partner", columns="flow", values=["value", "share"])
    wide.columns = [f"{measure}_{flow}" for measure, flow in wide.columns]
    columns = [f"{measure}_{flow}" for measure in ("value", "share") for flow in ("export", "import", "total")]
    return wide.reindex(index=top, columns=columns).rename_axis("partner").reset_index()


def ranks_and_concentration(ranks: pd.DataFrame, hhi: pd.DataFrame, partners: list[str], flow: str = "total") -> pd.DataFrame:
    """Per period: the rank of each of ``partners`` in ``flow`` (integers; missing where the partner has no
    value that year, e.g. an aggregate) and the partner HHI of each flow (``hhi_export``, ``hhi_import``, ``hhi_total``)."""
    sel = ranks[(ranks["flow"] == flow) & ranks["partner"].isin(partners)]
    wide = sel.pivot(index="period", columns="partner", values="rank").reindex(columns=list(dict.fromkeys(partners)))
    wide = wide.astype("Int64").add_prefix("rank_")
    conc = hhi.pivot(index="period", columns="flow", values="hhi").add_prefix("hhi_")
    return wide.join(conc, how="outer").rename_axis("period").reset_index()


def pair_table(values: pd.DataFrame, usd: pd.DataFrame) -> pd.DataFrame:
    """One partner's trade per period: ``export``, ``import``, ``total``, ``balance`` in the reporter's currency
    (``values``: ``trade_values`` of one partner), ``growth`` of the total on the previous year (percent), and
    from ``usd`` (its ``to_usd`` conversion) ``total_usd``, ``balance_usd`` and the ``rate`` applied (currency
    per US dollar, read back from the conversion: total ÷ total in dollars)."""
    own = values.pivot_table(index="period", columns="flow", values="value").reindex(columns=["export", "import", "total"])
    dollars = usd.pivot_table(index="period", columns="flow", values="value").reindex(columns=["export", "import", "total"])
    growth = growth_yoy(values[values["flow"] == "total"]).set_index("period")["growth_pct"]
    out = own.assign(balance=own["export"] - own["import"], growth=growth,
                     total_usd=dollars["total"], balance_usd=dollars["export"] - dollars["import"],
                     rate=own["total"] / dollars["total"])
    return out.rename_axis("period").reset_index()
