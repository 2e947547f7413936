"""The world picture's ranked dot plot (tradebrief.charts.dots) on hand-made shares: TEST DATA, 150 economies
with shares falling with rank, the reporter and five peers marked."""
from __future__ import annotations

import matplotlib.colors as mcolors
import pandas as pd
import pycountry
import pytest

from tradebrief.charts import ROLE_COLOURS
from tradebrief.charts.display import narrow_version
from tradebrief.charts.dots import PEER_COLOUR, ranked_dots
from tradebrief.names import name

CODES = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 not in ("CHN", "USA"))[:150]


def shares(n: int = 150) -> pd.DataFrame:
    codes = CODES[:n]
    return pd.DataFrame({"economy": codes, "rank": range(1, n + 1), "partner_share": [60.0 * (1 - i / n) for i in range(n)],
                         "comparison_share": [float((i * 37) % 45) for i in range(n)]})


def chart(df, reporter, peers, width=None):
    kw = {} if width is None else {"width": width}
    return ranked_dots(df, "rank", "partner_share", "economy", other="comparison_share", reporter=reporter, peers=peers,
                       title="China's and the United States' shares of each economy's imports, 2023",
                       xlabel=f"{len(df)} economies ranked by China's share of their imports (1 = highest)",
                       ylabel="share of the economy's imports", source="CEPII BACI HS22 V202501 (TEST DATA)",
                       value_label="from China", other_label="from the United States", **kw)


def test_one_dot_per_economy_in_the_role_colours_and_the_reporter_ringed():
    df = shares()
    fig = chart(df, CODES[40], [CODES[0], CODES[149], CODES[77]])
    ax = fig.axes[0]
    dots = [c for c in ax.collections if len(c.get_offsets()) == len(df)]
    colours = [mcolors.to_hex(c.get_facecolor()[0]) for c in dots]
    assert colours == [ROLE_COLOURS["partner"], ROLE_COLOURS["comparison"]]
    rings = [c for c in ax.collections if len(c.get_offsets()) == 1]
    assert [mcolors.to_hex(r.get_edgecolor()[0]) for r in rings] == [ROLE_COLOURS["reporter"]] + [PEER_COLOUR] * 3
    assert tuple(rings[0].get_offsets()[0]) == (41, pytest.approx(60.0 * (1 - 40 / 150)))   # the reporter's rank and share
    assert [t.get_text() for t in ax.texts] == [name(c) for c in (CODES[40], CODES[0], CODES[149], CODES[77])]
    assert "Marked: " in fig._tb_alt and " ranks 41 at 44.0%" in fig._tb_alt
    assert fig._tb_alt.startswith("China's and the United States' shares of each economy's imports, 2023. Highest: ")


@pytest.mark.parametrize("width", [None, 3.6])
def test_names_stay_inside_the_figure_at_both_widths(width):
    df = shares()
    fig = chart(df, CODES[149], [CODES[0], CODES[1], CODES[148], CODES[75]])
    fig = fig if width is None else narrow_version(fig)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    for t in fig.axes[0].texts + fig.texts:
        b = t.get_window_extent(renderer)
        assert box.x0 - 0.5 <= b.x0 and b.x1 <= box.x1 + 0.5, (t.get_text(), b, box)
    source = fig.texts[-1].get_window_extent(renderer)
    assert source.y1 <= fig.axes[0].get_window_extent(renderer).y0   # the source line under the plot


def test_an_economy_not_ranked_is_not_marked():
    fig = chart(shares(10), "USA", ["CHN", CODES[3]])
    rings = [c for c in fig.axes[0].collections if len(c.get_offsets()) == 1]
    assert len(rings) == 1 and mcolors.to_hex(rings[0].get_edgecolor()[0]) == PEER_COLOUR
