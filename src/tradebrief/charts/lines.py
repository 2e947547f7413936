"""Line charts: one line per series (partners shown by name in their briefing colours), with events marked."""
from __future__ import annotations

import matplotlib.ticker as mticker
import pandas as pd

from tradebrief.charts.colours import is_code, series_style
from tradebrief.charts.display import remakeable
from tradebrief.charts.events import event_numbers, place_events
from tradebrief.charts.frame import finish, legend_above, relayout
from tradebrief.charts.numbers import value_text
from tradebrief.charts.style import WIDTH_IN, new_figure
from tradebrief.charts.ticks import NICE_STEPS, ExactFormatter, annual_axis, exact_axis, monthly_axis


def series_label(key) -> str:
    """A series' name in the legend: a country or area code as its name, anything else as given."""
    from tradebrief.countries import display_name
    return display_name(key) if is_code(key) else str(key)


@remakeable
def line_chart(df: pd.DataFrame, x: str, y: str, hue: str, *, title: str, ylabel: str, source: str,
               events: list[tuple] | None = None, percent: bool = False, height: float = 3.6, unit: str = "",
               width: float = WIDTH_IN):
    """Lines per ``hue`` (partner codes are shown as names and in their colours, ``tradebrief.charts.colours``);
    ``events`` = [(x, label)] are marked with a dotted line ending in a number above the data, the labels
    listed by number under the plot. ``unit`` follows values in the alt text (the y label when not given)."""
    fig, ax = new_figure(width, height)
    narrow = width < WIDTH_IN
    groups = list(df.sort_values(x).groupby(hue, sort=False))
    for i, (key, g) in enumerate(groups):
        style = series_style(str(key), i)
        ax.plot(g[x], g[y], marker="o", markersize=3, linewidth=2, color=style.color, linestyle=style.linestyle,
                label=series_label(key))
    # the alt text reads every line at the latest period they all reach, so no value is dated wrongly
    at = min((g[x].iloc[-1] for _, g in groups), default="")
    last = [(series_label(key), g.loc[g[x] <= at, y].iloc[-1], at) for key, g in groups if (g[x] <= at).any()]
    suffix = "%" if percent else ""
    exact_axis(ax.yaxis, suffix)
    if pd.api.types.is_datetime64_any_dtype(df[x]):
        monthly_axis(ax, df[x], narrow=narrow)
    elif all(float(v).is_integer() for v in df[x]):
        annual_axis(ax, df[x], narrow=narrow)
    else:
        ax.xaxis.set_major_locator(mticker.MaxNLocator(nbins=5 if narrow else 10, steps=NICE_STEPS))
        ax.xaxis.set_major_formatter(ExactFormatter())
        if df[x].min() < df[x].max():
            ax.set_xlim(float(df[x].min()), float(df[x].max()))
    rows = legend_above(ax, len(groups))
    markers, key = event_numbers(events or [])
    finish(fig, ax, title, source, ylabel, legend_rows=rows, key=key)
    place_events(fig, ax, markers, float(df[y].max()), relayout)
    at = at.strftime("%b %Y") if hasattr(at, "strftime") else str(at)
    ordered = sorted(last, key=lambda t: -t[1])
    if unit or percent:
        reading = ", ".join(f"{lbl} {value_text(v, suffix)}{(' ' + unit) if unit else ''}" for lbl, v, _ in ordered)
        fig._tb_alt = f"{title}. In {at}: {reading}."
    else:
        fig._tb_alt = f"{title}. In {at}, {ylabel}: " + ", ".join(f"{lbl} {value_text(v)}" for lbl, v, _ in ordered) + "."
    if key:
        fig._tb_alt += " Marked on the chart: " + "; ".join(label for _, label in key) + "."
    return fig
