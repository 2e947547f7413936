"""BACI loader and HS6 dependence indicators on a small generated BACI release.

The fixture is written by hand in CEPII's layout (TEST DATA, not real trade); every
expected share and HHI below is worked out by hand from the rows written.
"""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradebrief.errors import DataError
from tradebrief.indicators import hs6
from tradebrief.sources import baci, baci_convert, baci_files

COUNTRIES = """country_code,country_name,country_iso2,country_iso3
156,China,CN,CHN
276,Germany,DE,DEU
392,Japan,JP,JPN
490,"Other Asia, nes",,S19
842,USA,US,USA
"""
PRODUCTS = """code,description
030389,"Fish: frozen, other"
280530,"Rare-earth metals, scandium and yttrium"
850440,Static converters
850760,Lithium-ion accumulators
870323,"Vehicles: spark-ignition engine, 1500-3000cc"
"""
# Japan (392) imports, 2023:
#   280530 rare earths: CHN 90, USA 10          -> CHN share 90 %, HHI .81+.01 = .82; exports 5 -> depends on CHN
#   850760 Li-ion cells: CHN 60, DEU 40          -> share 60 %, HHI .36+.16 = .52; exports 200 > imports -> not dependent
#   870323 cars: DEU 70, CHN 30                  -> top DEU 70 %, HHI .49+.09 = .58; no exports -> dependent, but on DEU
#   030389 fish (written "30389"): CHN 30, USA 30, DEU 40 -> top 40 %, HHI .09+.09+.16 = .34 -> not dependent
#   850440 converters: CHN 100                   -> share 100 %, HHI 1; no exports -> depends on CHN
# HS2 85 = 850760 + 850440: CHN 160, DEU 40 of 200 -> 80 %, HHI .64+.04 = .68; exports 200 = imports -> not dependent
Y2023 = """t,i,j,k,v,q
2023,156,392,280530,90.0,1.5
2023,842,392,280530,10.0,NA
2023,392,842,280530,5.0,0.1
2023,156,392,850760,60.0,3
2023,276,392,850760,40.0,2
2023,392,842,850760,200.0,9
2023,276,392,870323,70.0,20
2023,156,392,870323,30.0,10
2023,156,392,30389,30.0,
2023,842,392,30389,30.0,5
2023,276,392,30389,40.0,5
2023,156,392,850440,100.0,4
2023,156,842,280530,500.0,7
2023,490,842,850440,8.0,1
"""
# 2022: Japan buys rare earths from CHN 40 and USA 60 -> CHN 40 %, top USA 60 %, HHI .16+.36 = .52
Y2022 = """t,i,j,k,v,q
2022,156,392,280530,40.0,1
2022,842,392,280530,60.0,1
"""


def write_release(folder, years=None, countries=COUNTRIES):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "country_codes_V202401.csv").write_text(countries)
    (folder / "product_codes_HS17_V202401.csv").write_text(PRODUCTS)
    for year, text in (years or {2022: Y2022, 2023: Y2023}).items():
        (folder / f"BACI_HS17_Y{year}_V202401.csv").write_text(text)
    return folder


@pytest.fixture
def release(tmp_path):
    return write_release(tmp_path / "baci")


@pytest.fixture
def panel(release, tmp_path):
    return baci.open_baci(release, tmp_path / "cache").table


def test_recognised_by_file_names(release, tmp_path):
    assert baci.find_release(release) is not None and baci_files.is_release_file(release / "country_codes_V202401.csv")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "trade.csv").write_text("t,i,j,k,v,q\n")
    assert baci.find_release(tmp_path / "other") is None and not baci_files.is_release_file(tmp_path / "other" / "trade.csv")
    r = baci_files.release_of(release)
    assert (r.rev, r.version, sorted(r.years)) == ("17", "202401", [2022, 2023])
    assert baci_files.release_of(release / "BACI_HS17_Y2022_V202401.csv") == r   # one of its files: its folder's release


def test_codes_become_iso3_and_hs6_keeps_its_leading_zero(panel):
    rows = panel.filter(panel.year == 2023).order_by(["importer", "hs6", "exporter"]).to_pandas()
    assert len(rows) == 14
    fish = rows[rows["hs6"] == "030389"]
    assert sorted(fish["exporter"]) == ["CHN", "DEU", "USA"] and set(fish["importer"]) == {"JPN"}
    assert fish.set_index("exporter")["value"].to_dict() == {"CHN": 30.0, "USA": 30.0, "DEU": 40.0}
    # BACI's own table maps 490 to S19 (Other Asia, nes), which has no ISO 3166 code
    assert rows[rows["exporter"] == "S19"]["importer"].tolist() == ["USA"]
    # quantity "NA" and blank are missing, not zero
    assert rows[(rows["hs6"] == "280530") & (rows["exporter"] == "USA")]["quantity"].isna().all()
    assert rows[(rows["hs6"] == "030389") & (rows["exporter"] == "CHN")]["quantity"].isna().all()
    assert panel.count().to_pandas() == 16


