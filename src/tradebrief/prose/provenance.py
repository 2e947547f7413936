"""Sentences of the data appendix about provenance: which file supplied which periods where files
overlap (the vintage rule, ``tradebrief.sources.vintage``), and which file supplied the exchange rates."""
from __future__ import annotations

import calendar

import pandas as pd

from tradebrief.formatting import currency_name
from tradebrief.names import count, years
from tradebrief.sources.vintage import PASSED, supplied_spans


def period_span(first: str, last: str) -> str:
    """"2022", "2009–2019", "March 2026", "January–March 2026", "November 2025–February 2026"."""
    if len(first) == 4:
        return years(first, last)
    (y1, m1), (y2, m2) = (first[:4], int(first[5:7])), (last[:4], int(last[5:7]))
    if (y1, m1) == (y2, m2):
        return f"{calendar.month_name[m1]} {y1}"
    if y1 == y2:
        return f"{calendar.month_name[m1]}–{calendar.month_name[m2]} {y1}"
    return f"{calendar.month_name[m1]} {y1}–{calendar.month_name[m2]} {y2}"


def overrides(supplied: pd.DataFrame, files, first_year: int | None = None, last_year: int | None = None,
              used=None) -> list[str]:
    """One sentence per run of periods in which a file replaced another's figures, saying why it won:
    "`new.csv` (passed with --data) supplied the annual figures of 2022 in place of `old.csv`
    (3 figures replaced; `old.csv`: accessed 2026-11-23 (card))." Empty when no files overlap.

    ``supplied``: ``Dataset.supplied``; ``files``: ``Dataset.files`` (their vintages); ``used``: the files the
    briefing draws on, when given (a Germany briefing does not report that a Japanese release replaced another)."""
    vintage = {f.path: f.vintage or "" for f in files}
    if used is not None:
        supplied = supplied[supplied["source"].astype(str).isin(set(used))]
    spans = supplied_spans(supplied, first_year, last_year)
    out = []
    for s in spans[spans["overrode"] != ""].itertuples():
        losers = s.overrode.split("; ")
        why = "passed with --data" if vintage.get(s.source, "").startswith(PASSED) else f"newer: {vintage.get(s.source) or 'unknown'}"
        kind = "annual" if s.frequency == "A" else "monthly"
        out.append(f"`{s.source}` ({why}) supplied the {kind} figures of {period_span(s.first, s.last)} in place of "
                   + " and ".join(f"`{p}`" for p in losers)
                   + f" ({count(int(s.overridden_rows), 'figure')} replaced; "
                   + "; ".join(f"`{p}`: {vintage.get(p) or 'unknown'}" for p in losers) + ").")
    return out


def rate_sources(spans: pd.DataFrame, quote: str, base: str = "USD") -> str:
    """"Japanese yen per US dollar: 2009–2018 official annual average (`data/fx/AEXJPUS_annual.csv`); 2025 mean
    of daily ECB cross rates (`data/fx/eurofxref-hist.csv`)." from ``indicators.currency.rates_supplied``."""
    per = f"{currency_name(quote)} per {currency_name(base, plural=False)}"
    if spans.empty:
        return f"No rate of {per} is loaded."
    parts = [f"{period_span(s.first, s.last)} {s.method} (`{s.source}`)" for s in spans.itertuples()]
    return f"{per[0].upper()}{per[1:]}: " + "; ".join(parts) + "."
