"""Which files make a CEPII BACI release, recognised by their names alone (standard library only, so the
build's section plan and the data loader can ask without importing DuckDB or pandas).

A BACI release (https://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37) unpacks to

    BACI_HS{rev}_Y{year}_V{version}.csv      t,i,j,k,v,q   (year, exporter, importer, HS6, value in
                                                           thousand USD, quantity in tonnes)
    country_codes_V{version}.csv             BACI's country table (numeric code -> ISO alpha-3)
    product_codes_HS{rev}_V{version}.csv     code,description

The HS revision (92, 96, 02, 07, 12, 17, 22) and the version (e.g. 202501) are read from these names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tradebrief.errors import DataError, Problem

TRADE_FILE = re.compile(r"^BACI_HS(?P<rev>\d{2})_Y(?P<year>\d{4})_V(?P<version>[0-9A-Za-z]+)\.csv$")
COUNTRY_FILE = re.compile(r"^country_codes_V(?P<version>[0-9A-Za-z]+)\.csv$")
PRODUCT_FILE = re.compile(r"^product_codes_HS(?P<rev>\d{2})_V(?P<version>[0-9A-Za-z]+)\.csv$")
NAMES = "BACI_HS{rev}_Y{year}_V{version}.csv, country_codes_V{version}.csv and product_codes_HS{rev}_V{version}.csv"


@dataclass(frozen=True)
class BaciRelease:
    """The files of one BACI release (one HS revision, one version)."""

    rev: str
    version: str
    years: dict[int, Path]
    country_file: Path
    product_file: Path | None = None

    @property
    def name(self) -> str:
        return f"BACI_HS{self.rev}_V{self.version}"

    @property
    def source(self) -> str:
        return f"CEPII BACI HS{self.rev} V{self.version}"

    @property
    def files(self) -> list[Path]:
        return [*self.years.values(), self.country_file, *([self.product_file] if self.product_file else [])]


def is_release_file(path) -> bool:
    """True for a file named as BACI names its trade, country and product files."""
    name = Path(path).name
    return bool(TRADE_FILE.match(name) or COUNTRY_FILE.match(name) or PRODUCT_FILE.match(name))


def _files(source) -> list[Path]:
    paths = [Path(p) for p in ([source] if isinstance(source, str | Path) else source)]
    out = []
    for p in paths:
        out.extend(sorted(q for q in p.iterdir() if q.is_file()) if p.is_dir() else [p])
    return out


def release_of(source) -> BaciRelease:
    """The BACI release in a folder (or a list of files, or one of its files: then its folder's files)."""
    if isinstance(source, BaciRelease):
        return source
    if isinstance(source, str | Path) and Path(source).is_file() and is_release_file(source):
        source = Path(source).parent
    files = _files(source)
    where = str(source) if isinstance(source, str | Path) else ", ".join(str(f) for f in files)
    trade = {f: m for f in files if (m := TRADE_FILE.match(f.name))}
    if not trade:
        raise DataError(Problem(where, "no BACI trade file found",
                                fix=f"a BACI release holds {NAMES}, as unpacked from CEPII's zip"))
    releases = {(m["rev"], m["version"]) for m in trade.values()}
    if len(releases) > 1:
        names = ", ".join(f"HS{r} V{v}" for r, v in sorted(releases))
        raise DataError(Problem(where, f"trade files of more than one BACI release ({names})",
                                fix="keep one HS revision and one version per folder"))
    rev, version = releases.pop()
    countries = [f for f in files if (m := COUNTRY_FILE.match(f.name)) and m["version"] == version]
    if not countries:
        raise DataError(Problem(where, f"BACI country table country_codes_V{version}.csv is missing",
                                fix="it comes in the same zip as the trade files; BACI's numeric country codes are mapped to ISO codes through it"))
    products = [f for f in files if (m := PRODUCT_FILE.match(f.name)) and m["rev"] == rev and m["version"] == version]
    years = {int(m["year"]): f for f, m in trade.items()}
    return BaciRelease(rev, version, dict(sorted(years.items())), countries[0], products[0] if products else None)


def find_release(data_dir) -> BaciRelease | None:
    """The BACI release placed anywhere under ``data_dir`` (unzipped there as it comes, or in a subfolder),
    or None when there is none. Two releases (another HS revision or version) are an error naming both:
    which one a briefing uses is the user's choice (the parameter hs_panel)."""
    if not data_dir or not Path(data_dir).is_dir():
        return None
    folders: dict[tuple[Path, str, str], None] = {}
    for p in release_files(data_dir):
        if m := TRADE_FILE.match(p.name):
            folders[(p.parent, m["rev"], m["version"])] = None
    if not folders:
        return None
    if len(folders) > 1:
        found = "; ".join(f"HS{rev} V{version} in {folder}" for folder, rev, version in folders)
        raise DataError(Problem(str(data_dir), f"more than one BACI release: {found}",
                                fix="keep one under the data folder, or set the parameter hs_panel to the one to use"))
    (folder, _, _), = folders
    return release_of(folder)


def release_files(data_dir) -> list[Path]:
    """Every BACI-named file under ``data_dir`` (outside dot folders such as a conversion cache), sorted."""
    if not data_dir or not Path(data_dir).is_dir():
        return []
    return [p for p in sorted(Path(data_dir).rglob("*.csv"))
            if is_release_file(p) and not any(part.startswith(".") for part in p.relative_to(data_dir).parts)]
