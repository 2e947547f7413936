"""The partner-shares section's sentences, titles and captions, from ``shares_of_world`` and ``partner_ranks``.

Each paragraph function returns a ``Paragraph`` (text plus the key figures it quotes, see ``prose.paragraph``);
titles and captions are plain strings (they quote no number). Years or flows missing from the pair's series
are said by ``prose.gaps.missing_flows``.
"""
from __future__ import annotations

import pandas as pd

from tradebrief.formatting import percent
from tradebrief.names import possessive, the
from tradebrief.prose.gaps import missing_flows
from tradebrief.prose.paragraph import SHARE_DECIMALS, Paragraph, Quote, join

__all__ = ["intro", "pair_chart_title", "largest_partners", "largest_partners_caption", "rank_column",
           "ranks_caption", "missing_years"]


def intro(reporter: str) -> Paragraph:
    return Paragraph(f"How much of {possessive(reporter)} trade — exports plus imports — goes to each partner, its rank, "
                     f"and how concentrated trade is across partners. Shares are of {possessive(reporter)} trade with the "
                     "world (`WLD`, the published grand total).")


def pair_chart_title(reporter: str, partner: str, comparison: str) -> str:
    return f"{the(partner, True)} and {the(comparison)}: share of {possessive(reporter)} total trade"


def largest_partners(shares: pd.DataFrame, reporter: str, partner: str, comparison: str, year, shown: int) -> Paragraph:
    """The pair's shares of total trade in ``year`` and what the table of the ``shown`` largest partners lists
    (``shown``: rows in the table, at most the ``top_n`` parameter)."""
    year = str(year)
    total = shares[(shares["flow"] == "total") & (shares["period"] == year)].set_index("partner")["share"]
    quoted = [(p, round(float(total[p]), SHARE_DECIMALS)) for p in (partner, comparison) if p in total.index]
    quotes = tuple(Quote("share", reporter, p, "total", year, v, "percent", percent(v)) for p, v in quoted)
    if len(quoted) == 2:
        text = (f"In {year} {the(partner)} accounted for {percent(quoted[0][1])} of {possessive(reporter)} total trade "
                f"and {the(comparison)} for {percent(quoted[1][1])}.")
    elif quoted:
        p, v = quoted[0]
        other = comparison if p == partner else partner
        text = (f"In {year} {the(p)} accounted for {percent(v)} of {possessive(reporter)} total trade; "
                f"these data hold no total trade with {the(other)} for {year}.")
    else:
        text = f"These data hold no total trade with {the(partner)} or {the(comparison)} for {year}."
    if shown > 1:
        text += f" The table lists the {shown} largest partners by total trade, with their exports and imports."
    elif shown == 1:
        text += " The table shows the largest partner by total trade, with its exports and imports."
    return Paragraph(text, quotes)


def largest_partners_caption(reporter: str, year) -> str:
    return f"{possessive(reporter, True)} largest trading partners, {year}"


def rank_column(partner: str) -> str:
    """A rank table's column header: "Rank of China", "Rank of the United States"."""
    return f"Rank of {the(partner)}"


def ranks_caption(reporter: str) -> str:
    return f"Rank in {possessive(reporter)} total trade and partner concentration (HHI, 0–1)"


def missing_years(values: pd.DataFrame, reporter: str, partner: str, comparison: str, start: int, end: int) -> Paragraph:
    """Why the pair's share series starts late or has holes: one sentence per partner with a flow missing years."""
    return join(missing_flows(values, reporter, partner, start, end), missing_flows(values, reporter, comparison, start, end))
