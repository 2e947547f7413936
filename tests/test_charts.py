"""Charts measured as drawn: event markers on their own lines and clear of each other, the title,
the legend and the data; x axes limited to the data; one colour per role and per country; a phone layout
whose text stays readable. Data are typed in here (a fixture shaped like the briefing's figures), expected
positions, rankings and colours worked out by hand."""
from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.transforms import Bbox

from tradebrief import charts
from tradebrief.charts.ticks import x_number

# Japan's exports to China and the United States, trillions of yen, 2009-2025 (shape of Fig. 2)
YEARS = list(range(2009, 2026))
CHINA = [10.2, 13.0, 12.9, 11.5, 12.6, 13.4, 13.2, 12.4, 14.9, 15.9, 14.7, 15.1, 18.0, 19.0, 17.8, 18.9, 18.8]
USA = [8.7, 10.3, 10.0, 11.2, 12.9, 13.6, 15.2, 14.1, 15.1, 15.5, 15.3, 12.6, 14.8, 18.3, 20.3, 21.3, 20.4]
CROSSINGS = [(2013, "2013: United States ahead"), (2018, "2018: China ahead"), (2019, "2019: United States ahead"),
             (2020, "2020: China ahead"), (2023, "2023: United States ahead")]


@pytest.fixture(autouse=True)
def house_style():
    charts.use_house_style()
    charts.assign_roles(reporter="JPN", partner="CHN", comparison="USA")   # the default briefing's roles
    yield
    charts.assign_roles()
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


def legend_of(fig):
    """The chart's legend: the plot's on a wide figure, the figure's on a phone layout."""
    return getattr(fig, "_tb_legend", None) or fig.axes[0].get_legend()


def assert_markers_clear(fig, n_markers):
    renderer = drawn(fig)
    ax = fig.axes[0]
    markers = fig._tb_event_markers
    assert len(markers) == n_markers
    boxes = [marker_box(ann, renderer) for _, ann in markers]
    title = ax.title.get_window_extent(renderer)
    legend = legend_of(fig).get_window_extent(renderer) if legend_of(fig) else None
    axes_box = ax.get_window_extent(renderer)
    # the highest point of any data line, with its dot (3 pt marker) and line width
    data_top = max(ax.transData.transform(xy)[1] for line in ax.get_lines() if line.get_linestyle() == "-" for xy in line.get_xydata())
    for (xv, ann), box in zip(markers, boxes):
        line_x = ax.transData.transform((x_number(xv), 0))[0]
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
    allowed = {c.lower() for c in [*charts.HOUSE, *charts.ROLE_COLOURS.values(), *charts.OTHER_COLOURS]} | neutral
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


# ---- colours: one per role, the other countries apart from them and from each other, the same in every figure

