"""The Parquet cache of the assembled dataset, keyed by the content of every data file,
its metadata card and the loader code.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from tradebrief.sources.dataset import Dataset, FileInfo, sha256_file

CACHE_VERSION = "1"


def _code_hash() -> str:
    here = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(CACHE_VERSION.encode())
    # the reference tables map codes and names, and the annual-rate derivation lives in indicators/currency.py
    inputs = list((here / "sources").glob("*.py")) + list((here / "reference").glob("*.csv"))
    for p in sorted(inputs + [here / "schema.py", here / "countries.py", here / "indicators" / "currency.py"]):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def default_cache_dir() -> Path:
    if os.environ.get("TRADEBRIEF_CACHE_DIR"):
        return Path(os.environ["TRADEBRIEF_CACHE_DIR"])
    from tradebrief.paths import project_root
    root = project_root()
    return (root / "report" / "build" / "cache") if root else Path.home() / ".cache" / "tradebrief"


def dataset_key(paths: list[Path]) -> str:
    h = hashlib.sha256(_code_hash().encode())
    for p in paths:
        h.update(str(Path(p).resolve()).encode())
        h.update(sha256_file(Path(p)).encode())
        card = Path(p).with_name(Path(p).name + ".meta.toml")
        if card.exists():
            h.update(card.read_bytes())
    return h.hexdigest()[:20]


def write_cache(entry: Path, ds: Dataset) -> None:
    tmp = entry.with_name(entry.name + f".tmp{os.getpid()}")
    try:
        tmp.mkdir(parents=True, exist_ok=True)
        ds.trade.to_parquet(tmp / "trade.parquet", index=False)
        ds.fx.to_parquet(tmp / "fx.parquet", index=False)
        ds.supplied.to_parquet(tmp / "supplied.parquet", index=False)
        ds.excluded.to_parquet(tmp / "excluded.parquet", index=False)
        (tmp / "meta.json").write_text(json.dumps([asdict(f) for f in ds.files], indent=1))
        os.replace(tmp, entry) if not entry.exists() else None
    except OSError:
        pass  # the cache is an optimisation; a read-only or full disk must not fail the build
    finally:
        if tmp.exists():
            import shutil
            shutil.rmtree(tmp, ignore_errors=True)


def read_cache(entry: Path) -> Dataset:
    files = [FileInfo(**d) for d in json.loads((entry / "meta.json").read_text())]
    return Dataset(trade=pd.read_parquet(entry / "trade.parquet"), fx=pd.read_parquet(entry / "fx.parquet"), files=files,
                   supplied=pd.read_parquet(entry / "supplied.parquet"), excluded=pd.read_parquet(entry / "excluded.parquet"))
