"""Axes a reader can trust: tick labels that are exact and distinct, and x axes that span the data and no more.

``ExactFormatter`` shows as many decimals as the ticks need (7.5 reads 7.5, not 8), never two equal labels;
year and month axes put ticks at data periods only, fewer of them on a narrow (phone) figure, so the labels
never crowd at the larger relative type size.
"""
from __future__ import annotations

import math

import matplotlib.dates as mdates
import matplotlib.ticker as mticker
import pandas as pd

from tradebrief.charts.numbers import minus

NICE_STEPS = [1, 2, 2.5, 5, 10]


def decimals_for(values) -> int:
    """Fewest decimals (0-6) at which every value prints exactly and no two print alike."""
    vals = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    for d in range(7):
        texts = [f"{v:.{d}f}" for v in vals]
        if all(abs(float(t) - v) <= 1e-9 * max(1.0, abs(v)) for t, v in zip(texts, vals)) and len(set(texts)) == len(texts):
            return d
    return 6


class ExactFormatter(mticker.Formatter):
    """Tick labels with as many decimals as the ticks need (7.5 reads 7.5, not 8), thousands separated."""

    def __init__(self, suffix: str = ""):
        self.suffix = suffix
        self.digits = 0

    def set_locs(self, locs):
        super().set_locs(locs)
        lo, hi = self.axis.get_view_interval() if self.axis is not None else (min(locs, default=0), max(locs, default=0))
        shown = [v for v in locs if min(lo, hi) - 1e-12 <= v <= max(lo, hi) + 1e-12]
        self.digits = decimals_for(shown)

    def __call__(self, x, pos=None):
        if abs(x) < 10 ** -(self.digits + 3):
            x = 0.0
        return minus(f"{x:,.{self.digits}f}{self.suffix}")   # "−20%" with a true minus, as in the text and tables


def exact_axis(axis, suffix: str = "", nbins: int = 6) -> None:
    axis.set_major_locator(mticker.MaxNLocator(nbins=nbins, steps=NICE_STEPS))
    axis.set_major_formatter(ExactFormatter(suffix))


def year_ticks(first: int, last: int, max_ticks: int = 10) -> list[int]:
    """Ticks at data years only, every year or every 2nd, 5th, 10th … year, at most ``max_ticks``."""
    for step in (1, 2, 5, 10, 20, 50, 100):
        ticks = [y for y in range(first, last + 1) if y % step == 0]
        if len(ticks) <= max_ticks:
            return ticks or [first]
    return [first, last]


def annual_axis(axis_owner, years, narrow: bool = False) -> None:
    """An x axis of whole years: ticks at data years only, limits half a year beyond the first and last."""
    years = sorted({int(y) for y in years})
    axis_owner.set_xticks(year_ticks(years[0], years[-1], max_ticks=5 if narrow else 10))
    axis_owner.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:.0f}"))
    axis_owner.set_xlim(years[0] - 0.5, years[-1] + 0.5)


def monthly_axis(ax, dates, narrow: bool = False) -> None:
    """A datetime x axis limited to the data (half a month either side): January ticks labelled by year,
    or, within two years, quarterly month ticks."""
    first, last = pd.Timestamp(min(dates)), pd.Timestamp(max(dates))
    ax.set_xlim(mdates.date2num(first) - 15, mdates.date2num(last) + 15)
    years = last.year - first.year
    if years >= 2:
        most = 5 if narrow else 10
        step = next(s for s in (1, 2, 5, 10, 20) if years / s <= most)
        ax.xaxis.set_major_locator(mdates.YearLocator(base=step))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        most = 4 if narrow else 7
        step = next(s for s in (1, 2, 3, 6, 12) if months / s <= most)
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, step)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))


def x_number(x) -> float:
    """An x value as matplotlib places it: dates as day numbers, years as themselves."""
    return mdates.date2num(x) if isinstance(x, (pd.Timestamp,)) or hasattr(x, "to_pydatetime") else float(x)
