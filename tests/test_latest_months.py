"""The latest months (indicators.latest) on the shipped MOF files: the annual file's January–March 2026
against the release of March 2025 data (January–March 2025), or against the last full year.
Every expected figure is computed here from the raw CSVs with the csv module."""
from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from tradebrief.indicators.latest import (
    LAST_FULL_YEAR,
    SAME_MONTHS,
    compared_rows,
    latest_months,
    months_held,
    months_span,
    months_words,
    year_to_date,
    year_to_date_from_monthly,
    year_to_date_rows,
)
from tradebrief.prose import latest as prose
from tradebrief.sources.cache import read_cache, write_cache
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
    assert months_span(2026, 1) == "2026-01" and months_span(2025, 12) == "2025"


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



def raw_rows(path: Path, year: str) -> int:
    with open(path, newline="", encoding="utf-8") as fh:
        return sum(1 for r in csv.DictReader(fh) if r["year"] == year)


def test_set_aside_rows_are_kept_apart_and_survive_the_cache(dataset, tmp_path):
    """The partial years leave ``trade`` (no full-year indicator sees them) but stay whole in ``partial``
    (``dataset``: every shipped file, as a build loads them)."""
    ds = dataset
    assert not ((ds.trade["frequency"] == "A") & (ds.trade["period"] == "2026")).any()
    by_source = ds.partial.groupby([ds.partial["source"].astype(str), ds.partial["period"].astype(str)]).size().to_dict()
    assert by_source == {("data/mof/trade_year_area_goods.csv", "2026"): raw_rows(ANNUAL, "2026"),
                         ("data/mof/trade_year_area_goods_release_2025-03.csv", "2025"): raw_rows(RELEASE, "2025")}
    assert dict(zip(zip(ds.excluded["source"], ds.excluded["period"]), ds.excluded["rows"])) == by_source
    write_cache(tmp_path / "entry", replace(ds, trade=ds.trade.head(100)))   # the partial rows are what is checked here
    again = read_cache(tmp_path / "entry")
    pd.testing.assert_frame_equal(again.partial.reset_index(drop=True), ds.partial.reset_index(drop=True), check_dtype=False)


def test_the_dataset_gives_the_raw_files_figures_and_the_prose_quotes_them(dataset):
    ds = dataset   # every shipped file: the monthly MOF files end in 2019, so the release gives January–March 2025
    trade = ds.trade[(ds.trade["reporter"] == "JPN") & (ds.trade["currency"] == "JPY")]
    ytd = year_to_date(ds.partial, {f.path: f.partial_periods for f in ds.files}, trade[trade["frequency"] == "M"], after=2025)
    annual = trade[trade["frequency"] == "A"]
    result = latest_months(ytd, annual, "JPN", "CHN", "USA", last_year=2025)
    now, then = raw_figures(ANNUAL, "2026"), raw_figures(RELEASE, "2025")
    got = by_key(result)
    for key in now:
        if key[0] == "share":
            assert got[key].value == pytest.approx(now[key], rel=1e-9) and got[key].base_value == pytest.approx(then[key], rel=1e-9)
    # the measured figures of issue 22: China 20.28% (19.55%), the US 14.24% (15.16%) of Japan's total trade
    assert round(now[("share", "CHN", "total")], 2) == 20.28 and round(then[("share", "CHN", "total")], 2) == 19.55
    assert round(now[("share", "USA", "total")], 2) == 14.24 and round(then[("share", "USA", "total")], 2) == 15.16
    text = prose.section(result, "JPN", "CHN", "USA")
    assert text.text.startswith(f"In January–March 2026 China accounted for {now[('share', 'CHN', 'total')]:.1f}% of Japan's "
                                f"total trade ({then[('share', 'CHN', 'total')]:.1f}% in January–March 2025) and the United "
                                f"States for {now[('share', 'USA', 'total')]:.1f}% ({then[('share', 'USA', 'total')]:.1f}%).")
    quoted = {(q.indicator, q.partner, q.flow, q.period): q.value for q in text.quotes}
    for (indicator, partner, flow), value in now.items():
        key = ("top_destination", "WLD", flow, "2026-01/2026-03") if indicator != "share" else (indicator, partner, flow, "2026-01/2026-03")
        assert quoted[key] == (value if indicator != "share" else pytest.approx(value, abs=5e-5))
    assert set(compared_rows(ytd, annual, "JPN", 2025)["source"].astype(str)) == {
        "data/mof/trade_year_area_goods.csv", "data/mof/trade_year_area_goods_release_2025-03.csv"}


