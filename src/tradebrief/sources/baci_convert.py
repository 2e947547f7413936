"""A BACI release's yearly CSVs converted once to Parquet, every row checked on the way.

A year is about 11 million rows, the 1995-onwards panel about 250 million, so nothing here reads the
trade files into pandas: DuckDB reads each yearly CSV once (rows with too many or too few fields are
kept aside by its ``store_rejects`` with their line numbers), the checks below run over the rows, and
only a file without problems is written, with BACI's numeric country codes mapped to ISO alpha-3
through the release's own country table, as ``year=YYYY/part-0.parquet`` (Hive layout) in a cache
folder per release.

The checks are written once, as SQL (``_PROBLEMS_SQL``): each cell's problem is a message or NULL. The
same query counts the problems and names the first of them by file line, so what a user is told and
what is refused cannot drift apart.

Each year's Parquet file is keyed on the content of its CSV and of the country table, and on the
converter (this module's code and SQL, ``baci_codes``): see ``baci_fingerprint``. No number is bumped
by hand; a year whose key is unchanged is not read again.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb

from tradebrief.errors import DataError, Problem
from tradebrief.sources import baci_codes
from tradebrief.sources.baci_files import BaciRelease, release_of
from tradebrief.sources.baci_fingerprint import FileHashes, code_fingerprint

TRADE_COLUMNS = ["t", "i", "j", "k", "v", "q"]
SHOWN_PROBLEMS = 10

# Every cell as text (trimmed: CEPII pads some numbers with spaces), so a bad cell can be named
# rather than silently becoming NULL. Insertion order is kept, so rowid + 2 is the file line.
_READ_SQL = """
CREATE OR REPLACE TEMP TABLE year_rows AS
SELECT t, i, j, k, v, q, try_cast(i AS INTEGER) AS i_, try_cast(j AS INTEGER) AS j_, try_cast(v AS DOUBLE) AS v_,
       CASE WHEN q IN ('', 'NA') THEN NULL ELSE try_cast(q AS DOUBLE) END AS q_
FROM (SELECT trim(t) AS t, trim(i) AS i, trim(j) AS j, trim(k) AS k, trim(v) AS v, trim(coalesce(q, '')) AS q FROM read_csv($path, header = true, auto_detect = false, delim = ',', quote = '"', store_rejects = true,
              columns = {'t': 'VARCHAR', 'i': 'VARCHAR', 'j': 'VARCHAR', 'k': 'VARCHAR', 'v': 'VARCHAR', 'q': 'VARCHAR'}))