def lab(hex_colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65 white) of an sRGB colour, by the standard formulas: the sRGB transfer curve and matrix of
    IEC 61966-2-1, the Lab functions of CIE 15. Hand-written because no colour library is in the lock; checked
    against published values in the next test."""
    rgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    matrix = [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
    x, y, z = (sum(m * c for m, c in zip(row, lin)) for row in matrix)

    def f(t):
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116
    fx, fy, fz = f(x / 0.95047), f(y / 1.0), f(z / 1.08883)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(a: str, b: str) -> float:
    """CIE 1976 colour difference (Euclidean distance in L*a*b*)."""
    return sum((p - q) ** 2 for p, q in zip(lab(a), lab(b))) ** 0.5


# A difference of about 2.3 is just noticeable (Sharma & Trussell 1997); 25 is ten times that: lines a reader tells
# apart at a glance. Today's defect was 0 (Australia and the United States drawn in the same blue).
APART = 25.0


def test_lab_conversion_matches_published_values():
    # Lindbloom's calculator: sRGB red = L* 53.2408, a* 80.0925, b* 67.2032; mid grey #808080 = L* 53.5850
    assert lab("#ff0000") == pytest.approx((53.2408, 80.0925, 67.2032), abs=0.01)
    assert lab("#808080") == pytest.approx((53.5850, 0, 0), abs=0.01)
    assert lab("#ffffff") == pytest.approx((100, 0, 0), abs=0.01)


def test_role_colours_apart_from_each_other_and_from_every_other_colour():
    colours = [*charts.ROLE_COLOURS.values(), *charts.OTHER_COLOURS]
    assert len(set(colours)) == len(colours)
    for i, a in enumerate(colours):
        for b in colours[i + 1:]:
            assert delta_e(a, b) >= APART, f"{a} and {b} are only {delta_e(a, b):.1f} apart"


def trade_of_china():
    """China's annual trade, all goods, US$ bn (made up): exports and imports per partner, 2021-2022, plus rows the
    ranking must ignore (a year outside the briefing, another currency, monthly rows, a product group, aggregates)."""
    totals = {"USA": (300, 200), "JPN": (150, 150), "KOR": (140, 140), "AUS": (60, 140), "TWN": (80, 100), "DEU": (90, 60),
              "IDN": (50, 50), "WLD": (2000, 1500), "EU": (250, 150), "S19": (10, 5)}
    rows = []
    for partner, (exports, imports) in totals.items():
        for flow, value in (("export", exports), ("import", imports)):
            rows.append(("CHN", partner, flow, "2022", "A", value * 1e9, "USD", "TOTAL"))
            rows.append(("CHN", partner, flow, "2022-01", "M", 1e13, "USD", "TOTAL"))       # monthly: not counted
            rows.append(("CHN", partner, flow, "2022", "A", 1e13, "USD", "85"))             # a product group: not counted
    rows.append(("CHN", "IDN", "export", "2015", "A", 1e13, "USD", "TOTAL"))             # outside 2021-2022
    rows.append(("CHN", "DEU", "export", "2022", "A", 1e13, "EUR", "TOTAL"))             # another currency, fewer rows
    rows.append(("JPN", "IDN", "export", "2022", "A", 1e13, "USD", "TOTAL"))             # another reporter
    return pd.DataFrame(rows, columns=["reporter", "partner", "flow", "period", "frequency", "value", "currency", "product"])


def test_other_countries_ranked_by_trade_with_the_reporter():
    # sums by hand: USA 500, JPN 300, KOR 280, AUS 200, TWN 180, DEU 150, IDN 100; WLD, EU and S19 are not countries
    assert charts.colours.partners_by_trade(trade_of_china(), "CHN", (2021, 2022)) == ["USA", "JPN", "KOR", "AUS", "TWN", "DEU", "IDN"]


def lines_of(codes, title="T"):
    df = pd.DataFrame({"year": [2021, 2022] * len(codes), "v": [1.0, 2.0] * len(codes), "p": [c for c in codes for _ in (0, 1)]})
    fig = charts.line_chart(df, "year", "v", "p", title=title, ylabel="share (%)", source="S", percent=True)
    names = {t.get_text(): line for t, line in zip(fig.axes[0].get_legend().get_texts(), fig.axes[0].get_lines())}
    return {code: to_hex(names[charts.lines.series_label(code)].get_color()) for code in codes}


def test_same_country_same_colour_in_every_figure_and_roles_their_own():
    charts.assign_roles(reporter="CHN", partner="JPN", comparison="KOR", trade=trade_of_china(), years=(2021, 2022))
    first = lines_of(["USA", "AUS", "JPN"])
    second = lines_of(["IDN", "AUS", "TWN", "KOR", "USA", "DEU"])
    assert first["AUS"] == second["AUS"] and first["USA"] == second["USA"]
    assert first["JPN"] == charts.ROLE_COLOURS["partner"] and second["KOR"] == charts.ROLE_COLOURS["comparison"]
    # the others by their trade with China: USA, AUS, TWN, DEU, IDN take the palette in that order
    assert [second[c] for c in ("USA", "AUS", "TWN", "DEU", "IDN")] == charts.OTHER_COLOURS[:5]
    # the pairs that shared a colour before (one blue, one orange) are now far apart
    assert delta_e(second["AUS"], second["USA"]) >= APART
    assert delta_e(second["IDN"], second["TWN"]) >= APART
    assert len(set(second.values())) == len(second)


def test_default_roles_keep_australia_apart_from_the_united_states():
    trade = trade_of_china().assign(reporter="JPN", partner=lambda d: d["partner"].replace({"JPN": "CHN"}))
    charts.assign_roles(reporter="JPN", partner="CHN", comparison="USA", trade=trade, years=(2021, 2022))
    colours = lines_of(["CHN", "USA", "AUS", "TWN", "IDN", "KOR"])
    assert colours["CHN"] == charts.ROLE_COLOURS["partner"] and colours["USA"] == charts.ROLE_COLOURS["comparison"]
    assert delta_e(colours["AUS"], colours["USA"]) >= APART and delta_e(colours["IDN"], colours["TWN"]) >= APART


def test_an_aggregate_partner_takes_the_partner_colour():
    charts.assign_roles(reporter="JPN", partner="EU", comparison="USA")
    colours = lines_of(["EU", "USA"])
    assert colours == {"EU": charts.ROLE_COLOURS["partner"], "USA": charts.ROLE_COLOURS["comparison"]}


def test_past_the_palette_lines_differ_by_dash():
    codes = [f"C{i:02d}" for i in range(21)]
    trade = pd.DataFrame({"reporter": "JPN", "partner": codes, "flow": "export", "period": "2022", "frequency": "A",
                          "value": [float(100 - i) for i in range(21)], "currency": "JPY", "product": "TOTAL"})
    charts.assign_roles(reporter="JPN", trade=trade)
    styles = [charts.country_style(c) for c in codes]
    assert len({(s.color, str(s.linestyle)) for s in styles}) == 21
    assert styles[7].color == styles[0].color and styles[7].linestyle != styles[0].linestyle


def test_charts_leave_the_users_backend_and_pyplot_alone_and_colours_hold_across_processes():
    """One fresh Python (another hash seed than this one) that picked its own backend: importing and using
    the charts keeps it and registers no pyplot figure; a country with no rank gets the same colour there as here."""
    import os
    import subprocess
    import sys
    code = ("import matplotlib; matplotlib.use('svg'); import matplotlib.pyplot as plt; import pandas as pd\n"
            "from tradebrief import charts; charts.use_house_style()\n"
            "df = pd.DataFrame({'year': [2021, 2022], 'v': [1.0, 2.0], 'p': 'CHN'})\n"
            "charts.line_chart(df, 'year', 'v', 'p', title='T', ylabel='y', source='S')\n"
            "print(matplotlib.get_backend(), plt.get_fignums(), charts.country_style('AUS').color)")
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONHASHSEED": seed}).stdout.split()
    charts.assign_roles()
    # before: importing tradebrief.charts switched the backend to agg, and charts were pyplot figures
    assert out == ["svg", "[]", charts.country_style("AUS").color]
    assert out[2] in charts.OTHER_COLOURS


# ---- the phone layout

PHONE_COLUMN_PX = 373    # a 390 px phone less the page's padding (2 × 0.6 rem at 14 px)


def svg_size_pt(svg: str) -> tuple[float, list[float]]:
    """An SVG's width in points and the type size of each of its texts (matplotlib scales each text's glyphs,
    drawn at 100 units to the em, by size/100)."""
    import re
    width = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', svg).group(1))
    return width, [100 * float(s) for s in re.findall(r'<g [^>]*transform="translate\([^)]*\)(?: rotate\([^)]*\))? scale\(([\d.]+) -', svg)]


def shown(monkeypatch, fig):
    import IPython.display
    out = []
    monkeypatch.setattr(IPython.display, "display", lambda data, raw, metadata: out.append((data, metadata)))
    charts.show(fig)
    return out[0]


def long_bars():
    labels = ["Electrical machinery and equipment", "Rare earth metals, compounds of scandium and yttrium", "Toys",
              "Japan's exports vs China's imports", "Organic chemicals"]
    df = pd.DataFrame({"v": [80.0, 62.5, 55.0, -5.0, 41.0], "g": labels})
    return charts.bar_chart(df, "v", "g", title="Import groups with the highest share from China, 2025",
                            xlabel="China's share of Japan's imports of the group (%)",
                            source="Source: Japan Ministry of Finance, Trade Statistics (annual, by area and commodity).",
                            highlight={"Toys": charts.HIGHLIGHT}, vline=50, percent=True, highlight_label="meets both tests",
                            plain_label="does not", vline_label="share threshold 50%")


def four_groups():
    """Fig. 7's shape: four product groups with long names, two events, and a source naming a long file path."""
    months = pd.period_range("2017-01", "2024-12", freq="M").to_timestamp()
    names = ["Gallium and germanium", "Rare earths", "Graphite", "Polysilicon"]
    df = pd.DataFrame({"month": list(months) * 4, "mn": [float((i * 13 + k * 7) % 90) for k in range(4) for i in range(len(months))],
                       "product": [n for n in names for _ in months]})
    return charts.line_chart(df, "month", "mn", "product", height=3.8, title="China's reported exports to Japan by group",
                             events=[(pd.Timestamp("2023-07-01"), "Jul 2023: Export controls: gallium, germanium"),
                                     (pd.Timestamp("2023-10-01"), "Oct 2023: Export controls: graphite")],
                             ylabel="exports (US$ million per month)",
                             source="Source: United Nations, UN Comtrade: China's reported exports to Japan of critical minerals "
                                    "(data/comtrade/china_exports_to_japan_critical_minerals_monthly_2017_2024.csv).")


