"""A ledger of published claims, each tested against the data.

``report/claims.toml`` lists the claims: the text, where it was published, and the
test (``test = "rank" | "share" | "greater" | "overtook" | "lead_widened" |
"usd_above" | "product_share" | "product_change" | "event"``) with its arguments and
tolerance. Verdicts: supported, partly, not supported, no data. A claim about a
period or product the data do not cover gets "no data", never a guess.

Each claim also says which briefing it belongs to: ``pair = [reporter, partner]`` and
``years = [first, last]``; ``claims_for`` keeps the claims of the briefing's pair whose
years the briefing covers, so a Japan–Korea briefing never reports Japan–China claims.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tradebrief.commodities import label
from tradebrief.countries import display_name as name
from tradebrief.countries import in_sentence
from tradebrief.errors import ParameterError
from tradebrief.formatting import listing, money, percent
from tradebrief.indicators.currency import to_usd
from tradebrief.indicators.shift import pair_crossings
from tradebrief.indicators.trade import partner_ranks, shares_of_world, trade_values
from tradebrief.names import possessive, the
from tradebrief.paths import read_toml

SUPPORTED, PARTLY, NOT_SUPPORTED, NO_DATA = "supported", "partly", "not supported", "no data"
NOT_FOUND = "–"   # the "value found" of a claim the data cannot test (the tables' mark for an empty cell)
VERDICTS = (SUPPORTED, PARTLY, NOT_SUPPORTED, NO_DATA)
TESTS = ("rank", "share", "greater", "overtook", "lead_widened", "usd_above", "product_share", "product_change", "event")


@dataclass
class Verdict:
    value: float | None
    found: str
    verdict: str
    note: str = ""


def load_claims(path: str | Path) -> list[dict]:
    path = Path(path)
    raw = read_toml(path, "claims file")
    claims = raw.get("claim", [])
    for i, c in enumerate(claims, 1):
        for key in ("id", "text", "published", "test", "pair", "years"):
            if key not in c:
                raise ParameterError(f"{path}: claim #{i} lacks '{key}'")
        if not (isinstance(c["pair"], list) and len(c["pair"]) == 2 and all(isinstance(x, str) for x in c["pair"])):
            raise ParameterError(f"{path}: claim '{c['id']}': pair must be [reporter, partner], e.g. [\"JPN\", \"CHN\"]")
        if not (isinstance(c["years"], list) and len(c["years"]) == 2 and all(isinstance(y, int) for y in c["years"])
                and c["years"][0] <= c["years"][1]):
            raise ParameterError(f"{path}: claim '{c['id']}': years must be [first, last], e.g. [2023, 2024]")
        if c["test"] not in TESTS:
            raise ParameterError(f"{path}: claim '{c['id']}' has unknown test {c['test']!r}; choose from {', '.join(TESTS)}")
    return claims


def claims_for(claims: list[dict], reporter: str, partner: str, start_year: int, end_year: int) -> list[dict]:
    """The claims about this briefing's pair whose years lie within its years."""
    return [c for c in claims if [str(x).upper() for x in c["pair"]] == [reporter.upper(), partner.upper()]
            and int(start_year) <= c["years"][0] and c["years"][1] <= int(end_year)]


class _Context:
    def __init__(self, trade: pd.DataFrame, rates: pd.DataFrame, reporter: str, currency: str):
        self.trade, self.rates, self.reporter, self.currency = trade, rates, reporter, currency
        self.values = trade_values(trade, reporter, currency=currency)
        self.shares = shares_of_world(self.values)
        self.ranks = partner_ranks(self.values)
        self.years = sorted({p for p in self.values["period"]})

    def value(self, partner: str, flow: str, year) -> float | None:
        v = self.values[(self.values["partner"] == partner) & (self.values["flow"] == flow) & (self.values["period"] == str(year))]["value"]
        return float(v.iloc[0]) if len(v) else None

    def share(self, partner: str, flow: str, year) -> float | None:
        v = self.shares[(self.shares["partner"] == partner) & (self.shares["flow"] == flow) & (self.shares["period"] == str(year))]["share"]
        return float(v.iloc[0]) if len(v) else None

    def covers(self, year) -> bool:
        return str(year) in self.years


