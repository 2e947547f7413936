"""One house style for every chart and table of the briefing.

Every chart function takes the data and the citation, labels axes with units and
writes the 'Source:' line under the plot itself. Figures are SVG so they stay sharp in print.

Readers trust a chart only if its tick labels are exact (``ExactFormatter`` shows as many
decimals as the ticks need, never two equal labels), its x axis spans the data and no more,
its notes sit clear of the lines (each event is a dotted line ending in a numbered marker in a band
above the data; the full labels are listed by number under the plot), and every figure
says in words what it shows: ``show`` attaches alt text ("<title>. <one-sentence reading>")
to the figure's output, which the HTML template puts on the image.
"""
from __future__ import annotations

import html
import io
import math
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker as mticker  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from tradebrief.countries import display_name  # noqa: E402

# The one palette: country colours are drawn from it, other series take it in order.
HOUSE = ["#1f4e79", "#c0392b", "#2e8b57", "#d68910", "#8e44ad", "#16a085", "#7f8c8d", "#34495e", "#b7950b", "#555555"]
PALETTE = {"USA": HOUSE[0], "CHN": HOUSE[1], "EU": HOUSE[2], "TWN": HOUSE[3], "KOR": HOUSE[4], "THA": HOUSE[5],
           "HKG": HOUSE[6], "DEU": HOUSE[7], "VNM": HOUSE[8], "WLD": HOUSE[9]}
FLOW_COLORS = {"export": HOUSE[0], "import": HOUSE[1], "balance": "#222222"}
HIGHLIGHT, PLAIN = HOUSE[1], HOUSE[0]
WIDTH_IN = 7.0
NICE_STEPS = [1, 2, 2.5, 5, 10]
EVENT_FONT = 7.5


def use_house_style() -> None:
    """Seaborn theme, SVG output in notebooks, fonts that print well."""
    sns.set_theme(style="whitegrid", context="notebook", font="DejaVu Sans", rc={
        "axes.spines.top": False, "axes.spines.right": False, "axes.titleweight": "bold", "axes.titlesize": 12,
        "axes.titlelocation": "left", "axes.labelsize": 10, "xtick.labelsize": 9, "ytick.labelsize": 9,
        "legend.fontsize": 9, "legend.frameon": False, "figure.dpi": 110, "savefig.dpi": 220,
        "text.parse_math": False,   # "US$ bn" and two amounts in a title are text, not mathtext
        "svg.fonttype": "path", "svg.hashsalt": "tradebrief", "grid.color": "#e3e3e3", "axes.prop_cycle": matplotlib.cycler(color=HOUSE),
    })
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
        set_matplotlib_formats("svg")
    except ImportError:  # outside IPython
        pass


def color(code: str, i: int = 0) -> str:
    return PALETTE.get(code, HOUSE[i % len(HOUSE)])


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
        return _minus(f"{x:,.{self.digits}f}{self.suffix}")   # "−20%" with a true minus, as in the text and tables


def exact_axis(axis, suffix: str = "", nbins: int = 6) -> None:
    axis.set_major_locator(mticker.MaxNLocator(nbins=nbins, steps=NICE_STEPS))
    axis.set_major_formatter(ExactFormatter(suffix))


def value_text(v: float, suffix: str = "") -> str:
    d = 1 if abs(v) < 100 else 0
    return f"{v:,.{d}f}{suffix}"


def _label(key) -> str:
    return display_name(key) if isinstance(key, str) and key.isupper() and len(key) <= 3 else str(key)


def _finish(fig, ax, title: str, source: str, ylabel: str, xlabel: str | None = None, legend_rows: int = 0,
            key: list[tuple[str, str]] | None = None):
    # a legend row sits between the title and the plot, so the title is lifted above it; a title wider than
    # the plot (which starts right of the y labels) wraps rather than running past the plot's right edge
    ax.set_title(_fit_title(fig, title, fig.get_figwidth() * 72 * 0.8), pad=6 + 14 * legend_rows)
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel or "")
    # the source line is wrapped here and room reserved for it, so it never runs into the axis labels
    lines = textwrap.wrap(source, width=int(fig.get_figwidth() * 72 / (7.5 * 0.52)))
    fig.text(0.01, 0.005, "\n".join(lines), ha="left", va="bottom", fontsize=7.5, color="#555555", linespacing=1.25)
    source_pt = len(lines) * 7.5 * 1.25 + 8
    key_pt = _draw_event_key(fig, key or [], source_pt)
    fig._tb_rect = (0, (source_pt + key_pt) / (fig.get_figheight() * 72), 1, 1)
    fig.tight_layout(rect=fig._tb_rect)
    return fig


