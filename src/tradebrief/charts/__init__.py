"""One house style for every chart and table of the briefing.

Every chart function takes the data and the citation, labels axes with units and
writes the 'Source:' line under the plot itself. Figures are SVG so they stay sharp in print.

Readers trust a chart only if its tick labels are exact (``ExactFormatter`` shows as many
decimals as the ticks need, never two equal labels), its notes sit clear of the lines
(event labels go in a band above the data, staggered so they never overlap), and every figure
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
        "svg.fonttype": "path", "grid.color": "#e3e3e3", "axes.prop_cycle": matplotlib.cycler(color=HOUSE),
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
        return f"{x:,.{self.digits}f}{self.suffix}"


def exact_axis(axis, suffix: str = "", nbins: int = 6) -> None:
    axis.set_major_locator(mticker.MaxNLocator(nbins=nbins, steps=NICE_STEPS))
    axis.set_major_formatter(ExactFormatter(suffix))


def value_text(v: float, suffix: str = "") -> str:
    d = 1 if abs(v) < 100 else 0
    return f"{v:,.{d}f}{suffix}"


def _label(key) -> str:
    return display_name(key) if isinstance(key, str) and key.isupper() and len(key) <= 3 else str(key)


def _finish(fig, ax, title: str, source: str, ylabel: str, xlabel: str | None = None, legend_rows: int = 0):
    # a legend row sits between the title and the plot, so the title is lifted above it
    ax.set_title(title, pad=6 + 14 * legend_rows)
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel or "")
    # the source line is wrapped here and room reserved for it, so it never runs into the axis labels
    lines = textwrap.wrap(source, width=int(fig.get_figwidth() * 72 / (7.5 * 0.52)))
    fig.text(0.01, 0.005, "\n".join(lines), ha="left", va="bottom", fontsize=7.5, color="#555555", linespacing=1.25)
    fig.tight_layout(rect=(0, (len(lines) * 7.5 * 1.25 + 8) / (fig.get_figheight() * 72), 1, 1))
    return fig


def _legend_above(ax, n: int) -> int:
    if n <= 1:
        return 0
    ncol = min(n, 4)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=ncol, borderaxespad=0.3, handlelength=1.6, columnspacing=1.2)
    return math.ceil(n / ncol)


def _x_number(x) -> float:
    return matplotlib.dates.date2num(x) if isinstance(x, (pd.Timestamp,)) or hasattr(x, "to_pydatetime") else float(x)


def _place_events(fig, ax, events: list[tuple], data_top: float, data_bottom: float) -> None:
    """Vertical markers with horizontal labels in a band above the data: labels never touch a line,
    each other or the title (rows are added until no two labels overlap)."""
    if not events:
        return
    fig.canvas.draw()
    bbox = ax.get_window_extent()
    x0, x1 = ax.get_xlim()
    width_pt = bbox.width * 72 / fig.dpi
    placed = []  # (row, left_pt, right_pt)
    rows_of = []
    for xv, text in sorted(events, key=lambda e: _x_number(e[0])):
        pos = (_x_number(xv) - x0) / (x1 - x0) * width_pt
        w = 0.56 * EVENT_FONT * len(text) + 4
        right_side = pos + w <= width_pt
        left, right = (pos, pos + w) if right_side else (pos - w, pos)
        row = 0
        while any(r == row and not (right + 3 < lft or left > rgt + 3) for r, lft, rgt in placed):
            row += 1
        placed.append((row, left, right))
        rows_of.append((xv, text, row, right_side))
    nrows = 1 + max(r for _, _, r, _ in rows_of)
    height_pt = bbox.height * 72 / fig.dpi
    band = min(0.6, (nrows * (EVENT_FONT + 3) + 4) / height_pt)
    span = (data_top - data_bottom) or abs(data_top) or 1.0
    top = data_top + span * band / (1 - band) * 1.08
    ax.set_ylim(ax.get_ylim()[0], top)
    for xv, text, row, right_side in rows_of:
        ax.axvline(xv, color="#9a9a9a", linestyle=":", linewidth=1, zorder=0)
        ax.annotate(text, xy=(xv, 1.0), xycoords=("data", "axes fraction"), xytext=(3 if right_side else -3, -2 - row * (EVENT_FONT + 3)),
                    textcoords="offset points", ha="left" if right_side else "right", va="top", fontsize=EVENT_FONT, color="#333333",
                    bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.9})


def line_chart(df: pd.DataFrame, x: str, y: str, hue: str, *, title: str, ylabel: str, source: str,
               events: list[tuple] | None = None, percent: bool = False, height: float = 3.6, unit: str = ""):
    """Lines per ``hue`` (partner codes are shown as names and house colours); ``events`` = [(x, label)]
    are marked with a dotted line and a label above the data. ``unit`` follows values in the alt text."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, height))
    groups = list(df.sort_values(x).groupby(hue, sort=False))
    last = []
    for i, (key, g) in enumerate(groups):
        ax.plot(g[x], g[y], marker="o", markersize=3, linewidth=2, color=color(str(key), i), label=_label(key))
        last.append((_label(key), g[y].iloc[-1], g[x].iloc[-1]))
    suffix = "%" if percent else ""
    exact_axis(ax.yaxis, suffix)
    if pd.api.types.is_datetime64_any_dtype(df[x]):
        import matplotlib.dates as mdates
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True, nbins=10))
        ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:.0f}"))
        xs = sorted(pd.unique(df[x]))
        if len(xs) <= 3:   # a year or three: ticks at the data, not matplotlib's padding of a century around one point
            ax.set_xticks(xs)
            ax.set_xlim(float(xs[0]) - 1, float(xs[-1]) + 1)
    rows = _legend_above(ax, len(groups))
    _finish(fig, ax, title, source, ylabel, legend_rows=rows)
    _place_events(fig, ax, events or [], float(df[y].max()), float(min(0, df[y].min())) if not percent else float(df[y].min()))
    at = last[0][2] if last else ""
    at = at.strftime("%b %Y") if hasattr(at, "strftime") else str(at)
    ordered = sorted(last, key=lambda t: -t[1])
    fig._tb_alt = f"{title}. In {at}: " + ", ".join(f"{lbl} {value_text(v, suffix)}{(' ' + unit) if unit else ''}" for lbl, v, _ in ordered) + "."
    return fig