def test_a_briefing_ending_before_the_last_full_year_gets_no_latest_months(dataset):
    ds = dataset
    ytd = year_to_date(ds.partial, {f.path: f.partial_periods for f in ds.files})
    annual = ds.trade[(ds.trade["frequency"] == "A") & (ds.trade["currency"] == "JPY")]
    assert latest_months(ytd, annual, "JPN", "CHN", "USA", last_year=2020).empty
    assert compared_rows(ytd, annual, "JPN", 2020).empty
    assert not latest_months(ytd, annual, "JPN", "CHN", "USA", last_year=2025).empty


def test_monthly_data_after_the_last_full_year_and_a_year_earlier():
    """Months after the last full year summed from monthly rows, set against the same months summed a year before."""
    rows = []
    for year in (2025, 2026):
        for month in (1, 2):
            for partner, x, m in (("WLD", 50, 50), ("CHN", 10 * (year - 2024), 10), ("USA", 5, 5)):
                for flow, v in (("export", x), ("import", m)):
                    rows.append({"reporter": "JPN", "partner": partner, "flow": flow, "period": f"{year}-{month:02d}",
                                 "frequency": "M", "product": "TOTAL", "currency": "JPY", "value": float(v), "source": "m.csv"})
    monthly = pd.DataFrame(rows)
    partial = pd.DataFrame(columns=monthly.columns)
    ytd = year_to_date(partial, {}, monthly, after=2025)
    assert sorted(set(zip(ytd["period"], ytd["months"]))) == [("2025", 2), ("2026", 2)]
    annual = monthly.assign(period="2025", frequency="A").groupby(["reporter", "partner", "flow", "period", "frequency", "product",
                                                                   "currency", "source"], as_index=False)["value"].sum()
    got = by_key(latest_months(ytd, annual, "JPN", "CHN", "USA", last_year=2025))
    # China: exports 2 x 20 = 40 of 100 in 2026, 2 x 10 = 20 of 100 in 2025; total 40 + 20 of 200, 20 + 20 of 200
    assert got[("share", "CHN", "export")].value == pytest.approx(40.0) and got[("share", "CHN", "export")].base_value == pytest.approx(20.0)
    assert got[("share", "CHN", "total")].value == pytest.approx(30.0) and got[("share", "CHN", "total")].base_value == pytest.approx(20.0)
    assert got[("share", "CHN", "total")].period == "January–February 2026" and got[("share", "CHN", "total")].base == SAME_MONTHS


def test_the_section_needs_months_after_a_briefing_that_ends_with_the_last_full_year(dataset):
    import tomllib

    from tradebrief.coverage import Coverage
    from tradebrief.report.sections import plan, read_sections
    sections = read_sections(DATA.parent / "report" / "sections.toml")
    cov = Coverage.from_dataset(dataset)
    card = tomllib.loads((ANNUAL.parent / (ANNUAL.name + ".meta.toml")).read_text(encoding="utf-8"))
    with open(ANNUAL, newline="", encoding="utf-8") as fh:   # the last full year: the newest the card does not call partial
        last_full = max(int(r["year"]) for r in csv.DictReader(fh) if r["year"] not in card["partial_periods"])
    p = {"reporter": "JPN", "partner": "CHN", "comparison": "USA", "start_year": 2009, "end_year": last_full}
    assert plan(["summary", "latest_months"], p, cov, sections).included == ["summary", "latest_months"]
    early = plan(["latest_months"], {**p, "end_year": 2020}, cov, sections)
    assert early.omitted == [{"name": "latest_months", "title": "The latest months",
                              "reason": f"the latest months follow the data's last full year, {last_full}, and this briefing ends in 2020"}]
    without = Coverage(cov.holdings, cov.fx_years, {}, cov.sizes)   # the same data without the partial year
    assert plan(["latest_months"], p, without, sections).omitted[0]["reason"] == (
        f"the loaded data hold no months of Japan's trade after {last_full}")