def _month(period: str) -> str:
    """"2017-01" -> "Jan 2017"; a year stays as it is."""
    return pd.Period(period, freq="M").strftime("%b %Y") if len(str(period)) == 7 else str(period)


def _no_data(year) -> Verdict:
    return Verdict(None, NOT_FOUND, NO_DATA, f"the data do not cover {year}")


def _rank(ctx: _Context, c: dict) -> Verdict:
    year, flow = c["year"], c.get("flow", "total")
    if not ctx.covers(year):
        return _no_data(year)
    r = ctx.ranks[(ctx.ranks["partner"] == c["partner"]) & (ctx.ranks["flow"] == flow) & (ctx.ranks["period"] == str(year))]
    if r.empty:
        return Verdict(None, NOT_FOUND, NO_DATA, f"{the(c['partner'], capital=True)} not in the data for {year}")
    rank = int(r["rank"].iloc[0])
    share = ctx.share(c["partner"], flow, year)
    ok = rank == int(c.get("expected", 1))
    return Verdict(rank, f"rank {rank} in {year} ({share:.1f}% of {flow} trade)", SUPPORTED if ok else NOT_SUPPORTED)


def _share(ctx: _Context, c: dict) -> Verdict:
    year, flow = c["year"], c.get("flow", "total")
    if not ctx.covers(year):
        return _no_data(year)
    s = ctx.share(c["partner"], flow, year)
    if s is None:
        return Verdict(None, NOT_FOUND, NO_DATA, f"no {flow} share for {the(c['partner'])} in {year}")
    tol, expected = float(c.get("tolerance", 1.0)), float(c["expected"])
    gap = abs(s - expected)
    verdict = SUPPORTED if gap <= tol else PARTLY if gap <= 2 * tol else NOT_SUPPORTED
    return Verdict(s, f"{s:.1f}% in {year}", verdict, f"claimed about {expected:g}% (tolerance ±{tol:g} percentage point{'' if tol == 1 else 's'})")


def _greater(ctx: _Context, c: dict) -> Verdict:
    year, flow, a, b = c["year"], c.get("flow", "total"), c["partner"], c["than"]
    if not ctx.covers(year):
        return _no_data(year)
    va, vb = ctx.value(a, flow, year), ctx.value(b, flow, year)
    if va is None or vb is None:
        return Verdict(None, NOT_FOUND, NO_DATA, f"{the(a, capital=True)} or {the(b)} missing in {year}")
    sa, sb = ctx.share(a, flow, year), ctx.share(b, flow, year)
    return Verdict(sa - sb, f"{name(a)} {sa:.1f}% vs {name(b)} {sb:.1f}% in {year}", SUPPORTED if va > vb else NOT_SUPPORTED)


def _overtook(ctx: _Context, c: dict) -> Verdict:
    year, flow, a, b = int(c["year"]), c.get("flow", "export"), c["partner"], c["than"]
    if not ctx.covers(year) or not ctx.covers(year - 1):
        return _no_data(year)
    crossings = pair_crossings(ctx.values, a, b, flow)
    into_a = [int(p) for p, w in zip(crossings["period"], crossings["ahead"]) if w == a]
    listed = ", ".join(str(y) for y in into_a) or "none"
    va, vb = ctx.value(a, flow, year), ctx.value(b, flow, year)
    pa_, pb = ctx.value(a, flow, year - 1), ctx.value(b, flow, year - 1)
    found = f"{name(a)} {money(va, ctx.currency, 'trillion', 2)} vs {name(b)} {money(vb, ctx.currency, 'trillion', 2)} in {year}"
    note = f"years in which {the(a)} moved ahead of {the(b)} in the data: {listed}"
    if va > vb and pa_ <= pb:
        return Verdict(va - vb, found, SUPPORTED, note)
    if va > vb:
        return Verdict(va - vb, found, PARTLY, f"{the(a, capital=True)} was already ahead in {year - 1}; " + note)
    return Verdict(va - vb, found, NOT_SUPPORTED, note)