def _fit_title(fig, title: str, width_pt: float) -> str:
    """The title broken between words into lines no wider than ``width_pt`` (bold 12 pt measured as 1.1× regular)."""
    lines: list[str] = []
    for word in title.split(" "):
        if lines and _text_width_pt(fig, f"{lines[-1]} {word}", 12) * 1.1 <= width_pt:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def _text_width_pt(fig, text: str, size: float) -> float:
    from matplotlib.font_manager import FontProperties
    w, _, _ = fig.canvas.get_renderer().get_text_width_height_descent(text, FontProperties(family="DejaVu Sans", size=size), ismath=False)
    return w * 72 / fig.dpi


def _badge(number: str) -> dict:
    """The numbered marker's box, the same on the plot and in the key, so the eye pairs them."""
    return {"boxstyle": ("circle" if len(number) == 1 else "round") + ",pad=0.25", "fc": "white", "ec": "#666666", "lw": 0.8}


def _draw_event_key(fig, key: list[tuple[str, str]], bottom_pt: float) -> float:
    """The full event labels, numbered as the markers on the plot, in rows between the axis and the source line.
    A label moves to the next row rather than being split; only one too long for a whole row is wrapped.
    Returns the height used (points)."""
    if not key:
        return 0.0
    fig_w, fig_h = fig.get_figwidth() * 72, fig.get_figheight() * 72
    left, right, gap, line_pt = 0.01 * fig_w + 4, fig_w - 8, 14.0, EVENT_FONT * 1.3
    rows: list[list[tuple[str, str, float]]] = [[]]
    x = left
    for number, label in key:
        lead = _text_width_pt(fig, number, EVENT_FONT) + EVENT_FONT + 4
        label_w = _text_width_pt(fig, label, EVENT_FONT)
        if lead + label_w > right - left:
            chars = max(10, int(len(label) * (right - left - lead) / label_w))
            label = "\n".join(textwrap.wrap(label, width=chars))
            label_w = max(_text_width_pt(fig, part, EVENT_FONT) for part in label.split("\n"))
        if rows[-1] and x + lead + label_w > right:
            rows.append([])
            x = left
        rows[-1].append((number, label, x))
        x += lead + label_w + gap
    heights = [max(label.count("\n") + 1 for _, label, _ in row) * line_pt + 5 for row in rows]
    height = sum(heights) + 4
    texts = []
    top = bottom_pt + height
    for row, row_h in zip(rows, heights):
        y = (top - 2.5 - line_pt / 2) / fig_h   # centre of the row's first line
        for number, label, x in row:
            nw = _text_width_pt(fig, number, EVENT_FONT)
            badge = fig.text((x + nw / 2) / fig_w, y, number, ha="center", va="center", fontsize=EVENT_FONT,
                             color="#333333", bbox=_badge(number))
            text = fig.text((x + nw + EVENT_FONT + 2) / fig_w, (top - 2.5) / fig_h, label, ha="left", va="top",
                            fontsize=EVENT_FONT, color="#333333", linespacing=1.3)
            texts.append((badge, text))
        top -= row_h
    fig._tb_event_key = texts
    return height


def _legend_above(ax, n: int) -> int:
    if n <= 1:
        return 0
    ncol = min(n, 4)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=ncol, borderaxespad=0.3, handlelength=1.6, columnspacing=1.2)
    return math.ceil(n / ncol)


def _x_number(x) -> float:
    return matplotlib.dates.date2num(x) if isinstance(x, (pd.Timestamp,)) or hasattr(x, "to_pydatetime") else float(x)


