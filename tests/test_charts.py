"""Charts measured as drawn: event markers on their own lines and clear of each other, the title,
the legend and the data; x axes limited to the data; one palette. Data are typed in here (a
fixture shaped like the briefing's figures), expected positions worked out by hand."""
from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.transforms import Bbox

from tradebrief import charts

# Japan's exports to China and the United States, trillions of yen, 2009-2025 (shape of Fig. 2)
YEARS = list(range(2009, 2026))
CHINA = [10.2, 13.0, 12.9, 11.5, 12.6, 13.4, 13.2, 12.4, 14.9, 15.9, 14.7, 15.1, 18.0, 19.0, 17.8, 18.9, 18.8]
USA = [8.7, 10.3, 10.0, 11.2, 12.9, 13.6, 15.2, 14.1, 15.1, 15.5, 15.3, 12.6, 14.8, 18.3, 20.3, 21.3, 20.4]
CROSSINGS = [(2013, "2013: United States ahead"), (2018, "2018: China ahead"), (2019, "2019: United States ahead"),
             (2020, "2020: China ahead"), (2023, "2023: United States ahead")]


@pytest.fixture(autouse=True)
def house_style():
    charts.use_house_style()
    yield
    plt.close("all")


def exports_chart(events=CROSSINGS):
    df = pd.DataFrame({"year": YEARS * 2, "v": CHINA + USA, "p": ["CHN"] * 17 + ["USA"] * 17})
    return charts.line_chart(df, "year", "v", "p", events=events, ylabel="exports (trillions of yen)", source="Source: test",
                             title="Japan's exports to its largest destinations (changes of the top spot marked)")


def monthly_chart(first="2017-01", last="2024-12", events=()):
    months = pd.period_range(first, last, freq="M").to_timestamp()
    n = len(months)
    # a sawtooth between 0 and 100 with a peak in every month that could sit under a marker
    rare = [float((7 * i) % 101) for i in range(n)]
    graphite = [10.0 + (i % 5) for i in range(n)]
    df = pd.DataFrame({"month": list(months) * 2, "mn": rare + graphite, "product": ["Rare Earths"] * n + ["Graphite"] * n})
    return charts.line_chart(df, "month", "mn", "product", events=list(events), height=3.8, source="S",
                             title="China's reported exports to Japan by group", ylabel="exports (US$ million per month)")


def drawn(fig):
    fig.canvas.draw()
    return fig.canvas.get_renderer()


def pt(pixels, fig):
    return pixels * 72 / fig.dpi


def marker_box(ann, renderer):
    """The numbered marker as seen: its text and the circle drawn round it."""
    return Bbox.union([ann.get_window_extent(renderer), ann.get_bbox_patch().get_window_extent(renderer)])


def visible_xtick_labels(ax):
    lo, hi = ax.get_xlim()
    return [(t.get_position()[0], t.get_text()) for t in ax.get_xticklabels() if lo <= t.get_position()[0] <= hi and t.get_text()]


def assert_markers_clear(fig, n_markers):
    renderer = drawn(fig)
    ax = fig.axes[0]
    markers = fig._tb_event_markers
    assert len(markers) == n_markers
    boxes = [marker_box(ann, renderer) for _, ann in markers]
    title = ax.title.get_window_extent(renderer)
    legend = ax.get_legend().get_window_extent(renderer) if ax.get_legend() else None
    axes_box = ax.get_window_extent(renderer)
    # the highest point of any data line, with its dot (3 pt marker) and line width
    data_top = max(ax.transData.transform(xy)[1] for line in ax.get_lines() if line.get_linestyle() == "-" for xy in line.get_xydata())
    for (xv, ann), box in zip(markers, boxes):
        line_x = ax.transData.transform((charts._x_number(xv), 0))[0]
        assert abs(pt((box.x0 + box.x1) / 2 - line_x, fig)) <= 1.0, f"marker {ann.get_text()} is not on its line"
        assert not box.overlaps(title)
        assert legend is None or not box.overlaps(legend)
        assert axes_box.y0 <= box.y0 and box.y1 <= axes_box.y1 + 1   # inside the plot, under the legend
        assert pt(box.y0 - data_top, fig) >= 2.5, f"marker {ann.get_text()} touches the data"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)
    return renderer, boxes


