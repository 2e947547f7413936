"""``tradebrief build``, the orchestration: data -> parameters check -> notebooks -> HTML + PDF + key figures.

Notebook runs are cached by the hash of everything they depend on (report/manifest.py) and run in the
build's worker pool (report/pool.py, report/execute.py) with a live display (report/progress.py); the
outputs are assembled when their inputs changed (report/publish.py) and swapped in together, one build
at a time per output folder (report/outputs.py), so a failure never touches the previous good briefing.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field
from pathlib import Path

from tradebrief.errors import ParameterError, TradebriefError
from tradebrief.report import manifest, outputs
from tradebrief.report.config import apply_overrides, check_against_data, load_config
from tradebrief.report.execute import Job, prune_runs, run_job, used_parameters
from tradebrief.report.pool import WorkerPool, default_jobs
from tradebrief.report.progress import Progress
from tradebrief.report.publish import assemble_if_needed, preload_pdf_libraries

FORMATS = ("html", "pdf")


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


def build(opts: BuildOptions) -> BuildResult:
    t0 = time.perf_counter()
    root = opts.root
    out_dir = opts.out_dir or root / "report" / "build"
    config = apply_overrides(load_config(opts.config or root / "report" / "briefing.toml"), opts.overrides)
    missing = [p for p in opts.extra_data if not Path(p).exists()]
    if missing:   # said in one line, as `tradebrief validate` says it, before anything starts
        raise ParameterError(f"--data {missing[0]}: file not found -> check the path")
    unknown = [f for f in opts.formats if f not in FORMATS]
    if unknown:
        raise TradebriefError(f"unknown format {unknown[0]!r}; choose html, pdf, or both")

    with outputs.one_build_at_a_time(out_dir):   # a second build into this folder waits, and says so
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
    if todo:   # after the plan: a section left out never starts the workers
        pool.start(cache_dir)
    show = opts.progress if opts.progress is not None else sys.stderr.isatty()
    _execute_all(todo, pool, show, out_dir / "failed", preload_pdf="pdf" in opts.formats)
    prune_runs(cache_dir, in_use=[j.entry for j in jobs])

    written, removed = assemble_if_needed(jobs, config, dataset, out_dir, opts, bool(todo), pool, decided.omitted)
    return BuildResult([j.name for j in todo], skipped, written is not None, written or [], time.perf_counter() - t0, removed)


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
                pool.get().submit(preload_pdf_libraries)   # not waited for: the PDF imports what it needs anyway
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
    has_sections = sections_file.exists()   # a project without one declares no needs: every section runs
    key = manifest.key_of({"parameters": config.parameters, "notebooks": config.notebooks, "code": manifest.code_manifest(assembly=True),
                           "sections": manifest.sha256_path(sections_file) if has_sections else None,
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
    decided = plan(config.notebooks, {**config.parameters, **files}, cov, read_sections(sections_file) if has_sections else {})
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