def _lead_widened(ctx: _Context, c: dict) -> Verdict:
    year, flow, a, b = int(c["year"]), c.get("flow", "export"), c["partner"], c["than"]
    if not ctx.covers(year) or not ctx.covers(year - 1):
        return _no_data(year)
    gap_now = ctx.value(a, flow, year) - ctx.value(b, flow, year)
    gap_before = ctx.value(a, flow, year - 1) - ctx.value(b, flow, year - 1)
    found = (f"lead {money(gap_now, ctx.currency, 'trillion', 2, signed=True)} in {year} "
             f"vs {money(gap_before, ctx.currency, 'trillion', 2, signed=True)} in {year - 1}")
    if gap_now > 0 and gap_now > gap_before:
        return Verdict(gap_now, found, SUPPORTED)
    if gap_now > 0:   # still ahead, but what the claim asserts, a wider lead, is not what happened
        change = "narrowed" if gap_now < gap_before else "stayed the same"
        return Verdict(gap_now, found, NOT_SUPPORTED, f"{in_sentence(a, True)} still leads, but its lead {change} ({year - 1} to {year})")
    return Verdict(gap_now, found, NOT_SUPPORTED, f"{in_sentence(b, True)} leads in {year}")


def _usd_above(ctx: _Context, c: dict) -> Verdict:
    year, flow, partner = c["year"], c.get("flow", "total"), c["partner"]
    if not ctx.covers(year):
        return _no_data(year)
    own = ctx.values[(ctx.values["partner"] == partner) & (ctx.values["flow"] == flow) & (ctx.values["period"] == str(year))]
    usd = to_usd(own, ctx.rates)
    if usd.empty:
        return Verdict(None, NOT_FOUND, NO_DATA, f"no {ctx.currency}/USD rate for {year} in data/")
    value = float(usd["value"].iloc[0])
    implied = float(own["value"].iloc[0]) / value  # the rate to_usd applied: currency units per US dollar
    threshold = float(c["threshold"])
    found = f"{money(value, 'USD', 'billion')} in {year} (at {implied:,.2f} {ctx.currency} per USD)"
    note = f"{possessive(ctx.reporter, capital=True)} own figures; {possessive(partner)} customs may report a different total"
    if value >= threshold:
        return Verdict(value, found, SUPPORTED, note)
    short = 100 * (1 - value / threshold)
    return Verdict(value, found, NOT_SUPPORTED, f"{percent(short)} short of {money(threshold, 'USD', 'billion', 0)} in " + note)


def _product_share(ctx: _Context, c: dict) -> Verdict:
    from tradebrief.indicators.products import import_dependence
    year, partner, products = str(c["year"]), c["partner"], list(c["products"])
    dep = import_dependence(ctx.trade, ctx.reporter, partner, currency=ctx.currency, level=None)
    d = dep[(dep["period"] == year) & dep["product"].isin(products)].set_index("product")["partner_share"]
    if d.empty:
        return Verdict(None, NOT_FOUND, NO_DATA, f"none of {listing([label(p) for p in products], conj='or')} in the data for {year}")
    threshold = float(c["threshold"])
    above = d[d >= threshold]
    found = "; ".join(f"{label(p)} {v:.1f}%" for p, v in d.sort_values(ascending=False).items())   # one decimal: 24.5% is not "25%"
    verdict = SUPPORTED if len(above) == len(products) else PARTLY if len(above) else NOT_SUPPORTED
    return Verdict(float(d.median()), f"{possessive(partner, capital=True)} share of imports in {year}: {found}", verdict,
                   f"{len(above)} of {len(products)} groups at or above {threshold:g}%")


