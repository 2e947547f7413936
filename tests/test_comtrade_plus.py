"""UN Comtrade Plus files (the website's CSV export / comtradeapicall's DataFrame) built in tmp_path
with the real column layout. Expected values are written out by hand from the rows below."""
from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest

import tradebrief.indicators as ind
from tradebrief.countries import AGGREGATES, non_country_partners
from tradebrief.errors import DataError, ParameterError
from tradebrief.sources import load_dataset, load_file
from tradebrief.sources.comtrade_plus import COLUMNS, load_frame

REPORTERS = {410: ("KOR", "Rep. of Korea"), 276: ("DEU", "Germany"), 156: ("CHN", "China")}
PARTNERS = {0: ("W00", "World"), 156: ("CHN", "China"), 842: ("USA", "USA"), 490: ("S19", "Other Asia, nes"),
            704: ("VNM", "Viet Nam"), 392: ("JPN", "Japan"), 837: ("X1", "Bunkers"), 899: ("_X", "Areas, nes"),
            384: ("CIV", "Côte d'Ivoire"), 531: ("CUW", "Curaçao"), 410: ("KOR", "Rep. of Korea")}
FLOW_DESC = {"X": "Export", "M": "Import", "RX": "Re-export", "RM": "Re-import"}

# Korea, annual, USD. Other Asia, nes (S19) is larger than Japan and, in 2021 imports, than China.
KOR = {
    ("X", 2021): {0: 900, 156: 300, 704: 150, 842: 140, 490: 100, 392: 60},
    ("X", 2022): {0: 1000, 704: 260, 156: 250, 842: 160, 490: 120, 392: 50, 837: 30, 899: 10, 384: 5},
    ("M", 2021): {0: 800, 490: 220, 156: 180, 392: 100, 842: 90},
    ("M", 2022): {0: 900, 156: 200, 490: 150, 842: 100, 392: 90},
}


def record(reporter: int, flow: str, period: str, partner: int, value: float, freq: str = "A", **over) -> dict:
    """One record with every Comtrade Plus column, breakdowns at their totals."""
    r = dict.fromkeys(COLUMNS, "")
    r.update(typeCode="C", freqCode=freq, refPeriodId=f"{period[:4]}{period[4:6] or '01'}01", refYear=period[:4],
             refMonth=period[4:6] or "52", period=period, reporterCode=reporter, reporterISO=REPORTERS[reporter][0],
             reporterDesc=REPORTERS[reporter][1], flowCode=flow, flowDesc=FLOW_DESC[flow], partnerCode=partner,
             partnerISO=PARTNERS[partner][0], partnerDesc=PARTNERS[partner][1], partner2Code=0, partner2ISO="W00",
             partner2Desc="World", classificationCode="H6", classificationSearchCode="HS", isOriginalClassification="True",
             cmdCode="TOTAL", cmdDesc="All Commodities", aggrLevel=0, isLeaf="False", customsCode="C00",
             customsDesc="TOTAL CPC", mosCode=0, motCode=0, motDesc="TOTAL MOT", qtyUnitCode=-1, qtyUnitAbbr="N/A",
             qty=0, isQtyEstimated="False", altQtyUnitCode=-1, altQtyUnitAbbr="N/A", altQty=0, isAltQtyEstimated="False",
             netWgt=0, isNetWgtEstimated="False", grossWgt=0, isGrossWgtEstimated="False", cifvalue="", fobvalue=value,
             primaryValue=value, legacyEstimationFlag=0, isReported="True", isAggregate="True")
    r.update(over)
    return r


def korea_records() -> list[dict]:
    return [record(410, flow, str(year), p, v) for (flow, year), row in KOR.items() for p, v in row.items()]


