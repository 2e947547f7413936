"""``tradebrief build``: data -> parameters check -> notebooks -> HTML + PDF + key figures.

Notebook runs are cached by the hash of everything they depend on (report/manifest.py); outputs
are staged and swapped in together only when the whole build succeeded (report/outputs.py), so a
failure never touches the previous good briefing.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from tradebrief.errors import OutputError, TradebriefError
from tradebrief.report import manifest, outputs
from tradebrief.report.config import apply_overrides, check_against_data, load_config
from tradebrief.report.execute import Job, init_worker, kill_process_tree, prune_runs, run_job, used_parameters

FORMATS = ("html", "pdf")


def default_jobs() -> int:
    """One worker per core, at most 8. On 2 cores a third worker was no faster for a cold build (benchmark:
    speed-up 2.56x and 2.58x with 3 workers against 2.76x with 2; the data load then competes with itself)."""
    return min(8, os.cpu_count() or 1)


@dataclass
class BuildOptions:
    root: Path
    config: Path | None = None
    overrides: list[str] = field(default_factory=list)
    formats: tuple[str, ...] = FORMATS
    force: bool = False
    jobs: int = field(default_factory=default_jobs)
    extra_data: list[Path] = field(default_factory=list)
    out_dir: Path | None = None
    progress: bool | None = None  # None: when stderr is a terminal


@dataclass
class BuildResult:
    executed: list[str]
    skipped: list[str]
    assembled: bool
    outputs: list[Path]
    seconds: float
    removed: list[str] = field(default_factory=list)   # outputs of an earlier build with other formats


class Progress:
    """Live display (notebook, cell, elapsed) on a terminal; silent otherwise."""

    def __init__(self, names: list[str], enabled: bool):
        self.state = {n: ("waiting", None, None) for n in names}
        self.start = {n: None for n in names}
        self.live = None
        if enabled:
            from rich.live import Live
            self.live = Live(self._render(), refresh_per_second=8, transient=False)

    def _render(self):
        from rich.table import Table
        t = Table(show_header=True, header_style="bold", box=None)
        t.add_column("notebook")
        t.add_column("status")
        t.add_column("elapsed", justify="right")
        for n, (status, cell, total) in self.state.items():
            text = f"cell {cell + 1}/{total}" if status == "running" and cell is not None else status
            el = f"{time.perf_counter() - self.start[n]:.1f}s" if self.start[n] and status == "running" else ""
            t.add_row(n, text, el)
        return t

    def update(self, name, status, cell=None, total=None):
        if self.state[name][0].startswith("done"):   # late cell messages from the worker's queue
            return
        if status == "running" and self.start[name] is None:
            self.start[name] = time.perf_counter()
        self.state[name] = (status, cell, total)
        if self.live:
            self.live.update(self._render())

    def __enter__(self):
        if self.live:
            self.live.__enter__()
        return self

    def __exit__(self, *exc):
        if self.live:
            self.live.__exit__(*exc)


class WorkerPool:
    """Worker processes (spawned on first use) shared by data loading, notebooks and the PDF,
    so a cold build keeps both cores busy; a no-op build never starts one."""

    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self.executor: ProcessPoolExecutor | None = None
        self.kernel_server = None   # report/kernels.py: forks each notebook's kernel (started when notebooks will run)

    def get(self) -> ProcessPoolExecutor:
        if self.executor is None:
            ctx = mp.get_context("spawn")
            address = self.kernel_server.address if self.kernel_server else None
            self.executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx, initializer=init_worker, initargs=(address,))
        return self.executor

    def start(self, cache_dir: Path) -> None:
        """Start the kernel server and every worker now (the pool otherwise starts them one task at a
        time), so they import what they need while this process loads the data."""
        from tradebrief.report import kernels
        if kernels.available() and self.kernel_server is None:
            self.kernel_server = kernels.KernelServer(cache_dir / "kernel-server.log")
        for f in [self.get().submit(os.getpid) for _ in range(self.workers)]:
            f.add_done_callback(lambda f: f.exception())

    def abort(self) -> None:
        """Stop workers and their kernels at once: nothing is left running after an error or Ctrl-C."""
        if self.executor is None:
            self._close_kernel_server()
            return
        hook = threading.excepthook
        threading.excepthook = lambda args: None  # the pool's manager thread complains about the killed workers
        self.executor.shutdown(wait=False, cancel_futures=True)
        kill_process_tree()
        threading.excepthook = hook
        self.executor = None
        self._close_kernel_server()

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True)
            self.executor = None
        self._close_kernel_server()

    def _close_kernel_server(self) -> None:
        if self.kernel_server is not None:
            self.kernel_server.close()
            self.kernel_server = None


def build(opts: BuildOptions) -> BuildResult:
    t0 = time.perf_counter()
    root = opts.root
    out_dir = opts.out_dir or root / "report" / "build"
    config = apply_overrides(load_config(opts.config or root / "report" / "briefing.toml"), opts.overrides)
    unknown = [f for f in opts.formats if f not in FORMATS]
    if unknown:
        raise TradebriefError(f"unknown format {unknown[0]!r}; choose html, pdf, or both")

    pool = WorkerPool(opts.jobs)
    try:
        return _build(opts, config, root, out_dir, pool, t0)
    except BaseException:
        pool.abort()
        raise
    finally:
        pool.close()


def _build(opts: BuildOptions, config, root: Path, out_dir: Path, pool: WorkerPool, t0: float) -> BuildResult:
    from tradebrief.sources import dataset_entry, discover, load_dataset
    cache_dir = out_dir / "cache"
    data_dir = (root / config.parameters.get("data_dir", "data")).resolve()
    extra = [Path(p).resolve() for p in opts.extra_data]
    loaded = []

    def dataset():
        if not loaded:
            loaded.append(load_dataset(data_dir, extra=extra, cache_dir=cache_dir, executor=pool.get))
        return loaded[0]

    data = manifest.data_manifest(discover(data_dir) + extra, data_dir, root)   # file hashes are memoised: no second read

    params = dict(config.parameters, data_dir=str(data_dir), extra_data=[str(p) for p in extra], cache_dir=str(cache_dir))
    code, env = manifest.code_manifest(assembly=False), manifest.environment()
    jobs, todo, skipped = [], [], []
    for name in config.notebooks:
        src = root / "notebooks" / f"{name}.ipynb"
        if not src.exists():
            raise TradebriefError(f"notebook {src} listed in {config.path} does not exist")
        nb_params = config.for_notebook(name, used_parameters(src, {*params, *config.per_notebook.get(name, {})}), base=params)
        job = Job(name, src, nb_params, root, cache_dir)
        job.manifest = {
            "step": f"notebook {name}",
            "notebook": manifest.sha256_path(src),
            "parameters": {k: manifest.relative(v, root) for k, v in nb_params.items() if k != "cache_dir"},
            "parameter_files": manifest.named_files(nb_params, root),
            "data": data, "code": code, "environment": env,
        }
        jobs.append(job)
        if opts.force or not job.is_current():
            todo.append(job)
        else:
            skipped.append(name)
            os.utime(job.entry)   # most recently used: pruning keeps it

    if todo:
        pool.start(cache_dir)
    # Parameters and sections are decided from the coverage of the loaded data, before any notebook runs.
    # The decision is kept beside the cached dataset, named by the parameters, the code and the sections
    # file: a no-op build then needs neither the dataset (pandas, Parquet) nor the check.
    entry = dataset_entry(data_dir, extra, cache_dir)
    decided = _plan_of(entry, config, root, dataset)
    for job in [j for j in jobs if j.name not in decided.included]:
        jobs.remove(job)
        if job in todo:
            todo.remove(job)
        elif job.name in skipped:
            skipped.remove(job.name)
    show = opts.progress if opts.progress is not None else sys.stderr.isatty()
    _execute_all(todo, pool, show, out_dir / "failed", preload_pdf="pdf" in opts.formats)
    prune_runs(cache_dir)

    outputs, removed = _assemble_if_needed(jobs, config, dataset, out_dir, opts, bool(todo), pool, decided.omitted)
    return BuildResult([j.name for j in todo], skipped, outputs is not None, outputs or [], time.perf_counter() - t0, removed)


def _execute_all(todo: list[Job], pool: WorkerPool, show: bool, failed_dir: Path, preload_pdf: bool = False) -> None:
    """Run the notebooks in the pool. ``preload_pdf``: the first worker left without a notebook imports
    WeasyPrint meanwhile, so the PDF (sent to an idle worker when the last notebook is done) starts at once."""
    if not todo:
        return
    manager = mp.get_context("spawn").Manager() if show else None  # cell-level progress only on a terminal
    try:
        queue = manager.Queue() if manager else None
        progress = Progress([j.name for j in todo], show)
        with progress:
            futures = {pool.get().submit(run_job, job, failed_dir, queue): job for job in todo}
            if preload_pdf:
                pool.get().submit(_preload_pdf)   # not waited for: the PDF imports what it needs anyway
            pending = set(futures)
            while pending:
                done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                while queue is not None and not queue.empty():
                    name, kind, cell, total = queue.get_nowait()
                    if kind == "cell":
                        progress.update(name, "running", cell, total)
                for f in done:
                    exc = f.exception()
                    if exc is not None:
                        raise exc
                    progress.update(futures[f].name, f"done in {f.result():.1f}s")
    finally:
        if manager is not None:
            manager.shutdown()


def _plan_of(entry: Path, config, root: Path, dataset: Callable):
    """Check the parameters against the coverage and plan the sections (``report.sections``); the plan is
    kept in the dataset's cache entry, keyed by parameters, code and the sections and claims files."""
    import json

    from tradebrief.coverage import Coverage, load_coverage
    from tradebrief.report.sections import Plan, plan, read_sections
    sections_file = root / "report" / "sections.toml"
    key = manifest.key_of({"parameters": config.parameters, "notebooks": config.notebooks,
                           "code": manifest.code_manifest(assembly=True), "sections": manifest.sha256_path(sections_file),
                           "files": manifest.named_files(config.parameters, root)})
    marker = entry / "plans" / f"{key[:24]}.json"
    if marker.exists():
        try:
            return Plan(**json.loads(marker.read_text(encoding="utf-8")))
        except (ValueError, TypeError):
            pass   # a damaged marker is decided again
    cov = load_coverage(entry / "coverage.json")
    if cov is None:
        cov = Coverage.from_dataset(dataset())
        _keep(entry, "coverage.json", cov.to_json())
    check_against_data(config, cov)
    files = {k: str(root / v) for k, v in config.parameters.items() if k.endswith("_file") and isinstance(v, str) and v}
    decided = plan(config.notebooks, {**config.parameters, **files}, cov, read_sections(sections_file))
    _keep(entry, f"plans/{marker.name}", json.dumps({"included": decided.included, "omitted": decided.omitted}))
    return decided


