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