@pytest.mark.parametrize("make", [exports_chart, monthly_chart, lambda: bilateral(YEARS), long_bars, four_groups])
def test_phone_svg_text_at_least_9_px_on_a_390_px_phone(monkeypatch, make):
    data, meta = shown(monkeypatch, make())
    wide_pt, wide_sizes = svg_size_pt(data["image/svg+xml"])
    narrow_pt, narrow_sizes = svg_size_pt(meta["image/svg+xml"]["narrow"])
    assert meta["image/svg+xml"]["narrow_media"] == charts.PHONE_MEDIA
    # an SVG's point is 4/3 CSS px at its own size; the picture is scaled to the phone's column
    px = lambda size_pt, svg_pt: size_pt * PHONE_COLUMN_PX / svg_pt   # noqa: E731  (pt × (4/3 px/pt) × column / (svg_pt × 4/3))
    assert min(px(s, wide_pt) for s in wide_sizes) < 6      # the wide chart on a phone: 7.5 pt text at about 5.6 px
    assert narrow_pt <= (charts.NARROW_IN + 2 * 0.1) * 72     # the figure and the 0.1 in margin of bbox_inches="tight"
    assert min(px(s, narrow_pt) for s in narrow_sizes) >= 9


def texts_apart(boxes):
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (a, b)


