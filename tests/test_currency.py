"""Any reporter, any currency: exchange rates as (base, quote, period) pairs, conversion to USD,
the reporter's own currency taken from the data, and file encodings. Expected values by hand."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import DATA

import tradebrief.indicators as ind
from tradebrief.errors import DataError, ParameterError
from tradebrief.indicators.currency import usd_rates, with_annual_rates
from tradebrief.indicators.trade import reporter_currency
from tradebrief.sources import load_dataset, load_file
from tradebrief.sources.decoding import decode, read_bytes

CANON = "reporter,partner,flow,period,frequency,value,currency,product\n"


def fx_rows(rows):
    return pd.DataFrame(rows, columns=["base", "quote", "period", "frequency", "rate", "method", "source"])


# --------------------------------------------------------------------------- rates
def test_fred_series_are_read_as_pairs_either_way_round(tmp_path):
    (tmp_path / "EXUSEU.csv").write_text("observation_date,EXUSEU\n2023-01-01,1.0800\n2023-02-01,1.0700\n")
    (tmp_path / "EXKOUS.csv").write_text("observation_date,EXKOUS\n2023-01-01,1250.5\n")
    eur, info = load_file(tmp_path / "EXUSEU.csv")
    assert set(zip(eur["base"], eur["quote"])) == {("EUR", "USD")} and list(eur["rate"]) == [1.08, 1.07]
    assert "USD per EUR" in info.summary()
    krw, _ = load_file(tmp_path / "EXKOUS.csv")
    assert set(zip(krw["base"], krw["quote"])) == {("USD", "KRW")} and krw["period"].tolist() == ["2023-01"]


def test_impossible_fred_date_is_refused(tmp_path):
    (tmp_path / "f.csv").write_text("observation_date,EXJPUS\n2020-12-01,103.8\n2020-13-01,104.0\n")
    with pytest.raises(DataError) as err:
        load_file(tmp_path / "f.csv")
    assert "2020-13" in str(err.value) and "row 3" in str(err.value)
    (tmp_path / "a.csv").write_text("observation_date,AEXJPUS\n2019-01-01,109.0\n2020-02-30,106.8\n")
    with pytest.raises(DataError) as err:
        load_file(tmp_path / "a.csv")
    assert "'2020-02-30' does not exist" in str(err.value) and "row 3" in str(err.value)


def test_annual_rate_is_the_mean_of_twelve_months_unless_published():
    months = [("USD", "KRW", f"2022-{m:02d}", "M", 1200.0 + m, "monthly average", "k.csv") for m in range(1, 13)]
    months += [("USD", "KRW", "2023-01", "M", 1250.0, "monthly average", "k.csv")]  # 2023 incomplete: no annual rate
    months += [("USD", "JPY", f"2022-{m:02d}", "M", 130.0, "monthly average", "j.csv") for m in range(1, 13)]
    published = [("USD", "JPY", "2022", "A", 131.5, "official annual average", "a.csv")]
    annual = ind.annual_rates(with_annual_rates(fx_rows(months + published))).set_index(["quote", "period"])
    assert math.isclose(annual.loc[("KRW", "2022"), "rate"], 1200 + 6.5)  # mean of 1201..1212
    assert annual.loc[("KRW", "2022"), "method"] == "mean of 12 monthly averages"
    assert annual.loc[("JPY", "2022"), "rate"] == 131.5 and annual.loc[("JPY", "2022"), "method"] == "official annual average"
    assert ("KRW", "2023") not in annual.index


def test_to_usd_converts_any_currency_with_a_rate_and_passes_usd_through():
    rates = fx_rows([("USD", "JPY", "2022", "A", 125.0, "m", "s"), ("EUR", "USD", "2022", "A", 1.10, "m", "s"),
                     ("USD", "KRW", "2022", "A", 1250.0, "m", "s")])
    values = pd.DataFrame({"reporter": ["JPN", "DEU", "KOR", "KOR", "CHN", "JPN"], "partner": "WLD", "flow": "export",
                           "period": ["2022", "2022", "2022", "2022-03", "2022", "2021"],
                           "value": [1000.0, 100.0, 2500.0, 500.0, 42.0, 7.0], "currency": ["JPY", "EUR", "KRW", "KRW", "USD", "JPY"]})
    usd = ind.to_usd(values, rates)
    assert set(usd["currency"]) == {"USD"}
    # JPY 1000 / 125; EUR 100 * 1.10 USD per EUR; KRW 2500 / 1250; a month uses its year's rate; USD unchanged
    assert usd["value"].tolist() == pytest.approx([8.0, 110.0, 2.0, 0.4, 42.0])
    assert "2021" not in set(usd["period"])  # no 2021 rate: dropped, not guessed
    eur = usd_rates(rates).query("currency == 'EUR'").set_index("period")["per_usd"]
    assert eur["2022"] == pytest.approx(1 / 1.10)   # quoted as USD per EUR, turned round


def test_monthly_values_use_the_monthly_rate_when_given():
    rates = fx_rows([("USD", "JPY", "2022-01", "M", 115.0, "m", "s"), ("USD", "JPY", "2022", "A", 131.0, "m", "s")])
    values = pd.DataFrame({"reporter": "JPN", "partner": "WLD", "flow": "export", "period": ["2022-01", "2022-02"],
                           "value": [230.0, 262.0], "currency": "JPY"})
    assert ind.to_usd(values, rates)["value"].tolist() == pytest.approx([2.0, 2.0])  # 230/115, 262/131


# --------------------------------------------------------------------------- currency from the data
def test_reporter_currency_prefers_the_national_currency_in_the_table():
    t = pd.DataFrame({"reporter": ["JPN", "JPN", "JPN", "KOR", "KOR", "DEU"], "currency": ["USD", "USD", "JPY", "USD", "USD", "EUR"],
                      "product": "TOTAL", "frequency": "A"})
    assert reporter_currency(t, "JPN") == "JPY"  # yen although there are more dollar rows
    assert reporter_currency(t, "KOR") == "USD"  # no won in the table
    assert reporter_currency(t, "DEU") == "EUR"
    with pytest.raises(ParameterError) as err:
        reporter_currency(t, "FRA")
    assert "DEU, JPN, KOR" in str(err.value)


def test_a_reporter_in_its_own_currency_end_to_end(tmp_path):
    """Korea's trade in won (canonical file) plus FRED's won rate: indicators in KRW, USD by conversion."""
    rows = [("KOR", "WLD", "export", "2022", 1_250_000), ("KOR", "CHN", "export", "2022", 312_500),
            ("KOR", "S19", "export", "2022", 125_000), ("KOR", "USA", "export", "2022", 200_000),
            ("KOR", "WLD", "import", "2022", 1_000_000), ("KOR", "CHN", "import", "2022", 250_000),
            ("KOR", "USA", "import", "2022", 100_000)]
    (tmp_path / "kor.csv").write_text(CANON + "".join(f"{r},{p},{f},{y},A,{v},KRW,TOTAL\n" for r, p, f, y, v in rows))
    (tmp_path / "EXKOUS.csv").write_text("observation_date,EXKOUS\n" + "".join(f"2022-{m:02d}-01,1250\n" for m in range(1, 13)))
    ds = load_dataset(tmp_path, use_cache=False)
    values = ind.trade_values(ds.trade, "KOR")
    assert set(values["currency"]) == {"KRW"}
    shares = ind.shares_of_world(values).set_index(["partner", "flow"])["share"]
    assert shares[("CHN", "export")] == pytest.approx(25.0) and shares[("CHN", "total")] == pytest.approx(100 * 562_500 / 2_250_000)
    ranks = ind.partner_ranks(values)
    assert ranks[ranks["flow"] == "export"].set_index("partner")["rank"].to_dict() == {"CHN": 1, "USA": 2}  # S19 not ranked
    usd = ind.to_usd(values, ind.annual_rates(ds.fx)).set_index(["partner", "flow"])["value"]
    assert usd[("CHN", "export")] == pytest.approx(312_500 / 1250)
    assert ind.balances(values).set_index("partner")["value"]["CHN"] == 312_500 - 250_000


def test_unknown_currency_code_is_refused(tmp_path):
    (tmp_path / "x.csv").write_text(CANON + "KOR,WLD,export,2022,A,5,WON,TOTAL\n")
    with pytest.raises(DataError) as err:
        load_file(tmp_path / "x.csv")
    assert "not an ISO 4217 code" in str(err.value) and "'WON'" in str(err.value) and "row 2" in str(err.value)


# --------------------------------------------------------------------------- encodings
@pytest.mark.parametrize("name", ["mof/trade_year_area_goods.csv", "mof/japan_china_monthly_2001_2019.csv"])
def test_japanese_official_files_decode_unchanged(name):
    path = DATA / name
    text, encoding = decode(path, read_bytes(path))
    assert text == path.read_bytes().decode("utf-8") and encoding == "utf-8"


def test_shift_jis_copy_of_a_mof_file_decodes_to_the_same_text(tmp_path):
    lines = (DATA / "mof" / "trade_year_area_goods.csv").read_text(encoding="utf-8").splitlines()[:200]
    original = "財務省貿易統計 地域別・品別（単位：十億円）\n" + "\n".join(lines) + "\n"
    path = tmp_path / "sjis.csv"
    path.write_bytes(original.encode("cp932"))
    assert decode(path, path.read_bytes()) == (original, "cp932")
    table, info = load_file(path)
    assert info.encoding == "cp932" and len(table) == 199


def test_damaged_utf8_is_refused_with_byte_and_line(tmp_path):
    good = "reporter,partner\n" + "KOR,Côte d'Ivoire\n" * 30
    path = tmp_path / "d.csv"
    path.write_bytes(good.encode("utf-8") + b"KOR,\xff\n")
    with pytest.raises(DataError) as err:
        decode(path, path.read_bytes())
    assert "cannot be decoded as UTF-8" in str(err.value) and "line 32" in str(err.value)
    assert f"byte {len(good.encode('utf-8')) + 4}" in str(err.value)


def test_comtrade_codes_map_through_the_reference_table():
    from tradebrief.countries import code_for_comtrade, display_name
    assert code_for_comtrade(490) == "S19" and display_name("S19") == "Other Asia, nes"
    assert code_for_comtrade(280) == code_for_comtrade(276) == "DEU"  # the former and the current code
    assert code_for_comtrade(97, "reporter") == "EU" and code_for_comtrade(0) == "WLD"
    assert code_for_comtrade(12345) is None
