"""A paragraph of the briefing: its text, the key figures it quotes and the fixed numbers it states.

Every prose function returns a ``Paragraph``: the markdown a notebook shows, one ``Quote`` per number the
text prints (a key_figures.csv row: indicator, reporter, partner, flow, period, value, unit, and the number
as printed), and ``constants``: numbers the text states that are not data (the briefing's thresholds, the
method's fixed tolerances). The notebook shows the text and records exactly the quotes in key_figures.csv
with ``headline = yes`` (``tell`` / ``record``), so "every number the prose quotes is a headline key
figure" holds by construction; the tests check the other direction — every number printed in a paragraph
is one of its quotes (at the precision printed), a constant, a year of the briefing or a parameter — on
hand-made and drawn frames (tests/prose_numbers.py and the sections' property tests).

Values are recorded as the sections' full panels record them (shares rounded to 4 decimals, gaps to whole
currency units; ``rounded`` rounds as ``DataFrame.round`` does), so a quoted row and the same row in a
panel never conflict when the build merges them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

SHARE_DECIMALS = 4   # shares (percent) as every section records them in key_figures.csv


class Quote(NamedTuple):
    """One number a paragraph prints, as a key_figures.csv row, with the text it is printed as."""
    indicator: str
    reporter: str
    partner: str
    flow: str
    period: str
    value: object
    unit: str
    shown: str | None = None   # the number as the text prints it ("20.1%", "US$320 billion"); None: said in words
    product: str = "TOTAL"
    id: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str
    quotes: tuple[Quote, ...] = field(default_factory=tuple)
    constants: tuple[float, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.text)

    def __str__(self) -> str:
        return self.text

    def __add__(self, other: Paragraph) -> Paragraph:
        """Two paragraphs run together as one (a space between)."""
        return join(self, other)

    def record(self, kf) -> None:
        """Add each quoted number to the key figures (a ``KeyFigures``) as a headline."""
        record(kf, self)


EMPTY = Paragraph("")


def join(*paragraphs: Paragraph, sep: str = " ") -> Paragraph:
    """Paragraphs run together into one (empty ones left out), with all their quotes and constants."""
    kept = [p for p in paragraphs if p]
    return Paragraph(sep.join(p.text for p in kept), tuple(q for p in kept for q in p.quotes),
                     tuple(c for p in kept for c in p.constants))


def numbered(items: list[Paragraph]) -> Paragraph:
    """A numbered markdown list of the non-empty items ("1. ...")."""
    kept = [p for p in items if p]
    return Paragraph("\n".join(f"{i}. {p.text}" for i, p in enumerate(kept, 1)), tuple(q for p in kept for q in p.quotes),
                     tuple(c for p in kept for c in p.constants))


def rounded(value, digits: int) -> float:
    """A figure rounded as ``DataFrame.round`` rounds it (NumPy), so that a value a notebook also records from a
    frame (``KeyFigures.add_frame``) is the same number, not one that differs in the last digit."""
    return float(np.round(float(value), digits))


def tell(kf, *paragraphs: Paragraph) -> None:
    """Show each paragraph's text in the notebook and record the figures it quotes (``record``); a paragraph
    without text (a table's figures) is recorded only."""
    from tradebrief.notebook import say
    for p in paragraphs:
        if p.text:
            say(p.text)
        record(kf, p)


def record(kf, *paragraphs: Paragraph) -> None:
    """Record the quotes of ``paragraphs`` in the key-figures file (``KeyFigures``) as headlines."""
    for p in paragraphs:
        for q in p.quotes:
            kf.add(q.indicator, q.reporter, q.partner, q.flow, q.period, q.value, q.unit, product=q.product, id=q.id,
                   headline=True)


def pair_trade(a: str, b: str, capital: bool = False) -> str:
    """"Japan–China trade"; with a name that takes an article, "trade between the United States and China"
    ("the United States–China trade" reads as if the article belonged to the pair)."""
    from tradebrief.names import name, the
    if the(a) == name(a) and the(b) == name(b):
        return f"{name(a)}–{name(b)} trade"
    text = f"trade between {the(a)} and {the(b)}"
    return text[:1].upper() + text[1:] if capital else text


def unquoted(frame, paragraphs, indicator: str, keys: tuple[str, ...] = ("flow", "period")):
    """The rows of ``frame`` that the paragraphs do not quote as ``indicator`` (matched on ``keys``, columns of the
    frame and fields of ``Quote``): the rest of a panel, recorded without the headline mark, so that a notebook's
    key-figures file holds each figure once."""
    quoted = {tuple(str(getattr(q, k)) for k in keys) for p in paragraphs for q in p.quotes if q.indicator == indicator}
    mask = [tuple(str(v) for v in row) not in quoted for row in frame[list(keys)].itertuples(index=False)]
    return frame[mask]
