"""The frame around every plot: title, legend, axis labels, the 'Source:' line and the event key, and the
figure's height.

The title and the source line are wrapped to the figure's width and room is reserved for the source line
and the key, so nothing runs into the axis labels. On a narrow (phone) figure the height grows with what the
wrapping added, so the plot itself keeps ``NARROW_PLOT_IN`` of height however many lines the title, legend
and source take; a wide figure keeps the height its chart gave it, as it prints.
"""
from __future__ import annotations

import math

from tradebrief.charts.events import draw_key, layout_key
from tradebrief.charts.style import LABEL_PT, LEGEND_PT, SMALL_PT, TICK_PT, TITLE_PT, is_narrow, text_width_pt, wrap_to_width

NARROW_PLOT_IN = 2.1
SOURCE_COLOUR = "#555555"


def legend_columns(fig, labels: list[str], size: float = LEGEND_PT, most: int = 4, handle_em: float = 2.2) -> int:
    """As many legend columns (up to ``most``) as fit across the figure, measured as matplotlib lays them out."""
    if not labels:
        return 1
    # an entry: its handle, 0.8 em to the text, the text; 1.2 em between columns; the legend's border pad (0.4 em
    # each side) and its distance from the edge (0.3 em, plus 4 pt on a narrow figure) leave the rest of the width
    entries = [text_width_pt(fig, str(t), size) + (handle_em + 0.8) * size for t in labels]
    room = fig.get_figwidth() * 72 - 1.4 * size - 8

    def width(ncol: int) -> float:
        # matplotlib fills the columns top to bottom, the first (n mod ncol) with one entry more, each column as
        # wide as its widest entry
        rows, longer = divmod(len(entries), ncol)
        sizes = [rows + 1] * longer + [rows] * (ncol - longer)
        starts = [sum(sizes[:i]) for i in range(ncol)]
        columns = [entries[a:a + n] for a, n in zip(starts, sizes) if n]
        return sum(max(c) for c in columns) + 1.2 * size * (len(columns) - 1)
    return max([1] + [n for n in range(1, min(most, len(labels)) + 1) if width(n) <= room])


def legend_above(ax, n: int | None = None, handles=None, size: float = LEGEND_PT, handle_em: float = 2.2, most: int = 4) -> int:
    """The legend in a row (or rows) between the title and the plot; returns the number of rows. Without
    ``handles``, the plot's own ``n`` lines and bars, and none for a single series.

    On a wide figure it belongs to the plot, starting at the plot's left edge. On a narrow one it is the
    figure's, starting at the figure's left edge (placed by ``relayout``): matplotlib's tight layout leaves a
    figure's legend alone, where it would narrow the plot to keep a plot's legend that is wider than the plot
    inside the figure."""
    if handles is None:
        if (n or 0) <= 1:
            return 0
        handles, labels = ax.get_legend_handles_labels()
    else:
        labels = [h.get_label() for h in handles]
    fig = ax.figure
    ncol = legend_columns(fig, labels, size, most=most, handle_em=handle_em)
    style = dict(loc="lower left", ncol=ncol, borderaxespad=0.3, handlelength=handle_em, columnspacing=1.2, fontsize=size)
    if is_narrow(fig):
        fig._tb_legend = fig.legend(handles, labels, **style)
    else:
        ax.legend(handles, labels, bbox_to_anchor=(0, 1.0), **style)
    return math.ceil(len(labels) / ncol)


def finish(fig, ax, title: str, source: str, ylabel: str, xlabel: str | None = None, legend_rows: int = 0,
           key: list[tuple[str, str]] | None = None, plot_in: float | None = None, legend_pt: float = LEGEND_PT):
    """Title, axis labels, source line and event key; on a narrow figure the height that keeps the plot
    ``plot_in`` (default ``NARROW_PLOT_IN``) tall."""
    fig_w = fig.get_figwidth() * 72
    # a title wider than the plot (which starts right of the y labels) wraps rather than running past its right edge;
    # on a narrow figure title and legend start at the figure's left edge instead (``relayout``), with its width
    title = wrap_to_width(fig, title, fig_w - 16 if is_narrow(fig) else fig_w * 0.8, TITLE_PT, bold=True)
    source_lines = wrap_to_width(fig, source, fig_w - 0.01 * fig_w - 6, SMALL_PT).split("\n")
    source_pt = len(source_lines) * SMALL_PT * 1.25 + 8
    key_layout = layout_key(fig, key or [])
    xlabel = wrap_to_width(fig, xlabel, fig_w * 0.85, LABEL_PT) if xlabel else ""
    # a legend row sits between the title and the plot, so the title is lifted above it
    pad = 6 + (legend_pt + 5) * legend_rows + 4 * max(0, legend_rows - 1)   # a row, and the spacing between rows
    if is_narrow(fig):
        decor = (TITLE_PT * 1.25 * (title.count("\n") + 1) + pad + TICK_PT + 8
                 + (LABEL_PT * 1.25 * (xlabel.count("\n") + 1) + 4 if xlabel else 0) + source_pt + key_layout.height + 12)
        fig.set_size_inches(fig.get_figwidth(), (decor + 72 * (plot_in or NARROW_PLOT_IN)) / 72)
    fig_h = fig.get_figheight() * 72
    plot_pt = fig_h - source_pt - key_layout.height - TITLE_PT * 1.25 * (title.count("\n") + 1) - pad - 40
    fig._tb_title = ax.set_title(title, pad=pad, loc="left")
    # a y label longer than the plot is tall would run into the legend and the x labels: it wraps instead
    ax.set_ylabel(wrap_to_width(fig, ylabel, max(plot_pt, 60), LABEL_PT) if ylabel else "")
    ax.set_xlabel(xlabel)
    fig.text(0.01, 0.005, "\n".join(source_lines), ha="left", va="bottom", fontsize=SMALL_PT, color=SOURCE_COLOUR, linespacing=1.25)
    if key:
        draw_key(fig, key_layout, source_pt)
    fig._tb_rect = (0, (source_pt + key_layout.height) / fig_h, 1, 1)
    relayout(fig)
    if xlabel and is_narrow(fig):
        # the x label is centred under the plot, which a bar chart's category names push to the right: it wraps
        # to what the plot's centre leaves on both sides, so it never runs past the figure's right edge
        box = ax.get_position()
        centre = (box.x0 + box.width / 2) * fig_w
        ax.set_xlabel(wrap_to_width(fig, xlabel.replace("\n", " "), 2 * min(centre, fig_w - centre) - 8, LABEL_PT))
        relayout(fig)
    return fig


def relayout(fig) -> None:
    """Fit the plot between the title and the source line and key (matplotlib's tight layout); on a narrow
    figure, start the title and the legend at the figure's left edge, where a phone reader's eye starts, rather
    than at the plot's, so they take the whole width instead of wrapping into a column right of the y labels."""
    fig.tight_layout(rect=getattr(fig, "_tb_rect", (0, 0, 1, 1)))
    if not is_narrow(fig):
        return
    ax = fig.axes[0]
    box = ax.get_position()
    left = (4 / (fig.get_figwidth() * 72) - box.x0) / box.width   # 4 pt from the edge, in the plot's own fraction
    fig._tb_title.set_x(left)
    legend = getattr(fig, "_tb_legend", None)
    if legend is not None:   # on the plot's top edge, in the room the title's pad keeps for it
        legend.set_bbox_to_anchor((4 / (fig.get_figwidth() * 72), box.y1), transform=fig.transFigure)

