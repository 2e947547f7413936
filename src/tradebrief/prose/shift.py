"""The export-shift section's sentences: who bought most of the reporter's exports, every change of the top
spot (annual and on 12-month rolling sums), and where the briefing's own partner and comparison stand —
so a Japan–Germany briefing says where Germany is, not only the China–US story.

From ``top_partner``, ``export_crossings``, ``pair_crossings``, ``partner_ranks`` and ``shares_of_world``.
Each paragraph function returns a ``Paragraph`` (text plus quoted key figures, see ``prose.paragraph``).
"""
from __future__ import annotations

import pandas as pd

from tradebrief.countries import is_country
from tradebrief.formatting import best_scale, listing, money, ordinal, percent, times
from tradebrief.names import name, possessive, the, years
from tradebrief.prose.paragraph import EMPTY, SHARE_DECIMALS, Paragraph, Quote

__all__ = ["intro", "chart_title", "annual_changes", "pair_standing", "monthly_lead", "no_monthly", "mixed_sources",
           "rolling_changes", "rolling_pair", "month", "changes_caption", "event_labels", "one_year"]


def month(period: str, long: bool = False) -> str:
    """"2019-05" -> "May 2019" (``long``: "May 2019" with the full month name)."""
    return pd.Period(period, freq="M").strftime("%B %Y" if long else "%b %Y")


def intro(reporter: str, partner: str, comparison: str) -> Paragraph:
    return Paragraph(f"Which country buys most of {possessive(reporter)} exports, every period in which that changed, and "
                     f"where {the(partner)} and {the(comparison)} stand. Changes of the top spot are found from the data — "
                     "annual totals, and 12-month rolling sums where monthly data exist — rather than assumed.")


def one_year(year: int) -> str:
    """Why the section is left out of a one-year briefing (the cover lists it under "Not in this briefing")."""
    return f"a shift in export destinations needs at least two years; this briefing covers {year} only"


def chart_title(reporter: str, marked: bool, monthly: bool = False) -> str:
    if monthly:
        return f"{possessive(reporter, True)} exports by destination, 12-month rolling sum"
    return f"{possessive(reporter, True)} exports to its leading destinations" + (" (changes of the top spot marked)" if marked else "")


def event_labels(crossings: pd.DataFrame) -> list[tuple[int, str]]:
    """The chart's marks of a change of the top spot: (year, "2013: United States ahead")."""
    return [(int(str(r.period)[:4]), f"{r.period}: {name(r.new_leader)} ahead") for r in crossings.itertuples()]


def annual_changes(crossings: pd.DataFrame, leaders: pd.DataFrame, reporter: str, currency: str, start: int, end: int) -> Paragraph:
    """Every year the top export destination changed, by how much the new leader was ahead, and the leader of
    ``end``. ``crossings``: ``export_crossings``; ``leaders``: ``top_partner(values, "export")``."""
    if leaders.empty:
        return EMPTY
    last = str(leaders["leader"].iloc[-1])
    quotes = [Quote("top_destination", reporter, "WLD", "export", str(leaders["period"].iloc[-1]), last, "ISO3"),
              Quote("top_destination_changes", reporter, "WLD", "export", f"{start}-{end}", len(crossings), "count", times(len(crossings)))]
    if int(start) >= int(end):
        return Paragraph(f"In {end} the top export destination was {the(last)}.", tuple(quotes[:1]))
    if crossings.empty:
        return Paragraph(f"The top export destination did not change between {start} and {end}: it was {the(last)} throughout.", tuple(quotes))
    scale = best_scale(crossings["gap"].abs().min())   # one scale for every gap in the sentence
    changes = []
    for r in crossings.itertuples():
        gap = round(float(r.gap), 0)
        shown = money(gap, currency, scale, 0)
        changes.append(f"in {r.period} {the(r.new_leader)} overtook {the(r.previous_leader)} by {shown}")
        quotes += [Quote("crossover", reporter, r.new_leader, "export", str(r.period), gap, currency, shown),
                   Quote("crossover_previous_leader", reporter, r.new_leader, "export", str(r.period), r.previous_leader, "ISO3")]
    return Paragraph(f"**The top export destination changed {times(len(crossings))}** between {start} and {end}: "
                     + "; ".join(changes) + f". In {end} the top destination was {the(last)}.", tuple(quotes))


def changes_caption() -> str:
    return "Years in which the top export destination changed (annual data)"


