"""What a build step depends on, written down: one manifest of inputs per step, hashed into its key.

Why hand-rolled rather than jupyter-cache or doit: jupyter-cache keys a notebook on the text of its
code cells only, so it cannot see a parameter, the *content* of a file a parameter names, the data
files, the tradebrief code a notebook imports or the library versions; doit tracks files by
path and mtime/MD5 but has no notion of papermill parameters and would still need every one of
these inputs listed by hand. The manifest below is that list, kept in one place, and the key is
its hash: small, explicit and testable (tests/test_build_trust.py changes each input in turn).

Nothing here holds an absolute path: files under the project are named relative to it, so a
moved checkout keeps its cache.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import site
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from tradebrief.sources.files import sha256_file

PACKAGE = Path(__file__).resolve().parents[1]
# Package files that never run inside a notebook: editing them re-assembles but never re-executes.
ASSEMBLY_ONLY = {"cli.py", "report/execute.py", "report/assemble.py", "report/build.py", "report/manifest.py",
                 "report/config.py", "report/templates", "report/progress.py", "report/pool.py", "report/publish.py",
                 "report/outputs.py", "report/editions.py"}


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_path(path: Path) -> str:
    """Content hash of a file; for a folder (e.g. a BACI release of several GB named by ``hs_panel``), a
    hash of every file's name and content below it, each file read again only when its stat changed
    (``sources.baci_fingerprint.FileHashes``: reading gigabytes on every build would cost more than the runs it saves)."""
    path = Path(path)
    if path.is_dir():
        from tradebrief.sources.baci_fingerprint import FileHashes
        from tradebrief.sources.cache import default_cache_dir
        hashes, h = FileHashes(default_cache_dir()), hashlib.sha256()
        for p in sorted(q for q in path.rglob("*") if q.is_file()):
            rel = p.relative_to(path)
            if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):   # caches kept inside it
                continue
            h.update(f"{rel.as_posix()}\0{hashes.sha256(p)}\n".encode())
        hashes.save()
        return h.hexdigest()
    return _file_hash(path)


def _file_hash(path: Path) -> str:
    return sha256_file(path)   # memoised per process while the file is unchanged


def relative(value, root: Path):
    """A parameter value with paths under ``root`` written relative to it (keys survive a moved checkout)."""
    if isinstance(value, list):
        return [relative(v, root) for v in value]
    if isinstance(value, str) and os.path.isabs(value):
        try:
            return "<project>/" + Path(value).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return value
    return value


def named_files(parameters: dict, root: Path) -> dict[str, str]:
    """Content hash of every file or folder a parameter names (claims_file, events_file, hs_panel, ...)."""
    out = {}
    for name, value in sorted(parameters.items()):
        for i, v in enumerate(value if isinstance(value, list) else [value]):
            if not isinstance(v, str) or not v or "\n" in v or len(v) > 4096:
                continue
            path = Path(v) if os.path.isabs(v) else root / v
            if path.exists() and name not in ("data_dir", "cache_dir"):   # data_dir: the data manifest hashes its files
                out[f"{name}[{i}]" if isinstance(value, list) else name] = sha256_path(path)
    return out


def code_manifest(assembly: bool) -> dict[str, str]:
    """Hash of each tradebrief source and reference file a step uses (notebook steps skip assembly-only code)."""
    out = {}
    for p in sorted(PACKAGE.rglob("*")):
        if not p.is_file() or "__pycache__" in p.parts or p.suffix == ".pyc":
            continue
        rel = p.relative_to(PACKAGE).as_posix()
        only_assembly = rel in ASSEMBLY_ONLY or any(rel.startswith(d + "/") for d in ASSEMBLY_ONLY)
        if only_assembly and not assembly:
            continue
        out[rel] = _file_hash(p)
    return out


@lru_cache(maxsize=1)
def environment() -> dict[str, str]:
    """Python and the exact installed distributions (their dist-info folder names carry the versions)."""
    dists = set()
    for folder in {*site.getsitepackages(), site.getusersitepackages(), *sys.path}:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        dists.update(n for n in names if n.endswith(".dist-info"))
    return {"python": platform.python_version(), "implementation": platform.python_implementation(),
            "distributions": sha256_bytes("\n".join(sorted(dists)).encode())}


def data_manifest(paths: list[Path], data_dir: Path, root: Path) -> dict[str, str]:
    """Content hash of each data file and its metadata card, named relative to the data folder or project."""
    out = {}
    for p in paths:
        p = Path(p)
        try:
            name = p.resolve().relative_to(data_dir.resolve()).as_posix()
        except ValueError:
            name = str(relative(str(p.resolve()), root))
        out[name] = _file_hash(p)
        card = p.with_name(p.name + ".meta.toml")
        if card.exists():
            out[name + ".meta.toml"] = _file_hash(card)
    # a BACI release under data/ is the HS6 panel: not a data file, yet the HS6 run depends on its content
    from tradebrief.sources.baci_fingerprint import data_dir_hashes
    from tradebrief.sources.cache import default_cache_dir
    out.update(data_dir_hashes(data_dir, default_cache_dir()))
    return out


def key_of(manifest: dict) -> str:
    return sha256_bytes(json.dumps(manifest, sort_keys=True, default=str).encode())


def git_commit(root: Path) -> str:
    """The commit the briefing is built from (it enters the assembly key, so a new commit re-stamps)."""
    try:
        sha = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root, capture_output=True, text=True, timeout=5).stdout.strip()
        return (sha + (" plus changes not yet committed (a clone of that commit may differ)" if dirty else "")) if sha else "not a git checkout"
    except (OSError, subprocess.SubprocessError):
        return "git not available"
