"""A CEPII BACI release anywhere: under data/ (found, never loaded as a data file), given to validate
(reported in one line), in either country-table layout CEPII has published; its Parquet cache keyed on
content and converter code.

Real layouts, copied from public repositories (header and rows verbatim, a few rows each):
- country_codes_V202301.csv, older layout with N/A: github.com/IaBrilliant/Economic_Complexity_MSc,
  commit 7beda4d70a6f0d569c9d99e3a69194c578beb333, file country_codes_V202301.csv
- country_codes_V202501.csv, newer layout: github.com/tomasdata/Trade-Finance,
  commit 5a723ec464960b9c773354f5781d87a0bbda0646, file country_codes_V202501.csv
- product_codes_HS92_V202301.csv, codes without their leading zero: github.com/IaBrilliant/Economic_Complexity_MSc,
  same commit, file product_codes_HS92_V202301.csv
The yearly trade rows are TEST DATA written here (CEPII's t,i,j,k,v,q layout, values invented).
"""
from __future__ import annotations

import csv
import io
import os

import pytest

from tradebrief import cli
from tradebrief.errors import DataError
from tradebrief.report import manifest, sections
from tradebrief.sources import baci, baci_codes, baci_convert, baci_files, load_dataset

OLD_COUNTRIES = """country_code,country_name_abbreviation,country_name_full,iso_2digit_alpha,iso_3digit_alpha
58,Belgium-Luxembourg,Belgium-Luxembourg,BE,BEL
156,China,China,CN,CHN
251,France,"France, Monaco",FR,FRA
392,Japan,Japan,JP,JPN
490,"Other Asia, nes","Other Asia, not elsewhere specified",N/A,N/A
516,Namibia,Namibia,,NAM
697,"Europe EFTA, nes","Europe EFTA, not elsewhere specified",N/A,N/A
699,India,India,IN,IND
842,USA,"USA, Puerto Rico and US Virgin Islands",US,USA
849,US Misc. Pacific Isds,US Miscellaneous Pacific Islands,N/A,N/A
"""
NEW_COUNTRIES = """country_code,country_name,country_iso2,country_iso3
58,Belgium-Luxembourg (...1998),BE,BEL
156,China,CN,CHN
251,France,FR,FRA
392,Japan,JP,JPN
490,"Other Asia, nes",,S19
516,Namibia,,NAM
697,"Europe EFTA, nes",,R20
699,India,IN,IND
842,USA,US,USA
849,US Misc. Pacific Isds,PU,PUS
"""
PRODUCTS = """code,description
10111,"Horses: live, pure-bred breeding animals"
10119,"Horses: live, other than pure-bred breeding animals"
20421,"Meat: of sheep, carcasses and half-carcasses (excluding carcasses and half-carcasses of lamb), frozen"
"""
# Japan (392) imports 10111 from Other Asia, nes (490; in practice Taiwan) and China; India (699) buys from France (251)
Y2022 = """t,i,j,k,v,q
2022,490,392,10111,30.5,1.2
2022,156,392,10111,10.0,NA
2022,251,699,20421,4.25,
"""
Y2023 = """t,i,j,k,v,q
2023,490,392,10111,12.0,0.5
2023,849,842,10119,1.5,0.1
2023,697,251,20421,2.0,3
2023,58,392,20421,7.0,1
"""


def write_release(folder, countries=NEW_COUNTRIES, version="202501", years=None):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"country_codes_V{version}.csv").write_text(countries)
    (folder / f"product_codes_HS92_V{version}.csv").write_text(PRODUCTS)
    for year, text in (years or {2022: Y2022, 2023: Y2023}).items():
        (folder / f"BACI_HS92_Y{year}_V{version}.csv").write_text(text)
    return folder


def raw_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_both_country_layouts_read_to_the_codes_of_the_newer_table(tmp_path):
    (tmp_path / "old.csv").write_text(OLD_COUNTRIES)
    (tmp_path / "new.csv").write_text(NEW_COUNTRIES)
    expected = {int(r["country_code"]): r["country_iso3"] for r in raw_rows(NEW_COUNTRIES)}
    assert baci_codes.country_table(tmp_path / "new.csv") == expected
    # the older table's N/A areas get the codes CEPII's later table gives them (S19, R20, PUS)
    assert baci_codes.country_table(tmp_path / "old.csv") == expected
    assert [r["iso_3digit_alpha"] for r in raw_rows(OLD_COUNTRIES)].count("N/A") == 3