def _event_numbers(events: list[tuple]) -> tuple[list[tuple], list[tuple[str, str]]]:
    """Events numbered in order along the x axis: the markers (x, number) and the key (number, label).
    Events at the same x share one marker ("1,2")."""
    ordered = sorted(events, key=lambda e: _x_number(e[0]))
    markers: list[tuple] = []
    for n, (xv, _) in enumerate(ordered, start=1):
        if markers and _x_number(markers[-1][0]) == _x_number(xv):
            markers[-1] = (xv, f"{markers[-1][1]},{n}")
        else:
            markers.append((xv, str(n)))
    return markers, [(str(n), label) for n, (_, label) in enumerate(ordered, start=1)]


def _row_is_free(placed, row: int, centre: float, half: float, lines_too: bool = True) -> bool:
    """A marker fits in ``row`` if it touches no marker there and, with ``lines_too``, sits on no other
    event's line (a line runs down from its own marker) and no other marker sits on its line."""
    for r, c, h in placed:
        if r == row and abs(c - centre) < h + half + 2:
            return False
        if lines_too and ((r < row and abs(c - centre) < half + 1) or (r > row and abs(c - centre) < h + 1)):
            return False
    return True


def _place_events(fig, ax, markers: list[tuple], data_top: float) -> None:
    """A dotted line at each event ending in its numbered marker, in a band above the data.

    Markers sit centred on their own line; one that would touch a neighbour, or sit on another
    event's line, drops to a lower row of the band. The y axis is raised until the band is clear
    of the data, and the full labels are in the key under the plot, where they have room."""
    if not markers:
        return
    fig.canvas.draw()
    x0, x1 = ax.get_xlim()
    width_pt = ax.get_window_extent().width * 72 / fig.dpi
    row_pt = EVENT_FONT * 1.25 + 6
    placed = []  # (row, centre_pt, half_width_pt)
    for xv, number in markers:
        xp = (_x_number(xv) - x0) / (x1 - x0) * width_pt
        half = (_text_width_pt(fig, number, EVENT_FONT) if len(number) > 1 else EVENT_FONT * 1.1) / 2 + EVENT_FONT * 0.3
        row = next((r for r in range(8) if _row_is_free(placed, r, xp, half)), None)
        if row is None:   # two events closer than a marker's width: only keep the markers apart
            row = next(r for r in range(len(placed) + 1) if _row_is_free(placed, r, xp, half, lines_too=False))
        placed.append((row, xp, half))
    band_pt = (1 + max(r for r, _, _ in placed)) * row_pt + 2
    lo, hi = ax.get_ylim()
    lines = []
    for (xv, number), (row, _, _) in zip(markers, placed):
        line = ax.axvline(xv, color="#8a8a8a", linestyle=":", linewidth=1.1, zorder=1)
        mark = ax.annotate(number, xy=(xv, 1.0), xycoords=("data", "axes fraction"), xytext=(0, -2 - row * row_pt - row_pt / 2),
                           textcoords="offset points", ha="center", va="center", fontsize=EVENT_FONT, color="#333333",
                           bbox=_badge(number), zorder=5, annotation_clip=False)
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
    fig.tight_layout(rect=getattr(fig, "_tb_rect", (0, 0, 1, 1)))   # tick labels may have changed width
    fit()
    fig._tb_event_markers = [(xv, mark) for _, _, mark, xv in lines]


def _year_ticks(first: int, last: int, max_ticks: int = 10) -> list[int]:
    """Ticks at data years only, every year or every 2nd, 5th, 10th … year, at most ``max_ticks``."""
    for step in (1, 2, 5, 10, 20, 50, 100):
        ticks = [y for y in range(first, last + 1) if y % step == 0]
        if len(ticks) <= max_ticks:
            return ticks or [first]
    return [first, last]


def _annual_axis(axis_owner, years) -> None:
    """An x axis of whole years: ticks at data years only, limits half a year beyond the first and last."""
    years = sorted({int(y) for y in years})
    axis_owner.set_xticks(_year_ticks(years[0], years[-1]))
    axis_owner.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:.0f}"))
    axis_owner.set_xlim(years[0] - 0.5, years[-1] + 0.5)


