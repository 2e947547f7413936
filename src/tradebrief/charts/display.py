"""How a chart reaches the reader: in the notebook's output as an SVG for screens, a second SVG laid out for
phones, and a PNG for print, with its alt text.

**Screens.** The HTML shows the SVG (``image/svg+xml``), scaled to the reading column. A 7-inch chart
shown on a 390 px phone shrinks to about 55%, and its 7.5 pt source line to under 6 px; so every chart made
by this package is laid out a second time at ``NARROW_IN`` (``remakeable`` records how to redraw it), and the
HTML template offers that SVG to screens matching ``PHONE_MEDIA`` (``<picture><source media=…>``). Its
smallest text, 7.5 pt = 10 CSS px at the picture's own size (about 3.7 inches = 355 px with the 0.1-inch
margin ``bbox_inches="tight"`` adds), is at least 9 px wherever the column is 320 px or more (screens from
about 340 px); on screens wider than ``PHONE_MEDIA``'s 700 px the wide chart (about 7.1 inches = 680 px) is
shown at 97% of its size or more, so its smallest text is at least 9 px too.

**Print.** WeasyPrint draws an SVG path by path, which was over half of the PDF's rendering time, so print
uses the PNG (``image/png``, ``PRINT_DPI``) of the wide chart; the HTML keeps the SVGs.
"""
from __future__ import annotations

import base64
import functools
import io

from tradebrief.charts.style import NARROW_IN

PRINT_DPI = 200   # sharp on paper at the page's width
# The screens that get the narrow layout. The wide SVG's 10 px text stays at 9 px or more down to a column of
# 90% of its 680 px, 612 px, that is a screen of about 650 px (the column is the screen less 2 × 18 px): 700 px
# leaves a margin.
PHONE_MEDIA = "(max-width: 700px)"


def remakeable(chart):
    """Mark a chart function whose figures can be drawn again at another width (its ``width`` keyword):
    the figure remembers the call, so ``show`` can lay it out for phones too."""
    @functools.wraps(chart)
    def make(*args, **kwargs):
        fig = chart(*args, **kwargs)
        fig._tb_remake = functools.partial(chart, *args, **{k: v for k, v in kwargs.items() if k != "width"})
        return fig
    return make


def narrow_version(fig):
    """The same chart laid out at ``NARROW_IN`` for phones, or None for a figure not made by this package."""
    remake = getattr(fig, "_tb_remake", None)
    return remake(width=NARROW_IN) if remake is not None else None


def svg_text(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})   # no build time inside: same data, same bytes
    return buf.getvalue()


def show(fig, alt: str | None = None) -> None:
    """Display a figure as SVG (screen; with a narrow SVG for phones in its metadata) and PNG (print) with its alt
    text in the output metadata, and free it."""
    from IPython.display import display
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=PRINT_DPI, bbox_inches="tight")
    text = alt or getattr(fig, "_tb_alt", None) or (fig.axes[0].get_title().replace("\n", " ") if fig.axes else "Figure")
    svg_meta = {"alt": text}
    narrow = narrow_version(fig)
    if narrow is not None:
        svg_meta.update(narrow=svg_text(narrow), narrow_media=PHONE_MEDIA)
        _close(narrow)
    display({"image/svg+xml": svg_text(fig), "image/png": base64.b64encode(png.getvalue()).decode("ascii"), "text/plain": text},
            raw=True, metadata={"image/svg+xml": svg_meta, "image/png": {"alt": text}})
    _close(fig)


def _close(fig) -> None:
    """Free a figure: pyplot's (a user's own) is closed there; this package's figures belong to no one else."""
    import sys
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close(fig)
