"""The executive summary's findings (tradebrief.prose.summary) on hand-made frames; expected sentences written by
hand. Shares in the frames are chosen so the percentages are exact: world exports and imports of 100 each."""
from __future__ import annotations

import pandas as pd
import pytest
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

from tradebrief import formatting
from tradebrief.prose import bilateral, summary

B = 1e10   # one unit of the hand-made tables: ¥10 billion

# Japan's trade in 2025: world 100/100, China 17/23 (20% of the total), the US 19/11 (15%), Korea 6/4 (5%)
ROWS = {("WLD", 2024): (90, 90), ("CHN", 2024): (18, 22), ("USA", 2024): (17, 10), ("KOR", 2024): (5, 4),
        ("WLD", 2025): (100, 100), ("CHN", 2025): (17, 23), ("USA", 2025): (19, 11), ("KOR", 2025): (6, 4)}


@pytest.fixture
def frames():
    return computed({"trade": trade_table(ROWS, unit=B), "reporter": "JPN",
                     "currency": "JPY", "start": 2024, "end": 2025})


def test_share_and_rank_for_the_default_pair(frames):
    p = summary.share_and_rank(frames["shares"], frames["ranks"], "JPN", "CHN", "USA", 2025)
    assert p.text == ("**China took 20.0% of Japan's total trade (exports plus imports) in 2025, the United States 15.0%.** "
                      "China ranked first among Japan's trading partners.")
    assert [(q.indicator, q.partner, q.value) for q in p.quotes] == [("share", "CHN", 20.0), ("share", "USA", 15.0), ("rank", "CHN", 1)]


def test_the_united_states_takes_its_article_at_the_start_and_mid_sentence(frames):
    p = summary.share_and_rank(frames["shares"], frames["ranks"], "JPN", "USA", "CHN", 2025)
    assert p.text == ("**The United States took 15.0% of Japan's total trade (exports plus imports) in 2025, China 20.0%.** "
                      "The United States ranked second among Japan's trading partners (China was first).")


def test_a_reporter_ending_in_s_takes_an_apostrophe_only():
    t = trade_table({("WLD", 2022): (100 * B, 100 * B), ("CHN", 2022): (15 * B, 25 * B), ("MEX", 2022): (30 * B, 20 * B)},
                    reporter="USA", currency="USD")
    f = computed({"trade": t, "reporter": "USA", "currency": "USD", "start": 2022, "end": 2022})
    p = summary.share_and_rank(f["shares"], f["ranks"], "USA", "CHN", "MEX", 2022)
    assert p.text.startswith("**China took 20.0% of the United States' total trade (exports plus imports) in 2022, Mexico 25.0%.**")
    assert "ranked second among the United States' trading partners (Mexico was first)." in p.text
    b = summary.balance(f["balances"], "USA", "CHN", "USD", 2022)
    assert b.text == "**The United States ran a deficit of US$100 billion with China in 2022.**"


def test_export_order_reversed_and_the_leader(frames):
    p = summary.export_order(frames["shares"], frames["leaders"], "JPN", "CHN", "USA", 2025)
    assert p.text == ("**On exports alone the order is reversed:** the United States took 19.0% of exports in 2025, China 17.0%. "
                      "The United States was the top export destination.")
    assert ("top_destination", "WLD", "USA") in [(q.indicator, q.partner, q.value) for q in p.quotes]


def test_export_order_names_a_leader_outside_the_pair(frames):
    p = summary.export_order(frames["shares"], frames["leaders"], "JPN", "CHN", "KOR", 2025)
    assert p.text == ("**On exports alone the order is the same:** China took 17.0% of exports in 2025, South Korea 6.0%. "
                      "The top export destination in 2025 was the United States (19.0%).")


def test_changes_of_the_top_destination(frames):
    p = summary.top_destination_changes(frames["crossings"], frames["leaders"], "JPN", 2024, 2025)
    # 2024: China 18 ahead of the US 17; 2025: the US 19 ahead of China 17
    assert p.text == "**The top export destination changed hands once between 2024 and 2025:** 2025 (to the United States)."
    assert p.quotes[0][:6] == ("top_destination_changes", "JPN", "WLD", "export", "2024-2025", 1)


def test_one_year_has_no_change_and_never_reads_2022_2022(frames):
    assert not summary.top_destination_changes(frames["crossings"].iloc[0:0], frames["leaders"], "JPN", 2025, 2025)


