"""Running notebooks with papermill: in parallel worker processes, skipped when
nothing they depend on changed (content hashes, not timestamps)."""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tradebrief.errors import NotebookError
from tradebrief.report.manifest import key_of


@dataclass
class Job:
    """One notebook run: its inputs (``manifest``) and where its result lives in the run cache.

    The cache keeps one folder per key (``<cache>/runs/<notebook>-<key>/``), so switching between
    parameter sets is a hit, not a re-run; the build copies the folder's notebook into the outputs.
    """

    name: str
    source: Path
    parameters: dict
    cwd: Path
    cache_dir: Path
    manifest: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return key_of(self.manifest)

    @property
    def entry(self) -> Path:
        return self.cache_dir / "runs" / f"{self.name}-{self.key[:24]}"

    @property
    def output(self) -> Path:
        return self.entry / f"{self.name}.ipynb"

    @property
    def figures(self) -> Path:
        return self.entry / "key_figures.csv"

    @property
    def log(self) -> Path:
        return self.entry / "kernel.log"

    def is_current(self) -> bool:
        return (self.entry / "manifest.json").exists() and self.output.exists() and self.figures.exists()


def used_parameters(path: Path, names) -> set[str]:
    """The parameters among ``names`` that the notebook's code mentions (as a name, in an f-string or in a
    pandas ``query("partner == @partner")``). Only these are injected and keyed, so changing ``top_n``
    re-runs only the notebooks that use it. The parameters cell is not read: every notebook declares every
    parameter there (``tradebrief.paramcells``), so the other cells, not that one, say what a notebook uses;
    a word that also appears in a string only makes the key wider, never stale."""
    import re
    cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
    code = "\n".join("".join(c.get("source", "")) for c in cells
                     if c.get("cell_type") == "code" and "parameters" not in c.get("metadata", {}).get("tags", []))
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", code))
    return {n for n in names if n in words}


_worker: dict = {}   # set in each worker process of a build by init_worker


def init_worker(kernel_server: str | None = None) -> None:
    """Initializer of a build's worker process. ``kernel_server``: address of the build's kernel server
    (report/kernels.py), which forks each notebook's kernel; without one, papermill starts kernels."""
    _worker["kernel_server"] = kernel_server
    from tradebrief.errors import print_data_warnings
    print_data_warnings("tradebrief build")   # a data file loaded here warns the user as the main process would


def run_job(job: Job, failed_dir: Path, queue=None) -> float:
    """Execute one notebook (in a worker process) into a fresh cache entry. Returns seconds taken.

    The entry is written beside its final name and renamed only after the run succeeded, so a cache
    entry always holds a complete run. A failing run raises NotebookError naming notebook and cell,
    and its executed copy (with the traceback) is kept in ``failed_dir``. A kernel that dies before the
    first cell runs is started once more, and the build says so; one that dies in the middle leaves the
    cells it ran, with the reason, in ``failed_dir``.
    """
    import nbformat

    staging = job.entry.with_name(job.entry.name + f".tmp-{os.getpid()}")
    output, figures = staging / job.output.name, staging / job.figures.name
    total = len(nbformat.read(job.source, as_version=4).cells) + 1   # + the parameters cell papermill injects
    start = time.perf_counter()
    for attempt in (1, 2):
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        started: list[int] = []

        def on_cell_start(cell, cell_index, started=started):   # progress through nbclient's own hooks
            started.append(cell_index)
            if queue is not None:
                queue.put((job.name, "cell", cell_index, total))
        try:
            _execute(job, staging, failed_dir, on_cell_start)
            break
        except KernelDied as died:
            if not started and attempt == 1:
                say(f"tradebrief: the kernel of {job.source.name} died before its first cell ({died}); starting it again")
                continue
            when = "before its first cell, twice" if not started else f"while running cell {len(started)}"
            kept = _keep_failed(output, failed_dir, job.name, reason=f"the kernel died {when}: {died}")
            raise NotebookError(f"notebook {job.source.name} could not be executed: the kernel died {when} ({died})"
                                + (f"\n  the cells it ran are kept at {kept}" if kept else "")) from None
    if not figures.exists():   # a notebook that records no key figure still gets its (empty) table
        from tradebrief.report.keyfigures import KeyFigures
        KeyFigures(figures).save()
    (staging / "manifest.json").write_text(json.dumps(job.manifest, indent=1, sort_keys=True, default=str))
    _replace_entry(staging, job.entry)
    if queue is not None:
        queue.put((job.name, "done", None, None))
    return time.perf_counter() - start


class KernelDied(Exception):
    """The notebook's kernel stopped (or never answered) before the notebook was done."""


