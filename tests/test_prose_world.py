"""The world-picture sentences (tradebrief.prose.world) on hand-made summaries and share frames."""
from __future__ import annotations

import pandas as pd
import pytest
from prose_numbers import unaccounted

from tradebrief.indicators.world import SHARE_COLUMNS
from tradebrief.prose import world as prose


def summary(imp_n=180, imp_leads=120, exp_n=180, exp_leads=61, reporter=True, rank=12, leads=True) -> dict:
    row = {"rank": rank, "partner_share": 24.13, "comparison_share": 9.84, "partner_leads": leads}
    out_row = {"rank": 30, "partner_share": 17.55, "comparison_share": 19.02, "partner_leads": False}
    return {"import": {"economies": imp_n, "partner_leads": imp_leads, "reporter": row if reporter else None},
            "export": {"economies": exp_n, "partner_leads": exp_leads, "reporter": out_row if reporter else None}}


def test_leads_quote_both_counts_and_the_number_of_economies():
    p = prose.leads(summary(), "CHN", "USA", 2023)
    assert p.text == ("In 2023, China supplied more of an economy's imports than the United States did for **120 of the "
                      "180 economies** other than the two, and took more of its exports than the United States did for "
                      "**61** of them.")
    assert unaccounted(p, 2023, 2023) == []
    q = {(f.indicator, f.flow): f.value for f in p.quotes}
    assert q == {("world_partner_leads", "import"): 120, ("world_economies", "import"): 180,
                 ("world_partner_leads", "export"): 61, ("world_economies", "export"): 180}
    assert all(f.reporter == "WLD" and f.partner == "CHN" and f.period == "2023" for f in p.quotes)


def test_fewer_exporters_are_named_and_one_economy_is_singular():
    p = prose.leads(summary(exp_n=170), "USA", "CHN", 2022)
    assert p.text.startswith("In 2022, the United States supplied more of an economy's imports than China did")
    assert p.text.endswith("for **61** of the 170 with exports in the panel.")
    assert unaccounted(p, 2022, 2022) == []
    one = prose.leads(summary(imp_n=1, imp_leads=1, exp_n=0, exp_leads=0), "CHN", "USA", 2022)
    assert "**1 of the 1 economy** other than the two." in one.text and "exports" not in one.text
    assert not prose.leads(summary(imp_n=0, imp_leads=0), "CHN", "USA", 2022)


def test_the_reporters_place_with_its_rank_and_four_shares():
    p = prose.reporter_place(summary(), "JPN", "CHN", "USA", 2023)
    assert p.text == ("Japan is among them: China's share of its imports, **24.1%**, is the 12th highest of the 180 economies, "
                      "against 9.8% from the United States. Of its exports, 17.6% went to China and 19.0% to the United States.")
    assert unaccounted(p, 2023, 2023) == []
    q = {(f.indicator, f.reporter, f.partner, f.flow): f.value for f in p.quotes}
    assert q[("world_rank", "JPN", "CHN", "import")] == 12
    assert q[("world_partner_share", "JPN", "CHN", "import")] == 24.13
    assert q[("world_partner_share", "JPN", "USA", "export")] == 19.02


def test_first_place_not_among_and_no_data_read_as_english():
    p = prose.reporter_place(summary(rank=1), "PHL", "CHN", "USA", 2023)
    assert p.text.startswith("The Philippines is among them: China's share of its imports, **24.1%**, is the highest of the 180")
    assert "first highest" not in p.text
    p = prose.reporter_place(summary(rank=2, leads=False), "USA", "CHN", "DEU", 2023)
    assert p.text.startswith("The United States is not among them: China's share of its imports, **24.1%**, is the second highest")
    none = prose.reporter_place(summary(reporter=False), "JPN", "CHN", "USA", 2023)
    assert none.text == "The panel holds no imports of Japan in 2023, so it has no place among them." and not none.quotes
    assert "None" not in none.text


def test_introduction_and_chart_words_hold_no_unstated_number():
    assert unaccounted(prose.introduction("JPN", "CHN", "USA"), 2023, 2023) == []
    w = prose.chart_words("CHN", "USA", 2023, 180)
    assert w["title"] == "China's and the United States' shares of each economy's imports, 2023"
    assert w["xlabel"] == "180 economies ranked by China's share of their imports (1 = highest)"


def _shares() -> pd.DataFrame:
    """Year 2023, 20 ranked economies (codes from a list), the reporter ranked 18th; one economy without exports."""
    codes = ["KOR", "VNM", "THA", "AUS", "IND", "BRA", "ZAF", "FRA", "ITA", "ESP", "GBR", "CAN", "MEX", "IDN", "MYS",
             "PHL", "SGP", "JPN", "DEU", "NLD"]
    rows = []
    for i, c in enumerate(codes):
        share = 60.0 - 2 * i
        rows.append([2023, "import", c, 1e6 * (i + 1), 0, 0, share, 10.0, True, share > 10, i + 1])
        if c != "NLD":
            rows.append([2023, "export", c, 1e6, 0, 0, share / 2, 5.0, True, False, i + 1])
    rows.append([2023, "import", "USA", 3e9, 0, 0, 15.0, float("nan"), False, False, pd.NA])
    return pd.DataFrame(rows, columns=SHARE_COLUMNS).astype({"rank": "Int64"})


def test_table_lists_the_top_then_the_reporter_and_peers():
    t = prose.table(_shares(), "JPN", "CHN", "USA", 2023, peers=["NLD", "DEU", "KOR"])
    df = t["df"]
    assert len(df) == prose.TOP_TABLE + 3   # 15 highest, then Japan (18th), the Netherlands (20th), Germany (19th); Korea is 1st
    assert df["Economy"].tolist()[prose.TOP_TABLE:] == ["Japan", "Netherlands", "Germany"]
    assert df["Rank"].tolist()[:3] == [1, 2, 3] and df["Rank"].tolist()[prose.TOP_TABLE:] == [18, 20, 19]
    assert df["Imports from China (%)"].iloc[0] == 60.0 and df["Exports to China (%)"].iloc[0] == 30.0
    assert pd.isna(df["Exports to China (%)"].iloc[-2])   # the Netherlands exports nothing here: a dash, not 0
    assert df["Imports (US$ bn)"].iloc[0] == pytest.approx(1.0)   # 1e6 thousand USD
    assert "United States" not in df["Economy"].tolist()   # the comparison is not ranked
    assert t["caption"] == ("The 15 economies with the highest share of imports from China, 2023, then Japan and the largest "
                            "importers not among them")
    assert prose.table(_shares(), "JPN", "CHN", "USA", 2023, peers=["KOR"])["caption"].endswith("2023, then Japan")
    only_peer = prose.table(_shares(), "KOR", "CHN", "USA", 2023, peers=["NLD"])
    assert only_peer["caption"].endswith("2023, then the largest importer not among them")
    assert only_peer["df"]["Economy"].tolist()[-1] == "Netherlands"


def test_a_table_of_every_ranked_economy_says_all():
    few = _shares()
    few = few[few["rank"].isna() | (few["rank"] <= 3)]
    t = prose.table(few, "VNM", "CHN", "USA", 2023, peers=[])
    assert t["caption"] == "All 3 economies, by the share of their imports from China, 2023"
    assert t["df"]["Economy"].tolist() == ["South Korea", "Vietnam", "Thailand"]
