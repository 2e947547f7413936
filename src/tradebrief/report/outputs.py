"""All-or-nothing outputs, one build at a time.

A build holds ``<out>/.build.lock`` (``filelock``) from start to end: a second build into the same folder
waits, and says so ("another build is writing this folder"); the run cache under ``<out>/cache`` and the
outputs are only ever written by the build that holds the lock.

It writes its whole set of outputs into a staging folder beside them, which becomes a *generation*
folder ``<out>/.gen-*``; ``<out>/.current`` is a symlink to the generation in use, and each output
(``briefing.html``, the PDF editions ``briefing.pdf`` and ``briefing-methods.pdf``, ``key_figures.csv``,
``notebooks``, ``manifest.json`` ...) is a symlink
``<out>/<name> -> .current/<name>``. The swap is one ``os.replace`` of ``.current``: at every instant a
reader resolves every output into the same generation, the previous one or the new one, never a mixture.
If that rename fails, nothing changed.

``manifest.json`` lists every output of the last build with its size, SHA-256 and the parameters it was
built with; outputs of an earlier build that this one does not make (the PDFs left from a build of both
formats when only HTML is asked for) are removed, and the build says so.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tradebrief.sources.files import sha256_file

LOCK = ".build.lock"
CURRENT = ".current"


def read_manifest(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return {}


@contextmanager
def one_build_at_a_time(out_dir: Path, say=None) -> Iterator[None]:
    """Hold the output folder's build lock; a build that finds it held says so and waits for it."""
    from filelock import FileLock, Timeout
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(out_dir / LOCK)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        (say or _say)(f"tradebrief: another build is writing this folder ({out_dir}); waiting for it to finish")
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class Stage:
    """A staging folder for one build's outputs (``<out>/.stage-<pid>``), swapped in as a whole."""

    def __init__(self, out_dir: Path):
        self.out = Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self._clean_abandoned()
        self.dir = self.out / f".stage-{os.getpid()}"
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir()

    def _clean_abandoned(self) -> None:
        """Staging and generation folders of builds that were killed. Only the build holding the lock writes
        here, so anything but the current generation is left over."""
        current = self.current()
        for p in self.out.glob(".*"):
            if p.name.startswith((".stage-", ".old-", ".gen-", ".link-")) and p != current:
                _remove(p)

    def current(self) -> Path | None:
        """The generation folder the outputs point into, or None before the first swap."""
        link = self.out / CURRENT
        return self.out / os.readlink(link) if link.is_symlink() else None

    def path(self, name: str) -> Path:
        return self.dir / name

    def write_manifest(self, name: str, **info) -> None:
        files = []
        for p in sorted(q for q in self.dir.rglob("*") if q.is_file()):
            files.append({"path": p.relative_to(self.dir).as_posix(), "bytes": p.stat().st_size, "sha256": sha256_file(p)})
        self.path(name).write_text(json.dumps({**info, "outputs": files}, indent=1, sort_keys=True) + "\n")

    def swap(self, keep_only: list[str], managed: list[str]) -> list[str]:
        """Make the staged outputs in ``keep_only`` the folder's outputs, in one rename.

        Returns the names of earlier outputs that were removed because this build does not make them.
        On a failure before the switch nothing has changed and the error is raised."""
        before = self.current()
        had = {n for n in managed if (self.out / n).exists() or (before is not None and (before / n).exists())}
        generation = self.out / f".gen-{time.time_ns()}-{os.getpid()}"
        os.rename(self.dir, generation)
        link = self.out / f".link-{os.getpid()}"
        _remove(link)
        copied = self.out / CURRENT   # a folder copied with its links followed (cp -rL) holds .current as a real folder:
        aside = self.out / f".old-{os.getpid()}-current"   # its outputs are plain files, which _link replaces below
        if copied.is_dir() and not copied.is_symlink():
            os.rename(copied, aside)
        try:
            os.symlink(generation.name, link)
            os.replace(link, self.out / CURRENT)           # the switch: every output at once
        except BaseException:
            _remove(link)
            if aside.exists():
                os.rename(aside, copied)
            os.rename(generation, self.dir)              # back to a stage the caller discards
            raise
        _remove(aside)
        for name in managed:
            final = self.out / name
            if name in keep_only:
                if not (final.is_symlink() and os.readlink(final) == f"{CURRENT}/{name}"):
                    self._link(name)
            elif final.is_symlink() or final.exists():
                _remove(final)
        if before is not None and before != generation:
            _remove(before)
        return [n for n in managed if n in had and n not in keep_only]

    def _link(self, name: str) -> None:
        """``<out>/<name> -> .current/<name>``, replacing an output an older build wrote as a plain file or folder."""
        final = self.out / name
        link = self.out / f".link-{os.getpid()}-{name}"
        _remove(link)
        os.symlink(f"{CURRENT}/{name}", link)
        if final.is_dir() and not final.is_symlink():
            aside = self.out / f".old-{os.getpid()}-{name}"
            os.rename(final, aside)
            os.replace(link, final)
            _remove(aside)
        else:
            os.replace(link, final)

    def discard(self) -> None:
        _remove(self.dir)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)
