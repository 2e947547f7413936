"""One house style for every chart and table of the briefing.

Every chart function takes the data and the citation, labels axes with units and writes the 'Source:'
line under the plot itself. Readers trust a chart only if its tick labels are exact, its x axis spans the
data and no more, its notes sit clear of the lines, each country keeps its colour from figure to figure,
it can be read on a phone, and it says in words what it shows (alt text, "<title>. <one-sentence reading>").

One module per job:

- ``style``: the theme, type sizes and the two widths (page and phone); figures made without pyplot
- ``colours``: the reporter's, partner's and comparison's colours, and every other country's (``assign_roles``)
- ``ticks``: exact tick labels, year and month axes
- ``events``: event markers above the data and their numbered key under the plot
- ``frame``: title, legend, axis labels, source line and the figure's height around a plot
- ``lines``, ``bars``: the chart types
- ``display``: ``show`` — SVG for screens, a narrow SVG for phones, PNG for print, alt text
- ``tables``: publication tables
- ``numbers``: how numbers are written (true minus, alt-text values)
"""
from __future__ import annotations

from tradebrief.charts.bars import bar_chart, bars_and_line
from tradebrief.charts.colours import (
           FLOW_COLORS,
           HIGHLIGHT,
           OTHER_COLOURS,
           PLAIN,
           ROLE_COLOURS,
           assign_roles,
           country_style,
           series_style,
)
from tradebrief.charts.display import PHONE_MEDIA, PRINT_DPI, show
from tradebrief.charts.lines import line_chart
from tradebrief.charts.style import HOUSE, NARROW_IN, WIDTH_IN, use_house_style
from tradebrief.charts.tables import HTMLTable, table
from tradebrief.charts.ticks import ExactFormatter, decimals_for, exact_axis

__all__ = ["FLOW_COLORS", "HIGHLIGHT", "HOUSE", "NARROW_IN", "OTHER_COLOURS", "PHONE_MEDIA", "PLAIN", "PRINT_DPI", "ROLE_COLOURS",
           "WIDTH_IN", "ExactFormatter", "HTMLTable", "assign_roles", "bar_chart", "bars_and_line", "country_style", "decimals_for",
           "exact_axis", "line_chart", "series_style", "show", "table", "use_house_style"]