def _standing(shares: pd.DataFrame, ranks: pd.DataFrame, reporter: str, p: str, year: str):
    """(rank, share) of ``p`` among export destinations in ``year``; None where the data have none."""
    r = ranks[(ranks["partner"] == p) & (ranks["flow"] == "export") & (ranks["period"] == year)]["rank"]
    s = shares[(shares["partner"] == p) & (shares["flow"] == "export") & (shares["period"] == year)]["share"]
    return (int(r.iloc[0]) if len(r) else None), (round(float(s.iloc[0]), SHARE_DECIMALS) if len(s) else None)


def pair_standing(shares: pd.DataFrame, ranks: pd.DataFrame, leaders: pd.DataFrame,
                  reporter: str, partner: str, comparison: str, start: int, end: int) -> Paragraph:
    """Where the briefing's partner and comparison stand among export destinations in ``end`` (rank and share),
    whether either ever held the top spot, and the years the two swapped places (``pair_crossings``, over the
    years in which the data hold exports to both: a partner listed late never "overtakes" in its first year)."""
    from tradebrief.indicators.shift import pair_crossings
    year, span = str(end), years(start, end)
    exports = shares[(shares["flow"] == "export") & shares["partner"].isin([partner, comparison])]
    both = sorted(set(exports.loc[exports["partner"] == partner, "period"]) & set(exports.loc[exports["partner"] == comparison, "period"]))
    pair_swaps = pair_crossings(exports[exports["period"].isin(both)], partner, comparison)
    parts, quotes = [], []
    for p in dict.fromkeys((partner, comparison)):
        rank, share = _standing(shares, ranks, reporter, p, year)
        if share is None:
            continue
        quotes.append(Quote("share", reporter, p, "export", year, share, "percent", percent(share)))
        if rank is not None:
            quotes.append(Quote("rank", reporter, p, "export", year, rank, "rank", ordinal(rank)))
        if not parts:
            parts.append(f"{the(p)} ranked {ordinal(rank)} among {possessive(reporter)} export destinations ({percent(share)} of exports)"
                         if rank is not None else f"{the(p)} took {percent(share)} of {possessive(reporter)} exports")
        else:
            first_ranked = any(q.indicator == "rank" for q in quotes[:2])
            parts.append(f"{the(p)} {'' if first_ranked else 'ranked '}{ordinal(rank)} ({percent(share)})" if rank is not None
                         else f"{the(p)} took {percent(share)}" + ("" if is_country(p) else " (a group of economies, never ranked)"))
    text = f"In {year} {listing(parts)}." if parts else ""
    never = [p for p in dict.fromkeys((partner, comparison)) if p not in set(leaders["leader"])]
    if int(start) < int(end) and len(never) == 2:
        text += f" Neither {the(never[0])} nor {the(never[1])} was the top export destination in any year of {span}."
    elif int(start) < int(end) and never:
        text += f" {the(never[0], True)} was not the top export destination in any year of {span}."
    if partner != comparison and len(both) > 1 and not _same_story(leaders, partner, comparison):
        if pair_swaps.empty:
            ahead = _ahead(shares, partner, comparison, year)
            if ahead:
                behind = comparison if ahead == partner else partner
                text += f" Exports to {the(ahead)} exceeded those to {the(behind)} in every year of {years(both[0], both[-1])}."
        else:
            swaps = listing([f"{r.period} ({the(r.ahead)} ahead)" for r in pair_swaps.itertuples()])
            text += f" Exports to {the(partner)} and to {the(comparison)} changed order in {swaps}."   # years only: no count to quote
    return Paragraph(text.strip(), tuple(quotes))


def _ahead(shares: pd.DataFrame, a: str, b: str, year: str) -> str | None:
    s = shares[(shares["flow"] == "export") & (shares["period"] == year)].set_index("partner")["share"]
    if a not in s.index or b not in s.index:
        return None
    return a if s[a] >= s[b] else b


def _same_story(leaders: pd.DataFrame, partner: str, comparison: str) -> bool:
    """True when the pair's swaps are the top spot's changes (the default China–US story, told just above)."""
    held = list(leaders["leader"])
    return bool(held) and set(held) <= {partner, comparison} and {partner, comparison} <= set(held)


def monthly_lead(reporter: str, first: str, last: str, end: int) -> str:
    """The lead-in of the monthly view: what a 12-month rolling sum is, its months, and where it stops."""
    text = (f"With {possessive(reporter)} monthly data, each month's value is the sum of exports over the 12 months to that "
            "month, which removes seasonality without delaying the signal by a full year. "
            f"The sums run from {month(first)} to {month(last)}.")
    if int(last[:4]) < int(end):
        text += f" The monthly data end there, so changes after {month(last, long=True)} show only in the annual data above."
    return text


