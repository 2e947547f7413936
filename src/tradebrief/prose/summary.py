"""The executive summary's findings, one function per numbered finding, from the frames the indicators compute.

Each function returns a ``Paragraph`` (text plus the key figures it quotes, see ``prose.paragraph``); a
finding that the data cannot support (one year: nothing changed hands; no commodity groups; no claims for
the pair) is the empty paragraph, and ``numbered`` leaves it out. The claims finding quotes counts of the
claims ledger's verdicts, which the claims section records (one ``claim_verdict`` row per claim, headline).
"""
from __future__ import annotations

import pandas as pd

from tradebrief.commodities import label
from tradebrief.formatting import amount, listing, ordinal, percent, times
from tradebrief.names import count, name, plural, possessive, the, verb
from tradebrief.prose.paragraph import EMPTY, SHARE_DECIMALS, Paragraph, Quote, numbered

__all__ = ["share_and_rank", "export_order", "top_destination_changes", "bilateral_value", "balance", "dependency",
           "claims", "partial_years", "findings"]


def _share(shares: pd.DataFrame, partner: str, flow: str, year) -> float | None:
    s = shares[(shares["partner"] == partner) & (shares["flow"] == flow) & (shares["period"] == str(year))]["share"]
    return round(float(s.iloc[0]), SHARE_DECIMALS) if len(s) else None


def _share_quote(reporter: str, partner: str, flow: str, year, value: float) -> Quote:
    return Quote("share", reporter, partner, flow, str(year), value, "percent", percent(value))


def share_and_rank(shares: pd.DataFrame, ranks: pd.DataFrame, reporter: str, partner: str, comparison: str, year) -> Paragraph:
    """"China took 20.3% of Japan's total trade (exports plus imports) in 2025, the United States 14.9%. China
    ranked first among Japan's trading partners." ``shares``: ``shares_of_world``; ``ranks``: ``partner_ranks``."""
    year = str(year)
    own, other = _share(shares, partner, "total", year), _share(shares, comparison, "total", year)
    if own is None:
        return Paragraph(f"**These data hold no total trade with {the(partner)} for {year}** (exports and imports are both "
                         "needed), so no share can be given.")
    quotes = [_share_quote(reporter, partner, "total", year, own)]
    text = f"**{the(partner, True)} took {percent(own)} of {possessive(reporter)} total trade (exports plus imports) in {year}"
    if other is not None:
        text += f", {the(comparison)} {percent(other)}.**"
        quotes.append(_share_quote(reporter, comparison, "total", year, other))
    else:
        text += ".**"
    total = ranks[(ranks["flow"] == "total") & (ranks["period"] == year)]
    rank = total.loc[total["partner"] == partner, "rank"]
    if len(rank):   # an aggregate partner (the EU) is never ranked among countries
        r = int(rank.iloc[0])
        quotes.append(Quote("rank", reporter, partner, "total", year, r, "rank", ordinal(r)))
        first = total.loc[total["rank"] == 1, "partner"]
        text += (f" {the(partner, True)} ranked {ordinal(r)} among {possessive(reporter)} trading partners"
                 + ("." if r == 1 or first.empty else f" ({the(first.iloc[0])} was first)."))
    return Paragraph(text, tuple(quotes))


def export_order(shares: pd.DataFrame, leaders: pd.DataFrame, reporter: str, partner: str, comparison: str, year) -> Paragraph:
    """Whether the pair's order on exports is that on total trade, and the top export destination of ``year``
    (``leaders``: ``top_partner(values, "export")``)."""
    year = str(year)
    total = {p: _share(shares, p, "total", year) for p in (partner, comparison)}
    export = {p: _share(shares, p, "export", year) for p in (partner, comparison)}
    text, quotes = "", []
    if None not in export.values():
        ahead = partner if export[partner] >= export[comparison] else comparison
        behind = comparison if ahead == partner else partner
        quotes += [_share_quote(reporter, p, "export", year, export[p]) for p in (ahead, behind)]
        tail = f" {the(ahead)} took {percent(export[ahead])} of exports in {year}, {the(behind)} {percent(export[behind])}."
        if None in total.values():
            text = f"**On exports:**{tail}"
        else:
            ahead_total = partner if total[partner] >= total[comparison] else comparison
            text = f"**On exports alone the order is {'the same' if ahead == ahead_total else 'reversed'}:**{tail}"
    lead = leaders[leaders["period"] == year]
    if len(lead):
        leader = str(lead["leader"].iloc[0])
        quotes.append(Quote("top_destination", reporter, "WLD", "export", year, leader, "ISO3"))
        if leader in (partner, comparison) and text:
            text += f" {the(leader, True)} was the top export destination."
        else:
            share = _share(shares, leader, "export", year)
            text += f" The top export destination in {year} was {the(leader)}" + (f" ({percent(share)})." if share is not None else ".")
            if share is not None:
                quotes.append(_share_quote(reporter, leader, "export", year, share))
    return Paragraph(text.strip(), tuple(quotes))


