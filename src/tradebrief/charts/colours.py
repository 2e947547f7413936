"""Which colour each country's series takes, the same in every figure of one briefing.

The briefing's three roles keep one colour each in every chart: the **reporter**, the **partner** and the
**comparison** (``ROLE_COLOURS``). Every other country takes a colour of ``OTHER_COLOURS``, a palette that
holds none of the role colours and none close to them (tests/test_charts.py measures the CIE Lab distance of
every pair), in the order of its trade with the reporter over the briefing's years: the largest partner
that has no role gets the first colour, the next the second, and so on. Every notebook of a briefing loads
the same data with the same parameters, so a country has the same colour in every figure. Past the palette's
length the colours repeat with a dashed, then a dash-dotted line, so the largest 21 partners are each drawn
differently; a country with no rank (an area that is not a country, or one without trade in those years)
takes a colour from its code (CRC-32, the same in every process, unlike Python's ``hash``).

``assign_roles`` sets this up; ``tradebrief.notebook.open_briefing`` calls it. Lines that are not countries
(product groups, the two sides of a mirror comparison) take ``OTHER_COLOURS`` in order, so the role colours
mark the roles' countries and nothing else among the lines; bars keep their own two-colour code (flows,
and bars that meet a test against the rest).
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass

from tradebrief.charts.style import HOUSE

ROLE_COLOURS = {"reporter": "#6c3483", "partner": "#c0392b", "comparison": "#1f4e79"}
OTHER_COLOURS = ["#2ca02c", "#ff7f00", "#17becf", "#e7298a", "#8c564b", "#b7950b", "#7f7f7f"]
OTHER_LINESTYLES = ["-", (0, (5, 2)), (0, (6, 2, 1.5, 2))]   # solid, dashed, dash-dotted
FLOW_COLORS = {"export": HOUSE[0], "import": HOUSE[1], "balance": "#222222"}
HIGHLIGHT, PLAIN = HOUSE[1], HOUSE[0]   # bar charts: bars that meet a test, and the rest


@dataclass(frozen=True)
class SeriesStyle:
    color: str
    linestyle: object = "-"


_roles: dict[str, str] = {}     # country code -> role
_ranks: dict[str, int] = {}     # country code without a role -> its place among them by trade with the reporter


def assign_roles(reporter: str | None = None, partner: str | None = None, comparison: str | None = None,
                 trade=None, years: tuple[int, int] | None = None) -> None:
    """Set the briefing's roles, and rank the other countries by their trade with ``reporter`` in ``trade``
    (the briefing's trade table) over ``years``. Called with nothing, forgets both."""
    _roles.clear()
    _ranks.clear()
    for role, code in (("reporter", reporter), ("partner", partner), ("comparison", comparison)):
        if code and code not in _roles:   # a code in two roles keeps the first
            _roles[str(code)] = role
    if trade is not None and reporter:
        others = [c for c in partners_by_trade(trade, reporter, years) if c not in _roles]
        _ranks.update({code: i for i, code in enumerate(others)})


def roles() -> dict[str, str]:
    """The roles set by ``assign_roles``: code -> "reporter", "partner" or "comparison"."""
    return dict(_roles)


def partners_by_trade(trade, reporter: str, years: tuple[int, int] | None = None) -> list[str]:
    """The reporter's partner countries, largest first by exports plus imports of all goods in ``years``
    (annual data, in the currency that holds most of the reporter's rows; ties in code order)."""
    from tradebrief.countries import is_country
    from tradebrief.schema import TOTAL
    t = trade[(trade["reporter"] == reporter) & (trade["frequency"] == "A") & (trade["product"] == TOTAL)
              & trade["flow"].isin(["export", "import"])]
    if years is not None:
        t = t[t["period"].astype(str).str.slice(0, 4).astype(int).between(*years)]
    if t.empty:
        return []
    t = t[t["currency"] == t["currency"].astype(str).value_counts().idxmax()]
    sums = t.assign(partner=t["partner"].astype(str)).groupby("partner")["value"].sum()
    sums = sums[[is_country(c) for c in sums.index]]
    return [code for code, _ in sorted(sums.items(), key=lambda kv: (-kv[1], kv[0]))]


def is_code(key) -> bool:
    """A series key that is a country or area code ("CHN", "EU", "WLD") rather than a name."""
    return isinstance(key, str) and key.isupper() and 2 <= len(key) <= 3


def country_style(code: str) -> SeriesStyle:
    """The colour and line of a country's series in every chart of this briefing."""
    if code in _roles:
        return SeriesStyle(ROLE_COLOURS[_roles[code]])
    rank = _ranks.get(code)
    if rank is None:
        return SeriesStyle(OTHER_COLOURS[zlib.crc32(code.encode()) % len(OTHER_COLOURS)])
    n = len(OTHER_COLOURS)
    return SeriesStyle(OTHER_COLOURS[rank % n], OTHER_LINESTYLES[(rank // n) % len(OTHER_LINESTYLES)])


def series_style(key, position: int) -> SeriesStyle:
    """A line's style: a country's own (``country_style``), else the colour at ``position`` of ``OTHER_COLOURS``."""
    return country_style(key) if is_code(key) else SeriesStyle(OTHER_COLOURS[position % len(OTHER_COLOURS)])
