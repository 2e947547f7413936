"""Which files under data/ are data, their ids and content hashes: standard library only, so the
build can key its caches (and find that nothing changed) without importing pandas."""
from __future__ import annotations

import hashlib
from pathlib import Path

IGNORED_SUFFIXES = (".md", ".toml", ".txt", ".json", ".parquet", ".py")  # .py: data/scripts/ (how a file was converted)
IGNORED_NAMES = {"SHA256SUMS", ".gitkeep"}

_SHA_MEMO: dict[tuple, str] = {}


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's content (memoised within one process while the file is unchanged)."""
    st = Path(path).stat()
    memo = (str(Path(path).resolve()), st.st_mtime_ns, st.st_size)
    if memo in _SHA_MEMO:
        return _SHA_MEMO[memo]
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    _SHA_MEMO[memo] = h.hexdigest()
    return _SHA_MEMO[memo]


def source_id(path: Path, data_dir: Path | None) -> str:
    path = Path(path)
    if data_dir is not None:
        try:
            return (Path(data_dir.name) / path.resolve().relative_to(data_dir.resolve())).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def discover(data_dir: Path) -> list[Path]:
    """Every data file under data_dir, in a stable order. A CEPII BACI release's files are not among them:
    they are the HS6 panel, found by ``baci_files.find_release`` and never loaded into the canonical table."""
    from tradebrief.sources.baci_files import is_release_file
    files = []
    for p in sorted(Path(data_dir).rglob("*")):
        if not p.is_file() or p.name in IGNORED_NAMES or p.name.startswith(".") or is_release_file(p):
            continue
        if p.name.endswith(IGNORED_SUFFIXES):
            continue
        files.append(p)
    return files