def test_hs6_indicators_by_hand(panel):
    dep = hs6.product_dependence(panel, "JPN", "CHN", level=6, years=[2023]).set_index("product")
    assert sorted(dep.index) == ["030389", "280530", "850440", "850760", "870323"]
    expected = {  # partner share %, top share %, HHI, imports, exports
        "280530": (90, 90, 0.82, 100, 5), "850760": (60, 60, 0.52, 100, 200), "870323": (30, 70, 0.58, 100, 0),
        "030389": (30, 40, 0.34, 100, 0), "850440": (100, 100, 1.0, 100, 0),
    }
    for code, (share, top, hhi, imports, exports) in expected.items():
        r = dep.loc[code]
        assert r["partner_share"] == pytest.approx(share) and r["top_share"] == pytest.approx(top)
        assert r["hhi"] == pytest.approx(hhi) and r["imports"] == imports and r["exports"] == exports
    assert dep.loc["280530", "import_export_ratio"] == pytest.approx(20.0)
    assert dep.loc["850760", "import_export_ratio"] == pytest.approx(0.5)
    assert pd_isna(dep.loc["870323", "import_export_ratio"])
    assert dep["dependent"].to_dict() == {"030389": False, "280530": True, "850440": True, "850760": False, "870323": True}
    assert dep["depends_on_partner"].to_dict() == {"030389": False, "280530": True, "850440": True, "850760": False, "870323": False}
    assert dep.loc["280530", "critical_material"] == "Rare earth elements and scandium"
    assert pd_isna(dep.loc["850760", "critical_material"])


def test_roll_ups_and_years(panel):
    hs2 = hs6.product_dependence(panel, "JPN", "CHN", level=2, years=[2023]).set_index("product")
    r = hs2.loc["85"]
    assert (r["imports"], r["partner_imports"], r["exports"]) == (200, 160, 200)
    assert r["partner_share"] == pytest.approx(80) and r["hhi"] == pytest.approx(0.68)
    assert not r["dependent"]  # imports equal exports: the trade test wants imports > exports
    hs4 = hs6.product_dependence(panel, "JPN", "CHN", level=4).set_index(["year", "product"])
    old = hs4.loc[(2022, "2805")]
    assert old["partner_share"] == pytest.approx(40) and old["top_share"] == pytest.approx(60) and old["hhi"] == pytest.approx(0.52)
    assert old["dependent"] and not old["depends_on_partner"]  # dependent on the USA that year


def test_dependent_products_list_with_descriptions(release, tmp_path):
    data = baci.open_baci(release, tmp_path / "cache")
    dep = hs6.product_dependence(data.table, "JPN", "CHN", years=[2023])
    listed = hs6.dependent_products(dep, 2023, data.descriptions)
    assert listed["product"].tolist() == ["850440", "280530"]  # largest imports from China first: 100, then 90
    assert listed["description"].tolist() == ["Static converters", "Rare-earth metals, scandium and yttrium"]
    assert listed["partner_imports"].tolist() == [100.0, 90.0]
    s = hs6.summary(dep, 2023)
    assert (s["on_partner"], s["dependent"], s["critical_on_partner"], s["on_partner_imports"]) == (2, 3, 1, 190.0)
    assert data.source == "CEPII BACI HS17 V202401"


def test_cache_is_reused_and_refreshed_when_a_year_changes(release, tmp_path):
    cache = tmp_path / "cache"
    baci_convert.build_cache(release, cache)
    part = cache / "BACI_HS17_V202401" / "year=2022" / "part-0.parquet"
    before = part.stat().st_mtime_ns
    baci_convert.build_cache(release, cache)
    assert part.stat().st_mtime_ns == before
    (release / "BACI_HS17_Y2022_V202401.csv").write_text(Y2022.replace("40.0", "140.0"))
    panel = baci.open_baci(release, cache).table
    v = panel.filter((panel.year == 2022) & (panel.exporter == "CHN")).value.sum().to_pandas()
    assert v == 140.0


@pytest.mark.parametrize("text, row, column, words", [
    (Y2023.replace("2023,842,392,280530", "2023,999,392,280530"), 3, "i", "not in country_codes_V202401.csv"),
    (Y2023.replace("2023,276,392,870323,70.0", "2023,276,392,870323,seventy"), 8, "v", "not a number"),
    (Y2023.replace("2023,156,392,850440", "2022,156,392,850440"), 13, "t", "not the file's year 2023"),
    (Y2023.replace("2023,392,842,850760,200.0,9", "2023,392,842,85076X0,200.0,9"), 7, "k", "not an HS 6-digit code"),
    (Y2023.replace("2023,490,842,850440", "2023,490,842,850440,1"), 15, None, "7 fields instead of 6"),
])
def test_bad_rows_named_by_file_row_column(tmp_path, text, row, column, words):
    folder = write_release(tmp_path / "baci", {2023: text})
    with pytest.raises(DataError) as e:
        baci_convert.build_cache(folder, tmp_path / "cache")
    first = e.value.problems[0]
    assert first.file.endswith("BACI_HS17_Y2023_V202401.csv") and first.row == row and first.column == column
    assert words in first.message


