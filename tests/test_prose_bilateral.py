"""The bilateral section's heading and sentences (tradebrief.prose.bilateral) and its table indicator
(indicators.pair_table), on hand-made frames; expected text and numbers worked out by hand."""
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
from tradebrief.prose import bilateral


def test_headings_take_articles_and_possessives():
    assert bilateral.heading("JPN", "USA", "JPY") == "Japan's trade with the United States in Japanese yen and US dollars"
    assert bilateral.heading("USA", "CHN", "USD") == "The United States' trade with China in US dollars"
    assert bilateral.intro("USA", "CHN", "USD").text == ("Exports, imports, total and balance with China, in US dollars as the "
                                                         "United States' statistics report them.")
    assert bilateral.intro("JPN", "NLD", "JPY").text == ("Exports, imports, total and balance with the Netherlands, in Japanese "
                                                         "yen as Japan publishes them and in US dollars at the annual average "
                                                         "exchange rate of each year.")
    assert bilateral.chart_title("PHL", "USA") == "The Philippines' trade with the United States"
    assert bilateral.table_caption("JPN", "USA", "JPY") == "Japan–United States trade in Japanese yen and US dollars"


def test_below_the_high_quotes_the_high_and_the_distance():
    usd = pd.Series({"2021": 350e9, "2022": 330e9, "2024": 292e9})
    own = pd.Series({"2021": 38.4e12, "2022": 43.3e12, "2024": 44.18e12})
    rate = pd.Series({"2021": 109.75, "2022": 131.5, "2024": 151.4584})
    p = bilateral.level(usd, own, rate, "JPN", "CHN", "JPY")
    # 292 / 350 - 1 = -16.57%: "17% below"
    assert p.text == ("Bilateral trade was **US$292 billion in 2024** (¥44.2 trillion at 151.46 JPY per US dollar), in dollars "
                      "17% below its 2021 high of US$350 billion.")
    quoted = {(q.indicator, q.period, q.unit): q.value for q in p.quotes}
    assert quoted[("trade_value", "2021", "USD")] == 350e9   # the high is quoted, so it is a headline key figure
    assert quoted[("trade_value", "2024", "JPY")] == 44.18e12
    assert quoted[("exchange_rate", "2024", "JPY per USD")] == 151.4584
    assert quoted[("change_from_high", "2021-2024", "percent")] == round(100 * (292 / 350 - 1), 3)


def test_reached_its_high_and_one_year():
    usd = pd.Series({"2023": 300e9, "2024": 320e9})
    p = bilateral.level(usd, pd.Series(dtype=float), pd.Series(dtype=float), "USA", "CHN", "USD")
    assert p.text == "Bilateral trade reached **US$320 billion in 2024**, its highest value in 2023–2024."
    one = bilateral.level(usd.iloc[:1], pd.Series(dtype=float), pd.Series(dtype=float), "USA", "CHN", "USD")
    assert one.text == "Bilateral trade was **US$300 billion in 2023**."   # never "its highest value in 2023–2023"


def test_exchange_rates_and_the_years_without_one():
    methods = pd.DataFrame({"min": ["2019", "2009"], "max": ["2024", "2018"]},
                           index=pd.Index(["mean of 12 monthly averages", "official annual average"], name="method"))
    p = bilateral.exchange_rates(methods, ["2025"], "JPY")
    assert p.text == ("Exchange rates: mean of 12 monthly averages for 2019–2024 and official annual average for 2009–2018. "
                      "No exchange rate is loaded for 2025, so that year is shown in Japanese yen only.")
    single = pd.DataFrame({"min": ["2022"], "max": ["2022"]}, index=pd.Index(["official annual average"], name="method"))
    two = bilateral.exchange_rates(single, ["2024", "2023"], "JPY")
    assert two.text == ("Exchange rates: official annual average for 2022. No exchange rate is loaded for 2023 and 2024, "
                        "so those years are shown in Japanese yen only.")
    assert not bilateral.exchange_rates(single, [], "USD")


def test_pair_table_by_hand():
    t = trade_table({("CHN", 2023): (10, 14), ("CHN", 2024): (12, 18), ("CHN", 2025): (None, 20)}, unit=1e12)
    values = ind.trade_values(t, "JPN", currency="JPY")
    usd = values[values["period"] != "2025"].assign(value=lambda d: d["value"] / d["period"].map({"2023": 140.0, "2024": 150.0}))
    table = ind.pair_table(values, usd).set_index("period")
    assert table.loc["2024", "balance"] == -6e12 and table.loc["2024", "total"] == 30e12
    assert round(table.loc["2024", "growth"], 6) == 25.0            # 30 / 24 - 1
    assert round(table.loc["2024", "rate"], 6) == 150.0 and round(table.loc["2023", "total_usd"]) == round(24e12 / 140)
    assert pd.isna(table.loc["2025", "total"]) and pd.isna(table.loc["2025", "rate"])   # exports missing: no total, no rate


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(panels())
def test_every_drawn_panel_reads_well_and_quotes_what_it_prints(panel):
    f = computed(panel)
    r, p, s, e, cur = (panel[k] for k in ("reporter", "partner", "start", "end", "currency"))
    values = f["values"][f["values"]["partner"] == p]
    usd = values.assign(value=values["value"] / (150.0 if cur == "JPY" else 1.0))
    by_year = ind.pair_table(values, usd).set_index("period")
    paragraphs = [bilateral.level(by_year["total_usd"], by_year["total"], by_year["rate"], r, p, cur),
                  bilateral.missing_flows(values, r, p, s, e), bilateral.intro(r, p, cur)]
    for para in paragraphs:
        assert_reads_well(para.text)
        assert unquoted_numbers(para, years_allowed(s, e)) == [], para
        assert_quotes_within(para, s, e)
    assert_reads_well(bilateral.heading(r, p, cur))
