"""Country names as a sentence reads them, and the small words around numbers: the one place for
articles ("the United States"), possessives ("the United States'"), plurals ("1 file", "3 files") and
spans of years ("2022", "2009–2024").

Names come from the maintained package country_converter (its published table ``country_data.tsv``,
column ``name_short``), with the exceptions in ``reference/country_names.csv`` (see its README entry),
then pycountry, then UN Comtrade's area names (``Other Asia, nes``). The table is read with the csv
module rather than through ``country_converter.CountryConverter``: that class fails to build under
pandas 3 (a ``TypeError`` compiling its ISO2 column), and a name lookup needs only the table.
"""
from __future__ import annotations

import csv
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

NAMES_FILE = Path(__file__).resolve().parent / "reference" / "country_names.csv"


@lru_cache(maxsize=1)
def _exceptions() -> dict[str, tuple[str, str]]:
    with open(NAMES_FILE, encoding="utf-8", newline="") as fh:
        return {r["code"]: (r["name"].strip(), r["article"].strip()) for r in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def _short_names() -> dict[str, str]:
    """ISO alpha-3 -> country_converter's short name."""
    with resources.files("country_converter").joinpath("country_data.tsv").open(encoding="utf-8", newline="") as fh:
        return {r["ISO3"]: r["name_short"] for r in csv.DictReader(fh, delimiter="\t") if r["ISO3"] and r["name_short"]}


@cache
def name(code: str) -> str:
    """Short English name for charts, tables and prose: "United States", "South Korea", "Other Asia, nes"."""
    code = str(code)
    if code in _exceptions():
        return _exceptions()[code][0]
    if code in _short_names():
        return _short_names()[code]
    import pycountry
    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    if country is not None:
        return getattr(country, "common_name", None) or country.name
    from tradebrief.countries import _areas_by_code
    area = _areas_by_code().get(code)
    return area.name if area else code


def _capitalise(text: str, capital: bool) -> str:
    return text[:1].upper() + text[1:] if capital else text


def the(code: str, capital: bool = False) -> str:
    """A name as it reads in a sentence: "the United States", "China", "the EU", "the world";
    ``capital`` at the start of a sentence ("The United States")."""
    article = _exceptions().get(str(code), ("", ""))[1]
    return _capitalise(f"{article} {name(code)}" if article else name(code), capital)


def possessive(code: str, capital: bool = False) -> str:
    """"Japan's", "the United States'", "the Philippines'", "the EU's"."""
    text = the(code, capital)
    return text + ("'" if text.endswith("s") else "'s")


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """The noun that goes with ``n``: "file" for 1, "files" otherwise."""
    return singular if n == 1 else (plural_form or singular + "s")


def count(n: int, singular: str, plural_form: str | None = None, zero: str | None = None) -> str:
    """"1 file", "3 files", "1,204 products"; ``zero`` replaces the count when there are none ("no")."""
    number = zero if (n == 0 and zero is not None) else f"{n:,}"
    return f"{number} {plural(n, singular, plural_form)}"


def verb(n: int, singular: str, plural_form: str) -> str:
    """The verb that agrees with ``n``: ``verb(1, "meets", "meet")`` -> "meets"."""
    return singular if n == 1 else plural_form


def years(first, last) -> str:
    """A span of years as a reader writes it: "2022" for one year, "2009–2024" (en dash) for several."""
    return str(first) if str(first) == str(last) else f"{first}–{last}"
