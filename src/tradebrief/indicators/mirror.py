"""Mirror statistics: what the reporter says it imported from the partner against what the partner
says it exported to the reporter (and the reverse), in US dollars at annual average rates."""
from __future__ import annotations

import pandas as pd

from tradebrief.indicators.currency import to_usd
from tradebrief.indicators.trade import plain
from tradebrief.schema import TOTAL

COLUMNS = ["reporter", "partner", "flow", "period", "reporter_value", "partner_value", "gap_pct",
           "reporter_currency", "partner_currency", "reporter_source", "partner_source"]
#: The partner's flow that mirrors each of the reporter's flows.
MIRROR_FLOW = {"import": "export", "export": "import"}


def _annual(rows: pd.DataFrame) -> pd.DataFrame:
    """Annual values; a year given only as twelve monthly values is summed, so monthly-only files count."""
    annual = rows[rows["frequency"] == "A"]
    monthly = rows[rows["frequency"] == "M"].assign(year=lambda d: d["period"].str.slice(0, 4))
    full = monthly.groupby(["flow", "currency", "year"]).filter(lambda g: g["period"].nunique() == 12)
    summed = (full.groupby(["reporter", "partner", "flow", "currency", "year"], as_index=False)
              .agg(value=("value", "sum"), source=("source", lambda s: ", ".join(sorted(set(s)))))
              .rename(columns={"year": "period"}))
    have = set(zip(annual["flow"], annual["currency"], annual["period"], strict=True))
    summed = summed[[(f, c, p) not in have for f, c, p in zip(summed["flow"], summed["currency"], summed["period"], strict=True)]]
    return pd.concat([annual.drop(columns=["frequency", "product"], errors="ignore"), summed], ignore_index=True)


def _in_usd(rows: pd.DataFrame, rates: pd.DataFrame | None) -> pd.DataFrame:
    """One USD value per flow and year: the value reported in USD where there is one, else the value in
    the reporter's currency converted at the annual average rate (years without a rate are dropped)."""
    rows = _annual(rows).assign(original_currency=lambda d: d["currency"])
    usd = rows[rows["currency"] == "USD"]
    other = rows[rows["currency"] != "USD"]
    if rates is not None and not other.empty:
        converted = to_usd(other, rates)
        converted = converted[converted["currency"] == "USD"]
        if "original_currency" not in converted.columns:
            converted = converted.assign(original_currency="converted")
        usd = pd.concat([usd, converted], ignore_index=True)
    # reported USD first, then a conversion; within each, one source deterministically
    usd = usd.assign(_converted=usd["original_currency"] != "USD").sort_values(["_converted", "source"])
    return usd.drop_duplicates(["flow", "period"], keep="first")[["flow", "period", "value", "original_currency", "source"]]


def mirror_gap(trade: pd.DataFrame, reporter: str, partner: str, rates: pd.DataFrame | None = None,
               product: str = TOTAL) -> pd.DataFrame:
    """The reporter's imports from the partner vs the partner's exports to the reporter, and the reporter's
    exports vs the partner's imports, per year in USD; ``gap_pct`` = (reporter's figure / partner's - 1) x 100.

    ``rates`` are annual rates as given by ``annual_rates`` (values already in USD need none). ``flow`` is
    seen from the reporter. Empty when the partner's own reports of trade with the reporter are not loaded.
    """
    sel = plain(trade[(trade["product"] == product) & (trade["flow"].isin(list(MIRROR_FLOW)))
                      & (((trade["reporter"] == reporter) & (trade["partner"] == partner))
                         | ((trade["reporter"] == partner) & (trade["partner"] == reporter)))])
    own = _in_usd(sel[sel["reporter"] == reporter], rates)
    other = _in_usd(sel[sel["reporter"] == partner], rates)
    other = other.assign(flow=other["flow"].map({v: k for k, v in MIRROR_FLOW.items()}))
    both = own.merge(other, on=["flow", "period"], suffixes=("_reporter", "_partner"))
    if both.empty:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.DataFrame({
        "reporter": reporter, "partner": partner, "flow": both["flow"], "period": both["period"],
        "reporter_value": both["value_reporter"], "partner_value": both["value_partner"],
        "gap_pct": 100.0 * (both["value_reporter"] / both["value_partner"] - 1.0),
        "reporter_currency": both["original_currency_reporter"], "partner_currency": both["original_currency_partner"],
        "reporter_source": both["source_reporter"], "partner_source": both["source_partner"]})
    return out.sort_values(["flow", "period"]).reset_index(drop=True)[COLUMNS]
