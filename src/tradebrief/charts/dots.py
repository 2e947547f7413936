"""Ranked dot plots: one dot per economy at its rank, so that where one country stands among all of them is seen
at a glance, with the reporter and a few peers marked and named."""
from __future__ import annotations

import matplotlib.ticker as mticker
import pandas as pd
from matplotlib.lines import Line2D

from tradebrief.charts.colours import ROLE_COLOURS
from tradebrief.charts.display import remakeable
from tradebrief.charts.frame import finish, legend_above
from tradebrief.charts.numbers import value_text
from tradebrief.charts.style import SMALL_PT, WIDTH_IN, is_narrow, new_figure
from tradebrief.charts.ticks import exact_axis

PEER_COLOUR = "#333333"


@remakeable
def ranked_dots(df: pd.DataFrame, rank: str, value: str, code: str, *, title: str, xlabel: str, ylabel: str, source: str,
                value_label: str, other: str | None = None, other_label: str = "", reporter: str | None = None,
                peers: list[str] | tuple = (), width: float = WIDTH_IN):
    """``value`` of each row (an economy, ``code``) at its ``rank`` in the partner's colour and, when given, ``other``
    at the same rank in the comparison's colour; the ``reporter``'s dot is ringed in its colour and the ``peers``'
    in grey, each named beside it. Values are percentages."""
    from tradebrief.names import name
    d = df.sort_values([rank, code]).reset_index(drop=True)
    fig, ax = new_figure(width, 3.8)
    size = 9 if len(d) > 60 else 18
    ax.scatter(d[rank], d[value], s=size, color=ROLE_COLOURS["partner"], zorder=3, linewidths=0)
    if other is not None:
        ax.scatter(d[rank], d[other], s=size, color=ROLE_COLOURS["comparison"], zorder=2, linewidths=0, alpha=0.75)
    handles = [Line2D([], [], marker="o", linestyle="", color=ROLE_COLOURS["partner"], label=value_label)]
    if other is not None:
        handles.append(Line2D([], [], marker="o", linestyle="", color=ROLE_COLOURS["comparison"], label=other_label))
    marked = [(c, ROLE_COLOURS["reporter"]) for c in [reporter] if c] + [(c, PEER_COLOUR) for c in peers if c != reporter]
    by_code = d.set_index(code)
    step = 0
    for c, colour in marked:
        if c not in by_code.index:
            continue
        r = by_code.loc[c]
        ax.scatter([r[rank]], [r[value]], s=70, facecolors="none", edgecolors=colour, linewidths=1.4, zorder=4)
        # names go up and to the right, where the falling row of dots leaves room, each a step higher than the last
        right = r[rank] <= 0.8 * len(d)   # near the right edge a name goes to the left instead, inside the plot
        ax.annotate(name(c), (r[rank], r[value]), xytext=(6 if right else -6, 8 + 9 * (step % 3)), textcoords="offset points",
                    ha="left" if right else "right", fontsize=SMALL_PT + 0.5, color=colour,
                    fontweight="bold" if colour != PEER_COLOUR else "normal",
                    arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.6}, zorder=5)
        step += 1
    if reporter and reporter in by_code.index:
        handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="none", markeredgecolor=ROLE_COLOURS["reporter"],
                              markersize=8, label=name(reporter)))
    if any(c in by_code.index for c, colour in marked if colour == PEER_COLOUR):
        handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="none", markeredgecolor=PEER_COLOUR,
                              markersize=8, label="largest importers"))
    ax.set_xlim(0.5 - 0.01 * len(d), len(d) + 0.5 + 0.01 * len(d))
    ax.xaxis.set_major_locator(mticker.MaxNLocator(nbins=5 if is_narrow(fig) else 10, integer=True, steps=[1, 2, 5, 10]))
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else ""))
    top = max(d[value].max(), d[other].max() if other is not None else 0)
    ax.set_ylim(0, top * 1.25 if top > 0 else 1)   # room above the highest dot for the names
    exact_axis(ax.yaxis, "%", nbins=4 if is_narrow(fig) else 6)
    rows = legend_above(ax, handles=handles, most=len(handles))
    finish(fig, ax, title, source, ylabel, xlabel, legend_rows=rows)
    first, last = d.iloc[0], d.iloc[-1]
    alt = (f"{title}. Highest: {name(first[code])} at {value_text(first[value], '%')}; lowest: {name(last[code])} at "
           f"{value_text(last[value], '%')}.")
    shown = [f"{name(c)} ranks {int(by_code.loc[c, rank])} at {value_text(by_code.loc[c, value], '%')}"
             for c, _ in marked if c in by_code.index]
    fig._tb_alt = alt + (" Marked: " + "; ".join(shown) + "." if shown else "")
    return fig
