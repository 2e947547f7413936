"""The product section's sentences (tradebrief.prose.products) on hand-made frames; expected sentences are
written by hand, numbers worked out here from the frames."""
from __future__ import annotations

import csv

import pandas as pd
import pytest
from prose_numbers import figure_periods_outside, unaccounted

from tradebrief import indicators as ind
from tradebrief.indicators.products import case_study, groups_at_level, top_export_groups
from tradebrief.prose import products as prose

CANONICAL = ["reporter", "partner", "flow", "period", "frequency", "value", "currency", "product", "source"]


def dependence(rows) -> pd.DataFrame:
    """(product, share %, hhi, world value, listed share %) for 2024, as ``import_dependence`` returns them."""
    return pd.DataFrame([{"product": p, "period": "2024", "world_value": w, "partner_value": w * s / 100, "partner_share": s,
                          "hhi": h, "listed_share": ls, "section": "Machinery"} for p, s, h, w, ls in rows])


THREE = [("Semiconductors Etc", 71.2, 0.52, 100e9, 98.0), ("Furniture", 55.0, 0.30, 50e9, 96.0),
         ("Iron Ore And Concentrates", 10.0, 0.60, 50e9, 100.0)]


def test_one_group_of_three_meets_both_tests_and_the_verb_agrees():
    tests = ind.dependency_tests(dependence(THREE), "2024")
    p = prose.dependency(tests, "JPN", "CHN", 2024, 50, 0.4)
    # listed share: (98·100 + 96·50 + 100·50) / 200 = 98.0
    assert p.text == ("In 2024, **1 of 3 import groups** meets both tests (share ≥ 50%, HHI ≥ 0.4): semiconductors and other "
                      "electronic components (71%, HHI 0.52). One further group gets at least 50% of its imports from China but "
                      "draws on suppliers too spread out to pass the HHI test. The partners listed in the source account for "
                      "98.0% of the imports of all 3 groups in 2024; the rest is not counted in the HHI.")
    got = {(f.indicator, f.product): f.value for f in p.quotes}
    assert got[("dependent_groups", "TOTAL")] == 1 and got[("import_groups_tested", "TOTAL")] == 3
    assert got[("import_groups_share_only", "TOTAL")] == 1 and got[("import_groups_listed_share", "TOTAL")] == 98.0
    assert got[("dependent_group", "Semiconductors Etc")] == 71.2 and got[("import_hhi", "Semiconductors Etc")] == 0.52
    assert unaccounted(p, 2024, 2024) == []


def test_a_single_group_that_fails_reads_as_one_group_not_1_groups():
    tests = ind.dependency_tests(dependence(THREE[2:]), "2024")
    p = prose.dependency(tests, "USA", "NLD", 2024, 50, 0.4)
    assert p.text == ("In 2024, **the one import group** in the data does not meet both tests (share ≥ 50%, HHI ≥ 0.4). No group "
                      "gets 50% or more of its imports from the Netherlands. The partners listed in the source account for 100.0% "
                      "of the imports of the one group in 2024; the rest is not counted in the HHI.")


def test_none_of_many_and_several_share_only_groups_take_plural_verbs():
    rows = [("A", 60.0, 0.2, 10e9, 90.0), ("B", 55.0, 0.1, 10e9, 90.0), ("C", 5.0, 0.1, 10e9, 90.0)]
    p = prose.dependency(ind.dependency_tests(dependence(rows), "2024"), "JPN", "USA", 2024, 50, 0.4)
    assert p.text.startswith("In 2024, **none of the 3 import groups** meets both tests (share ≥ 50%, HHI ≥ 0.4). Still, 2 groups "
                             "get at least 50% of their imports from the United States but draw on suppliers too spread out")


