"""The latest months (indicators.latest) on the shipped MOF files: the annual file's January–March 2026
against the release of March 2025 data (January–March 2025), or against the last full year.
Every expected figure is computed here from the raw CSVs with the csv module."""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from tradebrief.indicators.latest import (
    LAST_FULL_YEAR,
    SAME_MONTHS,
    latest_months,
    months_held,
    months_span,
    months_words,
    year_to_date_from_monthly,
    year_to_date_rows,
)
from tradebrief.sources.dataset import build_dataset, load_file

DATA = Path(__file__).resolve().parents[1] / "data"
ANNUAL = DATA / "mof" / "trade_year_area_goods.csv"
RELEASE = DATA / "mof" / "trade_year_area_goods_release_2025-03.csv"
MONTHLY_JPN_CHN = DATA / "mof" / "japan_china_monthly_2001_2019.csv"
ISO = {"China": "CHN", "USA": "USA"}   # the MOF area names these tests need, by hand


def raw_totals(path: Path, year: str) -> dict[tuple[str, str], float]:
    """(flow, MOF area) -> all-goods value in billion yen for one year, straight from the CSV."""
    with open(path, newline="", encoding="utf-8") as fh:
        return {(r["ex_im"], r["area"]): float(r["value"]) for r in csv.DictReader(fh)
                if r["year"] == year and r["goods"] == "Grand Total"}


def raw_figures(path: Path, year: str) -> dict:
    t = raw_totals(path, year)
    both = {a: t[("export", a)] + t[("import", a)] for a in ("China", "USA", "Grand Total")}
    countries = {a: v for (flow, a), v in t.items() if flow == "export" and a not in ("Grand Total", "EU")}
    return {("share", "CHN", "total"): 100 * both["China"] / both["Grand Total"],
            ("share", "USA", "total"): 100 * both["USA"] / both["Grand Total"],
            ("share", "CHN", "export"): 100 * t[("export", "China")] / t[("export", "Grand Total")],
            ("share", "USA", "export"): 100 * t[("export", "USA")] / t[("export", "Grand Total")],
            ("top_export_destination", "", "export"): ISO[max(countries, key=countries.get)]}


@pytest.fixture(scope="module")
def loaded():
    annual, annual_info = load_file(ANNUAL, DATA)
    release, release_info = load_file(RELEASE, DATA)
    return annual, annual_info, release, release_info


def by_key(result: pd.DataFrame) -> dict:
    return {(r.indicator, r.partner, r.flow): r for r in result.itertuples()}


def test_months_in_words_and_spans():
    assert months_held("January–March 2026 only") == 3
    assert months_held("January 2026") == 1
    assert months_held("January-December 2025") == 12
    assert months_held("March–May 2026") is None          # not a year to date
    assert months_held("partial year (world total 24% of the year before)") is None
    assert months_words(2026, 3) == "January–March 2026"
    assert months_words(2026, 1) == "January 2026"
    assert months_words(2025, 12) == "2025"
    assert months_span(2026, 3) == "2026-01/2026-03"


def test_release_card_declares_its_months_and_loads_as_partial(loaded):
    _, annual_info, release, release_info = loaded
    assert release_info.partial_periods == {"2025": "January–March 2025 only"}
    assert months_held(release_info.partial_periods["2025"]) == 3
    assert months_held(annual_info.partial_periods["2026"]) == 3
    with open(RELEASE, newline="", encoding="utf-8") as fh:
        assert len(release) == sum(1 for _ in csv.DictReader(fh))


def test_release_does_not_supply_full_years():
    """The annual file supplies every full year; the release's 2025 is set aside as partial."""
    ds = build_dataset([ANNUAL, RELEASE], DATA)
    annual = ds.trade[ds.trade["frequency"] == "A"]
    assert set(annual["source"].astype(str)) == {"data/mof/trade_year_area_goods.csv"}
    china_2024 = annual[(annual["partner"] == "CHN") & (annual["flow"] == "import") & (annual["period"] == "2024")
                        & (annual["product"] == "TOTAL")]["value"].iloc[0]
    assert china_2024 == pytest.approx(raw_totals(ANNUAL, "2024")[("import", "China")] * 1e9, rel=1e-12)
    assert ("data/mof/trade_year_area_goods_release_2025-03.csv", "2025") in set(
        zip(ds.excluded["source"], ds.excluded["period"]))


