"""ECB reference rates as an exchange-rate source (issue 22.4). Expected values are computed here from the
shipped file with the csv module, or by hand; 149.66 yen per dollar for 2025 is the issue's published figure."""
from __future__ import annotations

import csv
import math
import statistics

import pandas as pd
import pytest
from conftest import DATA

from tradebrief.errors import DataError
from tradebrief.indicators import annual_rates
from tradebrief.indicators.currency import convert, rates_supplied
from tradebrief.prose.provenance import rate_sources
from tradebrief.sources import load_file

ECB = DATA / "fx" / "eurofxref-hist.csv"
ECB_ID = "data/fx/eurofxref-hist.csv"


@pytest.fixture(scope="module")
def ecb_rows():
    with open(ECB, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def ecb_table():
    table, _ = load_file(ECB, DATA)
    return table.set_index(["quote", "frequency", "period"])["rate"]


def daily_cross(rows, code, prefix):
    return [float(r[code]) / float(r["USD"]) for r in rows if r["Date"].startswith(prefix)]


def test_2025_yen_per_dollar_is_the_mean_of_daily_cross_rates(ecb_rows, ecb_table):
    expected = statistics.fmean(daily_cross(ecb_rows, "JPY", "2025"))
    assert math.isclose(ecb_table[("JPY", "A", "2025")], expected, rel_tol=1e-12)
    assert round(expected, 2) == 149.66  # the figure
    # the euro as the ECB quotes it, US dollars per euro: the mean of its daily quotation (its published annual average)
    assert math.isclose(ecb_table[("USD", "A", "2025")],
                        statistics.fmean(float(r["USD"]) for r in ecb_rows if r["Date"].startswith("2025")), rel_tol=1e-12)
    march = statistics.fmean(daily_cross(ecb_rows, "KRW", "2026-03"))
    assert math.isclose(ecb_table[("KRW", "M", "2026-03")], march, rel_tol=1e-12)


def test_only_complete_periods_and_fully_quoted_currencies(ecb_rows, ecb_table):
    last = max(r["Date"] for r in ecb_rows)
    assert last == "2026-10-30"  # a Friday, the month's last weekday: October 2026 is over
    assert ("JPY", "M", "2026-10") in ecb_table.index and ("JPY", "A", "2026") not in ecb_table.index
    # the ECB stopped quoting the rouble on 1 March 2022: 2021 has an average, 2022 has none
    rub_2022 = [r["RUB"] for r in ecb_rows if r["Date"].startswith("2022")]
    assert "N/A" in rub_2022 and any(v != "N/A" for v in rub_2022)
    assert ("RUB", "A", "2021") in ecb_table.index and ("RUB", "A", "2022") not in ecb_table.index
    # withdrawn currencies are skipped
    assert not {"CYP", "ROL", "TRL"} & set(ecb_table.index.get_level_values("quote"))


def test_a_file_ending_mid_month_has_no_average_for_that_month(tmp_path, ecb_rows):
    with open(ECB, encoding="utf-8", newline="") as fh:
        lines = fh.read().splitlines(keepends=True)
    kept = [lines[0]] + [ln for ln in lines[1:] if ln[:10] <= "2026-10-14"]  # Wednesday 14 October 2026
    (tmp_path / "eurofxref-hist.csv").write_text("".join(kept), encoding="utf-8")
    table, _ = load_file(tmp_path / "eurofxref-hist.csv")
    months = set(table.loc[table["frequency"] == "M", "period"])
    assert "2026-09" in months and "2026-10" not in months


def test_a_bad_cell_is_named_with_row_and_column(tmp_path):
    header = "Date,USD,JPY,GBP,CHF,\n"
    (tmp_path / "e.csv").write_text(header + "2025-01-03,1.03,abc,0.83,0.94,\n2025-01-02,1.03,161.0,0.83,0.94,\n")
    with pytest.raises(DataError) as err:
        load_file(tmp_path / "e.csv")
    assert "row 2" in str(err.value) and "column 'JPY'" in str(err.value) and "'abc'" in str(err.value)


def test_fred_keeps_its_years_and_the_ecb_fills_2025(dataset, ecb_rows):
    spans = rates_supplied(dataset.fx, "JPY", first_year=2009, last_year=2025)
    assert list(spans["source"]) == ["data/fx/AEXJPUS_annual.csv", "data/fx/EXJPUS_monthly.csv", ECB_ID]
    assert list(zip(spans["first"], spans["last"])) == [("2009", "2018"), ("2019", "2024"), ("2025", "2025")]
    rates = annual_rates(dataset.fx).set_index(["quote", "period"])
    assert math.isclose(rates.loc[("JPY", "2025"), "rate"], statistics.fmean(daily_cross(ecb_rows, "JPY", "2025")))
    # the 2024 figure is still FRED's: the mean of its 12 monthly averages, read here with the csv module
    with open(DATA / "fx" / "EXJPUS_monthly.csv", encoding="utf-8", newline="") as fh:
        fred = [float(r["EXJPUS"]) for r in csv.DictReader(fh) if r["observation_date"].startswith("2024")]
    assert len(fred) == 12 and math.isclose(rates.loc[("JPY", "2024"), "rate"], statistics.fmean(fred))
    assert rate_sources(spans, "JPY") == (
        "Japanese yen per US dollar: 2009–2018 official annual average (`data/fx/AEXJPUS_annual.csv`); "
        "2019–2024 mean of 12 monthly averages (`data/fx/EXJPUS_monthly.csv`); 2025 mean of daily ECB cross rates "
        f"(`{ECB_ID}`).")
    assert not dataset.fx.duplicated(["base", "quote", "period", "frequency"]).any()


def test_convert_to_any_currency_by_hand():
    rates = pd.DataFrame([("USD", "EUR", "2022", "A", 0.95, "m", "s"), ("USD", "JPY", "2022", "A", 130.0, "m", "s"),
                          ("USD", "EUR", "2022-03", "M", 0.90, "m", "s")],
                         columns=["base", "quote", "period", "frequency", "rate", "method", "source"])
    values = pd.DataFrame({"period": ["2022", "2022", "2022-03", "2022-04", "2022", "2023"],
                           "value": [1000.0, 13_000.0, 200.0, 200.0, 50.0, 1.0],
                           "currency": ["USD", "JPY", "USD", "USD", "EUR", "USD"]})
    out = convert(values, rates, "EUR")
    assert set(out["currency"]) == {"EUR"}
    got = sorted(zip(out["period"], out["value"].round(9)))
    # 1000 US$ × 0.95; ¥13,000 ÷ 130 × 0.95; March: its own month's 0.90; April: the year's 0.95; euros unchanged;
    # 2023 has no rate: dropped
    assert got == sorted([("2022", 950.0), ("2022", 95.0), ("2022-03", 180.0), ("2022-04", 190.0), ("2022", 50.0)])


def test_the_usd_check_names_the_method_of_the_reporters_own_rate(dataset):
    """With 30 currencies' rates loaded, the check names the yen's rate method, not another currency's."""
    from tradebrief.indicators import usd_vs_comtrade
    from tradebrief.indicators.currency import rates_for
    rates = annual_rates(dataset.fx)
    cmp = usd_vs_comtrade(dataset.trade, rates, "JPN", currency="JPY").set_index(["period", "flow"])
    assert cmp.loc[("2024", "export"), "rate_method"] == "mean of 12 monthly averages"  # FRED's, not the ECB's AUD
    assert cmp.loc[("2018", "import"), "rate_method"] == "official annual average"
    assert set(rates_for(rates, "JPY")["quote"]) == {"JPY"}
    assert set(zip(rates_for(rates, "EUR")["base"], rates_for(rates, "EUR")["quote"])) == {("EUR", "USD")}   # dollars per euro