def top_destination_changes(crossings: pd.DataFrame, leaders: pd.DataFrame, reporter: str, start: int, end: int) -> Paragraph:
    """Every year the top export destination changed hands (``export_crossings``); empty for one year."""
    if int(start) >= int(end) or leaders.empty:   # one year: nothing can have changed hands
        return EMPTY
    span = f"{start}-{end}"
    quote = Quote("top_destination_changes", reporter, "WLD", "export", span, len(crossings), "count", times(len(crossings)))
    if crossings.empty:
        return Paragraph(f"**The top export destination did not change between {start} and {end}:** it was "
                         f"{the(str(leaders['leader'].iloc[-1]))} throughout.", (quote,))
    changes = listing([f"{r.period} (to {the(r.new_leader)})" for r in crossings.itertuples()])
    return Paragraph(f"**The top export destination changed hands {times(len(crossings))} between {start} and {end}:** {changes}.", (quote,))


def bilateral_value(usd: pd.DataFrame, values: pd.DataFrame, reporter: str, partner: str, currency: str, end: int) -> Paragraph:
    """Bilateral trade in US dollars in the latest year with an exchange rate, and in the reporter's currency.
    ``usd``: ``to_usd`` of the pair's values; ``values``: the pair's values in ``currency``."""
    def total(frame, period):
        v = frame[(frame["flow"] == "total") & (frame["period"] == str(period))]["value"]
        return float(v.iloc[0]) if len(v) else None

    usd_totals = usd[usd["flow"] == "total"].sort_values("period")
    if usd_totals.empty:
        own = total(values, end)
        if own is None:
            return EMPTY
        return Paragraph(f"**Bilateral trade with {the(partner)} was {amount(own, currency)} in {end}.**",
                         (Quote("trade_value", reporter, partner, "total", str(end), own, currency, amount(own, currency)),))
    last = usd_totals.iloc[-1]
    period, dollars = str(last["period"]), float(last["value"])
    quotes = [Quote("trade_value", reporter, partner, "total", period, dollars, "USD", amount(dollars, "USD"))]
    text = f"**Bilateral trade with {the(partner)} was {amount(dollars, 'USD')} in {period}"
    if currency == "USD":
        return Paragraph(text + ".**", tuple(quotes))
    own = total(values, period)
    text += "** at the annual average exchange rate"
    if own is not None:
        text += f" ({amount(own, currency)})"
        quotes.append(Quote("trade_value", reporter, partner, "total", period, own, currency, amount(own, currency)))
    latest = total(values, end)
    if period != str(end) and latest is not None:
        text += f"; {period} is the latest year with an exchange rate loaded ({end}: {amount(latest, currency)})"
        quotes.append(Quote("trade_value", reporter, partner, "total", str(end), latest, currency, amount(latest, currency)))
    return Paragraph(text + ".", tuple(quotes))


def balance(balances: pd.DataFrame, reporter: str, partner: str, currency: str, year) -> Paragraph:
    """"Japan ran a deficit of ¥7.92 trillion with China in 2025." (``balances``: ``indicators.balances``)."""
    b = balances[(balances["partner"] == partner) & (balances["period"] == str(year))]["value"]
    if b.empty:
        return EMPTY
    value = float(b.iloc[0])
    quote = Quote("balance", reporter, partner, "balance", str(year), value, currency, amount(abs(value), currency))
    if value == 0:
        return Paragraph(f"**{possessive(reporter, True)} trade with {the(partner)} was exactly balanced in {year}.**", (quote,))
    kind = "deficit" if value < 0 else "surplus"
    return Paragraph(f"**{the(reporter, True)} ran a {kind} of "
                     f"{amount(abs(value), currency)} with {the(partner)} in {year}.**", (quote,))