def _execute(job: Job, staging: Path, failed_dir: Path, on_cell_start) -> None:
    """One papermill run of the notebook into the staging folder; a failing cell raises NotebookError,
    a kernel that dies raises KernelDied."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError
    output, figures = staging / job.output.name, staging / job.figures.name
    params = dict(job.parameters, figures_path=str(figures))
    kernel = None
    saved_stderr = os.dup(2)
    # Kernel chatter (e.g. transport warnings) goes to this run's log, not the terminal; stderr is restored after.
    with open(staging / job.log.name, "a") as log:
        os.dup2(log.fileno(), 2)
        try:
            kernel = _forked_kernel(job, staging / job.log.name, saved_stderr)
            pm.execute_notebook(str(job.source), str(output), parameters=params, progress_bar=False,
                                cwd=str(job.cwd), kernel_name="python3", language="python", log_output=False,
                                start_timeout=300,   # a busy machine can take over a minute to start a kernel
                                on_cell_start=on_cell_start, **({"km": kernel.km} if kernel else {}))
        except PapermillExecutionError as exc:
            if exc.ename == "SectionOmitted":   # the notebook left its section out (tradebrief.notebook.omit_section)
                _drop_error_banner(output)
            else:
                kept = _keep_failed(output, failed_dir, job.name)
                raise NotebookError(_failure(job, exc, kept)) from None
        except Exception as exc:  # kernel died at start or mid-notebook, bad notebook JSON, ...
            if _is_kernel_death(exc):
                raise KernelDied(f"{type(exc).__name__}: {exc}") from None
            shutil.rmtree(staging, ignore_errors=True)
            raise NotebookError(f"notebook {job.source.name} could not be executed: {type(exc).__name__}: {exc}") from None
        finally:
            os.dup2(saved_stderr, 2)
            os.close(saved_stderr)
            if kernel is not None:
                kernel.stop()


def _is_kernel_death(exc: Exception) -> bool:
    """nbclient's DeadKernelError (died mid-notebook), or jupyter_client's start-up failures ("Kernel died
    before replying to kernel_info", "Kernel didn't respond in ... seconds")."""
    from nbclient.exceptions import DeadKernelError
    return isinstance(exc, DeadKernelError) or bool(re.search(r"[Kk]ernel (died|didn't respond)", str(exc)))


def say(text: str) -> None:
    """A line for the user on the build's stderr (a worker's stderr is the build's)."""
    print(text, file=sys.stderr, flush=True)


def _replace_entry(staging: Path, entry: Path) -> None:
    """Put a complete run in place of its cache entry: the old entry is renamed aside first (a rename, not a
    delete, so no reader finds half a folder), then the new one renamed in, then the old one deleted."""
    aside = entry.with_name(entry.name + f".old-{os.getpid()}")
    shutil.rmtree(aside, ignore_errors=True)
    if entry.exists():
        os.rename(entry, aside)
    os.replace(staging, entry)
    shutil.rmtree(aside, ignore_errors=True)


def _forked_kernel(job: Job, log: Path, stderr_fd: int):
    """This notebook's kernel from the build's kernel server, or None: papermill then starts one itself,
    and the user is told why on the build's stderr (``stderr_fd``; fd 2 goes to the kernel log meanwhile)."""
    address = _worker.get("kernel_server")
    if not address:
        return None
    from tradebrief.report.kernels import ForkedKernel
    try:
        return ForkedKernel(address, job.cwd, log)
    except Exception as exc:
        os.write(stderr_fd, f"tradebrief: kernel server unavailable for {job.source.name} "
                            f"({type(exc).__name__}: {exc}); starting a kernel\n".encode())
        return None


def _failure(job: Job, exc, kept: Path) -> str:
    first = exc.source.strip().splitlines()[0][:60] if exc.source.strip() else ""
    return (f"notebook {job.source.name} failed in cell {_cell_number(job.source, exc.source, exc.cell_index)} "
            f"(`{first}`): {exc.ename}: {exc.evalue}\n  the executed copy with the full traceback is kept at {kept}")


def _drop_error_banner(output: Path) -> None:
    """papermill marks a stopped run with an error banner cell; a section left out on purpose is no error."""
    import nbformat
    nb = nbformat.read(output, as_version=4)
    nb.cells = [c for c in nb.cells if "papermill-error-cell-tag" not in c.get("metadata", {}).get("tags", [])]
    nbformat.write(nb, output)


def _keep_failed(output: Path, failed_dir: Path, name: str, reason: str | None = None) -> Path | None:
    """Move the executed copy into ``failed_dir`` (with ``reason`` as a last markdown cell when the failure
    left no traceback in it, e.g. a kernel that died); None when nothing was executed."""
    failed_dir.mkdir(parents=True, exist_ok=True)
    kept = failed_dir / f"{name}.ipynb"
    if output.exists():
        if reason:
            import nbformat
            nb = nbformat.read(output, as_version=4)
            nb.cells.append(nbformat.v4.new_markdown_cell(f"**tradebrief: {reason}**"))
            nbformat.write(nb, output)
        shutil.move(output, kept)
    else:
        kept = None
    shutil.rmtree(output.parent, ignore_errors=True)   # a failed run never becomes a cache entry
    return kept


def prune_runs(cache_dir: Path, keep: int = 6, in_use=()) -> None:
    """Keep the ``keep`` most recently used runs of each notebook (a hit touches its entry), and always the
    runs in ``in_use`` (this build's). The build runs it holding its output folder's lock, so no other build
    is writing the cache; a folder that vanished meanwhile is passed over."""
    runs = Path(cache_dir) / "runs"
    if not runs.is_dir():
        return
    in_use = {Path(p) for p in in_use}
    by_name: dict[str, list[tuple[float, Path]]] = {}
    for entry in runs.iterdir():
        if ".tmp-" in entry.name or ".old-" in entry.name:
            continue
        try:
            used = entry.stat().st_mtime
        except FileNotFoundError:
            continue
        by_name.setdefault(entry.name.rsplit("-", 1)[0], []).append((used, entry))
    for entries in by_name.values():
        for _, old in sorted(entries, reverse=True)[keep:]:
            if old not in in_use:
                shutil.rmtree(old, ignore_errors=True)


def _cell_number(source_nb: Path, cell_source: str, executed_index: int) -> int:
    """1-based number of the failing cell in the notebook as committed (papermill's index
    counts the parameters cell it injects)."""
    import nbformat
    cells = nbformat.read(source_nb, as_version=4).cells
    matches = [i for i, c in enumerate(cells) if c.source == cell_source]
    return (min(matches, key=lambda i: abs(i - executed_index)) if matches else executed_index) + 1
