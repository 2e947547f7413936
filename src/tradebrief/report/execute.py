"""Running notebooks with papermill: in parallel worker processes, skipped when
nothing they depend on changed (content hashes, not timestamps)."""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from tradebrief.errors import NotebookError

PACKAGE = Path(__file__).resolve().parents[1]
# Modules that never run inside a notebook: editing them must not re-execute notebooks.
_NOT_IN_NOTEBOOKS = {"cli.py", "report/execute.py", "report/assemble.py", "report/build.py", "report/config.py"}


def code_hash() -> str:
    h = hashlib.sha256()
    for p in sorted(PACKAGE.rglob("*.py")):
        rel = p.relative_to(PACKAGE).as_posix()
        if rel not in _NOT_IN_NOTEBOOKS:
            h.update(rel.encode())
            h.update(p.read_bytes())
    return h.hexdigest()


@dataclass
class Job:
    name: str
    source: Path
    output: Path
    figures: Path
    parameters: dict
    cwd: Path

    def key(self, data_key: str, code: str) -> str:
        h = hashlib.sha256()
        h.update(self.source.read_bytes())
        # where the dataset cache lives does not change results: a moved build folder stays current
        results_params = {k: v for k, v in self.parameters.items() if k != "cache_dir"}
        h.update(json.dumps(results_params, sort_keys=True, default=str).encode())
        h.update(data_key.encode())
        h.update(code.encode())
        return h.hexdigest()

    @property
    def key_file(self) -> Path:
        return self.output.with_suffix(".key")

    def is_current(self, key: str) -> bool:
        return (self.output.exists() and self.figures.exists() and self.key_file.exists()
                and self.key_file.read_text().strip() == key)


def declared_parameters(path: Path, cache_dir: Path | None = None) -> set[str]:
    """Names in the notebook's papermill ``parameters`` cell (remembered per notebook content)."""
    memo = None
    if cache_dir is not None:
        memo = Path(cache_dir) / f"params-{hashlib.sha256(Path(path).read_bytes()).hexdigest()[:20]}.json"
        if memo.exists():
            return set(json.loads(memo.read_text()))
    names = _inspect_parameters(Path(path))
    if memo is not None:
        try:
            memo.parent.mkdir(parents=True, exist_ok=True)
            memo.write_text(json.dumps(sorted(names)))
        except OSError:
            pass
    return names


def _inspect_parameters(path: Path) -> set[str]:
    import nbformat
    import papermill as pm
    nb = nbformat.read(path, as_version=4)
    if nb.metadata.get("kernelspec", {}).get("name"):
        return set(pm.inspect_notebook(str(path)).keys())
    # papermill needs a kernel name to read the parameters cell; notebooks saved without one get python3
    import tempfile
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        nbformat.write(nb, copy)
        return set(pm.inspect_notebook(str(copy)).keys())


def run_job(job: Job, key: str, queue=None) -> float:
    """Execute one notebook (in a worker process). Returns seconds taken; raises NotebookError."""
    import papermill as pm
    from papermill.engines import NotebookExecutionManager
    from papermill.exceptions import PapermillExecutionError

    if queue is not None:
        original = NotebookExecutionManager.cell_start

        def cell_start(self, cell, cell_index=None, **kwargs):
            queue.put((job.name, "cell", cell_index, len(self.nb.cells)))
            return original(self, cell, cell_index, **kwargs)

        NotebookExecutionManager.cell_start = cell_start
    job.output.parent.mkdir(parents=True, exist_ok=True)
    job.key_file.unlink(missing_ok=True)
    # Kernel chatter (e.g. transport warnings) goes to a log beside the executed notebook, not the terminal.
    log = open(job.output.with_suffix(".log"), "w")
    os.dup2(log.fileno(), 2)
    params = dict(job.parameters, figures_path=str(job.figures))
    start = time.perf_counter()
    try:
        pm.execute_notebook(str(job.source), str(job.output), parameters=params, progress_bar=False,
                            cwd=str(job.cwd), kernel_name="python3", language="python", log_output=False)
    except PapermillExecutionError as exc:
        raise NotebookError(
            f"notebook {job.source.name} failed in cell {_cell_number(job.source, exc.source, exc.cell_index)} "
            f"(`{exc.source.strip().splitlines()[0][:60] if exc.source.strip() else ''}`): {exc.ename}: {exc.evalue}\n"
            f"  the executed copy with the full traceback is kept at {job.output}") from None
    except Exception as exc:  # kernel died, bad notebook JSON, ...
        raise NotebookError(f"notebook {job.source.name} could not be executed: {type(exc).__name__}: {exc}") from None
    job.key_file.write_text(key)
    if queue is not None:
        queue.put((job.name, "done", None, None))
    return time.perf_counter() - start


def _cell_number(source_nb: Path, cell_source: str, executed_index: int) -> int:
    """1-based number of the failing cell in the notebook as committed (papermill's index
    counts the parameters cell it injects)."""
    import nbformat
    cells = nbformat.read(source_nb, as_version=4).cells
    matches = [i for i, c in enumerate(cells) if c.source == cell_source]
    return (min(matches, key=lambda i: abs(i - executed_index)) if matches else executed_index) + 1


def kill_process_tree(pid: int | None = None) -> None:
    """Terminate every child process (workers and their kernels), so no kernel is orphaned."""
    import psutil
    try:
        parent = psutil.Process(pid or os.getpid())
    except psutil.NoSuchProcess:
        return
    children = parent.children(recursive=True)
    for c in children:
        try:
            c.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(children, timeout=3)
    for c in alive:
        try:
            c.kill()
        except psutil.NoSuchProcess:
            pass