def test_balance_surplus_with_the_united_states_and_exactly_balanced(frames):
    p = summary.balance(frames["balances"], "JPN", "USA", "JPY", 2025)
    assert p.text == "**Japan ran a surplus of ¥80.0 billion with the United States in 2025.**"
    assert p.quotes[0][:7] == ("balance", "JPN", "USA", "balance", "2025", 8 * B, "JPY")
    even = pd.DataFrame({"partner": ["NLD"], "period": ["2025"], "value": [0.0]})
    assert summary.balance(even, "JPN", "NLD", "JPY", 2025).text == "**Japan's trade with the Netherlands was exactly balanced in 2025.**"


def test_bilateral_value_in_dollars_and_yen():
    usd = pd.DataFrame({"flow": ["total", "total"], "period": ["2023", "2024"], "value": [300e9, 292e9]})
    own = pd.DataFrame({"flow": ["total", "total", "total"], "period": ["2023", "2024", "2025"], "value": [42.1e12, 44.18e12, 45.48e12]})
    p = summary.bilateral_value(usd, own, "JPN", "CHN", "JPY", 2025)
    assert p.text == ("**Bilateral trade with China was US$292 billion in 2024** at the annual average exchange rate (¥44.2 trillion); "
                      "2024 is the latest year with an exchange rate loaded (2025: ¥45.5 trillion).")
    usa = summary.bilateral_value(usd.iloc[:1], own.iloc[:0], "CHN", "USA", "USD", 2023)
    assert usa.text == "**Bilateral trade with the United States was US$300 billion in 2023.**"


def test_one_format_per_quantity_summary_and_section_print_a_dollar_total_alike():
    # the "US$93.30 billion" beside "US$320 billion", "¥517.50 billion" beside "−¥0.52 trillion"
    assert formatting.amount(93.3e9, "USD") == "US$93.3 billion"
    assert formatting.amount(320e9, "USD") == "US$320 billion"
    assert formatting.amount(-517.5e9, "JPY") == "−¥518 billion"
    assert formatting.amount(-5.2e12, "JPY") == "−¥5.20 trillion"
    assert formatting.amount(999.7e9, "USD") == "US$1.00 trillion"
    usd = pd.Series({"2024": 93.3e9})
    section = bilateral.level(usd, pd.Series(dtype=float), pd.Series(dtype=float), "USA", "CHN", "USD")
    headline = summary.bilateral_value(pd.DataFrame({"flow": ["total"], "period": ["2024"], "value": [93.3e9]}),
                                       pd.DataFrame(columns=["flow", "period", "value"]), "USA", "CHN", "USD", 2024)
    assert section.quotes[0].shown == headline.quotes[0].shown == "US$93.3 billion"


@pytest.mark.parametrize("n, share, expected", [
    (3, 50.0, "**Of 38 import groups, 3 meet both dependency tests in 2025** (China supplies at least 50% and suppliers are "
              "concentrated, HHI ≥ 0.4): furniture (64%), machinery (71%) and toys (55%)."),
    (1, 50.0, "**Of 38 import groups, 1 meets both dependency tests in 2025** (China supplies at least 50% and suppliers are "
              "concentrated, HHI ≥ 0.4): furniture (64%)."),
    (0, 50.0, "**None of the 38 import groups meets both dependency tests in 2025**: in none does China supply at least 50% "
              "while suppliers are concentrated (HHI ≥ 0.4)."),
])
def test_dependency_count_agrees_with_its_verb(n, share, expected):
    groups = ["Furniture", "Machinery", "Toys"] + [f"Group {i}" for i in range(35)]
    tests = pd.DataFrame({"product": groups, "partner_share": [63.9652, 71.0, 55.0] + [10.0] * 35,
                          "dependent": [i < n for i in range(38)]})
    p = summary.dependency(tests, "JPN", "CHN", 2025, share, 0.4)
    assert p.text == expected
    assert [q.value for q in p.quotes if q.indicator in ("dependent_groups", "import_groups_tested")] == [n, 38]


@pytest.mark.parametrize("verdicts, expected", [
    (["supported"] * 4 + ["partly"] * 2 + ["not supported"] * 2 + ["no data"],
     "**Of 9 published claims about Japan–China trade tested, 4 are supported by the data, 2 partly, 2 not supported and "
     "1 cannot be tested with these data** (see the claims ledger)."),
    (["supported", "supported", "not supported"],   # no "and 0 cannot be tested"
     "**Of 3 published claims about Japan–China trade tested, 2 are supported by the data and 1 not supported** (see the claims ledger)."),
    (["partly", "no data"],
     "**Of 2 published claims about Japan–China trade tested, 1 is partly supported and 1 cannot be tested with these data** "
     "(see the claims ledger)."),
    (["supported"] * 3, "**All 3 published claims about Japan–China trade tested are supported by the data** (see the claims ledger)."),
    (["not supported"], "**The one published claim about Japan–China trade tested is not supported** (see the claims ledger)."),
    (["no data"] * 2, "**All 2 published claims about Japan–China trade tested cannot be tested with these data** (see the claims ledger)."),
])
def test_claims_count_omits_empty_categories(verdicts, expected):
    assert summary.claims(pd.DataFrame({"verdict": verdicts}), "JPN", "CHN").text == expected


