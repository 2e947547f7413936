"""The Parquet cache of the assembled dataset, keyed by the content of every data file,
its metadata card and the loader code.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path

from tradebrief.sources.files import sha256_file, source_id

CACHE_VERSION = "3"   # 3: the set-aside partial years are kept (partial.parquet)
PACKAGE = Path(__file__).resolve().parent.parent


def _code_hash() -> str:
    """Every file of the package that can shape the canonical table: loaders, schema, country and product
    tables, reference lists (report/ only assembles, and is left out so a template edit keeps the cache)."""
    h = hashlib.sha256(CACHE_VERSION.encode())
    for p in sorted(PACKAGE.rglob("*")):
        rel = p.relative_to(PACKAGE)
        if p.is_file() and rel.parts[0] != "report" and "__pycache__" not in rel.parts and p.suffix != ".pyc":
            h.update(rel.as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def default_cache_dir() -> Path:
    if os.environ.get("TRADEBRIEF_CACHE_DIR"):
        return Path(os.environ["TRADEBRIEF_CACHE_DIR"])
    from tradebrief.paths import project_root
    root = project_root()
    return (root / "report" / "build" / "cache") if root else Path.home() / ".cache" / "tradebrief"


def dataset_key(paths: list[Path], data_dir: Path | None = None) -> str:
    """Key of the dataset cache: loader code, and each file by its source id (relative to the data folder,
    so a moved checkout keeps its cache) and content; a file without a card also by its modification time,
    which the vintage rule reads for it (``sources.vintage``)."""
    h = hashlib.sha256(_code_hash().encode())
    for p in paths:
        h.update(source_id(Path(p), data_dir).encode())
        h.update(sha256_file(Path(p)).encode())
        card = Path(p).with_name(Path(p).name + ".meta.toml")
        if card.exists():
            h.update(card.read_bytes())
        else:
            h.update(str(Path(p).stat().st_mtime_ns).encode())
    if data_dir is not None:   # a BACI release there is not loaded, but which sections a briefing has depends on it
        from tradebrief.sources.baci_files import release_files
        h.update("\0".join(p.relative_to(data_dir).as_posix() for p in release_files(data_dir)).encode())
    return h.hexdigest()[:20]


def write_cache(entry: Path, ds) -> None:
    tmp = entry.with_name(entry.name + f".tmp{os.getpid()}")
    try:
        tmp.mkdir(parents=True, exist_ok=True)
        ds.trade.to_parquet(tmp / "trade.parquet", index=False)
        ds.fx.to_parquet(tmp / "fx.parquet", index=False)
        ds.supplied.to_parquet(tmp / "supplied.parquet", index=False)
        ds.excluded.to_parquet(tmp / "excluded.parquet", index=False)
        ds.partial.to_parquet(tmp / "partial.parquet", index=False)
        (tmp / "meta.json").write_text(json.dumps([asdict(f) for f in ds.files], indent=1))
        os.replace(tmp, entry) if not entry.exists() else None
    except OSError:
        pass  # the cache is an optimisation; a read-only or full disk must not fail the build
    finally:
        if tmp.exists():
            import shutil
            shutil.rmtree(tmp, ignore_errors=True)


def read_cache(entry: Path):
    import pandas as pd

    from tradebrief.sources.dataset import Dataset, FileInfo
    files = [FileInfo(**d) for d in json.loads((entry / "meta.json").read_text())]
    return Dataset(trade=pd.read_parquet(entry / "trade.parquet"), fx=pd.read_parquet(entry / "fx.parquet"), files=files,
                   supplied=pd.read_parquet(entry / "supplied.parquet"), excluded=pd.read_parquet(entry / "excluded.parquet"),
                   partial=pd.read_parquet(entry / "partial.parquet"))
