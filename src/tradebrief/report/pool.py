"""The build's worker processes and kernel server, and stopping exactly those (never another child of
the calling process: inside Jupyter or pytest that would include Spark, Dask or chromedriver)."""
from __future__ import annotations

import multiprocessing as mp
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tradebrief.report.execute import init_worker


def default_jobs() -> int:
    """One worker per core, at most 8. On 2 cores a third worker was no faster for a cold build (benchmark:
    speed-up 2.56x and 2.58x with 3 workers against 2.76x with 2; the data load then competes with itself)."""
    return min(8, os.cpu_count() or 1)


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
        if self.kernel_server is None:
            if kernels.available():
                self.kernel_server = kernels.KernelServer(cache_dir / "kernel-server.log")
            else:
                print(f"tradebrief: {kernels.unavailable_reason()}: each notebook starts its own kernel (slower)",
                      file=sys.stderr)
        for f in [self.get().submit(os.getpid) for _ in range(self.workers)]:
            f.add_done_callback(lambda f: f.exception())

    def pids(self) -> list[int]:
        """The processes this pool started: its workers and its kernel server."""
        # ProcessPoolExecutor keeps its workers in ``_processes`` (pid -> Process) on every Python from 3.8 to
        # 3.13; no public accessor exists.
        workers = list(getattr(self.executor, "_processes", None) or {}) if self.executor is not None else []
        server = [self.kernel_server.process.pid] if self.kernel_server is not None else []
        return workers + server

    def abort(self) -> None:
        """Stop workers and their kernels at once: nothing is left running after an error or Ctrl-C."""
        if self.executor is None:
            self._close_kernel_server()
            return
        started = self.pids()
        hook = threading.excepthook
        threading.excepthook = lambda args: None  # the pool's manager thread complains about the killed workers
        self.executor.shutdown(wait=False, cancel_futures=True)
        kill_process_tree(started)
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


def kill_process_tree(pids: list[int]) -> None:
    """Terminate the given processes and every process below them (a worker's papermill kernel, the kernel
    server's forked kernels), so no kernel is orphaned; then kill what did not stop within 3 s.
    Only processes the build started are named here: other children of the calling process are left alone."""
    import psutil
    procs = []
    for pid in pids:
        try:
            p = psutil.Process(pid)
            procs += [p, *p.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
    for p in procs:
        try:
            p.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(procs, timeout=3)
    for p in alive:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
