"""Official files in, one validated canonical table out.

One loader per published format (``registry.FORMATS``). ``load_dataset`` reads every
supported file under ``data/`` (plus any extra paths), validates each against the
canonical schema, resolves overlapping periods (newest vintage wins), sets partial
years aside (``dataset``), and caches the result as Parquet keyed by the files'
content hashes (``cache``).
"""
from __future__ import annotations

from pathlib import Path

from tradebrief.errors import DataError, Problem
from tradebrief.sources._io import RawTable
from tradebrief.sources.cache import dataset_key, default_cache_dir, read_cache, write_cache
from tradebrief.sources.dataset import Dataset, FileInfo, build_dataset, discover, load_file, sha256_file, source_id
from tradebrief.sources.registry import EXPECTED_COLUMNS, FORMATS, Format, detect_format


def load_dataset(data_dir: str | Path = "data", extra: list[str | Path] | None = None,
                 cache_dir: str | Path | None = None, use_cache: bool = True, executor=None) -> Dataset:
    """The validated canonical dataset from every file in ``data_dir`` plus ``extra`` files.

    ``executor``: optional callable returning a process pool, used only when the cache misses.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError(Problem(str(data_dir), "data directory not found", fix="run from the project folder or pass --data-dir"))
    paths = discover(data_dir) + [Path(p) for p in (extra or [])]
    if not use_cache:
        return build_dataset(paths, data_dir, executor)
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    entry = cache / f"dataset-{dataset_key(paths)}"
    if (entry / "meta.json").exists():
        try:
            return read_cache(entry)
        except Exception:  # a damaged cache entry is rebuilt, never trusted
            pass
    dataset = build_dataset(paths, data_dir, executor)
    write_cache(entry, dataset)
    return dataset


__all__ = ["Dataset", "FileInfo", "FORMATS", "Format", "EXPECTED_COLUMNS", "load_dataset", "load_file", "build_dataset",
           "discover", "detect_format", "source_id", "sha256_file", "dataset_key", "default_cache_dir", "RawTable"]
