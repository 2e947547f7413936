"""Bar charts: horizontal bars by category, and grouped bars with a line (exports, imports and the balance)."""
from __future__ import annotations

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from tradebrief.charts.colours import FLOW_COLORS, HIGHLIGHT, PLAIN
from tradebrief.charts.display import remakeable
from tradebrief.charts.frame import finish, legend_above
from tradebrief.charts.numbers import value_text
from tradebrief.charts.style import TICK_PT, WIDTH_IN, is_narrow, new_figure, wrap_to_width
from tradebrief.charts.ticks import annual_axis, exact_axis

BAR_LEGEND_PT = 8


@remakeable
def bar_chart(df: pd.DataFrame, x: str, y: str, *, title: str, xlabel: str, source: str,
              highlight: dict[str, str] | None = None, vline: float | None = None, percent: bool = False,
              highlight_label: str | None = None, plain_label: str | None = None, vline_label: str | None = None,
              width: float = WIDTH_IN):
    """Horizontal bars, largest first as given: ``y`` = category, ``x`` = value; ``highlight`` colours some bars.
    A key above the plot names the highlight colour, only when some bar has it, and the dashed line at
    ``vline``. On a narrow figure long category names wrap onto two or three lines."""
    categories = df[y].astype(str).tolist()
    fig, ax = new_figure(width, max(2.6, 0.28 * len(categories) + 1.4))
    labels = categories
    plot_in = None
    if is_narrow(fig):
        labels = [wrap_to_width(fig, c, 0.42 * width * 72, TICK_PT) for c in categories]
        lines = max((label.count("\n") + 1 for label in labels), default=1)
        plot_in = max(1.3, len(labels) * (lines * TICK_PT * 1.2 + 7) / 72)   # two bars still get a plot, not a strip
    colors = [(highlight or {}).get(c, PLAIN) for c in categories]
    positions = list(range(len(categories)))
    ax.barh(positions, df[x], color=colors)
    ax.set_yticks(positions, labels=labels)
    ax.invert_yaxis()
    handles = []
    if highlight_label and HIGHLIGHT in colors:
        handles.append(Patch(color=HIGHLIGHT, label=highlight_label))
        if plain_label and PLAIN in colors:
            handles.append(Patch(color=PLAIN, label=plain_label))
    if vline is not None:
        ax.axvline(vline, color=HIGHLIGHT, linestyle="--", linewidth=1)
        if vline_label:
            handles.append(Line2D([], [], color=HIGHLIGHT, linestyle="--", linewidth=1, label=vline_label))
    # above the plot, under the title: never over a bar or the threshold line
    rows = legend_above(ax, handles=handles, size=BAR_LEGEND_PT, handle_em=1.6, most=len(handles)) if handles else 0
    suffix = "%" if percent else ""
    exact_axis(ax.xaxis, suffix, nbins=4 if is_narrow(fig) else 6)
    ax.set_ylabel("")
    finish(fig, ax, title, source, "", xlabel, legend_rows=rows, plot_in=plot_in, legend_pt=BAR_LEGEND_PT + 1)
    # highest and lowest by value: a caller may order the bars by something else (e.g. by flow)
    first, lastrow = df.loc[df[x].idxmax()], df.loc[df[x].idxmin()]
    fig._tb_alt = (f"{title}. Highest: {first[y]} at {value_text(first[x], suffix)}; lowest shown: "
                   f"{lastrow[y]} at {value_text(lastrow[x], suffix)}.")
    return fig


@remakeable
def bars_and_line(df: pd.DataFrame, x: str, bars: list[str], line: str, *, title: str, ylabel: str, source: str,
                  labels: dict[str, str], colors: dict[str, str] | None = None, width: float = WIDTH_IN):
    """Grouped bars (e.g. exports and imports) with a line (e.g. the balance); ``x`` holds years."""
    colors = colors or FLOW_COLORS
    fig, ax = new_figure(width, 3.6)
    n = len(bars)
    bar_w = 0.8 / n
    xs = df[x].astype(int).tolist()
    for i, b in enumerate(bars):
        ax.bar([v + (i - (n - 1) / 2) * bar_w for v in xs], df[b], width=bar_w, label=labels[b], color=colors[b])
    ax.plot(xs, df[line], color=colors[line], marker="o", markersize=3, linewidth=2, label=labels[line])
    ax.axhline(0, color="#333333", linewidth=0.8)
    annual_axis(ax, xs, narrow=is_narrow(fig))
    exact_axis(ax.yaxis)
    # the value axis ends on labelled ticks, so a balance below zero always has a negative tick to read it by
    lo, hi = ax.get_ylim()
    ticks = ax.yaxis.get_major_locator().tick_values(lo, hi)
    ax.set_ylim(max([t for t in ticks if t <= lo], default=lo), min([t for t in ticks if t >= hi], default=hi))
    rows = legend_above(ax, n + 1)
    finish(fig, ax, title, source, ylabel, legend_rows=rows)
    r = df.iloc[-1]
    fig._tb_alt = (f"{title}. In {r[x]}: " + ", ".join(f"{labels[c]} {value_text(r[c])} {ylabel}" for c in [*bars, line]) + ".")
    return fig
