"""Official files in, one validated canonical table out.

One loader per published format (``registry.FORMATS``). ``load_dataset`` reads every
supported file under ``data/`` (plus any extra paths), validates each against the
canonical schema, resolves overlapping periods (the vintage rule: a file passed as ``extra`` first, then
the later card date or modification time; see ``vintage``), sets partial
years aside (``dataset``), and caches the result as Parquet keyed by the files'
content hashes (``cache``).
"""
from __future__ import annotations

from pathlib import Path

from tradebrief.errors import DataError, Problem
from tradebrief.sources.cache import dataset_key, default_cache_dir, read_cache, write_cache
from tradebrief.sources.files import discover, sha256_file, source_id

# The loaders and the dataset pull in pandas (~1 s): imported on first use, so that finding a cache
# entry (keys are content hashes, computed with the standard library) costs no pandas import.
_LAZY = {"Dataset": "dataset", "FileInfo": "dataset", "build_dataset": "dataset", "load_file": "dataset",
         "RawTable": "raw_table", "EXPECTED_COLUMNS": "registry", "FORMATS": "registry", "Format": "registry",
         "detect_format": "registry"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(f"tradebrief.sources.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'tradebrief.sources' has no attribute {name!r}")


def dataset_entry(data_dir: str | Path = "data", extra: list[str | Path] | None = None,
                  cache_dir: str | Path | None = None) -> Path:
    """The cache folder that holds (or will hold) the dataset of these files, named by their content."""
    return _entry(discover(Path(data_dir)) + [Path(p) for p in (extra or [])], Path(data_dir), cache_dir)


def _entry(paths: list[Path], data_dir: Path, cache_dir) -> Path:
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    return cache / f"dataset-{dataset_key(paths, data_dir)}"


def load_dataset(data_dir: str | Path = "data", extra: list[str | Path] | None = None,
                 cache_dir: str | Path | None = None, use_cache: bool = True, executor=None):
    """The validated canonical dataset from every file in ``data_dir`` plus ``extra`` files.

    ``executor``: optional callable returning a process pool, used only when the cache misses.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError(Problem(str(data_dir), "data directory not found", fix="run from the project folder or pass --data-dir"))
    extra = [Path(p) for p in (extra or [])]
    paths = discover(data_dir) + extra
    if use_cache:
        entry = _entry(paths, data_dir, cache_dir)
        if (entry / "meta.json").exists():
            try:
                return read_cache(entry)
            except Exception:  # a damaged cache entry is rebuilt, never trusted
                pass
    from tradebrief.sources.dataset import build_dataset
    if not use_cache:
        return build_dataset(paths, data_dir, executor, extra=extra)
    dataset = build_dataset(paths, data_dir, executor, extra=extra)
    write_cache(entry, dataset)
    return dataset


__all__ = ["dataset_entry", "Dataset", "FileInfo", "FORMATS", "Format", "EXPECTED_COLUMNS", "load_dataset", "load_file", "build_dataset",
           "discover", "detect_format", "source_id", "sha256_file", "dataset_key", "default_cache_dir", "RawTable"]
