"""A paragraph of the briefing together with the key figures it quotes.

Every prose function of the sections returns a ``Paragraph``: its ``text`` and, as ``figures``, the rows of
``key_figures.csv`` whose values the text quotes. The notebook shows the text and records exactly those rows
with ``headline = yes`` (``record``), so "every number the prose quotes is in key_figures" holds by
construction. ``constants`` lists the numbers the text states that are not data: the briefing's parameters
(the share and HHI thresholds) and the method's fixed tolerances. The tests extract every number from the
text and find each among the figures (at the precision printed), the constants or the briefing's years
(tests/prose_numbers.py), so a sentence that quotes a number without declaring it fails.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Figure:
    """One row of key_figures.csv (columns as in ``tradebrief.report.keyfigures``)."""
    indicator: str
    reporter: str
    partner: str
    flow: str
    period: str
    value: object
    unit: str
    product: str = "TOTAL"
    id: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str
    figures: tuple[Figure, ...] = field(default_factory=tuple)
    constants: tuple[float, ...] = field(default_factory=tuple)

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    def __add__(self, other: Paragraph) -> Paragraph:
        """Two paragraphs run together as one (a space between)."""
        if not other:
            return self
        if not self:
            return other
        return Paragraph(f"{self.text} {other.text}", self.figures + other.figures, self.constants + other.constants)


EMPTY = Paragraph("")


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
    """Record the figures of ``paragraphs`` in the key-figures file (``KeyFigures``) as headlines."""
    for p in paragraphs:
        for f in p.figures:
            kf.add(f.indicator, f.reporter, f.partner, f.flow, f.period, f.value, f.unit, product=f.product, id=f.id,
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
    frame and fields of ``Figure``): the rest of a panel, recorded without the headline mark, so that a notebook's
    key-figures file holds each figure once."""
    quoted = {tuple(str(getattr(f, k)) for k in keys) for p in paragraphs for f in p.figures if f.indicator == indicator}
    mask = [tuple(str(v) for v in row) not in quoted for row in frame[list(keys)].itertuples(index=False)]
    return frame[mask]