def dependency(tests: pd.DataFrame, reporter: str, partner: str, year, share_threshold: float, hhi_threshold: float) -> Paragraph:
    """How many import groups meet both dependency tests (``dependency_tests``) and which, with the partner's share."""
    if tests.empty:   # no commodity groups in the data
        return EMPTY
    year = str(year)
    dependent = tests[tests["dependent"]]
    n, of = len(dependent), len(tests)
    quotes = [Quote("dependent_groups", reporter, partner, "import", year, n, "count", str(n)),
              Quote("import_groups_tested", reporter, partner, "import", year, of, "count", str(of))]
    if n == 0:
        return Paragraph(f"**None of the {count(of, 'import group')} meets both dependency tests in {year}**: in none does "
                         f"{the(partner)} supply at least {share_threshold:g}% while suppliers are concentrated "
                         f"(HHI ≥ {hhi_threshold:g}).", tuple(quotes))
    groups = []
    for r in dependent.itertuples():
        share = round(float(r.partner_share), SHARE_DECIMALS)
        groups.append(f"{label(r.product, mid_sentence=True)} ({percent(share, 0)})")
        quotes.append(Quote("dependent_group", reporter, partner, "import", year, share, "percent", percent(share, 0), product=r.product))
    return Paragraph(f"**Of {count(of, 'import group')}, {n} {verb(n, 'meets', 'meet')} both dependency tests in {year}** "   # no numeral opens it
                     f"({the(partner)} supplies at least {share_threshold:g}% and suppliers are concentrated, "
                     f"HHI ≥ {hhi_threshold:g}): {listing(groups)}.", tuple(quotes))


# verdicts in the ledger's order: (key, what a claim "is", the short form after the first category named)
_VERDICTS = [("supported", "supported by the data", "supported"), ("partly", "partly supported", "partly"),
             ("not supported", "not supported", "not supported"), ("no data", None, None)]


def claims(verdicts: pd.DataFrame, reporter: str, partner: str) -> Paragraph:
    """"Of 9 published claims about Japan–China trade tested, 4 are supported by the data, 2 partly, 2 not
    supported and 1 cannot be tested with these data"; categories with no claim are left out, and claims all
    in one category read "All 3 ... are supported by the data"."""
    if verdicts.empty:
        return EMPTY
    n = verdicts["verdict"].value_counts()
    total = len(verdicts)
    about = f"published {plural(total, 'claim')} about {name(reporter)}–{name(partner)} trade tested"
    present = [(int(n.get(key, 0)), full, short) for key, full, short in _VERDICTS if n.get(key, 0)]
    if len(present) == 1:
        _, full, _ = present[0]
        who = f"The one {about}" if total == 1 else f"All {total} {about}"
        state = "cannot be tested with these data" if full is None else f"{verb(total, 'is', 'are')} {full}"
        return Paragraph(f"**{who} {state}** (see the claims ledger).")
    parts = []
    for k, full, short in present:
        if full is None:
            parts.append(f"{k} cannot be tested with these data")
        else:
            parts.append(f"{k} {verb(k, 'is', 'are')} {full}" if not parts else f"{k} {short}")
    return Paragraph(f"**Of {total} {about}, {listing(parts)}** (see the claims ledger).")


def partial_years(periods: list[str]) -> Paragraph:
    """The note on a partial year the annual file holds after the briefing's last year."""
    if not periods:
        return EMPTY
    that = "that year" if len(periods) == 1 else "those years"
    return Paragraph(f"*Partial year set aside:* {listing(sorted(periods))} — the annual file holds only part of {that}, "
                     "so no full-year figure of this briefing includes it (its months are read on their own, as months).")


def findings(*items: Paragraph) -> Paragraph:
    """The numbered list of findings, empty ones left out."""
    return numbered(list(items))

