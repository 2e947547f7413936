"""The export-shift section's sentences (tradebrief.prose.shift) on hand-made frames, expected text written by
hand: changes of the top spot, and where the briefing's own partner and comparison stand (a Japan–Germany
briefing is about Germany, not only the China–US story)."""
from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from prose_section_frames import (
    assert_quotes_within,
    assert_reads_well,
    computed,
    panels,
    trade_table,
    unquoted_numbers,
    years_allowed,
)

from tradebrief import indicators as ind
from tradebrief.prose import shift

B = 1e10
# exports (imports alike): China leads in 2023, the US from 2024; Germany third throughout, the Netherlands behind
# Germany until it overtakes it in 2025
ROWS = {("WLD", 2023): (100, 100), ("CHN", 2023): (20, 20), ("USA", 2023): (18, 18), ("DEU", 2023): (5, 5), ("NLD", 2023): (3, 3),
        ("WLD", 2024): (100, 100), ("CHN", 2024): (17, 17), ("USA", 2024): (19, 19), ("DEU", 2024): (5, 5), ("NLD", 2024): (4, 4),
        ("WLD", 2025): (100, 100), ("CHN", 2025): (17, 17), ("USA", 2025): (20, 20), ("DEU", 2025): (4, 4), ("NLD", 2025): (6, 6)}


def _frames(rows=ROWS, start=2023, end=2025):
    return computed({"trade": trade_table(rows, unit=B), "reporter": "JPN",
                     "currency": "JPY", "start": start, "end": end})


def test_annual_changes_with_one_scale_for_every_gap():
    f = _frames()
    p = shift.annual_changes(f["crossings"], f["leaders"], "JPN", "JPY", 2023, 2025)
    assert p.text == ("**The top export destination changed once** between 2023 and 2025: in 2024 the United States overtook "
                      "China by ¥20 billion. In 2025 the top destination was the United States.")
    assert ("crossover", "USA", "2024", 2 * B, "¥20 billion") in [(q.indicator, q.partner, q.period, q.value, q.shown) for q in p.quotes]
    still = _frames({k: v for k, v in ROWS.items() if k[1] == 2023}, 2023, 2023)
    one = shift.annual_changes(still["crossings"], still["leaders"], "JPN", "JPY", 2023, 2023)
    assert one.text == "In 2023 the top export destination was China."   # never "between 2023 and 2023"


def test_a_partner_that_never_led_gets_its_own_sentence_germany():
    f = _frames()
    p = shift.pair_standing(f["shares"], f["ranks"], f["leaders"], "JPN", "DEU", "USA", 2023, 2025)
    assert p.text == ("In 2025 Germany ranked fourth among Japan's export destinations (4.0% of exports) and the United States "
                      "first (20.0%). Germany was not the top export destination in any year of 2023–2025. Exports to the "
                      "United States exceeded those to Germany in every year of 2023–2025.")
    assert {(q.indicator, q.partner, q.value) for q in p.quotes} == {("share", "DEU", 4.0), ("rank", "DEU", 4),
                                                                     ("share", "USA", 20.0), ("rank", "USA", 1)}


def test_a_pair_that_swapped_places_below_the_top():
    f = _frames()
    p = shift.pair_standing(f["shares"], f["ranks"], f["leaders"], "JPN", "NLD", "DEU", 2023, 2025)
    assert p.text == ("In 2025 the Netherlands ranked third among Japan's export destinations (6.0% of exports) and Germany "
                      "fourth (4.0%). Neither the Netherlands nor Germany was the top export destination in any year of "
                      "2023–2025. Exports to the Netherlands and to Germany changed order in 2025 (the Netherlands ahead).")


def test_the_default_story_is_not_told_twice():
    f = _frames()
    p = shift.pair_standing(f["shares"], f["ranks"], f["leaders"], "JPN", "CHN", "USA", 2023, 2025)
    assert p.text == "In 2025 China ranked second among Japan's export destinations (17.0% of exports) and the United States first (20.0%)."


def test_a_partner_listed_late_never_overtakes_in_its_first_year():
    # exports to Vietnam listed from 2024: ahead of the Netherlands then (5 against 4), behind in 2025 (3 against 6);
    # 2023, with no Vietnamese exports, is not an order the two "changed" from
    rows = dict(ROWS) | {("VNM", 2023): (None, 2), ("VNM", 2024): (5, 2), ("VNM", 2025): (3, 2)}
    f = _frames(rows)
    p = shift.pair_standing(f["shares"], f["ranks"], f["leaders"], "JPN", "VNM", "NLD", 2023, 2025)
    assert p.text.endswith("Exports to Vietnam and to the Netherlands changed order in 2025 (the Netherlands ahead).")
    q = shift.pair_standing(f["shares"], f["ranks"], f["leaders"], "JPN", "VNM", "USA", 2023, 2025)
    assert q.text.endswith("Exports to the United States exceeded those to Vietnam in every year of 2024–2025.")


