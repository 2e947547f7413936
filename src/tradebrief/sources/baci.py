"""CEPII BACI: reconciled bilateral trade at HS 6-digit level, one CSV per year.

A BACI release (https://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37) unpacks to

    BACI_HS{rev}_Y{year}_V{version}.csv      t,i,j,k,v,q   (year, exporter, importer, HS6, value in
                                                           thousand USD, quantity in tonnes)
    country_codes_V{version}.csv             BACI's country table (numeric code -> ISO alpha-3)
    product_codes_HS{rev}_V{version}.csv     code,description

A year is about 11 million rows, the 1995-onwards panel about 250 million, so nothing here
reads the trade files into pandas: DuckDB scans each yearly CSV once, maps the numeric country
codes to ISO alpha-3 through the release's own country table and writes one Parquet file per
year (``year=YYYY/part-0.parquet``, Hive layout) into a cache folder. The panel handed back is a
lazy Ibis table over those files, on DuckDB or Spark (see ``tradebrief.engines``).
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tradebrief.errors import DataError, Problem

TRADE_FILE = re.compile(r"^BACI_HS(?P<rev>\d{2})_Y(?P<year>\d{4})_V(?P<version>[0-9A-Za-z]+)\.csv$")
COUNTRY_FILE = re.compile(r"^country_codes_V(?P<version>[0-9A-Za-z]+)\.csv$")
PRODUCT_FILE = re.compile(r"^product_codes_HS(?P<rev>\d{2})_V(?P<version>[0-9A-Za-z]+)\.csv$")
TRADE_COLUMNS = ["t", "i", "j", "k", "v", "q"]
# The country table's header changed with release V202401; both layouts are in use.
COUNTRY_LAYOUTS = [("country_code", "country_iso3", "country_name"),
                   ("country_code", "iso_3digit_alpha", "country_name_full")]
# Bump when the cached Parquet layout changes, so old caches are rebuilt rather than misread.
CACHE_FORMAT = 1


@dataclass
class BaciRelease:
    """The files of one BACI release (one HS revision, one version)."""

    rev: str
    version: str
    years: dict[int, Path]
    country_file: Path
    product_file: Path | None = None
    extra: list[Path] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"BACI_HS{self.rev}_V{self.version}"

    @property
    def source(self) -> str:
        return f"CEPII BACI HS{self.rev} V{self.version}"


def _files(source) -> list[Path]:
    paths = [Path(p) for p in ([source] if isinstance(source, str | Path) else source)]
    out = []
    for p in paths:
        out.extend(sorted(p.iterdir()) if p.is_dir() else [p])
    return out


def is_baci_dir(path) -> bool:
    """True when ``path`` is a folder holding at least one BACI yearly trade file (by its name)."""
    p = Path(path)
    return p.is_dir() and any(TRADE_FILE.match(f.name) for f in p.iterdir())


def find_release(source) -> BaciRelease:
    """The BACI release in a folder (or a list of files); its files recognised by their names."""
    files = _files(source)
    where = str(source) if isinstance(source, str | Path) else ", ".join(str(f) for f in files)
    trade = {f: TRADE_FILE.match(f.name) for f in files}
    trade = {f: m for f, m in trade.items() if m}
    if not trade:
        raise DataError(Problem(where, "no BACI trade file found", fix="expected files named BACI_HS{rev}_Y{year}_V{version}.csv, "
                                "as unpacked from CEPII's BACI zip"))
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


def _read_small_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # older releases ship the country names in Latin-1
        text = raw.decode("latin-1")
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise DataError(Problem(str(path), "the file is empty", row=1))
    return [h.strip() for h in rows[0]], rows[1:]


def country_table(path: Path) -> dict[int, str | None]:
    """BACI numeric country code -> ISO alpha-3 (as BACI's own table gives it, e.g. S19 for
    'Other Asia, nes'); None where the table has no alpha-3 code."""
    header, rows = _read_small_csv(path)
    layout = next((lay for lay in COUNTRY_LAYOUTS if set(lay[:2]) <= set(header)), None)
    if layout is None:
        raise DataError(Problem(str(path), f"not a BACI country table: header has {', '.join(header)}", row=1,
                                fix="expected columns country_code and country_iso3 (or iso_3digit_alpha before V202401)"))
    code_at, iso_at = header.index(layout[0]), header.index(layout[1])
    out: dict[int, str | None] = {}
    problems = []
    for n, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            code = int(row[code_at].strip())
        except (ValueError, IndexError):
            problems.append(Problem(str(path), f"country code {row[code_at] if code_at < len(row) else ''!r} is not a number",
                                    row=n, column=layout[0]))
            continue
        iso = row[iso_at].strip().upper() if iso_at < len(row) else ""
        out[code] = iso or None
    if problems:
        raise DataError(problems)
    return out


def product_table(release_or_path) -> list[tuple[str, str]]:
    """(HS6 code, description) from the release's product_codes file; [] when it is absent."""
    path = release_or_path.product_file if isinstance(release_or_path, BaciRelease) else release_or_path
    if path is None:
        return []
    header, rows = _read_small_csv(Path(path))
    if not {"code", "description"} <= set(header):
        raise DataError(Problem(str(path), f"not a BACI product table: header has {', '.join(header)}", row=1,
                                fix="expected columns code, description"))
    c, d = header.index("code"), header.index("description")
    return [(_hs6(r[c]), r[d].strip()) for r in rows if len(r) > max(c, d) and r[c].strip()]