def test_product_codes_without_their_leading_zero(tmp_path):
    (tmp_path / "p.csv").write_text(PRODUCTS)
    table = baci_codes.product_table(tmp_path / "p.csv")
    assert list(table) == ["010111", "010119", "020421"]
    assert table["020421"].startswith("Meat: of sheep, carcasses")


@pytest.mark.parametrize("countries", [OLD_COUNTRIES, NEW_COUNTRIES], ids=["V202301 layout", "V202501 layout"])
def test_a_release_in_either_layout_gives_the_same_panel(tmp_path, countries):
    data = baci.open_baci(write_release(tmp_path / "baci", countries), tmp_path / "cache")
    rows = data.table.order_by(["year", "importer", "hs6", "exporter"]).to_pandas()
    iso = {int(r["country_code"]): r["country_iso3"] for r in raw_rows(NEW_COUNTRIES)}
    expected = sorted((int(r["t"]), iso[int(r["i"])], iso[int(r["j"])], r["k"].zfill(6), float(r["v"]))
                      for text in (Y2022, Y2023) for r in raw_rows(text))
    got = sorted(zip(rows["year"], rows["exporter"], rows["importer"], rows["hs6"], rows["value"]))
    assert got == expected
    assert data.source == "CEPII BACI HS92 V202501" and data.years == [2022, 2023]
    assert data.descriptions["010111"] == "Horses: live, pure-bred breeding animals"


CANONICAL = ("reporter,partner,flow,period,frequency,value,currency,product\n"
             "JPN,CHN,import,2023,A,100,USD,TOTAL\nJPN,WLD,import,2023,A,900,USD,TOTAL\n")


def test_release_under_data_is_found_not_loaded_and_plans_the_hs6_section(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "canonical.csv").write_text(CANONICAL)
    assert sections._hs_panel(None, {"data_dir": str(data)}) is not None   # no panel yet: the section is left out
    write_release(data)   # unzipped into data/ as it comes: flat, beside the other files
    release = baci.find_release(data)
    assert release is not None and release.name == "BACI_HS92_V202501" and sorted(release.years) == [2022, 2023]
    loaded = load_dataset(data, cache_dir=tmp_path / "cache")   # no "not a recognised data format" for BACI's files
    assert [f.path for f in loaded.files] == ["data/canonical.csv"]
    assert sections._hs_panel(None, {"data_dir": str(data), "hs_panel": ""}) is None


def test_two_releases_under_data_are_named(tmp_path):
    write_release(tmp_path / "data" / "a")
    write_release(tmp_path / "data" / "b", version="202401")
    with pytest.raises(DataError) as e:
        baci.find_release(tmp_path / "data")
    message = str(e.value)
    assert "HS92 V202501" in message and "HS92 V202401" in message and "hs_panel" in message