def write(path: Path, records: list[dict], encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\r\n")
        w.writeheader()
        w.writerows(records)
    return path


def value(t: pd.DataFrame, **eq) -> float:
    m = pd.Series(True, index=t.index)
    for k, v in eq.items():
        m &= t[k].astype(str) == str(v)
    assert m.sum() == 1, eq
    return float(t.loc[m, "value"].iloc[0])


# --------------------------------------------------------------------------- loading
def test_several_reporters_annual_and_monthly_with_reexports(tmp_path):
    germany = [record(276, "X", p, partner, v, freq="M") for p, partner, v in
               [("202301", 0, 500), ("202301", 156, 40), ("202302", 0, 520), ("202302", 156, 45)]]
    germany += [record(276, "RX", "202301", 0, 12, freq="M"), record(276, "RX", "202302", 0, 13, freq="M"),
                record(276, "M", "202301", 0, 480, freq="M"), record(276, "M", "202302", 0, 470, freq="M")]
    path = write(tmp_path / "comtrade.csv", korea_records() + germany)
    table, info = load_file(path)
    assert info.format == "comtrade-plus" and set(table["reporter"]) == {"KOR", "DEU"}
    assert set(table["currency"]) == {"USD"}
    assert value(table, reporter="KOR", partner="CHN", flow="export", period="2022", frequency="A") == 250
    assert value(table, reporter="DEU", partner="CHN", flow="export", period="2023-02", frequency="M") == 45
    # re-exports stay a flow of their own and are not added to exports
    assert value(table, reporter="DEU", partner="WLD", flow="re-export", period="2023-01") == 12
    assert value(table, reporter="DEU", partner="WLD", flow="export", period="2023-01") == 500
    values = ind.trade_values(table, "DEU", frequency="M")
    assert set(values["flow"]) == {"export", "import", "total"}
    assert value(values, partner="WLD", flow="total", period="2023-01") == 500 + 480


def test_areas_mapped_through_the_reference_table(tmp_path):
    table, _ = load_file(write(tmp_path / "k.csv", korea_records()))
    assert {"S19", "X1", "_X", "WLD", "CIV", "VNM"} <= set(table["partner"])
    # the non-country areas are aggregates: never a country, whatever their size
    assert {"S19", "X1", "_X", "WLD"} <= AGGREGATES and not {"CIV", "VNM", "CHN"} & AGGREGATES


@pytest.mark.parametrize("encoding,recorded", [("cp1252", "cp1252"), ("latin-1", "cp1252"), ("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8")])
def test_latin1_cp1252_and_bom_files_are_read(tmp_path, encoding, recorded):
    records = korea_records() + [record(410, "X", "2022", 531, 2)]  # Curaçao: ç in every encoding tested
    path = write(tmp_path / "k.csv", records, encoding=encoding)
    raw = path.read_bytes()
    assert ("Côte".encode(encoding.replace("-sig", "")) in raw) and (raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig"))
    table, info = load_file(path)
    assert info.encoding == recorded
    assert value(table, partner="CIV", flow="export", period="2022") == 5
    assert value(table, partner="CUW", flow="export", period="2022") == 2


def test_mixed_breakdowns_are_refused_naming_column_and_rows(tmp_path):
    records = korea_records()
    air_line, customs_line = len(records) + 2, len(records) + 3  # header is line 1
    records.append(record(410, "X", "2022", 156, 100, motCode=1000, motDesc="Air"))  # China by air only
    records.append(record(410, "X", "2022", 156, 60, customsCode="C01"))  # China, clearance for home use only
    path = write(tmp_path / "mixed.csv", records)
    with pytest.raises(DataError) as err:
        load_file(path)
    lines = str(err.value).splitlines()
    mot = next(ln for ln in lines if "column 'motCode'" in ln)
    customs = next(ln for ln in lines if "column 'customsCode'" in ln)
    assert f"row {air_line}," in mot and "'1000'" in mot
    assert f"row {customs_line}," in customs and "'C01'" in customs
    text = str(err.value)
    assert "double count" in text


def test_a_file_of_breakdown_rows_only_is_refused_too(tmp_path):
    records = [record(410, "X", "2022", p, v, partner2Code=156) for p, v in KOR[("X", 2022)].items()]
    with pytest.raises(DataError) as err:
        load_file(write(tmp_path / "p2.csv", records))
    n = len(KOR[("X", 2022)])
    assert "column 'partner2Code'" in str(err.value) and f"in {n} rows" in str(err.value) and f"({n} rows)" in str(err.value)


def test_unknown_area_code_and_other_flows_are_refused(tmp_path):
    with pytest.raises(DataError) as err:
        load_file(write(tmp_path / "a.csv", korea_records()[:3] + [record(410, "X", "2022", 156, 1, partnerCode=999)]))
    assert "unknown UN Comtrade area code 999" in str(err.value) and "comtrade_partner_areas.csv" in str(err.value)
    with pytest.raises(DataError) as err:
        load_file(write(tmp_path / "b.csv", korea_records()[:3] + [record(410, "X", "2022", 156, 1, flowCode="DX")]))
    assert "flowCode ['DX']" in str(err.value) and "row 5" in str(err.value)


def test_api_dataframe_is_read_like_the_csv(tmp_path):
    """comtradeapicall returns numbers as numbers: the same records as a DataFrame give the same table."""
    frame = pd.DataFrame(korea_records())
    for c in ("reporterCode", "partnerCode", "partner2Code", "motCode", "aggrLevel", "refYear"):
        frame[c] = frame[c].astype(int)
    frame["primaryValue"] = frame["primaryValue"].astype(float)
    frame["period"] = frame["period"].astype(int)
    from_api = load_frame(frame).sort_values(["flow", "period", "partner"]).reset_index(drop=True)
    from_csv, _ = load_file(write(tmp_path / "k.csv", korea_records()))
    from_csv = from_csv.drop(columns="source").sort_values(["flow", "period", "partner"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(from_api.drop(columns="source"), from_csv, check_dtype=False)


# --------------------------------------------------------------------------- indicators for a USD reporter
@pytest.fixture(scope="module")
def korea(tmp_path_factory):
    d = tmp_path_factory.mktemp("kor")
    write(d / "korea_comtrade.csv", korea_records())
    return load_dataset(d, use_cache=False)


def test_shares_ranks_and_hhi_for_a_usd_reporter(korea):
    values = ind.trade_values(korea.trade, "KOR")
    assert set(values["currency"]) == {"USD"}  # Korea's own currency (KRW) is not in the data
    shares = ind.shares_of_world(values).set_index(["partner", "flow", "period"])["share"]
    assert math.isclose(shares[("CHN", "export", "2022")], 25.0)             # 250 / 1000
    assert math.isclose(shares[("S19", "import", "2022")], 100 * 150 / 900)  # listed, with its share
    assert math.isclose(shares[("CHN", "total", "2022")], 100 * 450 / 1900)
    ranks = ind.partner_ranks(values)
    r22 = ranks[(ranks["flow"] == "export") & (ranks["period"] == "2022")].set_index("partner")["rank"].to_dict()
    assert r22 == {"VNM": 1, "CHN": 2, "USA": 3, "JPN": 4, "CIV": 5}  # S19 (120) would be 4th if it were a country
    m21 = ranks[(ranks["flow"] == "import") & (ranks["period"] == "2021")].set_index("partner")["rank"].to_dict()
    assert m21 == {"CHN": 1, "JPN": 2, "USA": 3}
    hhi = ind.hhi_partners(values).set_index(["flow", "period"])
    assert math.isclose(hhi.loc[("export", "2022"), "hhi"], 0.26**2 + 0.25**2 + 0.16**2 + 0.05**2 + 0.005**2)
    assert math.isclose(hhi.loc[("export", "2022"), "listed_share"], 26 + 25 + 16 + 5 + 0.5)


def test_crossings_and_balances_for_a_usd_reporter(korea):
    values = ind.trade_values(korea.trade, "KOR")
    crossings = ind.export_crossings(values)
    assert list(crossings["period"]) == ["2022"] and crossings["new_leader"].iloc[0] == "VNM"
    assert crossings["previous_leader"].iloc[0] == "CHN" and crossings["gap"].iloc[0] == 260 - 250
    top_imports = ind.top_partner(values, "import").set_index("period")["leader"].to_dict()
    assert top_imports == {"2021": "CHN", "2022": "CHN"}  # S19 is larger in 2021 but is not a country
    bal = ind.balances(values).set_index(["partner", "period"])["value"]
    assert bal[("CHN", "2022")] == 250 - 200 and bal[("CHN", "2021")] == 300 - 180 and bal[("WLD", "2022")] == 100


def test_non_country_areas_listed_with_their_share(korea):
    areas = non_country_partners(korea.trade, "KOR")
    exp22 = areas[(areas["flow"] == "export") & (areas["period"] == "2022")].set_index("partner")
    assert list(exp22.index) == ["S19", "X1", "_X"]  # largest first
    assert math.isclose(exp22.loc["S19", "share"], 12.0) and math.isclose(exp22.loc["X1", "share"], 3.0)
    assert exp22.loc["S19", "name"] == "Other Asia, nes" and exp22.loc["X1", "kind"] == "special"
    assert exp22.loc["_X", "kind"] == "nes" and set(areas["currency"]) == {"USD"}
    assert "Taiwan" in exp22.loc["S19", "note"] and exp22.loc["X1", "note"] == ""   # the one area whose name hides what it is


def test_reporter_parameter_accepts_any_reporter_in_the_data(korea):
    from tradebrief.report.config import Config, check_against_data
    ok = Config("t", [], {"reporter": "KOR", "partner": "CHN", "comparison": "USA", "start_year": 2021, "end_year": 2022})
    check_against_data(ok, korea.trade)
    with pytest.raises(ParameterError) as err:
        check_against_data(Config("t", [], {"reporter": "FRA", "partner": "CHN"}), korea.trade)
    assert "FRA" in str(err.value) and "KOR (South Korea)" in str(err.value)
    with pytest.raises(ParameterError) as err:  # a non-country area is not a partner to choose
        check_against_data(Config("t", [], {"reporter": "KOR", "partner": "S19"}), korea.trade)
    assert "partner 'S19' (Other Asia, nes" in str(err.value) and "is not a country or a group of countries" in str(err.value)
    assert "CHN (China), USA (United States), JPN (Japan)" in str(err.value) and "S19 (Other Asia, nes)," not in str(err.value)


def test_every_problem_of_a_comtrade_file_is_listed_at_once(tmp_path):
    records = korea_records()
    first = len(records) + 2
    records.append(record(410, "X", "2022", 156, 100, motCode=2100))            # by sea only
    records.append(record(410, "X", "2022", 156, 1, partnerCode=999))            # not in the reference table
    records.append(record(410, "X", "2022", 392, "n/a"))                        # value is not a number
    with pytest.raises(DataError) as err:
        load_file(write(tmp_path / "many.csv", records))
    text = str(err.value)
    assert f"row {first}, column 'motCode'" in text
    assert f"row {first + 1}, column 'partnerCode'" in text and "unknown UN Comtrade area code 999" in text
    assert f"row {first + 2}, column 'primaryValue'" in text