def _product_change(ctx: _Context, c: dict) -> Verdict:
    from tradebrief.indicators.products import product_series
    base, year = str(c["base_year"]), str(c["year"])
    s = product_series(ctx.trade, ctx.reporter, c["partner"], c.get("flow", "export"), [c["product"]],
                       currency=ctx.currency).set_index("period")["value"]
    if base not in s.index or year not in s.index:
        return Verdict(None, NOT_FOUND, NO_DATA, f"{label(c['product'])} not in the data for {base} and {year}")
    change = 100 * (s[year] / s[base] - 1)
    fall = float(c.get("min_fall_pct", 10))
    verdict = SUPPORTED if change <= -fall else NOT_SUPPORTED
    cap = c.get("max_verdict")
    if cap == PARTLY and verdict == SUPPORTED:
        verdict = PARTLY
    return Verdict(change, f"{c.get('flow', 'export').capitalize()}s of {label(c['product'], mid_sentence=True)} to {the(c['partner'])}: {percent(change, 0, signed=True)} from {base} to {year}",
                   verdict, c.get("note", ""))


def _event(ctx: _Context, c: dict) -> Verdict:
    from tradebrief.indicators.products import product_series
    period = str(c["period"])
    series = product_series(ctx.trade, c.get("reporter", ctx.reporter), c["partner"], c.get("flow", "export"),
                            [c["product"]] if "product" in c else None, frequency="M" if len(period) == 7 else "A")
    covered = sorted(series["period"].unique())
    if not covered or period < covered[0] or period > covered[-1]:
        span = f"{_month(covered[0])} to {_month(covered[-1])}" if covered else "none"
        # the same note for every out-of-range part of a claim, so a claim's parts give it once
        return Verdict(None, NOT_FOUND, NO_DATA, f"the data ({label(c['product'], mid_sentence=True) if 'product' in c else 'all goods'}) cover {span} only; "
                       "a policy announcement is not a trade statistic")
    s = series.groupby("period")["value"].sum()
    before = s[s.index < period].tail(6).mean()
    after = s[s.index >= period].head(6).mean()
    change = 100 * (after / before - 1)
    return Verdict(change, f"6-month average {percent(change, 0, signed=True)} after {_month(period)}", SUPPORTED if change < 0 else NOT_SUPPORTED,
                   "a fall in flows is consistent with, not proof of, a restriction")


_TESTS = {"rank": _rank, "share": _share, "greater": _greater, "overtook": _overtook, "lead_widened": _lead_widened,
          "usd_above": _usd_above, "product_share": _product_share, "product_change": _product_change, "event": _event}


def evaluate_claims(claims: list[dict], trade: pd.DataFrame, rates: pd.DataFrame, reporter: str,
                    currency: str = "JPY") -> pd.DataFrame:
    """One row per claim: claim, published, value found, verdict, note (``currency``: the reporter's data)."""
    ctx = _Context(trade, rates, reporter, currency)
    rows = []
    for c in claims:
        parts = c.get("parts")
        if parts:  # a claim with several testable parts: verdict from all parts
            results = [_TESTS[p["test"]](ctx, {**p}) for p in parts]
            verdicts = {r.verdict for r in results}
            if verdicts == {NO_DATA}:
                v = Verdict(None, NOT_FOUND, NO_DATA, "; ".join(dict.fromkeys(r.note for r in results)))
            elif verdicts <= {SUPPORTED}:
                v = Verdict(None, "; ".join(r.found for r in results), SUPPORTED)
            else:
                v = Verdict(None, "; ".join(r.found for r in results if r.found != NOT_FOUND), PARTLY if SUPPORTED in verdicts else
                            (NOT_SUPPORTED if NOT_SUPPORTED in verdicts else NO_DATA), "; ".join(dict.fromkeys(r.note for r in results if r.note)))
        else:
            v = _TESTS[c["test"]](ctx, c)
        rows.append({"id": c["id"], "claim": c["text"], "published": c["published"], "url": c.get("url", ""), "value": v.value,
                     "found": v.found, "verdict": v.verdict, "note": v.note})
    return pd.DataFrame(rows, columns=["id", "claim", "published", "url", "value", "found", "verdict", "note"])