def _monthly_axis(ax, dates) -> None:
    """A datetime x axis limited to the data (half a month either side): January ticks labelled by year,
    or, within two years, quarterly month ticks."""
    import matplotlib.dates as mdates
    first, last = pd.Timestamp(min(dates)), pd.Timestamp(max(dates))
    ax.set_xlim(mdates.date2num(first) - 15, mdates.date2num(last) + 15)
    years = last.year - first.year
    if years >= 2:
        step = next(s for s in (1, 2, 5, 10, 20) if years / s <= 10)
        ax.xaxis.set_major_locator(mdates.YearLocator(base=step))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        step = next(s for s in (1, 2, 3, 6) if months / s <= 7)
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, step)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))


def line_chart(df: pd.DataFrame, x: str, y: str, hue: str, *, title: str, ylabel: str, source: str,
               events: list[tuple] | None = None, percent: bool = False, height: float = 3.6, unit: str = ""):
    """Lines per ``hue`` (partner codes are shown as names and house colours); ``events`` = [(x, label)]
    are marked with a dotted line ending in a number above the data, the labels listed by number under the
    plot. ``unit`` follows values in the alt text (the y label when not given)."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, height))
    groups = list(df.sort_values(x).groupby(hue, sort=False))
    for i, (key, g) in enumerate(groups):
        ax.plot(g[x], g[y], marker="o", markersize=3, linewidth=2, color=color(str(key), i), label=_label(key))
    # the alt text reads every line at the latest period they all reach, so no value is dated wrongly
    at = min((g[x].iloc[-1] for _, g in groups), default="")
    last = [(_label(key), g.loc[g[x] <= at, y].iloc[-1], at) for key, g in groups if (g[x] <= at).any()]
    suffix = "%" if percent else ""
    exact_axis(ax.yaxis, suffix)
    if pd.api.types.is_datetime64_any_dtype(df[x]):
        _monthly_axis(ax, df[x])
    elif all(float(v).is_integer() for v in df[x]):
        _annual_axis(ax, df[x])
    else:
        ax.xaxis.set_major_locator(mticker.MaxNLocator(nbins=10, steps=NICE_STEPS))
        ax.xaxis.set_major_formatter(ExactFormatter())
        if df[x].min() < df[x].max():
            ax.set_xlim(float(df[x].min()), float(df[x].max()))
    rows = _legend_above(ax, len(groups))
    markers, key = _event_numbers(events or [])
    _finish(fig, ax, title, source, ylabel, legend_rows=rows, key=key)
    _place_events(fig, ax, markers, float(df[y].max()))
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


def bar_chart(df: pd.DataFrame, x: str, y: str, *, title: str, xlabel: str, source: str,
              highlight: dict[str, str] | None = None, vline: float | None = None, percent: bool = False,
              highlight_label: str | None = None, plain_label: str | None = None, vline_label: str | None = None):
    """Horizontal bars, largest first as given: ``y`` = category, ``x`` = value; ``highlight`` colours some bars.
    A key (lower right, where the shortest bars leave room) names the highlight colour, only when some
    bar has it, and the dashed line at ``vline``."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    fig, ax = plt.subplots(figsize=(WIDTH_IN, max(2.6, 0.28 * df[y].nunique() + 1.4)))
    colors = [(highlight or {}).get(str(v), PLAIN) for v in df[y]]
    ax.barh(df[y].astype(str), df[x], color=colors)
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
    if handles:   # above the plot, under the title: never over a bar or the threshold line
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(handles), borderaxespad=0.3,
                  handlelength=1.6, columnspacing=1.2, fontsize=8)
    suffix = "%" if percent else ""
    exact_axis(ax.xaxis, suffix)
    ax.set_ylabel("")
    _finish(fig, ax, title, source, "", xlabel, legend_rows=1 if handles else 0)
    # highest and lowest by value: a caller may order the bars by something else (e.g. by flow)
    first, lastrow = df.loc[df[x].idxmax()], df.loc[df[x].idxmin()]
    fig._tb_alt = (f"{title}. Highest: {first[y]} at {value_text(first[x], suffix)}; lowest shown: "
                   f"{lastrow[y]} at {value_text(lastrow[x], suffix)}.")
    return fig


