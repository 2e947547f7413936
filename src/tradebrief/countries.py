"""Area names of every source mapped to ISO 3166 alpha-3.

ISO names come from pycountry; the publishers' own abbreviations (MOF writes
``Hg Kong``, ``U Arb E``, ``Nethlds`` ...) are listed explicitly below. An unmapped
name is a validation error, never a silent drop.
"""
from __future__ import annotations

from functools import lru_cache

import pycountry

WORLD = "WLD"
EU = "EU"
#: Aggregates: kept in the table, never counted as countries (no rank, no HHI term).
AGGREGATES = frozenset({WORLD, EU})

# Japan Ministry of Finance summary tables (annual title case, monthly upper case).
MOF_AREA_NAMES = {
    "grand total": WORLD, "eu": EU,
    "argent": "ARG", "austral": "AUS", "austria": "AUT", "bahrain": "BHR", "belgium": "BEL",
    "brazil": "BRA", "brunei": "BRN", "canada": "CAN", "chile": "CHL", "china": "CHN",
    "colmbia": "COL", "denmark": "DNK", "finland": "FIN", "france": "FRA", "germany": "DEU",
    "greece": "GRC", "hg kong": "HKG", "india": "IND", "indnsia": "IDN", "iran": "IRN",
    "ireland": "IRL", "israel": "ISR", "italy": "ITA", "kuwait": "KWT", "liberia": "LBR",
    "malysia": "MYS", "mexico": "MEX", "nethlds": "NLD", "newzeld": "NZL", "norway": "NOR",
    "oman": "OMN", "pakistn": "PAK", "panama": "PAN", "pap nga": "PNG", "peru": "PER",
    "philpin": "PHL", "portugl": "PRT", "prtrico": "PRI", "qatar": "QAT", "r korea": "KOR",
    "russia": "RUS", "s afrca": "ZAF", "sngapor": "SGP", "spain": "ESP", "su arab": "SAU",
    "sweden": "SWE", "switzld": "CHE", "taiwan": "TWN", "thailnd": "THA", "turkey": "TUR",
    "u arb e": "ARE", "u king": "GBR", "usa": "USA", "venezla": "VEN", "vietnam": "VNM",
}
# UN Comtrade numeric reporter/partner codes that differ from ISO 3166 numeric.
COMTRADE_NUMERIC = {0: WORLD, 97: EU, 842: "USA", 156: "CHN", 392: "JPN", 490: "TWN", 699: "IND", 757: "CHE"}


@lru_cache(maxsize=1)
def known_codes() -> frozenset[str]:
    return frozenset({c.alpha_3 for c in pycountry.countries} | AGGREGATES)


def code_for_mof_area(name: str) -> str | None:
    """ISO alpha-3 for a MOF area name, or None when unknown."""
    key = " ".join(str(name).strip().lower().split())
    if key in MOF_AREA_NAMES:
        return MOF_AREA_NAMES[key]
    return code_for_name(name)


def code_for_name(name: str) -> str | None:
    """ISO alpha-3 for a country name or code in plain English (pycountry), or None."""
    text = str(name).strip()
    if text.upper() in known_codes():
        return text.upper()
    try:
        return pycountry.countries.lookup(text).alpha_3
    except LookupError:
        return None


def code_for_comtrade(numeric: int) -> str | None:
    if numeric in COMTRADE_NUMERIC:
        return COMTRADE_NUMERIC[numeric]
    country = pycountry.countries.get(numeric=f"{int(numeric):03d}")
    return country.alpha_3 if country else None


def display_name(code: str) -> str:
    """Short English name for charts and prose."""
    special = {WORLD: "World", EU: "EU", "USA": "United States", "KOR": "South Korea",
               "TWN": "Taiwan", "RUS": "Russia", "VNM": "Vietnam", "IRN": "Iran",
               "GBR": "United Kingdom", "CHN": "China", "HKG": "Hong Kong", "ARE": "UAE",
               "SAU": "Saudi Arabia", "VEN": "Venezuela"}
    if code in special:
        return special[code]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name