@pytest.mark.parametrize("make", [exports_chart, monthly_chart, lambda: bilateral(YEARS), long_bars, four_groups])
def test_phone_layout_keeps_text_inside_and_apart(make):
    fig = charts.display.narrow_version(make())
    renderer = drawn(fig)
    ax = fig.axes[0]
    assert fig.get_figwidth() == charts.NARROW_IN
    figure_box = fig.bbox
    xt = [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text() and t.get_visible()
          and ax.get_xlim()[0] <= t.get_position()[0] <= ax.get_xlim()[1]]
    yt = [t.get_window_extent(renderer) for t in ax.get_yticklabels() if t.get_text() and t.get_visible()
          and min(ax.get_ylim()) <= t.get_position()[1] <= max(ax.get_ylim())]
    texts_apart(xt)
    texts_apart(yt)
    others = [fig._tb_title.get_window_extent(renderer), ax.yaxis.label.get_window_extent(renderer),
              ax.xaxis.label.get_window_extent(renderer)]
    if legend_of(fig):
        others.append(legend_of(fig).get_window_extent(renderer))
    others += [t.get_window_extent(renderer) for t in fig.texts]
    for box in xt + yt + others:
        assert figure_box.x0 - 0.5 <= box.x0 and box.x1 <= figure_box.x1 + 0.5, f"text outside the {charts.NARROW_IN} in figure: {box}"
    # the title and the legend sit above the plot, the source line below everything; the plot keeps the width
    plot = ax.get_window_extent(renderer)
    assert plot.width >= 0.4 * figure_box.width, f"plot squeezed to {plot.width / figure_box.width:.0%} of the figure"
    assert others[0].y0 >= plot.y1 and (not legend_of(fig) or others[3].y0 >= plot.y1 - 1)
    if legend_of(fig):   # its entries (the legend's box has an invisible margin) clear of the title's lines
        assert not any(others[0].overlaps(t.get_window_extent(renderer)) for t in legend_of(fig).get_texts()), "legend over the title"
    if getattr(fig, "_tb_event_markers", None):
        assert_markers_clear(fig, len(fig._tb_event_markers))


def test_phone_year_axis_has_at_most_five_ticks():
    fig = charts.display.narrow_version(exports_chart())
    drawn(fig)
    assert [t for _, t in visible_xtick_labels(fig.axes[0])] == ["2010", "2015", "2020", "2025"]
    fig = charts.display.narrow_version(monthly_chart("2009-12", "2019-05"))
    drawn(fig)
    assert [t for _, t in visible_xtick_labels(fig.axes[0])] == ["2010", "2012", "2014", "2016", "2018"]
