"""The partner-shares section's sentences (tradebrief.prose.shares, prose.gaps) and its tables' indicators, on
hand-made frames with expected text written by hand; Vietnam's late export series checked against the raw MOF
file read with the csv module."""
from __future__ import annotations

import csv

from conftest import DATA
from hypothesis import HealthCheck, given, settings
from prose_section_frames import assert_reads_well, computed, panels, trade_table, unquoted_numbers, years_allowed

from tradebrief import indicators as ind
from tradebrief.formatting import whole
from tradebrief.prose import shares

B = 1e10
ROWS = {("WLD", 2025): (100, 100), ("CHN", 2025): (17, 23), ("USA", 2025): (19, 11), ("KOR", 2025): (6, 4),
        ("EU", 2025): (9, 11), ("NLD", 2025): (2, 1)}


def _frames(rows=ROWS, start=2025, end=2025):
    return computed({"trade": trade_table(rows, unit=B),
                     "reporter": "JPN", "currency": "JPY", "start": start, "end": end})


def test_pair_shares_and_what_the_table_lists():
    p = shares.largest_partners(_frames()["shares"], "JPN", "USA", "NLD", 2025, shown=3)
    assert p.text == ("In 2025 the United States accounted for 15.0% of Japan's total trade and the Netherlands for 1.5%. "
                      "The table lists the 3 largest partners by total trade, with their exports and imports.")
    assert [(q.partner, q.value, q.shown) for q in p.quotes] == [("USA", 15.0, "15.0%"), ("NLD", 1.5, "1.5%")]
    one = shares.largest_partners(_frames()["shares"], "JPN", "CHN", "USA", 2025, shown=1)
    assert one.text.endswith("The table shows the largest partner by total trade, with its exports and imports.")


def test_top_n_governs_the_table_of_largest_partners_and_the_eu_is_never_in_it():
    f = _frames()
    for n, expected in [(1, ["CHN"]), (3, ["CHN", "USA", "KOR"]), (8, ["CHN", "USA", "KOR", "NLD"])]:
        table = ind.largest_partners(f["shares"], "2025", n)
        assert table["partner"].tolist() == expected
    table = ind.largest_partners(f["shares"], "2025", 2)
    assert table.loc[0, "share_total"] == 20.0 and table.loc[1, "value_export"] == 19 * B


def test_ranks_print_as_integers_with_a_dash_where_a_partner_has_none():
    # Vietnam's exports are listed from 2017 only: no total, so no rank, in 2016 ("2.0" and "nan" never printed)
    f = _frames({("WLD", 2016): (100, 100), ("VNM", 2016): (None, 4), ("USA", 2016): (20, 10),
                 ("WLD", 2017): (100, 100), ("VNM", 2017): (3, 4), ("USA", 2017): (20, 10)}, 2016, 2017)
    table = ind.ranks_and_concentration(f["ranks"], ind.hhi_partners(f["values"]), ["VNM", "USA"])
    assert [whole(v) for v in table["rank_VNM"]] == ["–", "2"]
    assert [whole(v) for v in table["rank_USA"]] == ["1", "1"]
    assert str(table["rank_USA"].dtype) == "Int64"
    assert shares.rank_column("USA") == "Rank of the United States"


def test_vietnam_exports_said_in_words_from_the_raw_file(dataset):
    # the first year the MOF's annual table lists Japan's exports to Vietnam (all goods), read with the csv module
    with open(DATA / "mof" / "trade_year_area_goods.csv", newline="", encoding="utf-8") as fh:
        first = min(int(r["year"]) for r in csv.DictReader(fh)
                    if r["area"] == "Vietnam" and r["ex_im"] == "export" and r["goods"] == "Grand Total")
    assert first == 2017
    values = ind.trade_values(dataset.trade, "JPN", start=2009, end=2025)
    p = shares.missing_years(values, "JPN", "VNM", "USA", 2009, 2025)
    assert p.text == (f"Japan's exports to Vietnam are listed separately only from {first} in these data. Total trade, shares and "
                      f"the balance with Vietnam need both flows, so they are shown for {first}–2025 only.")
    assert not shares.missing_years(values, "JPN", "CHN", "USA", 2009, 2025)


def test_missing_flows_in_other_shapes():
    f = _frames({("WLD", y): (100, 100) for y in (2020, 2021, 2022)}
                | {("PHL", 2020): (1, None), ("PHL", 2021): (1, 2), ("PHL", 2022): (1, None),
                   ("USA", 2020): (5, 5), ("USA", 2021): (5, 5), ("USA", 2022): (None, 5)}, 2020, 2022)
    assert shares.missing_years(f["values"], "JPN", "PHL", "USA", 2020, 2022).text == (
        "Japan's imports from the Philippines are missing for 2020 and 2022 in these data. Total trade, shares and the balance "
        "with the Philippines need both flows, so they are shown for 2021 only. "
        "Japan's exports to the United States are listed only up to 2021 in these data. Total trade, shares and the balance "
        "with the United States need both flows, so they are shown for 2020–2021 only.")
    none = _frames({("WLD", 2022): (100, 100), ("NLD", 2022): (None, 3)}, 2022, 2022)
    assert shares.missing_years(none["values"], "JPN", "NLD", "NLD", 2022, 2022).text.startswith(
        "Japan's exports to the Netherlands are not in these data for 2022. With one flow only, no total trade, share or balance "
        "with the Netherlands can be shown.")


def test_titles_and_captions_take_articles_and_possessives():
    assert shares.pair_chart_title("JPN", "USA", "CHN") == "The United States and China: share of Japan's total trade"
    assert shares.largest_partners_caption("USA", 2022) == "The United States' largest trading partners, 2022"
    assert shares.ranks_caption("PHL") == "Rank in the Philippines' total trade and partner concentration (HHI, 0–1)"
    assert shares.intro("USA").text.startswith("How much of the United States' trade")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(panels())
def test_every_drawn_panel_reads_well_and_quotes_what_it_prints(panel):
    f = computed(panel)
    r, p, c, s, e = (panel[k] for k in ("reporter", "partner", "comparison", "start", "end"))
    shown = len(ind.largest_partners(f["shares"], str(e), 3))
    for para in (shares.largest_partners(f["shares"], r, p, c, e, shown), shares.missing_years(f["values"], r, p, c, s, e)):
        assert_reads_well(para.text)
        assert unquoted_numbers(para, years_allowed(s, e) | {str(shown)}) == [], para
    table = ind.ranks_and_concentration(f["ranks"], ind.hhi_partners(f["values"]), [p, c])
    assert all(whole(v) == "–" or "." not in whole(v) for col in table.columns if col.startswith("rank_") for v in table[col])
