"""One house style for every chart and table of the briefing.

Every chart function takes the data and the citation, labels axes with units and
writes the 'Source:' line under the plot itself. Figures are SVG so they stay sharp in print.
"""
from __future__ import annotations

import html

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker as mticker  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from tradebrief.countries import display_name  # noqa: E402

PALETTE = {"CHN": "#c0392b", "USA": "#1f4e79", "WLD": "#555555", "EU": "#2e8b57", "KOR": "#8e44ad",
           "TWN": "#d68910", "HKG": "#7f8c8d", "THA": "#16a085", "DEU": "#34495e", "VNM": "#b7950b"}
FALLBACK = sns.color_palette("deep", 12).as_hex()
WIDTH_IN = 7.0


def use_house_style() -> None:
    """Seaborn theme, SVG output in notebooks, fonts that print well."""
    sns.set_theme(style="whitegrid", context="notebook", font="DejaVu Sans", rc={
        "axes.spines.top": False, "axes.spines.right": False, "axes.titleweight": "bold", "axes.titlesize": 12,
        "axes.titlelocation": "left", "axes.labelsize": 10, "xtick.labelsize": 9, "ytick.labelsize": 9,
        "legend.fontsize": 9, "legend.frameon": False, "figure.dpi": 110, "savefig.dpi": 220,
        "svg.fonttype": "path", "grid.color": "#e3e3e3",
    })
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
        set_matplotlib_formats("svg")
    except ImportError:  # outside IPython
        pass


def color(code: str, i: int = 0) -> str:
    return PALETTE.get(code, FALLBACK[i % len(FALLBACK)])


def _finish(fig, ax, title: str, source: str, ylabel: str, xlabel: str | None = None):
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel or "")
    fig.text(0.01, 0.005, source, ha="left", va="bottom", fontsize=7.5, color="#555555", wrap=True)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def line_chart(df: pd.DataFrame, x: str, y: str, hue: str, *, title: str, ylabel: str, source: str,
               annotate: list[tuple] | None = None, percent: bool = False, height: float = 3.6):
    """Lines per ``hue`` (partner codes are shown as names and house colours)."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, height))
    for i, (key, g) in enumerate(df.sort_values(x).groupby(hue, sort=False)):
        label = display_name(key) if isinstance(key, str) and key.isupper() and len(key) <= 3 else str(key)
        ax.plot(g[x], g[y], marker="o", markersize=3, linewidth=2, color=color(str(key), i), label=label)
    if percent:
        ax.yaxis.set_major_formatter(mticker.PercentFormatter(decimals=0))
    else:
        ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    for (xv, yv, text) in annotate or []:
        ax.axvline(xv, color="#b0b0b0", linestyle=":", linewidth=1, zorder=0)
        ax.annotate(text, xy=(xv, yv), xytext=(3, 0), textcoords="offset points", ha="left", va="bottom", fontsize=7.5,
                    rotation=90, color="#444444")
    ax.legend(loc="best")
    if pd.api.types.is_datetime64_any_dtype(df[x]):
        import matplotlib.dates as mdates
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True, nbins=10))
    return _finish(fig, ax, title, source, ylabel)


def bar_chart(df: pd.DataFrame, x: str, y: str, *, title: str, xlabel: str, source: str,
              highlight: dict[str, str] | None = None, vline: float | None = None):
    """Horizontal bars, largest first as given: ``y`` = category, ``x`` = value; ``highlight`` colours some bars."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, max(2.6, 0.28 * df[y].nunique() + 1.4)))
    colors = [(highlight or {}).get(str(v), "#1f4e79") for v in df[y]]
    ax.barh(df[y].astype(str), df[x], color=colors)
    ax.invert_yaxis()
    if vline is not None:
        ax.axvline(vline, color="#c0392b", linestyle="--", linewidth=1)
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel("")
    return _finish(fig, ax, title, source, "", xlabel)


def bars_and_line(df: pd.DataFrame, x: str, bars: list[str], line: str, *, title: str, ylabel: str, source: str,
                  labels: dict[str, str], colors: dict[str, str]):
    """Grouped bars (e.g. exports and imports) with a line (e.g. the balance)."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.6))
    n = len(bars)
    width = 0.8 / n
    xs = list(range(len(df)))
    for i, b in enumerate(bars):
        ax.bar([v + (i - (n - 1) / 2) * width for v in xs], df[b], width=width, label=labels[b], color=colors[b])
    ax.plot(xs, df[line], color=colors[line], marker="o", markersize=3, linewidth=2, label=labels[line])
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_xticks(xs, df[x].astype(str), rotation=0)
    ax.xaxis.set_major_locator(mticker.MaxNLocator(nbins=10))
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.legend(loc="upper left", ncol=3)
    return _finish(fig, ax, title, source, ylabel)


def show(fig) -> None:
    """Display a figure in the notebook and free it."""
    from IPython.display import display
    display(fig)
    plt.close(fig)


def table(df: pd.DataFrame, *, caption: str, formats: dict[str, str] | None = None, source: str | None = None) -> HTMLTable:
    """A publication table: no index, numbers right-aligned with thousands separators, units in headers."""
    return HTMLTable(df, caption, formats or {}, source)


class HTMLTable:
    def __init__(self, df, caption, formats, source):
        self.df, self.caption, self.formats, self.source = df.reset_index(drop=True), caption, formats, source

    def _cell(self, col, v):
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return '<td class="num">–</td>'
        fmt = self.formats.get(col)
        if fmt:
            return f'<td class="num">{html.escape(fmt.format(v))}</td>'
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return f'<td class="num">{v:,.1f}</td>' if isinstance(v, float) else f'<td class="num">{v:,}</td>'
        return f"<td>{html.escape(str(v))}</td>"

    def _repr_html_(self):
        head = "".join(f'<th class="{"num" if pd.api.types.is_numeric_dtype(self.df[c]) else ""}">{html.escape(str(c))}</th>' for c in self.df.columns)
        body = "".join("<tr>" + "".join(self._cell(c, v) for c, v in zip(self.df.columns, row)) + "</tr>" for row in self.df.itertuples(index=False))
        src = f'<p class="table-source">{html.escape(self.source)}</p>' if self.source else ""
        return (f'<div class="tb-table"><table><caption>{html.escape(self.caption)}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{src}</div>")

    def __repr__(self):
        return f"{self.caption}\n{self.df.to_string(index=False)}"