def _hs6(code: str) -> str:
    code = code.strip()
    return code.zfill(6) if code.isdigit() else code


def _stamp(path: Path) -> list:
    s = path.stat()
    return [s.st_size, s.st_mtime_ns]


# One pass over the yearly CSV, everything read as text so that a bad cell can be reported
# rather than silently becoming NULL; _CHECK_SQL then counts failing cells by column.
_CONVERT_SQL = """
CREATE OR REPLACE TEMP TABLE year_rows AS
SELECT try_cast(trim(t) AS INTEGER) AS t_, try_cast(trim(i) AS INTEGER) AS i_, try_cast(trim(j) AS INTEGER) AS j_,
       CASE WHEN regexp_full_match(trim(k), '[0-9]{1,6}') THEN lpad(trim(k), 6, '0')
            WHEN regexp_full_match(trim(k), '[0-9A-Z]{6}') THEN trim(k) END AS k_,
       try_cast(trim(v) AS DOUBLE) AS v_,
       CASE WHEN trim(coalesce(q, '')) IN ('', 'NA') THEN NULL ELSE try_cast(trim(q) AS DOUBLE) END AS q_,
       trim(coalesce(q, '')) NOT IN ('', 'NA') AS q_given
FROM read_csv($path, header = true, all_varchar = true, columns = {'t': 'VARCHAR', 'i': 'VARCHAR', 'j': 'VARCHAR',
              'k': 'VARCHAR', 'v': 'VARCHAR', 'q': 'VARCHAR'}, auto_detect = false, delim = ',', quote = '"')
"""
_CHECK_SQL = """
SELECT count(*) FILTER (WHERE t_ IS NULL OR t_ <> $year) AS t,
       count(*) FILTER (WHERE i_ IS NULL OR ce.iso IS NULL) AS i,
       count(*) FILTER (WHERE j_ IS NULL OR ci.iso IS NULL) AS j,
       count(*) FILTER (WHERE k_ IS NULL) AS k,
       count(*) FILTER (WHERE v_ IS NULL OR v_ < 0 OR isnan(v_)) AS v,
       count(*) FILTER (WHERE q_given AND (q_ IS NULL OR q_ < 0)) AS q
FROM year_rows LEFT JOIN countries ce ON ce.code = i_ LEFT JOIN countries ci ON ci.code = j_
"""
_WRITE_SQL = """
COPY (SELECT ce.iso AS exporter, ci.iso AS importer, k_ AS hs6, v_ AS value, q_ AS quantity
      FROM year_rows JOIN countries ce ON ce.code = i_ JOIN countries ci ON ci.code = j_
      ORDER BY importer, hs6)
TO $out (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)
"""


