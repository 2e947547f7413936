"""A paragraph of the briefing: its text and the key figures it quotes.

Every prose function returns a ``Paragraph``: the markdown a notebook shows, and one ``Quote`` per number
the text prints (indicator, reporter, partner, flow, period, value, unit, and the number as printed). The
notebook shows the text and records exactly those rows in key_figures.csv with ``headline = yes``
(``Paragraph.record``), so "every number the prose quotes is a headline key figure" holds by
construction; the tests check the other direction — every number printed in a paragraph is the
``shown`` form of one of its quotes, a year of the briefing or a parameter — on hand-made and drawn frames.

Values are recorded as the sections' full panels record them (shares rounded to 4 decimals, gaps to whole
currency units), so a quoted row and the same row in a panel never conflict when the build merges them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

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


@dataclass(frozen=True)
class Paragraph:
    text: str
    quotes: tuple[Quote, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.text)

    def __str__(self) -> str:
        return self.text

    def record(self, kf) -> None:
        """Add each quoted number to the key figures (a ``KeyFigures``) as a headline."""
        for q in self.quotes:
            kf.add(q.indicator, q.reporter, q.partner, q.flow, q.period, q.value, q.unit, product=q.product, headline=True)


EMPTY = Paragraph("")


def join(*paragraphs: Paragraph, sep: str = " ") -> Paragraph:
    """Paragraphs run together into one (empty ones left out), with all their quotes."""
    kept = [p for p in paragraphs if p]
    return Paragraph(sep.join(p.text for p in kept), tuple(q for p in kept for q in p.quotes))


def numbered(items: list[Paragraph]) -> Paragraph:
    """A numbered markdown list of the non-empty items ("1. ...")."""
    kept = [p for p in items if p]
    return Paragraph("\n".join(f"{i}. {p.text}" for i, p in enumerate(kept, 1)), tuple(q for p in kept for q in p.quotes))