def test_release_equals_annual_file_before_2024():
    """The release is the same series as it stood in April 2025: 2009–2023 unrevised since."""
    def rows(path):
        with open(path, newline="", encoding="utf-8") as fh:
            return {(r["ex_im"], r["area"], r["goods"], r["year"]): r["value"] for r in csv.DictReader(fh)
                    if r["year"] <= "2023"}
    release, annual = rows(RELEASE), rows(ANNUAL)
    assert len(release) > 70_000 and release == annual


def test_latest_months_against_same_months_a_year_earlier(loaded):
    annual, annual_info, release, release_info = loaded
    ytd = pd.concat([year_to_date_rows(annual, annual_info.partial_periods),
                     year_to_date_rows(release, release_info.partial_periods)], ignore_index=True)
    result = latest_months(ytd, annual[annual["period"] != "2026"], "JPN", "CHN", "USA")
    # the same months supplied twice (another file holding them too) are counted once
    assert latest_months(pd.concat([ytd, ytd]), annual[annual["period"] != "2026"], "JPN", "CHN", "USA").equals(result)
    now, then = raw_figures(ANNUAL, "2026"), raw_figures(RELEASE, "2025")
    got = by_key(result)
    assert set(got) == set(now)
    for key, row in got.items():
        assert row.period == "January–March 2026" and row.span == "2026-01/2026-03"
        assert row.base_period == "January–March 2025" and row.base_span == "2025-01/2025-03"
        assert row.base == SAME_MONTHS
        if key[0] == "share":
            assert row.value == pytest.approx(now[key], rel=1e-9)
            assert row.base_value == pytest.approx(then[key], rel=1e-9)
        else:
            assert (row.value, row.base_value) == (now[key], then[key])


def test_latest_months_against_last_full_year_without_the_release(loaded):
    annual, annual_info, _, _ = loaded
    ytd = year_to_date_rows(annual, annual_info.partial_periods)
    result = latest_months(ytd, annual[annual["period"] != "2026"], "JPN", "CHN", "USA")
    now, then = raw_figures(ANNUAL, "2026"), raw_figures(ANNUAL, "2025")
    got = by_key(result)
    assert set(result["base"]) == {LAST_FULL_YEAR} and set(result["base_period"]) == {"2025"}
    assert got[("share", "CHN", "total")].value == pytest.approx(now[("share", "CHN", "total")], rel=1e-9)
    assert got[("share", "CHN", "total")].base_value == pytest.approx(then[("share", "CHN", "total")], rel=1e-9)
    assert got[("share", "USA", "export")].base_value == pytest.approx(then[("share", "USA", "export")], rel=1e-9)


def test_no_latest_months_when_the_newest_year_is_full(loaded):
    annual, annual_info, release, release_info = loaded
    ytd = year_to_date_rows(release, release_info.partial_periods)   # 2025 partial, but 2025 is full in annual
    assert latest_months(ytd, annual[annual["period"] != "2026"], "JPN", "CHN", "USA").empty


def test_year_to_date_from_monthly_sums_the_months():
    table, _ = load_file(MONTHLY_JPN_CHN, DATA)
    ytd = year_to_date_from_monthly(table, 2019, 3)
    with open(MONTHLY_JPN_CHN, newline="", encoding="utf-8") as fh:
        raw = [r for r in csv.DictReader(fh, delimiter=";") if r["Date"] in ("2019/01", "2019/02", "2019/03")]
    assert len(raw) == 3
    exports = ytd[ytd["flow"] == "export"]
    assert exports["value"].iloc[0] == pytest.approx(sum(float(r["Exports"]) for r in raw) * 1e3, rel=1e-12)
    assert set(ytd["months"]) == {3} and set(ytd["period"]) == {"2019"}
    # a series that lacks one of the months is not summed
    assert year_to_date_from_monthly(table[table["period"] != "2019-02"], 2019, 3).empty