def test_crossing_markers_on_their_lines_clear_of_each_other_title_and_data():
    fig = exports_chart()
    renderer, boxes = assert_markers_clear(fig, 5)
    ax = fig.axes[0]
    # numbered left to right, one per event, and the key pairs each number with its label
    assert [(x, ann.get_text()) for x, ann in fig._tb_event_markers] == [(2013, "1"), (2018, "2"), (2019, "3"), (2020, "4"), (2023, "5")]
    key = [(badge.get_text(), text.get_text()) for badge, text in fig._tb_event_key]
    assert key == [("1", "2013: United States ahead"), ("2", "2018: China ahead"), ("3", "2019: United States ahead"),
                   ("4", "2020: China ahead"), ("5", "2023: United States ahead")]
    # the key lies below the axis and its tick labels, above the source line, each entry clear of the others
    under_axis = ax.get_tightbbox(renderer).y0
    source = next(t for t in fig.texts if t.get_text().startswith("Source"))
    key_boxes = [Bbox.union([b.get_window_extent(renderer), b.get_bbox_patch().get_window_extent(renderer), t.get_window_extent(renderer)])
                 for b, t in fig._tb_event_key]
    for i, k in enumerate(key_boxes):
        assert k.y1 <= under_axis and k.y0 >= source.get_window_extent(renderer).y1
        assert 0 <= k.x0 and k.x1 <= fig.bbox.width
        assert not any(k.overlaps(o) for o in key_boxes[i + 1:])
    # each dotted line ends at its own marker, not above it
    dotted = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
    assert len(dotted) == 5
    for line, box in zip(dotted, boxes):
        top = ax.transAxes.transform((0, line.get_ydata()[1]))[1]
        assert box.y0 <= top <= box.y1
    assert "Marked on the chart: 2013: United States ahead; 2018: China ahead; 2019: United States ahead; " \
           "2020: China ahead; 2023: United States ahead." in fig._tb_alt
    assert "In 2025, exports (trillions of yen): United States 20.4, China 18.8." in fig._tb_alt


def test_annual_axis_covers_the_data_years_only():
    fig = exports_chart()
    drawn(fig)
    ax = fig.axes[0]
    assert ax.get_xlim() == pytest.approx((2008.5, 2025.5))
    labels = visible_xtick_labels(ax)
    # 17 years: every 2nd year, the even ones from 2010 to 2024
    assert [t for _, t in labels] == [str(y) for y in range(2010, 2025, 2)]
    assert all(float(t) == v for v, t in labels)


def test_one_event_clear_of_a_peak_under_it():
    # Fig. 6's shape: foodstuff exports peak at 238 in 2022, the seafood ban marked at 2023
    values = [37, 45, 25, 29, 36, 43, 61, 67, 68, 97, 118, 129, 182, 238, 186, 115, 127]
    df = pd.DataFrame({"year": YEARS, "bn": [float(v) for v in values], "series": "Foodstuff"})
    fig = charts.line_chart(df, "year", "bn", "series", events=[(2023, "Aug 2023: China bans imports of Japanese seafood")],
                            title="Japan's Foodstuff exports to China", ylabel="exports (billions of yen)", source="S")
    assert_markers_clear(fig, 1)
    assert fig._tb_alt.endswith("Marked on the chart: Aug 2023: China bans imports of Japanese seafood.")


