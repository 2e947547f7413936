"""Kernels forked from the build's kernel server (report/kernels.py) behave like fresh kernels."""
from __future__ import annotations

import os
import time

import nbformat
import pytest

from tradebrief.errors import NotebookError
from tradebrief.report import execute, kernels
from tradebrief.report.execute import Job, run_job

pytestmark = pytest.mark.skipif(not kernels.available(), reason="needs os.fork and Unix sockets")

PROBE = [
    "import os, json, sys\nimport matplotlib.pyplot as plt",
    "state = {'pid': os.getpid(), 'ppid': os.getppid(), 'cwd': os.getcwd(), "
    "'seen_before': 'left_behind' in globals(), 'backend': plt.get_backend(), "
    "'ipython': type(get_ipython()).__name__}\nleft_behind = 1",
    "fig, ax = plt.subplots()\nax.plot([1, 2], [3, 4])",
    "print(json.dumps(state))",
]


def _notebook(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("# Parameters\nx = 1", metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, path)
    return path


@pytest.fixture
def server(tmp_path, monkeypatch):
    srv = kernels.KernelServer(tmp_path / "server.log")
    monkeypatch.setitem(execute._worker, "kernel_server", srv.address)
    yield srv
    srv.close()


def _run(tmp_path, name, cells):
    src = _notebook(tmp_path / f"{name}.ipynb", cells)
    job = Job(name, src, {}, tmp_path, tmp_path / "cache", {"name": name})
    run_job(job, tmp_path / "failed")
    return nbformat.read(job.output, as_version=4)


def test_each_notebook_gets_its_own_fresh_kernel_process(tmp_path, server):
    import json
    runs = [_run(tmp_path, f"probe{i}", PROBE) for i in (1, 2)]
    states = [json.loads(nb.cells[-1].outputs[0]["text"]) for nb in runs]
    for nb, state in zip(runs, states):
        assert [c.execution_count for c in nb.cells] == list(range(1, len(nb.cells) + 1))   # from 1, as in a new kernel
        assert state["ppid"] == server.process.pid           # forked by the server ...
        assert state["pid"] != server.process.pid            # ... into a process of its own
        assert state["cwd"] == str(tmp_path)                  # in the job's folder
        assert state["seen_before"] is False                  # nothing left by the notebook before
        assert state["ipython"] == "ZMQInteractiveShell"
        assert "inline" in state["backend"]
        assert any("image/png" in o.get("data", {}) for o in nb.cells[-2].outputs)   # figures are shown inline
    assert states[0]["pid"] != states[1]["pid"]
    # the kernel is stopped once its notebook is done
    deadline = time.time() + 5
    while time.time() < deadline and any(kernels._running(s["pid"]) for s in states):
        time.sleep(0.05)
    assert not any(kernels._running(s["pid"]) for s in states)


def test_a_kernel_that_dies_fails_its_notebook_with_a_message_naming_it(tmp_path, server):
    with pytest.raises(NotebookError, match="dies.ipynb"):
        _run(tmp_path, "dies", ["import os\nos._exit(3)"])


def test_a_failing_cell_is_reported_as_with_an_ordinary_kernel(tmp_path, server):
    with pytest.raises(NotebookError, match=r"dividing.ipynb failed in cell 3 .*ZeroDivisionError"):
        _run(tmp_path, "dividing", ["a = 1", "a / 0"])


def test_closing_the_server_stops_the_kernels_it_forked(tmp_path):
    srv = kernels.KernelServer(tmp_path / "server.log")
    kernel = kernels.ForkedKernel(srv.address, tmp_path, tmp_path / "kernel.log")
    pid = kernel.km.pid
    assert kernels._running(pid)
    srv.close()
    assert not kernels._running(pid)
    assert srv.process.returncode == 0
    assert not os.path.exists(srv.address)


def test_without_a_server_papermill_starts_the_kernel(tmp_path, monkeypatch):
    import json
    monkeypatch.setitem(execute._worker, "kernel_server", None)
    nb = _run(tmp_path, "plain", PROBE)
    state = json.loads(nb.cells[-1].outputs[0]["text"])
    assert state["ppid"] == os.getpid() and state["seen_before"] is False


def test_a_kernel_that_dies_mid_notebook_leaves_the_cells_it_ran_with_the_reason(tmp_path, server):
    with pytest.raises(NotebookError, match=r"dies.ipynb could not be executed: the kernel died while running cell") as err:
        _run(tmp_path, "dies", ["print('before the crash')", "import os\nos._exit(3)"])
    kept = tmp_path / "failed" / "dies.ipynb"
    assert str(kept) in str(err.value)
    nb = nbformat.read(kept, as_version=4)
    assert any("before the crash" in o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "the kernel died while running cell" in nb.cells[-1].source
    assert not list((tmp_path / "cache" / "runs").glob("dies-*"))   # and it is no cache entry


def test_a_kernel_that_dies_at_start_up_is_started_once_more_and_the_build_says_so(tmp_path, monkeypatch, capfd):
    import papermill
    monkeypatch.setitem(execute._worker, "kernel_server", None)
    real, calls = papermill.execute_notebook, []

    def dies_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:   # what jupyter_client raises when a kernel exits before answering
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real(*args, **kwargs)
    monkeypatch.setattr(papermill, "execute_notebook", dies_once)
    nb = _run(tmp_path, "retried", ["print('ran')"])
    assert len(calls) == 2 and "ran" in nb.cells[-1].outputs[0]["text"]
    assert "the kernel of retried.ipynb died before its first cell" in capfd.readouterr().err


def test_the_server_signals_only_its_own_kernels(tmp_path, server):
    """A stop or liveness question for a pid that is not one of its kernels (here: this test's own process,
    as a reused pid would be) is answered without touching it."""
    assert kernels.request(server.address, {"op": "alive", "pid": os.getpid()}) == {"alive": False}
    kernels.request(server.address, {"op": "stop", "pid": os.getpid()})
    kernel = kernels.ForkedKernel(server.address, tmp_path, tmp_path / "kernel.log")
    assert kernels.request(server.address, {"op": "alive", "pid": kernel.km.pid}) == {"alive": True}
    pid = kernel.km.pid
    kernel.stop()
    deadline = time.time() + 5
    while time.time() < deadline and kernels._running(pid):
        time.sleep(0.05)
    assert not kernels._running(pid)


def test_no_forked_kernels_on_macos_and_the_build_says_so(tmp_path, monkeypatch, capfd):
    import sys

    from tradebrief.report.pool import WorkerPool
    monkeypatch.setattr(sys, "platform", "darwin")
    assert not kernels.available()
    pool = WorkerPool(1)
    try:
        pool.start(tmp_path)
        assert pool.kernel_server is None
    finally:
        pool.close()
    assert "kernels are not forked on macOS" in capfd.readouterr().err


def test_aborting_a_build_ends_only_the_processes_it_started(tmp_path):
    import subprocess
    import sys

    import psutil

    from tradebrief.report.pool import WorkerPool
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])   # e.g. chromedriver, Spark
    pool = WorkerPool(1)
    try:
        pool.start(tmp_path)
        pool.get().submit(os.getpid).result(timeout=120)
        started = pool.pids()
        assert started and bystander.pid not in started
        pool.abort()
        assert psutil.wait_procs([psutil.Process(p) for p in started if psutil.pid_exists(p)], timeout=5)[1] == []
        assert bystander.poll() is None   # still running
    finally:
        bystander.kill()
        bystander.wait()
        pool.close()
