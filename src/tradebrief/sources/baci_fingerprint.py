"""Content fingerprints of a BACI release's files and of the code that converts them: the keys of the
Parquet cache (``baci_convert``) and of a build's HS6 run (``report.manifest``).

A release is about 9 GB; hashing all of it costs tens of seconds, too much for every build. So each
file's SHA-256 is computed once and remembered with the file's stat (size, modification time, *change*
time and inode), as git's index does: any write to a file, and any ``touch``, moves its change time,
which no user command can set back, so a remembered hash is reused only for a file no one has touched.
A re-downloaded file is hashed again, and when its bytes are the same, nothing downstream runs again.
The key is the content; the stat only decides when to read it again.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from tradebrief.sources.baci_files import BaciRelease

MEMO_FILE = "baci-file-hashes.json"


def _stat_key(path: Path) -> list[int]:
    s = path.stat()
    return [s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 22), b""):
            h.update(chunk)
    return h.hexdigest()


class FileHashes:
    """SHA-256 of files, remembered in ``memo_dir/baci-file-hashes.json`` by stat (see the module text)."""

    def __init__(self, memo_dir: Path | None):
        self.path = Path(memo_dir) / MEMO_FILE if memo_dir else None
        self.memo: dict[str, list] = {}
        if self.path and self.path.exists():
            try:
                self.memo = json.loads(self.path.read_text())
            except (OSError, ValueError):
                self.memo = {}   # a damaged memo is rebuilt, never trusted
        self.changed = False

    def sha256(self, path: Path) -> str:
        path = Path(path).resolve()
        stat = _stat_key(path)
        known = self.memo.get(str(path))
        if known and known[0] == stat:
            return known[1]
        digest = _sha256(path)
        self.memo[str(path)] = [stat, digest]
        self.changed = True
        return digest

    def save(self) -> None:
        if not (self.path and self.changed):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self.memo, indent=0))
            tmp.replace(self.path)   # atomic: a concurrent build reads the old memo or the new, never half
        except OSError:
            pass   # the memo saves time only; a read-only disk must not fail the build


def release_fingerprint(release: BaciRelease, memo_dir: Path | None = None) -> str:
    """One hash of every file of the release: its name (year, revision, version) and its content."""
    hashes = FileHashes(memo_dir)
    h = hashlib.sha256()
    for f in sorted(release.files, key=lambda p: p.name):
        h.update(f"{f.name}\0{hashes.sha256(f)}\n".encode())
    hashes.save()
    return h.hexdigest()


def data_dir_hashes(data_dir: Path, memo_dir: Path | None = None) -> dict[str, str]:
    """Content hash of every BACI file under a data folder, by its path relative to the folder: what a
    build's HS6 run depends on when the release is found there rather than named by hs_panel."""
    from tradebrief.sources.baci_files import release_files
    hashes = FileHashes(memo_dir)
    out = {p.relative_to(data_dir).as_posix(): hashes.sha256(p) for p in release_files(data_dir)}
    hashes.save()
    return out


def code_fingerprint(modules, sql: dict[str, str]) -> str:
    """Hash of the converter: the source of each module whose code shapes the Parquet files, and the SQL
    it runs as it stands at run time (so an edited statement is seen however it was edited)."""
    h = hashlib.sha256()
    for m in modules:
        h.update(Path(m.__file__).read_bytes())
    for name in sorted(sql):
        h.update(f"{name}\0{sql[name]}\0".encode())
    return h.hexdigest()
