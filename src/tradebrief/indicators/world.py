"""The reporter among all economies: the partner's and the comparison's share of every economy's imports
and exports, from a panel of every country pair (CEPII BACI), written once as Ibis expressions so that
the same query runs on DuckDB and on Spark.

Input: the bilateral HS6 panel of ``tradebrief.sources.baci`` (columns year, exporter, importer, hs6,
value; ISO alpha-3 codes, value in thousand USD). All goods: the rows are summed over products. BACI
reconciles both sides of a flow into one value, so an economy's imports are the rows where it is the
importer and its exports the rows where it is the exporter.

For every economy E, year and flow (``import``: E's imports; ``export``: E's exports):

    total             E's trade with every economy and area in the panel (the world)
    partner_value     ... with the partner P;  partner_share = 100 * partner_value / total
    comparison_value  ... with the comparison C; comparison_share likewise
    partner_leads     P's share above C's
    rank              E's place by partner_share among the ranked economies, 1 = highest
                      (ties share the better place, as in a sports table: 1, 2, 2, 4)

Ranked and counted are the countries (``countries.is_country``: "Other Asia, nes" and other areas that
are not countries stay in the totals, never in a ranking) other than P and C themselves, as an economy
does not trade with itself: P's share of P's own imports is no figure.
"""
from __future__ import annotations

import pandas as pd

from tradebrief.countries import AGGREGATES

FLOWS = ("import", "export")
SHARE_COLUMNS = ["year", "flow", "economy", "total", "partner_value", "comparison_value", "partner_share",
                 "comparison_share", "ranked", "partner_leads", "rank"]


def trade_with(panel, partner: str, comparison: str, years=None):
    """Ibis expression: one row per year, flow and country (areas that are not countries left out), with its
    trade with the world, the partner and the comparison, all goods."""
    import ibis
    t = panel if years is None else panel.filter(panel.year.isin([int(y) for y in years]))
    sides = []
    for flow, own, other in (("import", "importer", "exporter"), ("export", "exporter", "importer")):
        s = t.filter(~t[own].isin(sorted(AGGREGATES)))
        s = s.group_by(["year", own]).aggregate(
            total=s.value.sum(),
            partner_value=s.value.sum(where=s[other] == partner),
            comparison_value=s.value.sum(where=s[other] == comparison))
        sides.append(s.select("year", flow=ibis.literal(flow), economy=s[own], total=s.total,
                              partner_value=s.partner_value.fill_null(0.0),
                              comparison_value=s.comparison_value.fill_null(0.0)))
    both = sides[0].union(sides[1])
    return both.filter(both.total > 0)


def economy_shares(panel, partner: str, comparison: str, years=None) -> pd.DataFrame:
    """The shares, leads and ranks of the module text for every country, as a pandas frame sorted by year,
    flow and rank (unranked economies, the partner and the comparison, last)."""
    out = trade_with(panel, partner, comparison, years).to_pandas()
    out = out.astype({"year": "int64", "flow": object, "economy": object, "total": "float64",
                      "partner_value": "float64", "comparison_value": "float64"})
    out["partner_share"] = 100.0 * out["partner_value"] / out["total"]
    out["comparison_share"] = 100.0 * out["comparison_value"] / out["total"]
    out["ranked"] = ~out["economy"].isin([partner, comparison])
    out["partner_leads"] = out["ranked"] & (out["partner_value"] > out["comparison_value"])
    ranked = out[out["ranked"]]
    out["rank"] = ranked.groupby(["year", "flow"])["partner_share"].rank(ascending=False, method="min").astype("Int64")
    out = out.sort_values(["year", "flow", "rank", "economy"], na_position="last", kind="stable")
    return out[SHARE_COLUMNS].reset_index(drop=True)


def world_summary(shares: pd.DataFrame, reporter: str, year: int) -> dict:
    """For the prose: per flow, the number of ranked economies, how many of them trade more with the partner
    than with the comparison, and the reporter's row (rank and shares; None when it has no such trade)."""
    y = shares[(shares["year"] == int(year)) & shares["ranked"]]
    out = {}
    for flow in FLOWS:
        f = y[y["flow"] == flow]
        own = f[f["economy"] == reporter]
        out[flow] = {"economies": len(f), "partner_leads": int(f["partner_leads"].sum()),
                     "reporter": own.iloc[0].to_dict() if len(own) else None}
    return out


def peers(shares: pd.DataFrame, reporter: str, year: int, n: int) -> list[str]:
    """The ``n`` ranked economies with the largest imports in ``year`` other than the reporter: the ones a
    reader compares the reporter with in the chart."""
    y = shares[(shares["year"] == int(year)) & (shares["flow"] == "import") & shares["ranked"]
               & (shares["economy"] != reporter)]
    return y.sort_values(["total", "economy"], ascending=[False, True])["economy"].head(n).tolist()


def share_figures(shares: pd.DataFrame, partner: str, comparison: str, year: int, decimals: int = 4) -> pd.DataFrame:
    """The key figures ``world_partner_share`` of ``year``: one row per economy (``reporter``), the partner or the
    comparison (``partner``) and flow, the share in percent; an economy's share of its own trade is no figure."""
    y = shares[shares["year"] == int(year)]
    out = [pd.DataFrame({"reporter": y["economy"], "partner": p, "flow": y["flow"], "period": str(int(year)),
                         "value": y[column].round(decimals)})[y["economy"] != p]
           for p, column in ((partner, "partner_share"), (comparison, "comparison_share"))]
    return pd.concat(out, ignore_index=True).sort_values(["reporter", "partner", "flow"]).reset_index(drop=True)