"""
_REJECTS_SQL = """
SELECT line, min(error_type), min(csv_line) FROM reject_errors GROUP BY line ORDER BY line
"""
# One message per bad cell (NULL when the cell is good); $year is the year in the file's name.
_PROBLEMS_SQL = """
WITH cells AS (
  SELECT y.rowid + 2 AS line,
    CASE WHEN y.t IS DISTINCT FROM CAST($year AS VARCHAR)
         THEN 'year ''' || y.t || ''' is not the file''s year ' || $year END AS t,
    CASE WHEN y.i_ IS NULL THEN 'exporter code ''' || y.i || ''' is not a number'
         WHEN ce.code IS NULL THEN 'exporter code ''' || y.i || ''' is not in ' || $country_file
         WHEN ce.iso IS NULL THEN 'exporter code ''' || y.i || ''' has no ISO alpha-3 code in ' || $country_file END AS i,
    CASE WHEN y.j_ IS NULL THEN 'importer code ''' || y.j || ''' is not a number'
         WHEN ci.code IS NULL THEN 'importer code ''' || y.j || ''' is not in ' || $country_file
         WHEN ci.iso IS NULL THEN 'importer code ''' || y.j || ''' has no ISO alpha-3 code in ' || $country_file END AS j,
    CASE WHEN NOT regexp_full_match(y.k, '[0-9]{1,6}|[0-9A-Z]{6}')
         THEN 'HS6 product code ''' || y.k || ''' is not an HS 6-digit code' END AS k,
    CASE WHEN y.v_ IS NULL THEN 'value ''' || y.v || ''' is not a number'
         WHEN NOT y.v_ >= 0 THEN 'value ''' || y.v || ''' is negative or not a number' END AS v,
    CASE WHEN y.q IN ('', 'NA') THEN NULL
         WHEN y.q_ IS NULL THEN 'quantity ''' || y.q || ''' is not a number'
         WHEN NOT y.q_ >= 0 THEN 'quantity ''' || y.q || ''' is negative or not a number' END AS q
  FROM year_rows y
  LEFT JOIN countries ce ON ce.code = y.i_
  LEFT JOIN countries ci ON ci.code = y.j_
), bad_rows AS (  -- a good file has none: the unpivot below then has nothing to turn
  SELECT * FROM cells WHERE coalesce(t, i, j, k, v, q) IS NOT NULL
), problems AS (
  UNPIVOT bad_rows ON t, i, j, k, v, q INTO NAME col VALUE message
)
SELECT line, col, message, count(*) OVER () AS total FROM problems
ORDER BY line, list_position(['t', 'i', 'j', 'k', 'v', 'q'], col) LIMIT $limit
"""
_WRITE_SQL = """
COPY (SELECT ce.iso AS exporter, ci.iso AS importer,
             CASE WHEN regexp_full_match(y.k, '[0-9]{1,6}') THEN lpad(y.k, 6, '0') ELSE y.k END AS hs6,
             y.v_ AS value, y.q_ AS quantity
      FROM year_rows y JOIN countries ce ON ce.code = y.i_ JOIN countries ci ON ci.code = y.j_
      ORDER BY importer, hs6)
TO $out (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)
"""
SQL = {"read": _READ_SQL, "rejects": _REJECTS_SQL, "problems": _PROBLEMS_SQL, "write": _WRITE_SQL}


def converter_key() -> str:
    """The converter's code and SQL as they stand (see ``baci_fingerprint.code_fingerprint``)."""
    import sys
    return code_fingerprint([sys.modules[__name__], baci_codes], SQL)


def _header_problem(path: Path) -> Problem | None:
    import csv
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as f:
        header = [h.strip() for h in next(csv.reader(f), [])]
    if header != TRADE_COLUMNS:
        missing = [c for c in TRADE_COLUMNS if c not in header]
        return Problem(str(path), f"header is {','.join(header) or '(empty)'}, not t,i,j,k,v,q"
                       + (f" (missing {', '.join(missing)})" if missing else ""), row=1,
                       column=missing[0] if missing else None, fix="a BACI yearly file starts with the line t,i,j,k,v,q")
    return None


def _convert_year(con: duckdb.DuckDBPyConnection, path: Path, year: int, out: Path, country_file: Path) -> int:
    """Check one yearly CSV and write its Parquet file; the number of rows written."""
    problem = _header_problem(path)
    if problem:
        raise DataError(problem)
    try:
        con.execute(SQL["read"], {"path": str(path)})
        rejects = con.execute(SQL["rejects"]).fetchall()
    except duckdb.Error as e:  # broken quoting, undecodable bytes: DuckDB's message names the line
        raise DataError(Problem(str(path), f"cannot be read as CSV: {str(e).splitlines()[0]}")) from None
    finally:
        con.execute("DROP TABLE IF EXISTS reject_errors; DROP TABLE IF EXISTS reject_scans")
    if rejects:
        raise DataError([Problem(str(path), f"{len(line.split(','))} fields instead of 6 (t,i,j,k,v,q)", row=n)
                         for n, _, line in rejects[:SHOWN_PROBLEMS]])
    bad = con.execute(SQL["problems"], {"year": str(year), "country_file": country_file.name, "limit": SHOWN_PROBLEMS}).fetchall()
    if bad:
        problems = [Problem(str(path), message, row=line, column=col) for line, col, message, _ in bad]
        if bad[0][3] > len(bad):
            problems.append(Problem(str(path), f"... and {bad[0][3] - len(bad):,} more bad cell(s) of the kinds above"))
        raise DataError(problems)
    rows = con.execute("SELECT count(*) FROM year_rows").fetchone()[0]
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / ".part-0.parquet.tmp"  # dot files are invisible to Spark and DuckDB's globs
    con.execute("SET preserve_insertion_order = false")   # the rows are sorted anyway: lets DuckDB write in parallel
    try:
        con.execute(SQL["write"], {"out": str(tmp)})
    finally:
        con.execute("SET preserve_insertion_order = true")   # the next file's rowid must be its line order again
    tmp.replace(out / "part-0.parquet")
    con.execute("DROP TABLE year_rows")
    return rows


def _connect(countries: dict[int, str | None]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    try:  # no terminal progress bar; in Jupyter it is off already (and cannot be set)
        con.execute("SET enable_progress_bar = false")
    except duckdb.Error:
        pass
    con.execute("CREATE TEMP TABLE countries (code INTEGER, iso VARCHAR)")
    con.executemany("INSERT INTO countries VALUES (?, ?)", list(countries.items()))
    return con


def build_cache(source, cache_dir, *, progress=None, prune: bool = True) -> Path:
    """Convert a BACI release (folder, files, or ``BaciRelease``) to Parquet under ``cache_dir``; years
    whose key (CSV and country table content, converter code) is unchanged are kept, years no longer in
    the release removed (unless ``prune`` is false: a check of one yearly file). Returns the release's
    Parquet folder, whose ``_manifest.json`` lists each year's key and rows."""
    from filelock import FileLock
    release = release_of(source)
    root = Path(cache_dir) / release.name
    root.mkdir(parents=True, exist_ok=True)
    # two sections of one build (HS6, world) open the same release at once: one converts, the other waits and reuses
    with FileLock(str(root) + ".lock"):
        return _build_cache(release, cache_dir, root, progress, prune)


def _build_cache(release: BaciRelease, cache_dir, root: Path, progress, prune: bool) -> Path:
    manifest_path = root / "_manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    except ValueError:
        manifest = {}
    years = manifest.get("years", {})
    hashes = FileHashes(cache_dir)
    base = hashlib.sha256(f"{converter_key()}\0{hashes.sha256(release.country_file)}".encode()).hexdigest()
    keys = {year: hashlib.sha256(f"{base}\0{hashes.sha256(path)}".encode()).hexdigest() for year, path in release.years.items()}
    hashes.save()
    todo = [y for y in release.years if years.get(str(y), {}).get("key") != keys[y] or not (root / f"year={y}" / "part-0.parquet").exists()]
    if todo:
        countries = baci_codes.country_table(release.country_file)
        con = _connect(countries)
        try:
            for year in todo:
                path = release.years[year]
                if progress:
                    progress(f"BACI {year}: converting {path.name}")
                rows = _convert_year(con, path, year, root / f"year={year}", release.country_file)
                years[str(year)] = {"key": keys[year], "rows": rows, "file": path.name}
                _write_manifest(manifest_path, release, years)
        finally:
            con.close()
    for stale in root.glob("year=*") if prune else ():  # a year file removed from the release leaves the panel too
        if int(stale.name.split("=")[1]) not in release.years:
            for f in stale.iterdir():
                f.unlink()
            stale.rmdir()
            years.pop(stale.name.split("=")[1], None)
    _write_manifest(manifest_path, release, years)
    return root


def _write_manifest(path: Path, release: BaciRelease, years: dict) -> None:
    manifest = {"release": release.name, "source": release.source, "rev": release.rev, "version": release.version,
                "years": dict(sorted(years.items()))}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=1))
    tmp.replace(path)


def read_manifest(root: Path) -> dict:
    return json.loads((Path(root) / "_manifest.json").read_text())