def test_hhi_redundancy_is_said_of_these_data_and_year_only_when_it_holds():
    # threshold 0.2: one supplier with 100·√0.2 = 44.7% passes alone; the one share-passing group has 71.2%
    tests = ind.dependency_tests(dependence(THREE[:1] + THREE[2:]), "2024", share_min=40, hhi_min=0.2)
    p = prose.hhi_test_redundant(tests, "JPN", "CHN", 2024, 40, 0.2)
    assert p.text == ("In 2024 the HHI test rules out no group: the one group that passes the share test has China supplying "
                      "44.7% or more of it, and a single supplier with that share gives an HHI of at least 0.2 on its own.")
    assert unaccounted(p, 2024, 2024) == []
    # Furniture passes the share test (55%) but not the HHI test: the HHI test does rule something out
    assert not prose.hhi_test_redundant(ind.dependency_tests(dependence(THREE), "2024"), "JPN", "CHN", 2024, 50, 0.4)


def test_export_table_keeps_a_section_without_groups_mineral_fuels_to_australia(root):
    """Japan's exports to Australia in 2024 from the MOF file read with the csv module: mineral fuels (a section of
    the export list with no groups under it, ¥180.7 billion) is the second-largest group after motor vehicles."""
    with open(root / "data" / "mof" / "trade_year_area_goods.csv", encoding="utf-8", newline="") as fh:
        raw = [r for r in csv.DictReader(fh) if r["ex_im"] == "export" and r["year"] == "2024" and r["area"] in ("Austral", "Grand Total")]
    trade = pd.DataFrame([{"reporter": "JPN", "partner": "AUS" if r["area"] == "Austral" else "WLD", "flow": "export", "period": "2024",
                           "frequency": "A", "value": float(r["value"]) * 1e9, "currency": "JPY", "product": r["goods"], "source": "mof"}
                          for r in raw if r["goods"] != "Grand Total"], columns=CANONICAL)
    fuels = next(float(r["value"]) for r in raw if r["area"] == "Austral" and r["goods"] == "Mineral Fuels") * 1e9
    top = top_export_groups(trade, "JPN", "AUS", "2024", n=10)
    assert list(top["product"][:2]) == ["Motor Vehicles", "Mineral Fuels"]
    assert top.loc[1, "partner_value"] == pytest.approx(fuels) and top.loc[1, "section"] == "Mineral Fuels"
    assert {"Mineral Fuels", "Foodstuff", "Raw Materials"} <= groups_at_level("export", 2)
    assert "Mineral Fuels" not in groups_at_level("import", 2)   # the import list has groups under it
    table = prose.export_table(top, "JPN", "AUS", 2024, "¥ bn")
    assert table["caption"] == "Japan's largest export groups to Australia, 2024"
    assert "Mineral fuels" in set(table["df"]["Group"])


def test_tables_and_charts_name_the_united_states_with_its_article():
    tests = ind.dependency_tests(dependence(THREE), "2024")
    t = prose.import_table(tests, dependence(THREE), "USA", 2022, 2022, "US$ bn")
    assert t["caption"] == "The 3 import groups with the highest share from the United States, 2022"
    assert "Share 2022 (%)" in t["df"].columns and list(t["df"].columns).count("Share 2022 (%)") == 1
    words = prose.import_chart_words("CHN", "USA", 2022, 50, 0.4)
    assert words["xlabel"] == "the United States' share of China's imports of the group"
    assert prose.export_table(top_export_groups(pd.DataFrame(columns=CANONICAL), "CHN", "USA", "2022", currency="USD"),
                              "USA", "PHL", 2022, "US$ bn")["caption"] == "The United States' largest export groups to the Philippines, 2022"


# ---- case studies --------------------------------------------------------------------------------------------

def _study_trade() -> pd.DataFrame:
    annual = [("JPN", "CHN", "export", y, "A", v, "JPY", "Foodstuff", "mof") for y, v in (("2022", 238e9), ("2023", 160e9),
                                                                                             ("2024", 115e9), ("2025", 127e9))]
    months = [("CHN", "JPN", "export", f"{y}-{m:02d}", "M", v, "USD", g, "ct") for y, base in (("2021", 30e6), ("2022", 60e6), ("2023", 40e6), ("2024", 20e6))
              for m in range(1, 13) for g, v in (("Rare Earths", base), ("Graphite", 10e6))]
    return pd.DataFrame(annual + months, columns=CANONICAL)


