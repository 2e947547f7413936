"""The house style: one theme, the type sizes, and the two widths every chart is laid out at.

A chart is laid out twice (``tradebrief.charts.display``): at ``WIDTH_IN``, the width of the printed page and
of a laptop's reading column, and at ``NARROW_IN`` for phones. The narrow figure keeps the same type sizes in
points, so shown at a phone's width its smallest text (``SMALL_PT``) is as large as on paper, instead of a
7-inch picture shrunk to about half.

Figures are made without pyplot (``new_figure``): a figure on its own Agg canvas, so importing or using this
package never chooses or switches matplotlib's backend for the user's session.
"""
from __future__ import annotations

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

FONT = "DejaVu Sans"
WIDTH_IN = 7.0     # print and wide screens
NARROW_IN = 3.6    # phones: see display.PHONE_MEDIA for the screens that get this layout
TITLE_PT, LABEL_PT, TICK_PT, LEGEND_PT = 12, 10, 9, 9
SMALL_PT = 7.5     # the smallest text of any chart: source line, event markers and their key
# The series palette: non-country series (product groups, flows) take it in order. Countries take their
# colours from ``tradebrief.charts.colours``.
HOUSE = ["#1f4e79", "#c0392b", "#2e8b57", "#d68910", "#8e44ad", "#16a085", "#7f8c8d", "#34495e", "#b7950b", "#555555"]


def use_house_style() -> None:
    """Seaborn theme, SVG output in notebooks, fonts that print well."""
    import seaborn as sns
    sns.set_theme(style="whitegrid", context="notebook", font=FONT, rc={
        "axes.spines.top": False, "axes.spines.right": False, "axes.titleweight": "bold", "axes.titlesize": TITLE_PT,
        "axes.titlelocation": "left", "axes.labelsize": LABEL_PT, "xtick.labelsize": TICK_PT, "ytick.labelsize": TICK_PT,
        "legend.fontsize": LEGEND_PT, "legend.frameon": False, "figure.dpi": 110, "savefig.dpi": 220,
        "text.parse_math": False,   # "US$ bn" and two amounts in a title are text, not mathtext
        "svg.fonttype": "path", "svg.hashsalt": "tradebrief", "grid.color": "#e3e3e3", "axes.prop_cycle": matplotlib.cycler(color=HOUSE),
    })
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
        set_matplotlib_formats("svg")
    except ImportError:  # outside IPython
        pass


def new_figure(width: float, height: float) -> tuple[Figure, object]:
    """A figure of ``width`` × ``height`` inches with one axes, drawn on an Agg canvas of its own (not pyplot's)."""
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def is_narrow(fig) -> bool:
    return fig.get_figwidth() < WIDTH_IN - 1e-9


def text_width_pt(fig, text: str, size: float, bold: bool = False) -> float:
    """The width of one line of ``text`` at ``size`` points, as the figure's renderer draws it."""
    props = FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")
    w, _, _ = fig.canvas.get_renderer().get_text_width_height_descent(text, props, ismath=False)
    return w * 72 / fig.dpi


def wrap_to_width(fig, text: str, width_pt: float, size: float, bold: bool = False) -> str:
    """``text`` broken between words into lines no wider than ``width_pt``; a word wider than that (a file path in
    a source line) is broken after a "/" or "_" inside it, else keeps a line of its own.

    Measured with the renderer rather than ``textwrap``'s character count, because a line of capitals and one
    of digits differ in width by a third."""
    import re
    pieces: list[tuple[str, str]] = []   # (text, what joins it to the piece before: " " or "")
    for word in text.split(" "):
        parts = [word] if text_width_pt(fig, word, size, bold) <= width_pt else re.findall(r"[^/_]*[/_]|[^/_]+$", word)
        pieces += [(part, " " if i == 0 else "") for i, part in enumerate(parts)]
    lines: list[str] = []
    for part, join in pieces:
        if lines and text_width_pt(fig, lines[-1] + join + part, size, bold) <= width_pt:
            lines[-1] += join + part
        else:
            lines.append(part)
    return "\n".join(lines)
