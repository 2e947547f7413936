"""Country names, articles, possessives, plurals: the one place prose takes them from (tradebrief.names).
Expected strings are written by hand from English usage, not read back from the code."""
from __future__ import annotations

import csv

import pytest

from tradebrief import names


@pytest.mark.parametrize("code, expected", [
    ("USA", "the United States"), ("NLD", "the Netherlands"), ("PHL", "the Philippines"), ("GBR", "the United Kingdom"),
    ("ARE", "the United Arab Emirates"), ("EU", "the EU"), ("CHN", "China"), ("JPN", "Japan"), ("KOR", "South Korea"),
    ("DEU", "Germany"), ("COD", "the Democratic Republic of the Congo"), ("FSM", "Micronesia"), ("TWN", "Taiwan"),
])
def test_the_gives_the_article_a_sentence_needs(code, expected):
    assert names.the(code) == expected
    assert names.the(code, capital=True) == expected[0].upper() + expected[1:]


@pytest.mark.parametrize("code, expected", [
    ("USA", "the United States'"), ("PHL", "the Philippines'"), ("JPN", "Japan's"), ("EU", "the EU's"), ("CHN", "China's"),
])
def test_possessive(code, expected):
    assert names.possessive(code) == expected


def test_names_come_from_country_converter_where_no_exception_is_listed():
    # country_converter's published table, read here with the csv module: Vietnam, South Korea, Czechia
    from importlib import resources
    with resources.files("country_converter").joinpath("country_data.tsv").open(encoding="utf-8") as fh:
        table = {r["ISO3"]: r["name_short"] for r in csv.DictReader(fh, delimiter="\t")}
    with open(names.NAMES_FILE, encoding="utf-8") as fh:
        exceptions = {r["code"] for r in csv.DictReader(fh)}
    for code in ("VNM", "KOR", "CZE", "IDN", "AUS"):
        assert code not in exceptions
        assert names.name(code) == table[code]
    assert names.name("VNM") == "Vietnam" and names.name("CZE") == "Czechia"


def test_non_country_areas_keep_comtrade_names():
    assert names.name("S19") == "Other Asia, nes"
    assert names.the("S19") == "Other Asia, nes"


def test_no_listed_name_reads_as_a_bureaucratic_inversion():
    # "Congo, The Democratic Republic of the" (pycountry's official form) must never reach a sentence
    for code in ("COD", "COG", "IRN", "KOR", "PRK", "TZA", "BOL", "VEN", "MDA", "LAO", "SYR", "FSM"):
        assert "," not in names.name(code), code


@pytest.mark.parametrize("n, expected", [(0, "0 files"), (1, "1 file"), (2, "2 files"), (1204, "1,204 files")])
def test_count(n, expected):
    assert names.count(n, "file") == expected


def test_count_zero_word_and_irregular_plural():
    assert names.count(0, "group", zero="no") == "no groups"
    assert names.count(1, "economy", "economies") == "1 economy"
    assert names.count(3, "economy", "economies") == "3 economies"
    assert names.verb(1, "meets", "meet") == "meets" and names.verb(3, "meets", "meet") == "meet"


def test_years_span():
    assert names.years(2022, 2022) == "2022"
    assert names.years(2009, 2024) == "2009–2024"
    assert names.years("2009", "2024") == "2009–2024"


def test_a_table_column_prints_its_amounts_as_the_text_does():
    from tradebrief.formatting import column_format
    assert column_format([45478.2, 12909.0]) == "{:,.0f}" and column_format([304.1, 292.0]) == "{:,.0f}"
    assert column_format([-93.3, 15.6]) == "{:,.1f}" and column_format([7.92, float("nan")]) == "{:,.2f}"
    assert column_format([0.4]) == "{:,.2f}" and column_format([]) == "{:,.2f}"
