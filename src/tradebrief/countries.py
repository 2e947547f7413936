"""Area names and codes of every source mapped to one canonical code per trading partner.

Canonical codes: ISO 3166 alpha-3 for countries and territories; ``WLD`` = world, ``EU`` =
European Union; UN Comtrade's own code for its non-country areas (``S19`` Other Asia, nes —
in China's reports this is Taiwan —, ``_X`` Areas, nes, ``X1`` bunkers, ``X2`` free zones,
``XX`` special categories ...). The mappings are data files under ``tradebrief/reference/``
(see its README.md for publisher, date and licence):

- ``comtrade_partner_areas.csv`` / ``comtrade_reporters.csv``: UN Comtrade's published partner and
  reporter tables; numeric Comtrade codes are mapped through them, and their ``kind`` column says
  which areas are countries (ranked, counted in concentration) and which are not (kept in the
  world total, listed in the data appendix).
- ``mof_areas.csv``: the Japan Ministry of Finance's area abbreviations (``Hg Kong``, ``U Arb E`` ...).

An unmapped name or code is a validation error naming the file to extend, never a silent drop.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry

WORLD = "WLD"
EU = "EU"
REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
COMTRADE_PARTNERS_FILE = REFERENCE_DIR / "comtrade_partner_areas.csv"
COMTRADE_REPORTERS_FILE = REFERENCE_DIR / "comtrade_reporters.csv"
MOF_AREAS_FILE = REFERENCE_DIR / "mof_areas.csv"
AREA_NOTES_FILE = REFERENCE_DIR / "area_notes.csv"
#: ``kind`` values of the reference tables; everything but "country" is a non-country area.
AREA_KINDS = {"country": "country or territory", "group": "group of countries", "nes": "area not elsewhere specified",
              "special": "special category (bunkers, free zones, confidential trade)"}


@dataclass(frozen=True)
class Area:
    """One row of a Comtrade reference table."""

    comtrade_code: int
    code: str  # canonical code in the trade table
    name: str  # Comtrade's name
    kind: str  # see AREA_KINDS
    current: bool  # no exit year in the table


def _read_areas(path: Path) -> dict[int, Area]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    areas = {}
    for line, r in enumerate(rows, start=2):
        if r["kind"] not in AREA_KINDS:
            raise ValueError(f"{path}: row {line}: kind {r['kind']!r} is not one of {sorted(AREA_KINDS)}")
        areas[int(r["id"])] = Area(int(r["id"]), r["code"].strip(), r["text"].strip(), r["kind"], not r["exitYear"].strip())
    return areas


@lru_cache(maxsize=1)
def comtrade_partners() -> dict[int, Area]:
    return _read_areas(COMTRADE_PARTNERS_FILE)


@lru_cache(maxsize=1)
def comtrade_reporters() -> dict[int, Area]:
    return _read_areas(COMTRADE_REPORTERS_FILE)


@lru_cache(maxsize=1)
def _areas_by_code() -> dict[str, Area]:
    """Canonical code -> area; the partner table wins, the reporter table adds EU, ASEAN."""
    out: dict[str, Area] = {}
    for table in (comtrade_reporters(), comtrade_partners()):
        # several Comtrade codes share one ISO code (DEU 276/280, USA 840/842): the current, highest one names it
        for area in sorted(table.values(), key=lambda a: (a.current, a.comtrade_code)):
            out[area.code] = area
    return out


def _non_country_codes() -> frozenset[str]:
    return frozenset({WORLD, EU} | {code for code, a in _areas_by_code().items() if a.kind != "country"})


#: Non-country areas: kept in the table and in the world total, never ranked or counted in
#: concentration. Read from the reference tables' ``kind`` column.
AGGREGATES = _non_country_codes()


def is_country(code: str) -> bool:
    return str(code) not in AGGREGATES


def area_kind(code: str) -> str:
    """'country', 'group', 'nes' or 'special' (see AREA_KINDS)."""
    if code in (WORLD, EU):
        return "group"
    area = _areas_by_code().get(str(code))
    return area.kind if area else "country"


@lru_cache(maxsize=1)
def _area_notes() -> dict[str, str]:
    with open(AREA_NOTES_FILE, encoding="utf-8", newline="") as fh:
        return {r["code"]: r["note"] for r in csv.DictReader(fh)}


def area_note(code: str) -> str:
    """What a non-country area stands for, where its name hides it ("Other Asia, nes": Taiwan); else ""."""
    return _area_notes().get(str(code), "")


@lru_cache(maxsize=1)
def known_codes() -> frozenset[str]:
    return frozenset({c.alpha_3 for c in pycountry.countries} | set(_areas_by_code()) | AGGREGATES)


@lru_cache(maxsize=1)
def mof_area_names() -> dict[str, str]:
    """MOF area name (lower case, single spaces) -> canonical code, from ``MOF_AREAS_FILE``."""
    with open(MOF_AREAS_FILE, encoding="utf-8", newline="") as fh:
        return {" ".join(r["name"].strip().lower().split()): r["iso3"].strip() for r in csv.DictReader(fh)}


def unknown_mof_area_fix() -> str:
    """What an economist does about an unknown MOF area name (for the loader's error message)."""
    return f"add a line 'name,ISO alpha-3 code' for it to {MOF_AREAS_FILE}"


def code_for_mof_area(name: str) -> str | None:
    """Canonical code for a MOF area name, or None when unknown."""
    key = " ".join(str(name).strip().lower().split())
    names = mof_area_names()
    if key in names:
        return names[key]
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


def code_for_comtrade(numeric: int, table: str = "partner") -> str | None:
    """Canonical code for a UN Comtrade numeric area code through the published reference table
    (``table`` = "partner" or "reporter"; the other table is the fallback), or None."""
    first, second = (comtrade_partners(), comtrade_reporters()) if table == "partner" else (comtrade_reporters(), comtrade_partners())
    area = first.get(int(numeric)) or second.get(int(numeric))
    return area.code if area else None


def display_name(code: str) -> str:
    """Short English name for charts and prose (``tradebrief.names.name``)."""
    from tradebrief.names import name
    return name(code)


def non_country_partners(trade, reporter: str, frequency: str = "A", product: str = "TOTAL",
                         currency: str | None = None):
    """Non-country partner areas in the reporter's data with their share of the world total,
    for the data appendix: one row per area, flow and period.

    Columns: reporter, partner, name, kind, note (``area_note``), flow, period, currency, value, world, share (percent of the
    reporter's trade with the world in that flow and period). World and EU rows themselves are not listed.
    """
    import pandas as pd  # here, not at the top: the build's parameter check and no-op path must not import pandas
    cols = ["reporter", "partner", "name", "kind", "note", "flow", "period", "currency", "value", "world", "share"]
    t = trade[(trade["reporter"] == reporter) & (trade["frequency"] == frequency) & (trade["product"] == product)]
    if currency is not None:
        t = t[t["currency"] == currency]
    t = t[["reporter", "partner", "flow", "period", "currency", "value"]].astype({c: str for c in ("reporter", "partner", "flow", "period", "currency")})
    world = t[t["partner"] == WORLD].set_index(["flow", "period", "currency"])["value"].rename("world")
    areas = t[t["partner"].isin(AGGREGATES - {WORLD, EU})]
    if areas.empty:
        return pd.DataFrame(columns=cols)
    out = areas.join(world, on=["flow", "period", "currency"])
    out["share"] = 100.0 * out["value"] / out["world"]
    out["name"] = out["partner"].map(display_name)
    out["kind"] = out["partner"].map(area_kind)
    out["note"] = out["partner"].map(area_note)
    return out[cols].sort_values(["flow", "period", "value"], ascending=[True, True, False]).reset_index(drop=True)


def in_sentence(code: str, capital: bool = False) -> str:
    """A country's name as it reads in a sentence (``tradebrief.names.the``): "the United States", "China"."""
    from tradebrief.names import the
    return the(code, capital)
