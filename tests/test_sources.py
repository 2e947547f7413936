"""Loaders on the shipped official files: counts, official values read back exactly, mapping, rules."""
import csv
import math

import pytest
from conftest import DATA

from tradebrief.countries import code_for_mof_area, known_codes, mof_area_names
from tradebrief.sources import load_file

ANNUAL = DATA / "mof" / "trade_year_area_goods.csv"


def _value(table, **eq):
    m = True
    for k, v in eq.items():
        m = m & (table[k] == v)
    rows = table[m]
    assert len(rows) == 1, f"{len(rows)} rows for {eq}"
    return float(rows["value"].iloc[0])


def test_annual_file_row_count_and_units():
    table, info = load_file(ANNUAL, DATA)
    assert len(table) == 95_829 and info.rows == 95_829
    assert set(table["currency"]) == {"JPY"}
    assert info.partners == 55 and info.products == 78 and info.partial_periods == {"2026": "January–March 2026 only"}


@pytest.mark.parametrize("partner,flow,year,billion_yen", [
    ("CHN", "export", "2019", 14_681.9),   # MOF release: exports to China 2019
    ("CHN", "export", "2021", 17_984.4),
    ("CHN", "export", "2024", 18_862.5),
    ("WLD", "export", "2019", 76_931.7),   # world exports 2019
])
def test_official_published_totals_read_back(partner, flow, year, billion_yen):
    table, _ = load_file(ANNUAL, DATA)
    v = _value(table, partner=partner, flow=flow, period=year, product="TOTAL")
    assert round(v / 1e9, 1) == billion_yen


def test_value_read_back_exactly_from_the_csv():
    with open(ANNUAL, newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["area"] == "Hg Kong" and r["goods"] == "(Ic)" and r["ex_im"] == "import")
    table, _ = load_file(ANNUAL, DATA)
    v = _value(table, partner="HKG", flow="import", period=row["year"], product="(Ic)")
    assert v == float(row["value"]) * 1e9


def test_monthly_area_file_and_timeseries():
    monthly, info = load_file(DATA / "mof" / "trade_month_area_goods_2009-01_2019-05.csv.gz", DATA)
    assert len(monthly) == 659_277 and info.first_period == "2009-01" and info.last_period == "2019-05"
    # upper-case names map to the annual spelling
    assert "(Bus&Truck)" in set(monthly["product"]) and "(BUS&TRUCK)" not in set(monthly["product"])
    ts, info = load_file(DATA / "mof" / "japan_china_monthly_2001_2019.csv", DATA)
    assert len(ts) == 456 and set(ts["partner"]) == {"CHN"} and info.encoding == "utf-8"
    assert _value(ts, flow="export", period="2001-01") == 231_700_220 * 1e3  # thousand yen -> yen


def test_comtrade_and_fx_files():
    ct, _ = load_file(DATA / "comtrade" / "japan_world_totals_2010_2021.csv", DATA)
    assert len(ct) == 24 and set(ct["flow"]) == {"export", "import"}  # 'Net Export' rows are not flows
    assert _value(ct, flow="export", period="2010") == 769_773_832_480
    mins, _ = load_file(DATA / "comtrade" / "china_exports_to_japan_critical_minerals_monthly_2017_2024.csv", DATA)
    assert set(mins["reporter"]) == {"CHN"} and set(mins["partner"]) == {"JPN"} and mins["product"].nunique() == 4
    fx, info = load_file(DATA / "fx" / "EXJPUS_monthly.csv", DATA)
    assert len(fx) == 273 and math.isclose(fx.set_index("period").loc["2024-12", "rate"], 153.8143)
    assert set(zip(fx["base"], fx["quote"])) == {("USD", "JPY")}  # EXJPUS = yen per dollar


def test_every_mof_name_maps_to_an_iso_code():
    assert all(code in known_codes() for code in mof_area_names().values())
    assert code_for_mof_area("U ARB E") == "ARE" and code_for_mof_area("Hg Kong") == "HKG" and code_for_mof_area("Atlantis") is None


def test_dataset_vintage_rule_and_partial_year(dataset):
    t = dataset.trade
    assert "2026" not in set(t.loc[t["frequency"] == "A", "period"])  # partial year set aside
    # the annual file's 2026 and the release of March 2025 data's 2025 (January–March each; the annual file has 2025 in full)
    assert set(zip(dataset.excluded["source"], dataset.excluded["period"])) == {
        ("data/mof/trade_year_area_goods.csv", "2026"), ("data/mof/trade_year_area_goods_release_2025-03.csv", "2025")}
    china_monthly = t[(t["partner"] == "CHN") & (t["frequency"] == "M") & (t["product"] == "TOTAL") & (t["reporter"] == "JPN")]
    # the time series reaches 2019-12, later than the area file (2019-05): it supplies the overlapping months
    assert set(china_monthly["source"]) == {"data/mof/japan_china_monthly_2001_2019.csv"}
    from tradebrief.schema import KEY
    assert not t.duplicated(KEY).any()


def test_fx_annual_method(dataset):
    from tradebrief.indicators import annual_rates
    r = annual_rates(dataset.fx).query("quote == 'JPY'").set_index("period")
    assert r.loc["2018", "method"] == "official annual average" and r.loc["2024", "method"] == "mean of 12 monthly averages"
    assert r.loc["2025", "source"] == "data/fx/eurofxref-hist.csv"  # FRED's files end in 2024; the ECB's rates go on
    # the method is close to the official figure where both exist
    from tradebrief.sources import load_file as lf
    monthly, _ = lf(DATA / "fx" / "EXJPUS_monthly.csv", DATA)
    m2018 = monthly[monthly["period"].str.startswith("2018")]["rate"].mean()
    assert abs(m2018 - r.loc["2018", "rate"]) < 0.1


def test_newer_file_with_one_more_year_is_picked_up(tmp_path):
    """A newer release (here: a copy with 2026 as a full year and 2027 added) wins the overlap."""
    import pandas as pd

    from tradebrief.sources import load_dataset
    data = tmp_path / "data"
    (data / "mof").mkdir(parents=True)
    import shutil
    shutil.copy(ANNUAL, data / "mof" / ANNUAL.name)
    shutil.copy(ANNUAL.with_name(ANNUAL.name + ".meta.toml"), data / "mof")
    df = pd.read_csv(ANNUAL)
    newer = pd.concat([df[df.year != 2026], df[df.year == 2025].assign(year=2026, value=lambda d: d.value * 1.02),
                       df[df.year == 2025].assign(year=2027, value=lambda d: d.value * 1.05)])
    newer.to_csv(data / "mof" / "trade_year_area_goods_2027.csv", index=False)  # no card: default unit, heuristic partial check
    ds = load_dataset(data, cache_dir=tmp_path / "cache")
    years = set(ds.trade.loc[ds.trade["frequency"] == "A", "period"])
    assert {"2026", "2027"} <= years
    # the old file's partial 2026 is still set aside (and listed); the newer full 2026 is used
    assert list(ds.excluded["source"]) == ["data/mof/trade_year_area_goods.csv"]
    t = ds.trade
    row = t[(t.partner == "CHN") & (t.flow == "export") & (t["product"] == "TOTAL") & (t.period == "2027")]
    assert row["source"].iloc[0] == "data/mof/trade_year_area_goods_2027.csv"
    assert set(ds.supplied["source"]) == {"data/mof/trade_year_area_goods_2027.csv"}