def bars_and_line(df: pd.DataFrame, x: str, bars: list[str], line: str, *, title: str, ylabel: str, source: str,
                  labels: dict[str, str], colors: dict[str, str] | None = None):
    """Grouped bars (e.g. exports and imports) with a line (e.g. the balance); ``x`` holds years."""
    colors = colors or FLOW_COLORS
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.6))
    n = len(bars)
    width = 0.8 / n
    xs = df[x].astype(int).tolist()
    for i, b in enumerate(bars):
        ax.bar([v + (i - (n - 1) / 2) * width for v in xs], df[b], width=width, label=labels[b], color=colors[b])
    ax.plot(xs, df[line], color=colors[line], marker="o", markersize=3, linewidth=2, label=labels[line])
    ax.axhline(0, color="#333333", linewidth=0.8)
    _annual_axis(ax, xs)
    exact_axis(ax.yaxis)
    # the value axis ends on labelled ticks, so a balance below zero always has a negative tick to read it by
    lo, hi = ax.get_ylim()
    ticks = ax.yaxis.get_major_locator().tick_values(lo, hi)
    ax.set_ylim(max([t for t in ticks if t <= lo], default=lo), min([t for t in ticks if t >= hi], default=hi))
    rows = _legend_above(ax, n + 1)
    _finish(fig, ax, title, source, ylabel, legend_rows=rows)
    r = df.iloc[-1]
    fig._tb_alt = (f"{title}. In {r[x]}: " + ", ".join(f"{labels[c]} {value_text(r[c])} {ylabel}" for c in [*bars, line]) + ".")
    return fig


# The print variant of every chart: a PNG at this resolution (sharp on paper at the page's width). WeasyPrint
# draws an SVG chart path by path, which was over half of the PDF's rendering time; the HTML keeps the SVG.
PRINT_DPI = 200


def show(fig, alt: str | None = None) -> None:
    """Display a figure as SVG (screen) and PNG (print) with its alt text in the output metadata, and free it."""
    import base64

    from IPython.display import display
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})   # no build time inside: same data, same bytes
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=PRINT_DPI, bbox_inches="tight")
    text = alt or getattr(fig, "_tb_alt", None) or (fig.axes[0].get_title().replace("\n", " ") if fig.axes else "Figure")
    display({"image/svg+xml": buf.getvalue(), "image/png": base64.b64encode(png.getvalue()).decode("ascii"), "text/plain": text},
            raw=True, metadata={"image/svg+xml": {"alt": text}, "image/png": {"alt": text}})
    plt.close(fig)


def table(df: pd.DataFrame, *, caption: str, formats: dict[str, str] | None = None, source: str | None = None) -> None:
    """Show a publication table (no index, numbers right-aligned with thousands separators, units in headers).

    Displays itself, so a table is never lost for not being the last expression of its cell."""
    from IPython.display import display
    display(HTMLTable(df, caption, formats or {}, source))


def _minus(text: str) -> str:
    """A negative number with a true minus sign (U+2212), as typeset tables print it: "−3.5", not "-3.5"."""
    return "−" + text[1:] if text[:1] == "-" and text[1:2].isdigit() else text


class HTMLTable:
    def __init__(self, df, caption, formats, source):
        self.df, self.caption, self.formats, self.source = df.reset_index(drop=True), caption, formats, source

    def _cell(self, col, v):
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return '<td class="num">–</td>'
        fmt = self.formats.get(col)
        if fmt:
            return f'<td class="num">{html.escape(_minus(fmt(v) if callable(fmt) else fmt.format(v)))}</td>'
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return f'<td class="num">{_minus(f"{v:,.1f}" if isinstance(v, float) else f"{v:,}")}</td>'
        return f"<td>{html.escape(str(v))}</td>"

    def _repr_html_(self):
        head = "".join(f'<th class="{"num" if pd.api.types.is_numeric_dtype(self.df[c]) else ""}">{html.escape(str(c))}</th>' for c in self.df.columns)
        body = "".join("<tr>" + "".join(self._cell(c, v) for c, v in zip(self.df.columns, row)) + "</tr>" for row in self.df.itertuples(index=False))
        src = f'<p class="table-source">{html.escape(self.source)}</p>' if self.source else ""
        wide = " tb-wide" if len(self.df.columns) >= 7 else ""
        return (f'<div class="tb-table{wide}"><table><caption>{html.escape(self.caption)}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{src}</div>")

    def __repr__(self):
        return f"{self.caption}\n{self.df.to_string(index=False)}"
