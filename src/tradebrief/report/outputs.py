"""All-or-nothing outputs: a build writes its whole set of outputs into a staging folder beside
``report/build/``, then swaps them in together; if any rename fails the earlier ones are rolled
back, so readers see either the previous briefing or the new one, never a mixture.

``report/build/manifest.json`` lists every output of the last build with its size, SHA-256 and the
parameters it was built with; outputs of an earlier build that this one does not make (a PDF
left from a build of both formats when only HTML is asked for) are removed, and the build says so.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from tradebrief.sources.files import sha256_file


def read_manifest(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return {}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class RollbackError(OSError):
    """A failed swap whose rollback could not put every previous output back."""

    def __init__(self, names: list[str], kept_in: Path):
        self.names, self.kept_in = names, kept_in
        super().__init__(f"could not restore {', '.join(names)}; the previous copies are kept in {kept_in}")


class Stage:
    """A staging folder for one build's outputs (``<out>/.stage-<pid>``)."""

    def __init__(self, out_dir: Path):
        self.out = Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self._clean_abandoned()
        self.dir = self.out / f".stage-{os.getpid()}"
        self.old = self.out / f".old-{os.getpid()}"
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir()

    def _clean_abandoned(self) -> None:
        """Staging folders of builds that were killed (their process is gone) are removed."""
        for p in list(self.out.glob(".stage-*")) + list(self.out.glob(".old-*")):
            pid = p.name.rsplit("-", 1)[-1]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(p, ignore_errors=True)

    def path(self, name: str) -> Path:
        return self.dir / name

    def write_manifest(self, name: str, **info) -> None:
        files = []
        for p in sorted(q for q in self.dir.rglob("*") if q.is_file()):
            files.append({"path": p.relative_to(self.dir).as_posix(), "bytes": p.stat().st_size, "sha256": sha256_file(p)})
        self.path(name).write_text(json.dumps({**info, "outputs": files}, indent=1, sort_keys=True) + "\n")

    def swap(self, keep_only: list[str], managed: list[str]) -> list[str]:
        """Replace the managed outputs in ``out`` by the staged ones in ``keep_only``, together.

        Returns the names of earlier outputs that were removed because this build does not make them.
        On any failure every output is put back as it was and the error is raised; if an output cannot
        be put back, ``RollbackError`` names it, so the message never claims more than is true."""
        self.old.mkdir(exist_ok=True)
        set_aside, placed = [], []
        try:
            for name in managed:
                final = self.out / name
                if final.exists() or final.is_symlink():
                    os.replace(final, self.old / name)
                    set_aside.append(name)
                if name in keep_only:
                    os.replace(self.dir / name, final)
                    placed.append(name)
        except BaseException as exc:
            unrestored = []
            for name in reversed(placed):
                try:
                    os.replace(self.out / name, self.dir / name)
                except OSError:
                    unrestored.append(name)
            for name in reversed(set_aside):
                try:
                    os.replace(self.old / name, self.out / name)
                except OSError:
                    unrestored.append(name)
            if unrestored:
                raise RollbackError(sorted(set(unrestored)), self.old) from exc
            raise
        removed = [n for n in set_aside if n not in keep_only]
        self.discard()
        return removed

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
        shutil.rmtree(self.old, ignore_errors=True)