def no_monthly(reporter: str, start: int, end: int) -> Paragraph:
    return Paragraph(f"*No monthly data by partner are loaded for {the(reporter)} in {years(start, end)}, so no monthly "
                     "changes of the top spot can be computed.*")


def mixed_sources(by_partner: dict[str, str]) -> Paragraph:
    """When the monthly series of different partners come from different files (``by_partner``: partner -> file(s))."""
    if len(set(by_partner.values())) <= 1:
        return EMPTY
    groups: dict[str, list[str]] = {}
    for p, src in sorted(by_partner.items()):
        groups.setdefault(src, []).append(p)
    return Paragraph("The monthly series come from different files: "
                     + "; ".join(f"{listing([the(p) for p in ps])} from `{src}`" for src, ps in sorted(groups.items()))
                     + ". Where files overlap the newest publication is used; a change of the top spot between series from "
                     "different files can reflect a revision as well as trade.")


def rolling_changes(rolling_crossings: pd.DataFrame, first_leader: str, reporter: str, currency: str, close_pct: float = 1.0) -> Paragraph:
    """The changes of the top spot on 12-month rolling sums, and whether they were near ties (the new leader
    ahead by less than ``close_pct`` percent of its exports)."""
    n = len(rolling_crossings)
    quotes = tuple(Quote("crossover_12m", reporter, r.new_leader, "export", str(r.period), round(float(r.gap), 0), currency)
                   for r in rolling_crossings.itertuples())
    if not n:
        return Paragraph(f"On 12-month rolling sums the top export destination did not change: it was {the(first_leader)} throughout.")
    text = f"On 12-month rolling sums the top export destination changed **{times(n)}**: " + listing([f"{month(r.period)} ({the(r.new_leader)})" for r in rolling_crossings.itertuples()]) + "."
    close = int((100 * rolling_crossings["gap"].abs() / rolling_crossings["new_leader_value"] < close_pct).sum())
    if n > 1:
        if close == n:
            text += f" Each time the new leader was ahead by less than {close_pct:g}% of its exports: the two were close to a tie."
        elif close:
            text += f" In {close} of these months the new leader was ahead by less than {close_pct:g}% of its exports, close to a tie."
        else:
            text += f" Each time the new leader was ahead by at least {close_pct:g}% of its exports."
    return Paragraph(text, quotes)


def rolling_pair(rolling: pd.DataFrame, reporter: str, partner: str, comparison: str, leaders: set[str]) -> Paragraph:
    """Where the briefing's own pair stands on 12-month rolling sums when it is not the story of the top spot
    (``leaders``: the countries that held it): each one's share of exports in the latest 12 months and how often the
    two swapped places (``pair_crossings``). Empty when both led at some point (``rolling_changes`` tells it) or
    when the monthly data lack either."""
    from tradebrief.indicators.shift import pair_crossings
    if {partner, comparison} <= set(leaders):
        return EMPTY
    exports = rolling[rolling["flow"] == "export"]
    mine, theirs, world = (set(exports.loc[exports["partner"] == p, "period"]) for p in (partner, comparison, "WLD"))
    common = mine & theirs
    held_by_all = common & world   # one file may run on for some partners (China's series to Dec 2019)
    if not held_by_all:
        return EMPTY
    last = max(held_by_all)
    at = exports[exports["period"] == last].set_index("partner")["value"]
    shares = {p: round(100 * float(at[p]) / float(at["WLD"]), SHARE_DECIMALS) for p in (partner, comparison)}
    quotes = tuple(Quote("share_12m", reporter, p, "export", str(last), s, "percent", percent(s)) for p, s in shares.items())
    text = (f"In the 12 months to {month(last)}, {the(partner)} took {percent(shares[partner])} of {possessive(reporter)} "
            f"exports and {the(comparison)} {percent(shares[comparison])}")
    both = exports[exports["partner"].isin([partner, comparison]) & exports["period"].isin(common)]
    swaps = pair_crossings(both, partner, comparison)
    ahead = partner if shares[partner] >= shares[comparison] else comparison
    if swaps.empty:
        text += f"; {the(ahead)} was ahead in every 12-month period shown."
    else:
        last_swap = swaps.iloc[-1]
        text += (f"; the two swapped places {times(len(swaps))}, last in {month(str(last_swap['period']))} "
                 f"(to {the(str(last_swap['ahead']))}).")
        quotes += (Quote("pair_swaps_12m", reporter, partner, "export", f"{min(common)}/{last}", len(swaps), "count", times(len(swaps))),)
    return Paragraph(text, quotes)