def test_monthly_events_three_months_apart_do_not_touch():
    fig = monthly_chart(events=[(pd.Timestamp("2023-07-01"), "Jul 2023: Export controls: gallium, germanium"),
                                (pd.Timestamp("2023-10-01"), "Oct 2023: Export controls: graphite")])
    assert_markers_clear(fig, 2)
    ax = fig.axes[0]
    # data Jan 2017 to Dec 2024: limits half a month beyond, January ticks 2017..2024 (no 2025)
    lo, hi = ax.get_xlim()
    assert mdates.date2num(pd.Timestamp("2016-12-15")) <= lo <= mdates.date2num(pd.Timestamp("2017-01-01"))
    assert mdates.date2num(pd.Timestamp("2024-12-01")) <= hi <= mdates.date2num(pd.Timestamp("2024-12-17"))
    assert [t for _, t in visible_xtick_labels(ax)] == [str(y) for y in range(2017, 2025)]


def test_rolling_chart_axis_ends_with_the_data():
    # Fig. 3: 12-month sums from Dec 2009 to May 2019; the axis must not run on to 2020
    fig = monthly_chart("2009-12", "2019-05")
    drawn(fig)
    ax = fig.axes[0]
    lo, hi = ax.get_xlim()
    assert hi <= mdates.date2num(pd.Timestamp("2019-05-17")) and lo >= mdates.date2num(pd.Timestamp("2009-11-15"))
    assert [t for _, t in visible_xtick_labels(ax)] == [str(y) for y in range(2010, 2020)]


def test_short_monthly_span_has_distinct_month_ticks():
    fig = monthly_chart("2023-01", "2023-10")
    drawn(fig)
    texts = [t for _, t in visible_xtick_labels(fig.axes[0])]
    # ten months, at most seven ticks: every second month from January, each named once
    assert texts == ["Jan 2023", "Mar 2023", "May 2023", "Jul 2023", "Sep 2023"]


@pytest.mark.parametrize("spacing", [1, 2])
def test_eight_events_in_consecutive_years_stay_apart(spacing):
    events = [(2010 + spacing * i, f"{2010 + spacing * i}: event number {i + 1}") for i in range(8)]
    fig = exports_chart(events)
    assert_markers_clear(fig, 8)
    assert [ann.get_text() for _, ann in fig._tb_event_markers] == [str(i) for i in range(1, 9)]


def test_events_at_the_same_x_share_one_marker():
    fig = exports_chart([(2018, "2018: China ahead"), (2018, "2018: second note"), (2023, "2023: United States ahead")])
    assert_markers_clear(fig, 2)
    assert [ann.get_text() for _, ann in fig._tb_event_markers] == ["1,2", "3"]
    assert [b.get_text() for b, _ in fig._tb_event_key] == ["1", "2", "3"]


def bilateral(years):
    df = pd.DataFrame({"period": years, "export": [18.8] * len(years), "import": [26.7] * len(years)})
    df["balance"] = df["export"] - df["import"]
    return charts.bars_and_line(df, "period", ["export", "import"], "balance", title="Japan's trade with China",
                                ylabel="trillions of yen", source="S",
                                labels={"export": "exports", "import": "imports", "balance": "balance (exports − imports)"})


def test_bilateral_ticks_within_the_data_years():
    fig = bilateral(YEARS)
    drawn(fig)
    ax = fig.axes[0]
    assert ax.get_xlim() == pytest.approx((2008.5, 2025.5))
    texts = [t for _, t in visible_xtick_labels(ax)]
    assert texts == [str(y) for y in range(2010, 2025, 2)]     # not 2008 … 2026


def test_bilateral_single_year_has_one_tick():
    fig = bilateral([2022])
    drawn(fig)
    ax = fig.axes[0]
    assert [t for _, t in visible_xtick_labels(ax)] == ["2022"]
    assert ax.get_xlim() == pytest.approx((2021.5, 2022.5))


