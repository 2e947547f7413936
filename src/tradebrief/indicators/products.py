"""Product-level dependence: which goods a reporter buys mostly from one partner.

Runs on DuckDB so the same functions handle the 78 MOF groups and a
10-million-row HS panel alike (no Python row loops).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from tradebrief.commodities import hierarchy
from tradebrief.indicators.trade import plain
from tradebrief.schema import TOTAL

_DEPENDENCE_SQL = """
WITH t AS (
    SELECT CAST(partner AS VARCHAR) AS partner, CAST(product AS VARCHAR) AS product,
           CAST(period AS VARCHAR) AS period, value
    FROM trade
    WHERE CAST(reporter AS VARCHAR) = $reporter AND CAST(flow AS VARCHAR) = $flow
      AND CAST(frequency AS VARCHAR) = 'A' AND CAST(currency AS VARCHAR) = $currency
      AND CAST(product AS VARCHAR) <> 'TOTAL'
),
countries AS (
    SELECT product, period, partner, sum(value) AS v FROM t
    WHERE partner NOT IN ('WLD', 'EU') GROUP BY ALL
),
world AS (
    SELECT product, period, sum(value) AS v FROM t WHERE partner = 'WLD' GROUP BY ALL
),
listed AS (
    SELECT product, period, sum(v) AS v FROM countries GROUP BY ALL
),
denominator AS (  -- the published world total; the sum of listed partners where none is published
    SELECT l.product, l.period, coalesce(w.v, l.v) AS world_value, l.v AS listed_value
    FROM listed l LEFT JOIN world w USING (product, period)
)
SELECT c.product, c.period, d.world_value,
       sum(CASE WHEN c.partner = $partner THEN c.v ELSE 0 END) AS partner_value,
       100 * sum(CASE WHEN c.partner = $partner THEN c.v ELSE 0 END) / d.world_value AS partner_share,
       sum((c.v / d.world_value) ^ 2) AS hhi,
       100 * d.listed_value / d.world_value AS listed_share
