"""The latest-months section's sentences and table (tradebrief.prose.latest), on hand-made year-to-date frames
run through the real indicator (indicators.latest.latest_months), with expected text written by hand."""
from __future__ import annotations

from prose_numbers import unaccounted
from prose_section_frames import assert_reads_well, trade_table

from tradebrief.indicators.latest import latest_months
from tradebrief.prose import latest as prose

B = 1e10
# January–March: world 100 + 100; China 20 + 30 (25% of total trade, 20% of exports); the US 25 + 5; Korea 30 + 1
NOW = {("WLD", 2026): (100, 100), ("CHN", 2026): (20, 30), ("USA", 2026): (25, 5), ("KOR", 2026): (30, 1)}
# a year earlier: world 80 + 120; China 16 + 24 (20%, 20%); the US 32 + 8 (20%, 40%); Korea 10 + 1
THEN = {("WLD", 2025): (80, 120), ("CHN", 2025): (16, 24), ("USA", 2025): (32, 8), ("KOR", 2025): (10, 1)}


def _ytd(rows, months=3):
    return trade_table(rows, unit=B).assign(months=months, source="data/x.csv")


def _result(now=NOW, then=THEN, same_months=True, partner="CHN", comparison="USA"):
    if same_months:   # the last full year, 2025, is in the annual rows; its first months in the year-to-date rows
        ytd, annual = _ytd({**now, **then}), trade_table({("WLD", 2025): (1, 1)}, unit=B)
    else:
        ytd, annual = _ytd(now), trade_table(then, unit=B)
    return latest_months(ytd, annual, "JPN", partner, comparison)


def _checked(p, last=2026):
    assert_reads_well(p.text)
    assert unaccounted(p, 2009, last) == [], p.text
    return p


def test_shares_against_the_same_months_a_year_earlier():
    r = _result()
    p = _checked(prose.shares(r, "JPN", "CHN", "USA"))
    assert p.text == ("In January–March 2026 China accounted for 25.0% of Japan's total trade (20.0% in January–March 2025) "
                      "and the United States for 15.0% (20.0%). Of Japan's exports, China took 20.0% (20.0%) and the "
                      "United States 25.0% (40.0%).")
    got = {(q.partner, q.flow, q.period): q.value for q in p.quotes}
    assert got == {("CHN", "total", "2026-01/2026-03"): 25.0, ("CHN", "total", "2025-01/2025-03"): 20.0,
                   ("USA", "total", "2026-01/2026-03"): 15.0, ("USA", "total", "2025-01/2025-03"): 20.0,
                   ("CHN", "export", "2026-01/2026-03"): 20.0, ("CHN", "export", "2025-01/2025-03"): 20.0,
                   ("USA", "export", "2026-01/2026-03"): 25.0, ("USA", "export", "2025-01/2025-03"): 40.0}
    assert {q.indicator for q in p.quotes} == {"share"} and {q.unit for q in p.quotes} == {"percent"}


def test_top_destination_kept_or_changed():
    p = _checked(prose.top_destination(_result(), "JPN"))
    # Korea (30) leads the exports of the latest months; a year earlier the United States (32) did
    assert p.text == ("Japan's top export destination in January–March 2026 was South Korea; "
                      "in January–March 2025 it was the United States.")
    assert [(q.indicator, q.partner, q.period, q.value, q.unit) for q in p.quotes] == [
        ("top_destination", "WLD", "2026-01/2026-03", "KOR", "ISO3"), ("top_destination", "WLD", "2025-01/2025-03", "USA", "ISO3")]
    same = {**THEN, ("KOR", 2025): (40, 1)}
    assert prose.top_destination(_result(then=same), "JPN").text == (
        "Japan's top export destination in January–March 2026 was South Korea, as in January–March 2025.")


def test_the_last_full_year_as_base_is_said_with_its_caveat():
    r = _result(same_months=False)
    assert set(r["base"]) == {"last full year"} and set(r["base_span"]) == {"2025"}
    intro = _checked(prose.intro(r, "JPN", 2025))
    assert "the whole of 2025, because the loaded data do not hold the same months a year earlier" in intro.text
    assert "indicative only" in intro.text
    p = _checked(prose.shares(r, "JPN", "CHN", "USA"))
    assert p.text.startswith("In January–March 2026 China accounted for 25.0% of Japan's total trade (20.0% in 2025)")
    assert {q.period for q in p.quotes} == {"2026-01/2026-03", "2025"}
    assert prose.caption("JPN", r) == "Japan's trade in January–March 2026 against the last full year, 2025"


def test_same_months_intro_table_and_caption():
    r = _result()
    assert prose.heading(r) == "Latest months: January–March 2026"
    intro = _checked(prose.intro(r, "JPN", 2025))
    assert "the same months a year earlier, January–March 2025" in intro.text and "indicative" not in intro.text
    t = prose.table(r, "JPN")
    assert list(t.columns) == ["Figure", "January–March 2026", "January–March 2025"]
    rows = dict(zip(t["Figure"], zip(t["January–March 2026"], t["January–March 2025"])))
    assert rows["China: share of Japan's total trade (%)"] == ("25.0", "20.0")
    assert rows["United States: share of Japan's exports (%)"] == ("25.0", "40.0")
    assert rows["Japan's top export destination"] == ("South Korea", "United States")
    assert prose.caption("JPN", r) == "Japan's trade in January–March 2026 against the same months a year earlier, January–March 2025"


def test_a_share_the_data_do_not_hold_is_said_in_words():
    now = {k: v for k, v in NOW.items() if k[0] != "USA"}
    r = _result(now=now)
    p = _checked(prose.shares(r, "JPN", "CHN", "USA"))
    assert p.text.endswith("The data hold no total trade with the United States or exports with the United States "
                           "for January–March 2026.")
    assert {q.partner for q in p.quotes} == {"CHN"}


def test_one_month_and_the_preliminary_caveat():
    r = latest_months(_ytd({("WLD", 2026): (10, 10), ("CHN", 2026): (2, 3), ("USA", 2026): (3, 1),
                            ("WLD", 2025): (10, 10), ("CHN", 2025): (1, 1), ("USA", 2025): (1, 1)}, months=1),
                      trade_table({("WLD", 2025): (1, 1)}, unit=B), "JPN", "CHN", "USA")
    p = _checked(prose.section(r, "JPN", "CHN", "USA"))
    assert p.text.startswith("In January 2026 China accounted for 25.0% of Japan's total trade (10.0% in January 2025)")
    assert {q.period for q in p.quotes} == {"2026-01", "2025-01"}
    caveat = prose.preliminary(["Japan Ministry of Finance (Japan Customs)", "Japan Ministry of Finance (Japan Customs)"])
    assert caveat.text.startswith("*Preliminary figures:* Japan Ministry of Finance (Japan Customs) publishes the latest "
                                  "months as preliminary figures and revises them")
    assert not caveat.quotes