def test_country_without_iso3_used_in_trade_is_an_error(tmp_path):
    # 998 is in neither the release's table with a code nor UN Comtrade's partner table (which fills N/A)
    folder = write_release(tmp_path / "baci", {2023: Y2023.replace("2023,490,842", "2023,998,842")},
                           countries=COUNTRIES + "998,Nowhere,,N/A\n")
    with pytest.raises(DataError) as e:
        baci_convert.build_cache(folder, tmp_path / "cache")
    p = e.value.problems[0]
    assert (p.row, p.column) == (15, "i") and "no ISO alpha-3 code" in p.message


def test_bad_header_and_missing_country_table(tmp_path):
    folder = write_release(tmp_path / "a", {2023: Y2023.replace("t,i,j,k,v,q", "year,i,j,k,v,q")})
    with pytest.raises(DataError) as e:
        baci_convert.build_cache(folder, tmp_path / "cache")
    assert (e.value.problems[0].row, e.value.problems[0].column) == (1, "t")
    folder = write_release(tmp_path / "b")
    (folder / "country_codes_V202401.csv").unlink()
    with pytest.raises(DataError, match="country_codes_V202401.csv is missing"):
        baci_files.release_of(folder)


def test_older_country_table_layout(tmp_path):
    old = ("country_code,country_name_abbreviation,country_name_full,iso_2digit_alpha,iso_3digit_alpha\n"
           "156,China,China,CN,CHN\n392,Japan,Japan,JP,JPN\n842,USA,USA,US,USA\n")
    folder = write_release(tmp_path / "baci", {2022: Y2022}, countries=old)
    panel = baci.open_baci(folder, tmp_path / "cache").table
    assert sorted(panel.exporter.to_pandas()) == ["CHN", "USA"]


def test_critical_raw_material_list_is_well_formed():
    crm = hs6.critical_raw_materials()
    assert crm["hs6"].str.fullmatch(r"\d{6}").all() and crm["hs6"].is_unique
    assert set(crm["hs_scope"]) == {"specific", "shared"}
    by_code = crm.set_index("hs6")["material"]
    assert by_code["280530"].startswith("Rare earth") and by_code["284690"].startswith("Rare earth")
    assert by_code["283691"] == "Lithium" and by_code["810520"] == "Cobalt" and by_code["250410"] == "Natural graphite"


def pd_isna(x) -> bool:
    import pandas as pd
    return bool(pd.isna(x))


# --- product names in the section's table and chart: cut between words, never mid-word (issue 23.7) ---

def test_long_product_names_are_cut_between_words():
    # BACI HS17 descriptions of the kind the briefing cut mid-word ("...electric motor (", "...for the maintenan")
    car = ("Vehicles; spark-ignition internal combustion reciprocating piston engine, cylinder capacity over 1500 but "
           "not over 3000cc, not powered by an electric motor (other than those of heading no. 8702)")
    rail = "Railway or tramway maintenance or service vehicles; whether or not self-propelled, for the maintenance of track"
    assert hs6.short_description(car, 60) == "Vehicles; spark-ignition internal combustion reciprocating…"
    assert hs6.short_description(rail, 60) == "Railway or tramway maintenance or service vehicles; whether…"
    assert hs6.short_description(rail, 38) == "Railway or tramway maintenance or…"
    assert hs6.short_description("Static converters", 38) == "Static converters"
    # an unclosed bracket goes with its text; a cut never ends on "(" or ","
    assert hs6.short_description("Meat: of sheep, carcasses and half-carcasses (excluding carcasses of lamb), frozen", 60) \
        == "Meat: of sheep, carcasses and half-carcasses…"


def test_dependent_products_carry_table_and_chart_names(release, tmp_path):
    long = "Rare-earth metals, scandium and yttrium; whether or not intermixed or interalloyed with each other"
    (release / "product_codes_HS17_V202401.csv").write_text(PRODUCTS.replace('"Rare-earth metals, scandium and yttrium"', f'"{long}"'))
    data = baci.open_baci(release, tmp_path / "cache")
    listed = hs6.dependent_products(hs6.product_dependence(data.table, "JPN", "CHN", years=[2023]), 2023, data.descriptions)
    row = listed.set_index("product").loc["280530"]
    assert row["description_full"] == long
    assert row["description"] == "Rare-earth metals, scandium and yttrium; whether or not…"
    assert row["label"] == "280530 Rare-earth metals, scandium and…"
    assert listed.set_index("product").loc["850440", "label"] == "850440 Static converters"


@given(st.lists(st.text(alphabet="abcdefgh(),;: -", min_size=1, max_size=12), min_size=1, max_size=25),
       st.integers(min_value=8, max_value=80))
def test_a_shortened_name_is_whole_words_of_the_name(words, width):
    text = " ".join(words)
    short = hs6.short_description(text, width)
    plain = " ".join(text.split())
    assert len(short) <= width
    if len(plain) <= width:
        assert short == plain
        return
    assert short.endswith("…")
    kept = short[:-1]
    assert plain.startswith(kept) and not kept.endswith(("(", ",", ";", ":", " ", "-"))
    first_word_too_long = len(plain.split(" ")[0]) > width - 1
    assert first_word_too_long or kept == "" or not plain[len(kept)].isalpha()   # never inside a word
