"""BACI's two small code tables, read with the csv module: country codes (numeric -> ISO alpha-3) and
product codes (HS6 -> description).

CEPII has published the country table in two layouts, both read here:

    country_code,country_name_abbreviation,country_name_full,iso_2digit_alpha,iso_3digit_alpha   (to V202301)
    country_code,country_name,country_iso2,country_iso3                                           (from V202401)

The older layout writes ``N/A`` where an area has no ISO code (490 "Other Asia, nes", 697 "Europe EFTA,
nes", 849 "US Misc. Pacific Isds"); the newer one gives these areas UN Comtrade's codes (S19, R20, PUS).
BACI numbers countries as UN Comtrade does, so an ``N/A`` is filled from UN Comtrade's partner table
(``reference/comtrade_partner_areas.csv``): the same code either layout then yields, and the briefing's
gloss for S19 (in practice Taiwan) applies. Product codes are read with or without their leading zero
(``10111`` is HS 010111), as releases (and spreadsheets that re-saved them) write them.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from tradebrief.errors import DataError, Problem

# (code column, ISO alpha-3 column), newest first
COUNTRY_LAYOUTS = [("country_code", "country_iso3"), ("country_code", "iso_3digit_alpha")]
NO_CODE = {"", "N/A", "NA"}


def read_small_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a small BACI table; UTF-8 (with or without BOM), else Latin-1 as older releases wrote."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise DataError(Problem(str(path), "the file is empty", row=1))
    return [h.strip() for h in rows[0]], rows[1:]


def country_table(path: Path) -> dict[int, str | None]:
    """BACI numeric country code -> ISO alpha-3 as BACI's own table gives it (S19 for 'Other Asia, nes'),
    an ``N/A`` filled with UN Comtrade's code for the same number; None where neither has one."""
    from tradebrief.countries import comtrade_partners
    header, rows = read_small_csv(path)
    layout = next((lay for lay in COUNTRY_LAYOUTS if set(lay) <= set(header)), None)
    if layout is None:
        raise DataError(Problem(str(path), f"not a BACI country table: header has {', '.join(header)}", row=1,
                                fix="expected columns country_code and country_iso3 (or iso_3digit_alpha before V202401)"))
    code_at, iso_at = header.index(layout[0]), header.index(layout[1])
    comtrade = comtrade_partners()
    out: dict[int, str | None] = {}
    problems = []
    for n, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = row[code_at].strip() if code_at < len(row) else ""
        if not cell.isdigit():
            problems.append(Problem(str(path), f"country code {cell!r} is not a number", row=n, column=layout[0]))
            continue
        code = int(cell)
        iso = row[iso_at].strip().upper() if iso_at < len(row) else ""
        if iso in NO_CODE:
            iso = comtrade[code].code if code in comtrade else ""
        out[code] = iso or None
    if problems:
        raise DataError(problems)
    return out


def hs6(code: str) -> str:
    """An HS6 code as six characters: a leading zero a file dropped restored (10111 -> 010111)."""
    code = code.strip()
    return code.zfill(6) if code.isdigit() else code


def product_table(path: Path | None) -> dict[str, str]:
    """HS6 code -> description from a release's product_codes file; {} when the release has none."""
    if path is None:
        return {}
    header, rows = read_small_csv(Path(path))
    if not {"code", "description"} <= set(header):
        raise DataError(Problem(str(path), f"not a BACI product table: header has {', '.join(header)}", row=1,
                                fix="expected columns code, description"))
    c, d = header.index("code"), header.index("description")
    return {hs6(r[c]): r[d].strip() for r in rows if len(r) > max(c, d) and r[c].strip()}