def bar_chart(df: pd.DataFrame, x: str, y: str, *, title: str, xlabel: str, source: str,
              highlight: dict[str, str] | None = None, vline: float | None = None, percent: bool = False):
    """Horizontal bars, largest first as given: ``y`` = category, ``x`` = value; ``highlight`` colours some bars."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, max(2.6, 0.28 * df[y].nunique() + 1.4)))
    colors = [(highlight or {}).get(str(v), PLAIN) for v in df[y]]
    ax.barh(df[y].astype(str), df[x], color=colors)
    ax.invert_yaxis()
    if vline is not None:
        ax.axvline(vline, color=HIGHLIGHT, linestyle="--", linewidth=1)
    suffix = "%" if percent else ""
    exact_axis(ax.xaxis, suffix)
    ax.set_ylabel("")
    _finish(fig, ax, title, source, "", xlabel)
    first, lastrow = df.iloc[0], df.iloc[-1]
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
    ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True, nbins=10))
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:.0f}"))
    exact_axis(ax.yaxis)
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
    fig.savefig(buf, format="svg", bbox_inches="tight")
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=PRINT_DPI, bbox_inches="tight")
    text = alt or getattr(fig, "_tb_alt", None) or (fig.axes[0].get_title() if fig.axes else "Figure")
    display({"image/svg+xml": buf.getvalue(), "image/png": base64.b64encode(png.getvalue()).decode("ascii"), "text/plain": text},
            raw=True, metadata={"image/svg+xml": {"alt": text}, "image/png": {"alt": text}})
    plt.close(fig)


def table(df: pd.DataFrame, *, caption: str, formats: dict[str, str] | None = None, source: str | None = None) -> None:
    """Show a publication table (no index, numbers right-aligned with thousands separators, units in headers).

    Displays itself, so a table is never lost for not being the last expression of its cell."""
    from IPython.display import display
    display(HTMLTable(df, caption, formats or {}, source))


class HTMLTable:
    def __init__(self, df, caption, formats, source):
        self.df, self.caption, self.formats, self.source = df.reset_index(drop=True), caption, formats, source

    def _cell(self, col, v):
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return '<td class="num">–</td>'
        fmt = self.formats.get(col)
        if fmt:
            text = fmt(v) if callable(fmt) else fmt.format(v)
            return f'<td class="num">{html.escape(text)}</td>'
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return f'<td class="num">{v:,.1f}</td>' if isinstance(v, float) else f'<td class="num">{v:,}</td>'
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