def test_rolling_changes_and_near_ties():
    rc = pd.DataFrame({"period": ["2013-03", "2014-09"], "new_leader": ["USA", "CHN"], "previous_leader": ["CHN", "USA"],
                       "new_leader_value": [1000.0, 1000.0], "previous_leader_value": [995.0, 980.0], "gap": [5.0, 20.0]})
    p = shift.rolling_changes(rc, "CHN", "JPN", "JPY", close_pct=1.0)
    assert p.text == ("On 12-month rolling sums the top export destination changed **twice**: Mar 2013 (the United States) and "
                      "Sep 2014 (China). In 1 of these months the new leader was ahead by less than 1% of its exports, close to a tie.")
    none = shift.rolling_changes(rc.iloc[0:0], "CHN", "JPN", "JPY")
    assert none.text == "On 12-month rolling sums the top export destination did not change: it was China throughout."


def test_lead_sources_and_titles():
    assert shift.monthly_lead("USA", "2009-12", "2019-05", 2025).endswith(
        "The sums run from Dec 2009 to May 2019. The monthly data end there, so changes after May 2019 show only in the annual data above.")
    assert shift.monthly_lead("USA", "2009-12", "2019-05", 2025).startswith("With the United States' monthly data")
    assert shift.mixed_sources({"CHN": "a.csv", "USA": "b.csv", "NLD": "b.csv"}).text.startswith(
        "The monthly series come from different files: China from `a.csv`; the Netherlands and the United States from `b.csv`.")
    assert not shift.mixed_sources({"CHN": "a.csv", "USA": "a.csv"})
    assert shift.chart_title("PHL", marked=True) == "The Philippines' exports to its leading destinations (changes of the top spot marked)"
    assert shift.event_labels(_frames()["crossings"]) == [(2024, "2024: United States ahead")]
    assert shift.no_monthly("USA", 2022, 2022).text == ("*No monthly data by partner are loaded for the United States in 2022, so no "
                                                        "monthly changes of the top spot can be computed.*")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(panels())
def test_every_drawn_panel_reads_well_and_quotes_what_it_prints(panel):
    f = computed(panel)
    r, p, c, s, e, cur = (panel[k] for k in ("reporter", "partner", "comparison", "start", "end", "currency"))
    paragraphs = [shift.annual_changes(f["crossings"], f["leaders"], r, cur, s, e),
                  shift.pair_standing(f["shares"], f["ranks"], f["leaders"], r, p, c, s, e),
                  shift.intro(r, p, c)]
    for para in paragraphs:
        assert_reads_well(para.text)
        assert unquoted_numbers(para, years_allowed(s, e) | {"12"}) == [], para
        assert_quotes_within(para, s, e)
    assert ind.top_partner(f["values"], "export")["leader"].map(lambda x: x not in ("WLD", "EU", "S19")).all()


def test_the_pair_on_rolling_sums_when_neither_led():
    """Korea and Taiwan in Japan's 12-month sums (China and the US held the top spot): shares of the latest window
    and the swaps, computed here by hand from the frame."""
    months = ["2018-10", "2018-11", "2018-12", "2019-01"]
    world, kor, twn = [1000.0] * 4, [70.0, 60.0, 62.0, 71.0], [65.0, 66.0, 61.0, 60.0]
    rows = [(p, m, v) for p, vals in (("WLD", world), ("KOR", kor), ("TWN", twn)) for m, v in zip(months, vals)]
    rolling = pd.DataFrame([{"reporter": "JPN", "partner": p, "flow": "export", "period": m, "value": v} for p, m, v in rows])
    p = shift.rolling_pair(rolling, "JPN", "KOR", "TWN", {"CHN", "USA"})
    # KOR ahead in Oct, TWN in Nov, KOR in Dec: two swaps, the last in Dec 2018; latest window 71/1000 = 7.1%, 60/1000 = 6.0%
    assert p.text == ("In the 12 months to Jan 2019, South Korea took 7.1% of Japan's exports and Taiwan 6.0%; the two "
                      "swapped places twice, last in Dec 2018 (to South Korea).")
    assert {(q.partner, q.value) for q in p.quotes if q.indicator == "share_12m"} == {("KOR", 7.1), ("TWN", 6.0)}
    steady = rolling.assign(value=rolling["value"].where(rolling["partner"] != "TWN", 10.0))
    assert shift.rolling_pair(steady, "JPN", "KOR", "TWN", {"CHN", "USA"}).text.endswith(
        "; South Korea was ahead in every 12-month period shown.")
    assert shift.rolling_pair(rolling, "JPN", "CHN", "USA", {"CHN", "USA"}).text == ""   # the top-spot story tells it
    assert shift.rolling_pair(rolling, "JPN", "KOR", "DEU", {"CHN", "USA"}).text == ""   # no monthly series for Germany


def test_the_pair_is_read_in_the_last_window_all_three_series_hold():
    months = ["2019-04", "2019-05", "2019-12"]
    rows = [("WLD", "2019-04", 1000.0), ("WLD", "2019-05", 1000.0), ("KOR", "2019-04", 70.0), ("KOR", "2019-05", 71.0),
            ("TWN", "2019-04", 60.0), ("TWN", "2019-05", 61.0), ("CHN", months[2], 190.0)]   # China's own file runs on
    rolling = pd.DataFrame([{"reporter": "JPN", "partner": p, "flow": "export", "period": m, "value": v} for p, m, v in rows])
    assert shift.rolling_pair(rolling, "JPN", "KOR", "TWN", {"CHN", "USA"}).text.startswith(
        "In the 12 months to May 2019, South Korea took 7.1% of Japan's exports and Taiwan 6.1%")
