"""Years and flows missing from a partner's series, said in words.

The MOF's export table lists Vietnam only from 2017, so a Japan–Vietnam briefing has imports for
2009–2016 and no exports, total, share or balance for those years. A chart that starts in 2017 or a table
of dashes needs one sentence saying why: "Japan's exports to Vietnam are listed separately only from 2017
in these data, so total trade and the balance are shown from 2017." This module writes that sentence from
the values frame (``indicators.trade_values``); it quotes years only, no key figures.
"""
from __future__ import annotations

from tradebrief.formatting import listing
from tradebrief.names import possessive, the, years
from tradebrief.prose.paragraph import EMPTY, Paragraph


def flow_years(values, partner: str, flow: str, start: int, end: int) -> list[int]:
    """The years of ``start``–``end`` in which ``values`` hold ``flow`` for ``partner``."""
    rows = values[(values["partner"] == partner) & (values["flow"] == flow)]
    held = {int(str(p)[:4]) for p in rows["period"]}
    return sorted(y for y in held if start <= y <= end)


def runs(held: list[int]) -> list[tuple[int, int]]:
    """Consecutive years as (first, last) runs: [2009, 2010, 2012] -> [(2009, 2010), (2012, 2012)]."""
    out: list[tuple[int, int]] = []
    for y in sorted(held):
        if out and y == out[-1][1] + 1:
            out[-1] = (out[-1][0], y)
        else:
            out.append((y, y))
    return out


def _spans(held: list[int]) -> str:
    return listing([years(a, b) for a, b in runs(held)])


def _flow_phrase(reporter: str, partner: str, flow: str, capital: bool) -> str:
    return f"{possessive(reporter, capital)} {'exports to' if flow == 'export' else 'imports from'} {the(partner)}"


def missing_flows(values, reporter: str, partner: str, start: int, end: int) -> Paragraph:
    """One sentence per flow of ``partner`` that misses years of ``start``–``end``; empty when both are whole."""
    every = list(range(start, end + 1))
    held = {f: flow_years(values, partner, f, start, end) for f in ("export", "import")}
    sentences = []
    for flow, have in held.items():
        missing = [y for y in every if y not in have]
        if not missing:
            continue
        subject = _flow_phrase(reporter, partner, flow, capital=True)
        if not have:
            sentences.append(f"{subject} are not in these data for {years(start, end)}.")
        elif runs(missing) == [(start, have[0] - 1)]:
            sentences.append(f"{subject} are listed separately only from {have[0]} in these data.")
        elif runs(missing) == [(have[-1] + 1, end)]:
            sentences.append(f"{subject} are listed only up to {have[-1]} in these data.")
        else:
            sentences.append(f"{subject} are missing for {_spans(missing)} in these data.")
    if not sentences:
        return EMPTY
    both = [y for y in held["export"] if y in held["import"]]
    consequence = (f"Total trade, shares and the balance with {the(partner)} need both flows, so they are shown for {_spans(both)} only."
                   if both else f"With one flow only, no total trade, share or balance with {the(partner)} can be shown.")
    return Paragraph(" ".join([*sentences, consequence]))
