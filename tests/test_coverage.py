"""The coverage of the loaded data, the parameter checks that ask it, and the sections it selects.

Expected values are read from the raw shipped files with the csv module, not from the coverage itself."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from tradebrief.coverage import Coverage
from tradebrief.errors import ParameterError
from tradebrief.report.config import Config, check_against_data
from tradebrief.report.sections import plan, read_sections

ROOT = Path(__file__).resolve().parents[1]
MOF_ANNUAL = ROOT / "data" / "mof" / "trade_year_area_goods.csv"
COMTRADE_2022 = ROOT / "data" / "comtrade" / "china_germany_usa_all_partners_2022.csv"
DEFAULT = {"reporter": "JPN", "partner": "CHN", "comparison": "USA", "start_year": 2009, "end_year": 2025,
           "claims_file": str(ROOT / "report" / "claims.toml"), "hs_panel": ""}


@pytest.fixture(scope="module")
def cov(dataset):
    return Coverage.from_dataset(dataset)


def _mof_years(area: str, flow: str, goods: str = "Grand Total") -> set[int]:
    with open(MOF_ANNUAL, encoding="utf-8", newline="") as fh:
        return {int(r["year"]) for r in csv.DictReader(fh) if r["area"] == area and r["ex_im"] == flow and r["goods"] == goods}


def _comtrade_rows(reporter: str) -> list[dict]:
    with open(COMTRADE_2022, encoding="cp1252", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r["reporterISO"] == reporter and r["cmdCode"] == "TOTAL"]


def test_japans_years_and_vietnams_missing_exports_follow_the_mof_file(cov):
    partial = {2026}   # the file's card marks 2026 as January–March only
    assert set(cov.world_years("JPN")) == (_mof_years("Grand Total", "export") & _mof_years("Grand Total", "import")) - partial
    assert {int(y) for y in cov.years("JPN", "VNM", "export")} == _mof_years("Vietnam", "export") - partial
    assert cov.flow_gaps("JPN", "VNM", 2009, 2025) == {"export": sorted(set(range(2009, 2026)) - _mof_years("Vietnam", "export"))}
    assert cov.flow_gaps("JPN", "CHN", 2009, 2025) == {}
    assert cov.partial["JPN"] == ["2026"]


def test_the_eu_is_a_partner_of_japan_and_never_a_country(cov):
    assert "EU" in cov.partners("JPN")
    assert "WLD" not in cov.partners("JPN") and "JPN" not in cov.partners("JPN")


def test_germanys_partners_are_those_of_its_2022_report(cov):
    rows = _comtrade_rows("DEU")
    flows = {}
    for r in rows:
        if r["partnerISO"] not in ("W00", "DEU") and r["flowCode"] in ("X", "M"):
            flows.setdefault(r["partnerISO"].strip(), set()).add(r["flowCode"])
    both = {p for p, f in flows.items() if f == {"X", "M"}}
    from tradebrief.countries import area_kind  # Comtrade's non-country areas (S19, X1, _X ...) are never partners
    assert set(cov.partners("DEU")) == {p for p in both if area_kind(p) in ("country", "group")}
    assert cov.pair_years("DEU", "CHN", "USA") == [2022]
    assert cov.currency("DEU") == "USD" and cov.currency("JPN") == "JPY"


def test_coverage_round_trips_through_json(cov):
    again = Coverage.from_json(cov.to_json())
    assert again.holdings == cov.holdings and again.partial == cov.partial and again.sizes == cov.sizes


def _check(cov, **over):
    check_against_data(Config("t", [], {**DEFAULT, **over}), cov)


@pytest.mark.parametrize("over", [{}, {"partner": "EU"}, {"partner": "VNM"}, {"start_year": 2024, "end_year": 2024},
                                  {"reporter": "DEU", "start_year": 2022, "end_year": 2022},
                                  {"reporter": "CHN", "partner": "USA", "comparison": "JPN", "start_year": 2022, "end_year": 2022}])
def test_sets_the_data_hold_are_accepted(cov, over):
    _check(cov, **over)


def test_a_year_range_the_pair_lacks_is_refused_with_the_years_it_holds(cov):
    # the case: Germany's 2023 and 2024 files hold only its world totals and trade with the US
    with pytest.raises(ParameterError) as err:
        _check(cov, reporter="DEU", start_year=2022, end_year=2024)
    text = str(err.value)
    assert "Germany's trade with China and the United States is held for 2022" in text
    assert "world totals for 2022–2024" in text and "--param end_year=2022" in text


def test_a_partial_year_is_refused_and_named(cov):
    with pytest.raises(ParameterError, match=r"2026 is a partial year"):
        _check(cov, start_year=2025, end_year=2026)


def test_comparison_equal_to_partner_suggests_real_partners_not_itself(cov):
    with pytest.raises(ParameterError) as err:
        _check(cov, partner="USA", comparison="USA")
    advice = str(err.value).split("e.g.")[1]
    assert "USA" not in advice and "CHN (China)" in advice


def test_a_mistyped_reporter_gets_the_reporters_with_partner_detail_only(cov):
    with pytest.raises(ParameterError) as err:
        _check(cov, reporter="JAPAN")
    text = str(err.value)
    assert "did you mean JPN, Japan?" in text
    listed = set(re.findall(r"\b([A-Z]{3}) \(", text))
    assert listed == {"JPN", "CHN", "DEU", "USA"}   # not the ~150 reporters that hold world totals only


def test_a_world_totals_only_reporter_is_told_what_its_data_hold(cov):
    with pytest.raises(ParameterError, match=r"only France's world totals and its trade with USA \(United States\)"):
        _check(cov, reporter="FRA")


def test_an_unknown_partner_lists_real_partners_largest_first(cov):
    with pytest.raises(ParameterError) as err:
        _check(cov, partner="XYZ")
    listed = re.findall(r"\b([A-Z]{2,3}) \(", str(err.value).split("imports in the data:")[1])
    assert listed[:2] == ["CHN", "USA"]   # Japan's two largest partners in the MOF file's latest full year
    assert "WLD" not in listed and "JPN" not in listed


def test_a_non_country_area_is_refused_with_what_it_is(cov):
    with pytest.raises(ParameterError) as err:
        _check(cov, reporter="CHN", partner="S19", comparison="USA", start_year=2022, end_year=2022)
    assert "Other Asia, nes" in str(err.value) and "Taiwan" in str(err.value) and "not a country" in str(err.value)


SECTIONS = read_sections(ROOT / "report" / "sections.toml")
NOTEBOOKS = ["summary", "partner_shares", "export_shift", "bilateral", "product_dependence", "product_hs6", "mirror", "claims", "data_check"]


def test_the_default_briefing_leaves_out_only_the_hs6_section(cov):
    decided = plan(NOTEBOOKS, DEFAULT, cov, SECTIONS)
    assert [o["name"] for o in decided.omitted] == ["product_hs6"]


def test_a_one_year_german_briefing_leaves_out_what_its_data_cannot_show(cov):
    p = {**DEFAULT, "reporter": "DEU", "start_year": 2022, "end_year": 2022}
    decided = plan(NOTEBOOKS, p, cov, SECTIONS)
    reasons = {o["name"]: o["reason"] for o in decided.omitted}
    assert set(reasons) == {"export_shift", "product_dependence", "product_hs6", "claims"}
    assert "this briefing covers 2022 only" in reasons["export_shift"]
    assert "no published claims about Germany–China trade in 2022" in reasons["claims"]
    assert "mirror" in decided.included   # China's own 2022 report of its trade with Germany is shipped


def test_the_mirror_section_needs_the_partners_own_reports_in_the_briefings_years(cov):
    # China's report (the Comtrade file) is for 2022 only: a briefing ending in 2020 has no mirror section
    assert "mirror" not in plan(NOTEBOOKS, {**DEFAULT, "end_year": 2020}, cov, SECTIONS).included
    assert "mirror" in plan(NOTEBOOKS, DEFAULT, cov, SECTIONS).included


def test_an_unknown_need_in_the_sections_file_is_refused(tmp_path):
    bad = tmp_path / "sections.toml"
    bad.write_text('[summary]\nneeds = ["pair", "weather"]\n', encoding="utf-8")
    with pytest.raises(ParameterError, match=r"needs 'weather'"):
        read_sections(bad)