@pytest.fixture
def cache_env(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEBRIEF_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_validate_reports_a_release_beside_other_files(tmp_path, cache_env, capsys):
    folder = write_release(tmp_path / "data")
    (folder / "canonical.csv").write_text(CANONICAL)
    assert cli.main(["validate", str(folder)]) == 0
    out, err = capsys.readouterr()
    rows = len(raw_rows(Y2022)) + len(raw_rows(Y2023))
    line = next(ln for ln in out.splitlines() if "BACI" in ln)
    assert line == (f"{folder}: OK  CEPII BACI HS92 V202501 (HS 1992 codes), years 2022..2023 (2 files), {rows} rows, "
                    f"{len(raw_rows(NEW_COUNTRIES))} country codes, {len(raw_rows(PRODUCTS))} products (cepii-baci)")
    assert any(ln.startswith(f"{folder / 'canonical.csv'}: OK") for ln in out.splitlines())
    assert "not a recognised" not in err
    assert (cache_env / "baci" / "BACI_HS92_V202501" / "year=2023" / "part-0.parquet").exists()   # the build's cache


def test_validate_one_yearly_file_and_the_code_tables(tmp_path, cache_env, capsys):
    folder = write_release(tmp_path / "baci", countries=OLD_COUNTRIES, version="202301")
    assert cli.main(["validate", str(folder / "BACI_HS92_Y2023_V202301.csv"), str(folder / "country_codes_V202301.csv"),
                     str(folder / "product_codes_HS92_V202301.csv")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"years 2023 (1 file), {len(raw_rows(Y2023))} rows" in out[0]
    assert out[1].endswith(f"OK  BACI country table, {len(raw_rows(OLD_COUNTRIES))} codes (cepii-baci)")   # N/A filled: none without
    assert out[2].endswith(f"OK  BACI product table, HS 1992, {len(raw_rows(PRODUCTS))} products (cepii-baci)")


def test_validate_names_a_bad_row_and_fails(tmp_path, cache_env, capsys):
    folder = write_release(tmp_path / "baci", years={2023: Y2023.replace("2023,58,392,20421,7.0", "2023,58,392,20421,-7.0")})
    assert cli.main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "BACI_HS92_Y2023_V202501.csv, row 5, column 'v': value '-7.0' is negative or not a number" in err


def test_a_wrongly_named_baci_file_is_told_the_names_validate_knows(tmp_path, capsys):
    (tmp_path / "baci2023.csv").write_text(Y2023)
    assert cli.main(["validate", str(tmp_path / "baci2023.csv")]) == 2
    assert "cepii-baci: t, i, j, k, v, q in files named BACI_HS{rev}_Y{year}_V{version}.csv" in capsys.readouterr().err


# --- the cache: keyed on the files' content and on the converter's code ---

def _part(cache, year):
    return cache / "BACI_HS92_V202501" / f"year={year}" / "part-0.parquet"


def _value(release, cache, exporter):
    t = baci.open_baci(release, cache).table
    return t.filter(t.exporter == exporter).value.sum().to_pandas()


def test_same_size_same_time_edit_is_seen_and_a_touch_is_not(tmp_path):
    release, cache = write_release(tmp_path / "baci"), tmp_path / "cache"
    baci_convert.build_cache(release, cache)
    first = _part(cache, 2022).stat().st_mtime_ns
    year_file = release / "BACI_HS92_Y2022_V202501.csv"
    os.utime(year_file)   # touched, bytes unchanged: nothing to convert
    baci_convert.build_cache(release, cache)
    assert _part(cache, 2022).stat().st_mtime_ns == first
    st = year_file.stat()
    year_file.write_text(Y2022.replace("30.5", "90.5"))   # same size ...
    os.utime(year_file, ns=(st.st_atime_ns, st.st_mtime_ns))   # ... and the old modification time
    assert year_file.stat().st_size == st.st_size and year_file.stat().st_mtime_ns == st.st_mtime_ns
    assert _value(release, cache, "S19") == 90.5 + 12.0


def test_editing_the_converter_sql_converts_again(tmp_path, monkeypatch):
    release, cache = write_release(tmp_path / "baci"), tmp_path / "cache"
    assert _value(release, cache, "CHN") == 10.0
    edited = baci_convert.SQL["write"].replace("y.v_ AS value", "y.v_ * 1000 AS value")
    assert edited != baci_convert.SQL["write"]
    monkeypatch.setitem(baci_convert.SQL, "write", edited)
    assert _value(release, cache, "CHN") == 10000.0
    monkeypatch.undo()
    assert _value(release, cache, "CHN") == 10.0


def test_hs_panel_folder_key_follows_content(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEBRIEF_CACHE_DIR", str(tmp_path / "memo"))
    release = write_release(tmp_path / "baci")
    before = manifest.sha256_path(release)
    year_file = release / "BACI_HS92_Y2023_V202501.csv"
    st = year_file.stat()
    year_file.write_text(Y2023.replace("12.0", "19.0"))
    os.utime(year_file, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert manifest.sha256_path(release) != before
    year_file.write_text(Y2023)
    assert manifest.sha256_path(release) == before


def test_data_manifest_holds_a_release_under_data(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEBRIEF_CACHE_DIR", str(tmp_path / "memo"))
    data = write_release(tmp_path / "data" / "BACI_HS92_V202501")
    entries = manifest.data_manifest([], tmp_path / "data", tmp_path)
    assert sorted(entries) == sorted(f"BACI_HS92_V202501/{p.name}" for p in data.iterdir())
    assert baci_files.release_files(tmp_path / "data") == sorted(data.iterdir())
