"""Sentences and the ledger table of the claims section (notebooks/claims.ipynb), from ``evaluate_claims``."""
from __future__ import annotations

import html
import re

import pandas as pd

from tradebrief.indicators.claims import VERDICTS
from tradebrief.names import count, possessive, the, years
from tradebrief.prose.paragraph import EMPTY, Paragraph, Quote, pair_trade

CSS = {"supported": "verdict-supported", "partly": "verdict-partly", "not supported": "verdict-not", "no data": "verdict-nodata"}


def introduction(reporter: str, partner: str, claims_file: str) -> Paragraph:
    return Paragraph(
        f"Published statements about {possessive(reporter)} trade with {the(partner)}, each tested against the data with the "
        f"test and tolerance written in `{claims_file}`. Verdicts: **supported**, **partly**, **not supported**, or **no data** "
        "when the claim falls outside the years or products the data cover — never a guess.")


def none_listed(reporter: str, partner: str, start_year, end_year) -> str:
    """Why the section is left out."""
    return f"no published claims about {pair_trade(reporter, partner)} in {years(start_year, end_year)} are in the claims file"


def _cited(r) -> str:
    text = html.escape(r.published)
    return f"<a href='{html.escape(r.url)}'>{text}</a>" if r.url else text


def one_source(verdicts: pd.DataFrame) -> Paragraph:
    """"Every claim below is taken from ..." when all claims come from one publication; empty otherwise."""
    if verdicts.empty or verdicts["published"].nunique() != 1:
        return EMPTY
    return Paragraph(f"Every claim below is taken from {_cited(next(verdicts.itertuples()))}.",
                     constants=tuple(float(x) for x in _years_in(verdicts["published"].iloc[0])))


def _years_in(text: str) -> list[str]:
    """Numbers in a publication's citation (its year, a date): quoted text, not data."""
    return re.findall(r"\d+", text)


def table_html(verdicts: pd.DataFrame, reporter: str, partner: str, citation: str) -> str:
    """The ledger as a ready HTML table (not markdown, so nothing in a claim's text is re-read as markup)."""
    several = verdicts["published"].nunique() > 1
    rows = "".join(f"<tr><td>{i}</td><td>{html.escape(r.claim)}" + (f"<br><span class='source'>{_cited(r)}</span>" if several else "")
                   + f"</td><td>{html.escape(r.found)}</td><td class='{CSS[r.verdict]}'>{r.verdict}</td><td>{html.escape(r.note)}</td></tr>"
                   for i, r in enumerate(verdicts.itertuples(), 1))
    caption = f"Published claims about {pair_trade(reporter, partner)} tested against the data"
    return (f"<div class='tb-table tb-long'><table><caption>{html.escape(caption)}</caption><thead><tr><th>#</th><th>Claim</th>"
            f"<th>Value found</th><th>Verdict</th><th>Note</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<p class='table-source'>{html.escape(citation)}</p></div>")


def _span(first, last) -> str:
    """A period as key_figures writes it: "2024" or "2009-2019"."""
    return str(first) if str(first) == str(last) else f"{first}-{last}"


def tally(verdicts: pd.DataFrame, reporter: str, partner: str, start_year, end_year) -> Paragraph:
    """How many claims got each verdict: "**4** supported, ... — of 9 claims."."""
    if verdicts.empty:
        return EMPTY
    counts = verdicts["verdict"].value_counts()
    period = _span(start_year, end_year)
    figs = [Quote(f"claims_{v.replace(' ', '_')}", reporter, partner, "none", period, int(counts.get(v, 0)), "count") for v in VERDICTS]
    figs.append(Quote("claims_tested", reporter, partner, "none", period, len(verdicts), "count"))
    text = ", ".join(f"**{int(counts.get(v, 0))}** {v}" for v in VERDICTS) + f" — of {count(len(verdicts), 'claim')}."
    return Paragraph(text, tuple(figs))


def verdict_figures(verdicts: pd.DataFrame, claims: list[dict], reporter: str, partner: str) -> Paragraph:
    """Each claim's verdict as a key figure (the table quotes them), with the claim's years as its period."""
    figs = tuple(Quote("claim_verdict", reporter, partner, "none", _span(*claims[i]["years"]), r.verdict, "verdict", id=r.id)
                 for i, r in zip(range(len(claims)), verdicts.itertuples(), strict=True))
    return Paragraph("", figs)
