"""Events on a line chart, placed clear of each other and of the data.

Each event is a dotted line at its x ending in a numbered marker in a band above the data; markers that
would touch drop to a lower row of the band, and the y axis is raised until the band is clear of the data.
The full labels are listed by number in a key under the plot (``layout_key`` / ``draw_key``), where they have
room; a label moves to the next row of the key rather than being split.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

from tradebrief.charts.style import SMALL_PT, text_width_pt
from tradebrief.charts.ticks import x_number

EVENT_FONT = SMALL_PT
INK = "#333333"


def badge(number: str) -> dict:
    """The numbered marker's box, the same on the plot and in the key, so the eye pairs them."""
    return {"boxstyle": ("circle" if len(number) == 1 else "round") + ",pad=0.25", "fc": "white", "ec": "#666666", "lw": 0.8}


def event_numbers(events: list[tuple]) -> tuple[list[tuple], list[tuple[str, str]]]:
    """Events numbered in order along the x axis: the markers (x, number) and the key (number, label).
    Events at the same x share one marker ("1,2")."""
    ordered = sorted(events, key=lambda e: x_number(e[0]))
    markers: list[tuple] = []
    for n, (xv, _) in enumerate(ordered, start=1):
        if markers and x_number(markers[-1][0]) == x_number(xv):
            markers[-1] = (xv, f"{markers[-1][1]},{n}")
        else:
            markers.append((xv, str(n)))
    return markers, [(str(n), label) for n, (_, label) in enumerate(ordered, start=1)]


@dataclass
class KeyLayout:
    """The key's entries in rows: (number, label with its line breaks, left edge in points) per entry."""
    rows: list[list[tuple[str, str, float]]]
    row_heights: list[float]

    @property
    def height(self) -> float:
        return sum(self.row_heights) + 4 if self.rows and self.rows[0] else 0.0


def layout_key(fig, key: list[tuple[str, str]]) -> KeyLayout:
    """Rows of the key across the figure's width. A label moves to the next row rather than being split;
    only one too long for a whole row is wrapped."""
    fig_w = fig.get_figwidth() * 72
    left, right, gap, line_pt = 0.01 * fig_w + 4, fig_w - 8, 14.0, EVENT_FONT * 1.3
    rows: list[list[tuple[str, str, float]]] = [[]]
    x = left
    for number, label in key:
        lead = text_width_pt(fig, number, EVENT_FONT) + EVENT_FONT + 4
        label_w = text_width_pt(fig, label, EVENT_FONT)
        if lead + label_w > right - left:
            chars = max(10, int(len(label) * (right - left - lead) / label_w))
            label = "\n".join(textwrap.wrap(label, width=chars))
            label_w = max(text_width_pt(fig, part, EVENT_FONT) for part in label.split("\n"))
        if rows[-1] and x + lead + label_w > right:
            rows.append([])
            x = left
        rows[-1].append((number, label, x))
        x += lead + label_w + gap
    heights = [max(label.count("\n") + 1 for _, label, _ in row) * line_pt + 5 for row in rows if row]
    return KeyLayout(rows if key else [], heights)


def draw_key(fig, layout: KeyLayout, bottom_pt: float) -> None:
    """Draw the key laid out by ``layout_key`` with its lower edge ``bottom_pt`` above the figure's foot."""
    fig_w, fig_h = fig.get_figwidth() * 72, fig.get_figheight() * 72
    line_pt = EVENT_FONT * 1.3
    texts = []
    top = bottom_pt + layout.height
    for row, row_h in zip(layout.rows, layout.row_heights):
        y = (top - 2.5 - line_pt / 2) / fig_h   # centre of the row's first line
        for number, label, x in row:
            nw = text_width_pt(fig, number, EVENT_FONT)
            mark = fig.text((x + nw / 2) / fig_w, y, number, ha="center", va="center", fontsize=EVENT_FONT,
                            color=INK, bbox=badge(number))
            text = fig.text((x + nw + EVENT_FONT + 2) / fig_w, (top - 2.5) / fig_h, label, ha="left", va="top",
                            fontsize=EVENT_FONT, color=INK, linespacing=1.3)
            texts.append((mark, text))
        top -= row_h
    fig._tb_event_key = texts


def row_is_free(placed, row: int, centre: float, half: float, lines_too: bool = True) -> bool:
    """A marker fits in ``row`` if it touches no marker there and, with ``lines_too``, sits on no other
    event's line (a line runs down from its own marker) and no other marker sits on its line."""
    for r, c, h in placed:
        if r == row and abs(c - centre) < h + half + 2:
            return False
        if lines_too and ((r < row and abs(c - centre) < half + 1) or (r > row and abs(c - centre) < h + 1)):
            return False
    return True


def place_events(fig, ax, markers: list[tuple], data_top: float, relayout=None) -> None:
    """A dotted line at each event ending in its numbered marker, in a band above the data.

    Markers sit centred on their own line; one that would touch a neighbour, or sit on another
    event's line, drops to a lower row of the band. The y axis is raised until the band is clear
    of the data, and the full labels are in the key under the plot, where they have room. ``relayout(fig)``
    fits the plot again once the y axis has grown (its tick labels may have changed width)."""
    if not markers:
        return
    fig.canvas.draw()
    x0, x1 = ax.get_xlim()
    width_pt = ax.get_window_extent().width * 72 / fig.dpi
    row_pt = EVENT_FONT * 1.25 + 6
    placed = []  # (row, centre_pt, half_width_pt)
    for xv, number in markers:
        xp = (x_number(xv) - x0) / (x1 - x0) * width_pt
        half = (text_width_pt(fig, number, EVENT_FONT) if len(number) > 1 else EVENT_FONT * 1.1) / 2 + EVENT_FONT * 0.3
        row = next((r for r in range(8) if row_is_free(placed, r, xp, half)), None)
        if row is None:   # two events closer than a marker's width: only keep the markers apart
            row = next(r for r in range(len(placed) + 1) if row_is_free(placed, r, xp, half, lines_too=False))
        placed.append((row, xp, half))
    band_pt = (1 + max(r for r, _, _ in placed)) * row_pt + 2
    lo, hi = ax.get_ylim()
    lines = []
    for (xv, number), (row, _, _) in zip(markers, placed):
        line = ax.axvline(xv, color="#8a8a8a", linestyle=":", linewidth=1.1, zorder=1)
        mark = ax.annotate(number, xy=(xv, 1.0), xycoords=("data", "axes fraction"), xytext=(0, -2 - row * row_pt - row_pt / 2),
                           textcoords="offset points", ha="center", va="center", fontsize=EVENT_FONT, color=INK,
                           bbox=badge(number), zorder=5, annotation_clip=False)
        lines.append((line, row, mark, xv))

    def fit():
        fig.canvas.draw()
        height_pt = ax.get_window_extent().height * 72 / fig.dpi
        # 4 pt more than the band, so a line's point markers stay clear of the markers too
        top = lo + (data_top - lo) * height_pt / max(height_pt - band_pt - 4, height_pt * 0.35)
        ax.set_ylim(lo, max(hi, top))
        for line, row, _, _ in lines:
            line.set_ydata([0, 1 - (2 + row * row_pt + row_pt / 2) / height_pt])
    fit()
    if relayout is not None:
        relayout(fig)
    else:
        fig.tight_layout(rect=getattr(fig, "_tb_rect", (0, 0, 1, 1)))
    fit()
    fig._tb_event_markers = [(xv, mark) for _, _, mark, xv in lines]