def test_findings_are_numbered_without_the_empty_ones(frames):
    out = summary.findings(summary.balance(frames["balances"], "JPN", "USA", "JPY", 2025),
                           summary.top_destination_changes(frames["crossings"], frames["leaders"], "JPN", 2025, 2025),
                           summary.claims(pd.DataFrame({"verdict": ["supported"]}), "JPN", "USA"))
    assert out.text == ("1. **Japan ran a surplus of ¥80.0 billion with the United States in 2025.**\n"
                        "2. **The one published claim about Japan–United States trade tested is supported by the data** (see the claims ledger).")
    assert len(out.quotes) == 1


def test_partial_year_note():
    assert summary.partial_years(["2026"]).text == ("*Partial year set aside:* 2026 — the annual file holds only part of that year, "
                                                    "so no full-year figure of this briefing includes it (its months are read on their own, as months).")
    assert not summary.partial_years([])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(panels())
def test_every_drawn_panel_reads_well_and_quotes_what_it_prints(panel):
    f = computed(panel)
    r, p, c, s, e, cur = (panel[k] for k in ("reporter", "partner", "comparison", "start", "end", "currency"))
    pair = f["values"][f["values"]["partner"] == p]
    usd = pair.assign(value=pair["value"] / (150.0 if cur == "JPY" else 1.0))
    paragraphs = [summary.share_and_rank(f["shares"], f["ranks"], r, p, c, e),
                  summary.export_order(f["shares"], f["leaders"], r, p, c, e),
                  summary.top_destination_changes(f["crossings"], f["leaders"], r, s, e),
                  summary.bilateral_value(usd, pair, r, p, cur, e),
                  summary.balance(f["balances"], r, p, cur, e)]
    for para in paragraphs:
        assert_reads_well(para.text)
        assert unquoted_numbers(para, years_allowed(s, e)) == [], para
        assert_quotes_within(para, s, e)
    assert_reads_well(summary.findings(*paragraphs).text)


def test_quoted_figures_merge_with_the_panels_the_sections_record(tmp_path):
    """A quoted share is recorded as the partner-shares panel records it (4 decimals), so the build's merge finds no
    conflict, and the quoted rows come out as headlines. Shares of a world of 150/150 have endless decimals: 40/300, 17/150, 19/150."""
    from tradebrief.report.keyfigures import KeyFigures, merge
    f = computed({"trade": trade_table({("WLD", 2025): (150, 150), ("CHN", 2025): (17, 23), ("USA", 2025): (19, 11)}, unit=B),
                  "reporter": "JPN", "currency": "JPY", "start": 2025, "end": 2025})
    panel = KeyFigures(tmp_path / "partner_shares.csv")
    panel.add_frame(f["shares"].round({"share": 4}), "share", "percent", value="share")
    panel.add_frame(f["ranks"], "rank", "rank", value="rank")
    panel.save()
    quoted = KeyFigures(tmp_path / "summary.csv")
    text = summary.findings(summary.share_and_rank(f["shares"], f["ranks"], "JPN", "CHN", "USA", 2025),
                            summary.export_order(f["shares"], f["leaders"], "JPN", "CHN", "USA", 2025))
    text.record(quoted)
    quoted.save()
    merged = merge({"partner_shares": tmp_path / "partner_shares.csv", "summary": tmp_path / "summary.csv"})
    headlines = merged[merged["headline"] == "yes"]
    def number(v):
        try:
            return float(v)
        except ValueError:
            return v
    assert sorted(zip(headlines["indicator"], headlines["partner"], headlines["flow"], headlines["value"].map(number))) == [
        ("rank", "CHN", "total", 1), ("share", "CHN", "export", 11.3333), ("share", "CHN", "total", 13.3333),
        ("share", "USA", "export", 12.6667), ("share", "USA", "total", 10.0), ("top_destination", "WLD", "export", "USA")]
    assert "**China took 13.3% of Japan's total trade" in text.text