def _keep(entry: Path, name: str, text: str) -> None:
    """Write a small file into the dataset's cache entry, atomically; never create the entry itself
    (that would block its writing), and a read-only cache is no error."""
    if not (entry / "meta.json").exists():
        return
    target = entry / name
    try:
        target.parent.mkdir(exist_ok=True)
        tmp = target.with_name(target.name + f".tmp{os.getpid()}")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass


def _assembly_manifest(jobs: list[Job], config, opts, commit: str, omitted: list[dict] | None = None) -> dict:
    """Every input of assembly: the notebook runs, parameters, formats, template and assembly code,
    library versions, and the commit the stamp names (so a new commit re-stamps the briefing)."""
    return {"step": "assembly", "runs": {j.name: j.key for j in jobs}, "formats": list(opts.formats),
            "parameters": {k: manifest.relative(v, opts.root) for k, v in config.parameters.items()},
            "title": config.title, "code": manifest.code_manifest(assembly=True), "environment": manifest.environment(),
            "commit": commit, "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH"), "omitted": omitted or [],
            "command": [opts.overrides, [str(manifest.relative(str(Path(p).resolve()), opts.root)) for p in opts.extra_data]]}


def _preload_pdf() -> None:
    import weasyprint  # noqa: F401


def _render_pdf(html: str, path: Path, base_url: str) -> None:
    """The print variant of the briefing, rendered to PDF (runs in a worker when one is up)."""
    from tradebrief.report.assemble import write_pdf
    write_pdf(html, path, base_url=base_url)


