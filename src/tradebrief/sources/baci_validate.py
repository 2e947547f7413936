"""``tradebrief validate`` for CEPII BACI: a release (a folder, or one of its files) checked and described
in one line — release, HS revision, years, rows — or every problem with its file, row and column.

Checking a yearly file means reading every row, which is what converting it does (``baci_convert``); so
validation converts, into the build's own cache (``report/build/cache/baci``), and the next build starts
from the Parquet files instead of reading the CSVs again.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path

from tradebrief.errors import DataError, Problem
from tradebrief.sources.baci_files import COUNTRY_FILE, PRODUCT_FILE, TRADE_FILE, BaciRelease, find_release, release_of

FORMAT = "cepii-baci"


def revision(rev: str) -> str:
    """'92' -> 'HS 1992', '17' -> 'HS 2017' (BACI names revisions by the HS edition's two-digit year)."""
    return f"HS {1900 + int(rev) if int(rev) >= 88 else 2000 + int(rev)}"


def _cache_dir(cache_dir) -> Path:
    from tradebrief.sources.cache import default_cache_dir
    return Path(cache_dir) if cache_dir else default_cache_dir() / "baci"


def check_release(release: BaciRelease, cache_dir=None, label=None) -> str:
    """Convert (so check) the release and describe it; DataError naming file, row and column otherwise.
    With ``label`` (one yearly file checked), the other years already converted are kept."""
    from tradebrief.sources.baci_codes import country_table, product_table
    from tradebrief.sources.baci_convert import build_cache, read_manifest
    years = read_manifest(build_cache(release, _cache_dir(cache_dir), prune=label is None))["years"]
    span = min(release.years) if len(release.years) == 1 else f"{min(release.years)}..{max(release.years)}"
    rows = sum(years[str(y)]["rows"] for y in release.years)
    products = len(product_table(release.product_file)) if release.product_file else 0
    return (f"{label or release.country_file.parent}: OK  {release.source} ({revision(release.rev)} codes), years {span} "
            f"({len(release.years)} file{'s' if len(release.years) != 1 else ''}), {rows:,} rows, "
            f"{len(country_table(release.country_file))} country codes, {products:,} products ({FORMAT})")


def _check_table(path: Path) -> str:
    from tradebrief.sources.baci_codes import country_table, product_table
    if COUNTRY_FILE.match(path.name):
        codes = country_table(path)
        without = sum(v is None for v in codes.values())
        return (f"{path}: OK  BACI country table, {len(codes)} codes"
                + (f" ({without} without an ISO alpha-3 code)" if without else "") + f" ({FORMAT})")
    rev = PRODUCT_FILE.match(path.name)["rev"]
    return f"{path}: OK  BACI product table, {revision(rev)}, {len(product_table(path)):,} products ({FORMAT})"


def _fail(error: DataError):
    raise error


def checks(path, cache_dir=None) -> list[tuple[Path, object]]:
    """What to check under ``path``: (what is checked, a call returning its one-line summary). A folder
    gives its release (if any); a yearly file gives its year of the release in its folder; a code
    table gives itself."""
    path = Path(path)
    if path.is_dir():
        try:
            release = find_release(path)
        except DataError as e:
            return [(path, partial(_fail, e))]
        return [(release.country_file.parent, partial(check_release, release, cache_dir))] if release else []
    m = TRADE_FILE.match(path.name)
    if m:
        try:
            whole = release_of(path)
        except DataError as e:
            return [(path, partial(_fail, e))]
        one = BaciRelease(whole.rev, whole.version, {int(m["year"]): path}, whole.country_file, whole.product_file)
        return [(path, partial(check_release, one, cache_dir, path))]
    if COUNTRY_FILE.match(path.name) or PRODUCT_FILE.match(path.name):
        return [(path, partial(_check_table, path))]
    return [(path, partial(_fail, DataError(Problem(str(path), "not a BACI file"))))]