FROM countries c JOIN denominator d USING (product, period)
WHERE d.world_value > 0
GROUP BY c.product, c.period, d.world_value, d.listed_value
ORDER BY c.product, c.period
"""


def import_dependence(trade: pd.DataFrame, reporter: str, partner: str, flow: str = "import",
                      currency: str = "JPY", level: int | None = 2) -> pd.DataFrame:
    """Per product and year: the partner's share (%) of the reporter's imports and the
    partner concentration of those imports (HHI 0-1 over listed countries, shares of the world total).

    ``level`` keeps MOF groups of that level (1 section, 2 group, 3 sub-item) and those above it with
    nothing below them (``groups_at_level``); products
    outside the MOF classification (e.g. HS codes) are always kept.
    """
    con = duckdb.connect()
    try:
        try:  # no terminal progress bar for a sub-second query; in Jupyter it is off already (and cannot be set)
            con.execute("SET enable_progress_bar = false")
        except duckdb.Error:
            pass
        con.register("trade", trade)
        out = con.execute(_DEPENDENCE_SQL, {"reporter": reporter, "partner": partner, "flow": flow, "currency": currency}).df()
    finally:
        con.close()
    if level is not None and not out.empty:
        h = hierarchy()
        h = h[h["flow"] == flow]
        levels = out["product"].map(h.set_index("product")["level"])
        out = out[levels.isna() | out["product"].isin(groups_at_level(flow, level))]
        parent = out["product"].map(h.set_index("product")["parent"])
        # a section without groups is its own section (the MOF export list's foodstuff, raw materials, mineral fuels)
        out = out.assign(section=parent.where(parent.ne(TOTAL), out["product"]))
    elif level is not None:
        out = out.assign(section=pd.Series(dtype=object))   # no rows: the same columns
    return out.reset_index(drop=True)


def groups_at_level(flow: str, level: int) -> set[str]:
    """The MOF products that stand at ``level`` of the classification for ``flow``: those of that level, and
    those of a higher level with nothing below them (a section without groups, such as mineral fuels in the
    export list, is a group of its own; leaving it out would drop Japan's largest exports to Australia)."""
    h = hierarchy()
    h = h[h["flow"] == flow]
    has_children = set(h["parent"])
    return set(h.loc[(h["level"] == level) | ((h["level"] < level) & ~h["product"].isin(has_children)), "product"])


def dependency_tests(dependence: pd.DataFrame, period: str, share_min: float = 50.0, hhi_min: float = 0.4) -> pd.DataFrame:
    """Products that meet both tests in ``period`` (in the spirit of the EU's strategic
    dependency method): partner share >= share_min (%) and HHI >= hhi_min."""
    d = dependence[dependence["period"] == str(period)].copy()
    d["meets_share"] = d["partner_share"] >= share_min
    d["meets_hhi"] = d["hhi"] >= hhi_min
    d["dependent"] = d["meets_share"] & d["meets_hhi"]
    return d.sort_values("partner_share", ascending=False).reset_index(drop=True)


def product_series(trade: pd.DataFrame, reporter: str, partner: str, flow: str, products: list[str] | None = None,
                   frequency: str = "A", currency: str | None = None) -> pd.DataFrame:
    """Values of selected products for one reporter/partner/flow over time."""
    t = trade[(trade["reporter"] == reporter) & (trade["partner"] == partner) & (trade["flow"] == flow)
              & (trade["frequency"] == frequency)]
    if currency:
        t = t[t["currency"] == currency]
    if products is not None:
        t = t[t["product"].isin(products)]
    out = plain(t[["product", "period", "value", "currency", "source"]])
    return out.sort_values(["product", "period"]).reset_index(drop=True)


def whole_year_changes(series: pd.DataFrame, before: str | None = None) -> dict | None:
    """Year-on-year reading of a monthly product series (``product_series(..., frequency="M")``), whole
    years only (all 12 months present).

    ``before``: a month ("2023-07"); the comparison then starts at the last whole year before it (what
    happened around an event), else at the first whole year. Returns None when fewer than two whole years
    can be compared, else: ``ref`` and ``last`` (the years compared), ``since_event`` (True when ``ref`` was
    chosen by ``before``), ``change`` (percent change ``ref`` -> ``last`` per product, products with a value
    in ``ref``, ascending), ``largest`` (the product with the highest value in ``last``), its ``value``
    in ``last``, and its ``peak`` year and ``peak_value`` over the whole years."""
    s = series.assign(year=series["period"].str.slice(0, 4))
    months = s.groupby("year")["period"].nunique()
    full = sorted(months[months == 12].index)
    yearly = s[s["year"].isin(full)].pivot_table(index="product", columns="year", values="value", aggfunc="sum")
    earlier = [y for y in full if before is not None and y < before[:4]]
    ref = earlier[-1] if earlier else (full[0] if full else None)
    if len(full) < 2 or ref == full[-1]:
        return None
    last = full[-1]
    based = yearly[yearly[ref] > 0]
    if based.empty:
        return None
    largest = based[last].idxmax()
    peak = yearly.loc[largest].idxmax()
    return {"ref": ref, "last": last, "since_event": bool(earlier),
            "change": (100 * (based[last] / based[ref] - 1)).sort_values(),
            "largest": largest, "value": float(based.loc[largest, last]),
            "peak": peak, "peak_value": float(yearly.loc[largest, peak])}


def top_export_groups(trade: pd.DataFrame, reporter: str, partner: str, period: str, n: int = 10,
                      level: int = 2, currency: str = "JPY") -> pd.DataFrame:
    """The reporter's largest export groups to the partner in ``period``, with the partner's
    share of the reporter's world exports of each group (the market at stake)."""
    dep = import_dependence(trade, reporter, partner, flow="export", currency=currency, level=level)
    d = dep[dep["period"] == str(period)].sort_values("partner_value", ascending=False).head(n)
    return d[["product", "section", "partner_value", "world_value", "partner_share"]].reset_index(drop=True)


@dataclass
class CaseStudy:
    """A case study of ``report/events.toml`` with the data it draws on in the briefing's years.

    ``series``: the study's product series (``product_series``) within the years; for an annual study only the
    product shown, the first of the study's ``products`` found in the data (``missing``: the ones before it,
    absent from the data's classification). ``events_shown``: the study's events within the series' periods (led
    in and marked on the chart); ``events_outside``: the rest. ``compare``: the two years an annual study compares."""
    id: str
    heading: str
    reporter: str
    partner: str
    flow: str
    frequency: str
    currency: str
    series: pd.DataFrame
    shown: str | None = None
    missing: list[str] = field(default_factory=list)
    compare: tuple[str, str] | None = None
    events: list[dict] = field(default_factory=list)
    events_shown: list[dict] = field(default_factory=list)
    events_outside: list[dict] = field(default_factory=list)


def case_study(trade: pd.DataFrame, study: dict, events: list[dict], start_year: int, end_year: int,
               currency: str) -> CaseStudy | None:
    """The case study's data in the briefing's years, or None when the data hold none of it (then the study
    has no heading either). ``events``: the briefing's events (``events_for``); ``currency``: that of the series'
    reporter where the study names none."""
    s = study["series"]
    frequency = s.get("frequency", "A")
    wanted = study.get("products")
    cur = s.get("currency") or currency
    series = product_series(trade, s["reporter"], s["partner"], s["flow"], wanted, frequency=frequency, currency=cur)
    series = series[series["period"].str.slice(0, 4).astype(int).between(int(start_year), int(end_year))]
    if series.empty:
        return None
    by_id = {e["id"]: e for e in events}
    study_events = [by_id[i] for i in study.get("events", []) if i in by_id]
    lo, hi = series["period"].min(), series["period"].max()
    inside = [e for e in study_events if (lo <= e["period"] <= hi if frequency == "M" else lo <= e["period"][:4] <= hi)]
    cs = CaseStudy(study["id"], study["heading"], s["reporter"], s["partner"], s["flow"], frequency, cur, series,
                   events=study_events, events_shown=inside, events_outside=[e for e in study_events if e not in inside])
    if frequency == "A":
        present = set(series["product"])
        cs.shown = next(p for p in wanted if p in present)
        cs.missing = list(wanted[:wanted.index(cs.shown)])
        cs.series = series[series["product"] == cs.shown].reset_index(drop=True)
        cs.compare = tuple(str(y) for y in study.get("compare", study["years"]))
    return cs