def _slim(dataset, reporter: str):
    """What assembly needs of the dataset (provenance, coverage), small enough to send to a worker."""
    from dataclasses import replace
    t = dataset.trade
    return replace(dataset, trade=t[(t["reporter"] == reporter) & (t["frequency"] == "A") & (t["product"] == "TOTAL")])


MANIFEST = "manifest.json"


def _assemble_if_needed(jobs: list[Job], config, dataset: Callable, out_dir: Path, opts: BuildOptions, executed: bool, pool: WorkerPool,
                        omitted: list[dict] | None = None):
    """Assemble the briefing into a staging folder, then swap the whole set of outputs into place.

    ``dataset``: returns the loaded dataset (loaded only when assembly has to run).
    Returns (outputs written or None when everything was current, outputs of earlier builds removed)."""
    commit = manifest.git_commit(opts.root)
    asm = _assembly_manifest(jobs, config, opts, commit, omitted)
    key = manifest.key_of(asm)
    names = {"html": "briefing.html", "pdf": "briefing.pdf"}
    wanted = [names[f] for f in opts.formats] + ["key_figures.csv", "notebooks", MANIFEST]
    previous = outputs.read_manifest(out_dir / MANIFEST)
    if (not opts.force and not executed and previous.get("key") == key
            and all((out_dir / n).exists() for n in wanted)):
        return None, []
    import nbformat

    from tradebrief.report import keyfigures as kf
    from tradebrief.report.assemble import assemble_html
    figures = kf.merge([job.figures for job in jobs])
    dataset = _slim(dataset(), config.parameters["reporter"])
    stage = outputs.Stage(out_dir)
    try:
        figures.to_csv(stage.path("key_figures.csv"), index=False)
        nb_dir = stage.path("notebooks")
        nb_dir.mkdir()
        for job in jobs:
            shutil.copyfile(job.output, nb_dir / job.output.name)
        notebooks = [(job.name, nbformat.read(job.output, as_version=4)) for job in jobs]
        pdf_future = None
        if "pdf" in opts.formats:
            # the print HTML is made here first (quick), so the slow part, WeasyPrint's layout, starts at once
            args = (assemble_html(notebooks, config, dataset, figures, opts, for_print=True, omitted=omitted), stage.path(names["pdf"]), str(out_dir))
            if pool.executor is not None:   # workers are up (notebooks ran): render the PDF beside the HTML
                pdf_future = pool.executor.submit(_render_pdf, *args)
            else:
                _render_pdf(*args)
        if "html" in opts.formats:
            stage.path(names["html"]).write_text(assemble_html(notebooks, config, dataset, figures, opts, omitted=omitted), encoding="utf-8")
        if pdf_future is not None:
            pdf_future.result()
        stage.write_manifest(MANIFEST, key=key, parameters=asm["parameters"], formats=list(opts.formats), commit=commit)
        removed = stage.swap(keep_only=wanted, managed=[*names.values(), "key_figures.csv", "notebooks", MANIFEST])
    except outputs.RollbackError as exc:   # keep the staging folders: they hold what could not be put back
        raise OutputError(f"could not write the briefing to {out_dir}, and {exc}") from None
    except OSError as exc:
        stage.discard()
        raise OutputError(f"could not write the briefing to {out_dir}: {exc.strerror or exc}; "
                          "the previous briefing files are unchanged") from None
    except BaseException:
        stage.discard()
        raise
    return [out_dir / n for n in wanted if n not in ("notebooks", MANIFEST)], removed