def test_every_chart_uses_the_house_palette():
    neutral = {"#222222", "#333333", "#8a8a8a"}
    allowed = {c.lower() for c in charts.HOUSE} | neutral
    figs = [exports_chart(), monthly_chart(), bilateral(YEARS),
            charts.bar_chart(pd.DataFrame({"v": [3.0, 2.0], "g": ["a", "b"]}), "v", "g", title="T", xlabel="x", source="S",
                             highlight={"a": charts.HIGHLIGHT}, vline=2.5)]
    for fig in figs:
        ax = fig.axes[0]
        used = {to_hex(line.get_color()) for line in ax.get_lines()}
        used |= {to_hex(p.get_facecolor()) for p in ax.patches}
        assert used <= allowed, used - allowed


def test_bar_chart_alt_text_names_highest_and_lowest_by_value():
    # bars ordered by flow, not by value (the mirror chart): the highest is the second bar
    df = pd.DataFrame({"gap": [-21.6, 9.3], "pair": ["Japan's exports vs China's imports", "Japan's imports vs China's exports"]})
    fig = charts.bar_chart(df, "gap", "pair", title="Mirror statistics", xlabel="gap (%)", source="S", percent=True)
    assert fig._tb_alt == ("Mirror statistics. Highest: Japan's imports vs China's exports at 9.3%; "
                           "lowest shown: Japan's exports vs China's imports at -21.6%.")


def test_tick_labels_distinct_on_every_axis():
    for fig in [exports_chart(), monthly_chart(), monthly_chart("2009-12", "2019-05"), bilateral(YEARS), bilateral([2022])]:
        drawn(fig)
        ax = fig.axes[0]
        xs = [t for _, t in visible_xtick_labels(ax)]
        lo, hi = ax.get_ylim()
        ys = [t.get_text() for t in ax.get_yticklabels() if lo <= t.get_position()[1] <= hi]
        assert len(set(xs)) == len(xs) and len(set(ys)) == len(ys)



def test_alt_text_reads_all_lines_at_the_period_they_share():
    # Fig. 3's case: one series ends in May 2019, the other runs on to Dec 2019
    months = pd.period_range("2019-01", "2019-12", freq="M").to_timestamp()
    df = pd.DataFrame({"month": list(months[:5]) + list(months),
                       "v": [15.0, 15.2, 15.4, 15.6, 15.8] + [14.0 + 0.1 * i for i in range(12)],
                       "p": ["USA"] * 5 + ["CHN"] * 12})
    fig = charts.line_chart(df, "month", "v", "p", title="T", ylabel="exports (trillions of yen)", source="S")
    # May 2019: United States 15.8, China 14.0 + 0.4
    assert fig._tb_alt == "T. In May 2019, exports (trillions of yen): United States 15.8, China 14.4."


def test_single_year_line_chart_has_one_tick_at_that_year():
    df = pd.DataFrame({"year": [2022, 2022], "v": [22.1, 18.0], "p": ["CHN", "USA"]})
    fig = charts.line_chart(df, "year", "v", "p", title="T", ylabel="share (%)", source="S", percent=True)
    drawn(fig)
    ax = fig.axes[0]
    assert [t for _, t in visible_xtick_labels(ax)] == ["2022"]
    assert ax.get_xlim() == pytest.approx((2021.5, 2022.5))


def test_key_wraps_a_label_longer_than_the_figure_and_stays_clear():
    long = "Oct 2023: " + "export controls on natural and artificial graphite, spherical graphite and products of it, " * 2
    fig = exports_chart([(2018, "2018: China ahead"), (2023, long.strip())])
    renderer = drawn(fig)
    ax = fig.axes[0]
    source = next(t for t in fig.texts if t.get_text().startswith("Source"))
    boxes = [Bbox.union([b.get_bbox_patch().get_window_extent(renderer), t.get_window_extent(renderer)]) for b, t in fig._tb_event_key]
    assert "\n" in fig._tb_event_key[1][1].get_text()      # ~190 characters do not fit on one 7-inch line
    for k in boxes:
        assert k.x1 <= fig.bbox.width and k.y1 <= ax.get_tightbbox(renderer).y0
        assert k.y0 >= source.get_window_extent(renderer).y1
    assert not boxes[0].overlaps(boxes[1])