def _header_problem(path: Path) -> Problem | None:
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as f:
        header = [h.strip() for h in next(csv.reader(f), [])]
    if header != TRADE_COLUMNS:
        missing = [c for c in TRADE_COLUMNS if c not in header]
        return Problem(str(path), f"header is {','.join(header) or '(empty)'}, not t,i,j,k,v,q"
                       + (f" (missing {', '.join(missing)})" if missing else ""), row=1,
                       column=missing[0] if missing else None, fix="a BACI yearly file starts with the line t,i,j,k,v,q")
    return None


def _locate(path: Path, year: int, countries: dict[int, str | None], country_file: Path, limit: int = 10) -> list[Problem]:
    """The exact rows behind failed checks: a second, slow pass that runs only when a file is bad."""
    problems = []
    names = {"t": "year", "i": "exporter code", "j": "importer code", "k": "HS6 product code", "v": "value", "q": "quantity"}
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as f:
        reader = csv.reader(f)
        next(reader, None)
        for n, row in enumerate(reader, start=2):
            if len(row) != 6:
                problems.append(Problem(str(path), f"{len(row)} fields instead of 6 (t,i,j,k,v,q)", row=n))
            else:
                cells = dict(zip(TRADE_COLUMNS, (c.strip() for c in row)))
                for col, cell in cells.items():
                    msg = _cell_problem(col, cell, year, countries, country_file)
                    if msg:
                        problems.append(Problem(str(path), f"{names[col]} {cell!r} {msg}", row=n, column=col))
            if len(problems) >= limit:
                break
    return problems


def _cell_problem(col: str, cell: str, year: int, countries: dict[int, str | None], country_file: Path) -> str | None:
    if col == "t":
        return None if cell == str(year) else f"is not the file's year {year}"
    if col in "ij":
        if not cell.lstrip("-").isdigit():
            return "is not a number"
        if int(cell) not in countries:
            return f"is not in {country_file.name}"
        if countries[int(cell)] is None:
            return f"has no ISO alpha-3 code in {country_file.name}"
        return None
    if col == "k":
        return None if re.fullmatch(r"[0-9]{1,6}|[0-9A-Z]{6}", cell) else "is not an HS 6-digit code"
    if col == "q" and cell in ("", "NA"):
        return None
    try:
        x = float(cell)
    except ValueError:
        return "is not a number"
    return "is negative or not a number" if not x >= 0 else None


def _convert_year(con: duckdb.DuckDBPyConnection, path: Path, year: int, out: Path,
                  countries: dict[int, str | None], country_file: Path) -> None:
    problem = _header_problem(path)
    if problem:
        raise DataError(problem)
    try:
        con.execute(_CONVERT_SQL, {"path": str(path)})
    except duckdb.Error as e:  # ragged rows, broken quoting: DuckDB's message names the line
        located = _locate(path, year, countries, country_file)
        raise DataError(located or Problem(str(path), f"cannot be read as CSV: {str(e).splitlines()[0]}")) from None
    bad = con.execute(_CHECK_SQL, {"year": year}).fetchone()
    if any(bad):
        located = _locate(path, year, countries, country_file)
        if not located:  # should not happen; still say what was counted
            cols = [c for c, b in zip(TRADE_COLUMNS, bad) if b]
            located = [Problem(str(path), f"{b} bad value(s)", column=c) for c, b in zip(TRADE_COLUMNS, bad) if b and c in cols]
        raise DataError(located)
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / ".part-0.parquet.tmp"  # dot and underscore files are invisible to Spark
    con.execute(_WRITE_SQL, {"out": str(tmp)})
    tmp.replace(out / "part-0.parquet")
    con.execute("DROP TABLE year_rows")