EVENTS = [{"id": "ban", "period": "2023-08", "label": "China bans imports of Japanese seafood", "note": "24 August 2023"},
          {"id": "ga", "period": "2023-07", "label": "Export controls: gallium, germanium", "note": "Announcement No. 23 of 2023"},
          {"id": "re25", "period": "2025-04", "label": "Export controls: seven rare earths", "note": "Announcement No. 18 of 2025"}]
SEAFOOD = {"id": "seafood_ban", "pair": ["JPN", "CHN"], "years": [2022, 2024], "heading": "Fish and seafood exports",
           "series": {"reporter": "JPN", "partner": "CHN", "flow": "export", "frequency": "A"},
           "products": ["Fish And Fish Preparation", "Foodstuff"], "events": ["ban"], "compare": [2022, 2024]}
MINERALS = {"id": "critical_minerals", "pair": ["JPN", "CHN"], "years": [2023, 2023], "heading": "Critical minerals",
            "series": {"reporter": "CHN", "partner": "JPN", "flow": "export", "frequency": "M", "currency": "USD"},
            "events": ["ga", "re25"]}


def test_annual_case_study_change_and_latest_year_with_their_figures():
    cs = case_study(_study_trade(), SEAFOOD, EVENTS, 2009, 2025, "JPY")
    assert cs.shown == "Foodstuff" and cs.missing == ["Fish And Fish Preparation"]
    assert prose.wider_group(cs).text == ("The data's classification has no fish and fish preparations group for Japan's exports, "
                                          "so the wider group foodstuffs is shown.")
    p = prose.annual_change(cs)
    # 115/238 − 1 = −51.7%; 127/238 − 1 = −46.6%
    assert p.text == ("Japan's exports of foodstuffs to China fell from ¥238 billion in 2022 to ¥115 billion in 2024 (−52%). "
                      "In 2025, the latest year of these data, they were ¥127 billion (−47% on 2022).")
    changes = {f.period: f.value for f in p.quotes if f.indicator == "case_study_change"}
    assert changes == {"2022-2024": pytest.approx(-51.681, abs=1e-3), "2022-2025": pytest.approx(-46.639, abs=1e-3)}
    assert unaccounted(p, 2009, 2025) == [] and figure_periods_outside(p, 2009, 2025) == []


def test_monthly_case_study_quotes_only_recorded_rare_earth_values():
    cs = case_study(_study_trade(), MINERALS, EVENTS, 2009, 2025, "USD")
    w = ind.whole_year_changes(cs.series, before=min(e["period"] for e in cs.events_shown))
    p = prose.monthly_change(cs, w)
    # rare earths: 2024 = 12 × 20 m = 240.0 m; high 2022 = 720.0 m (−66.7%); 2022→2024: −66.7%; graphite flat
    assert p.text.startswith("In 2024 the largest of these groups was rare earths (US$240.0 million, 67% below its 2022 high of "
                             "US$720.0 million); from 2022 (the last whole year before the first measure marked) to 2024, the "
                             "value of rare earths changed by −67% and graphite by 0%.")   # the measure marked names neither group
    named = case_study(_study_trade(), MINERALS, [dict(e, products=["Graphite"]) if e["id"] == "ga" else e for e in EVENTS],
                       2009, 2025, "USD")
    assert ("the value of the groups the marked measures cover changed: graphite 0%; of the other groups, rare earths −67%."
            in prose.monthly_change(named, w).text)
    values = {(f.product, f.period): f.value for f in p.quotes if f.indicator == "case_study_value"}
    assert values == {("Rare Earths", "2024"): 240e6, ("Rare Earths", "2022"): 720e6}
    assert unaccounted(p, 2009, 2025) == []
    outside = prose.events_outside(cs)
    assert outside.text == "Outside these data (Jan 2021 to Dec 2024): **Apr 2025** Export controls: seven rare earths."
    lead = prose.case_study_lead(cs)
    assert lead.text == "## Critical minerals\n\nJul 2023: Export controls: gallium, germanium (Announcement No. 23 of 2023)."
    assert unaccounted(lead, 2009, 2025) == []


def test_case_study_without_data_in_the_years_has_no_heading():
    assert case_study(_study_trade(), SEAFOOD, EVENTS, 2009, 2019, "JPY") is None
