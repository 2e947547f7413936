"""CEPII BACI as the briefing's HS6 panel: a release (named by ``hs_panel``, or found under the data
folder by ``find_release``) converted once to Parquet (``baci_convert``) and opened as a lazy Ibis
table on DuckDB or Spark (``tradebrief.engines``), with the release's product descriptions.

The release's files are recognised by name (``baci_files``), its code tables read by ``baci_codes``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tradebrief.sources.baci_files import BaciRelease, find_release, release_of

__all__ = ["BaciPanel", "BaciRelease", "find_release", "open_baci"]


@dataclass
class BaciPanel:
    """A converted BACI release: the lazy panel and what the briefing cites and labels with."""

    table: object          # ibis Table: year, exporter, importer, hs6, value (thousand USD), quantity (tonnes)
    source: str            # e.g. "CEPII BACI HS17 V202401"
    descriptions: dict[str, str]
    years: list[int]
    root: Path


def default_cache_dir(release: BaciRelease) -> Path:
    """Where a release is converted when no cache folder is given: beside its files, in a dot folder
    (which the data folder's discovery and Spark both ignore)."""
    return release.country_file.parent / ".tradebrief-cache"


def open_baci(source, cache_dir=None, engine="duckdb", master: str | None = None) -> BaciPanel:
    """Convert (or reuse the conversion of) a BACI release and open it on ``engine``: "duckdb"
    (default), "spark" (``master`` a Spark master URL; local mode when None), or an Ibis backend
    already connected. ``source``: the release's folder, its files, or a ``BaciRelease``."""
    from tradebrief import engines
    from tradebrief.sources.baci_codes import product_table
    from tradebrief.sources.baci_convert import build_cache, read_manifest
    release = release_of(source)
    root = build_cache(release, cache_dir or default_cache_dir(release))
    con = engines.connect(engine, master) if isinstance(engine, str) else engine
    return BaciPanel(engines.read_panel(con, root), release.source, product_table(release.product_file),
                     sorted(int(y) for y in read_manifest(root)["years"]), root)