def build_cache(source, cache_dir, *, progress=None) -> Path:
    """Convert a BACI release to Parquet under ``cache_dir`` (one file per year); years whose
    CSV is unchanged since the last run (same size and modification time) are not re-read.
    Returns the folder of the release's Parquet dataset."""
    release = source if isinstance(source, BaciRelease) else find_release(source)
    root = Path(cache_dir) / release.name
    root.mkdir(parents=True, exist_ok=True)
    manifest_path = root / "_manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    if manifest.get("format") != CACHE_FORMAT or manifest.get("countries") != _stamp(release.country_file):
        manifest = {"format": CACHE_FORMAT, "countries": _stamp(release.country_file), "years": {}}
    countries = country_table(release.country_file)
    con = duckdb.connect()
    try:
        try:  # no terminal progress bar; in Jupyter it is off already (and cannot be set)
            con.execute("SET enable_progress_bar = false")
        except duckdb.Error:
            pass
        con.execute("SET preserve_insertion_order = false")  # lets DuckDB stream the CSV in parallel
        con.execute("CREATE TEMP TABLE countries (code INTEGER, iso VARCHAR)")
        con.executemany("INSERT INTO countries VALUES (?, ?)", [(c, iso) for c, iso in countries.items()])
        for year, path in release.years.items():
            out = root / f"year={year}"
            if manifest["years"].get(str(year)) == _stamp(path) and (out / "part-0.parquet").exists():
                continue
            if progress:
                progress(f"BACI {year}: converting {path.name}")
            _convert_year(con, path, year, out, countries, release.country_file)
            manifest["years"][str(year)] = _stamp(path)
            manifest_path.write_text(json.dumps(manifest, indent=1))
    finally:
        con.close()
    for stale in root.glob("year=*"):  # a year file removed from the release leaves the panel too
        if int(stale.name.split("=")[1]) not in release.years:
            for f in stale.iterdir():
                f.unlink()
            stale.rmdir()
            manifest["years"].pop(stale.name.split("=")[1], None)
    manifest["source"] = release.source
    manifest["products"] = product_table(release)
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return root


def fingerprint(source) -> str:
    """A short hash of the release's file names, sizes and modification times: for a build cache
    that must re-run the HS6 section when the BACI files change."""
    import hashlib
    release = find_release(source)
    paths = [*release.years.values(), release.country_file] + ([release.product_file] if release.product_file else [])
    text = json.dumps([[p.name, *_stamp(p)] for p in sorted(paths)])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def default_cache_dir(source) -> Path:
    files = _files(source)
    return files[0].parent / ".tradebrief-cache"


@dataclass
class BaciPanel:
    """A converted BACI release: the lazy panel and what the briefing cites and labels with."""

    table: object          # ibis Table: year, exporter, importer, hs6, value (thousand USD), quantity (tonnes)
    source: str            # e.g. "CEPII BACI HS17 V202401"
    descriptions: dict[str, str]
    years: list[int]
    root: Path


def open_baci(source, cache_dir=None, engine="duckdb", master: str | None = None) -> BaciPanel:
    """Convert (or reuse the cache of) a BACI release and open it on ``engine``: "duckdb"
    (default), "spark" (``master`` a Spark master URL; local mode when None), or an Ibis
    backend already connected. ``source`` is the release's folder or a list of its files;
    the cache defaults to a ``.tradebrief-cache`` folder next to the files."""
    from tradebrief import engines
    root = build_cache(source, cache_dir or default_cache_dir(source))
    manifest = json.loads((root / "_manifest.json").read_text())
    con = engines.connect(engine, master) if isinstance(engine, str) else engine
    return BaciPanel(engines.read_panel(con, root), manifest["source"], dict(map(tuple, manifest["products"])),
                     sorted(int(y) for y in manifest["years"]), root)


def load_baci_panel(source, cache_dir=None, engine="duckdb", master: str | None = None):
    """The BACI panel as a lazy Ibis table (see ``open_baci``)."""
    return open_baci(source, cache_dir, engine, master).table


def main(argv=None) -> int:
    """python -m tradebrief.sources.baci FOLDER [CACHE]: convert a BACI release once, ahead of a build."""
    import argparse
    import sys

    from tradebrief.errors import TradebriefError
    p = argparse.ArgumentParser(prog="python -m tradebrief.sources.baci", description=main.__doc__)
    p.add_argument("folder", help="folder of an unpacked BACI release")
    p.add_argument("cache", nargs="?", help="where the Parquet panel goes (default: FOLDER/.tradebrief-cache)")
    args = p.parse_args(argv)
    try:
        root = build_cache(args.folder, args.cache or default_cache_dir(args.folder), progress=lambda m: print(m, file=sys.stderr))
    except TradebriefError as e:
        print(f"tradebrief: {e}", file=sys.stderr)
        return e.exit_code
    manifest = json.loads((root / "_manifest.json").read_text())
    print(f"{manifest['source']}: years {', '.join(sorted(manifest['years']))} -> {root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
