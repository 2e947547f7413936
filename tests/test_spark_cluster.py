"""Spark for real: a standalone Spark cluster (one master, one worker on 127.0.0.1) started from PySpark's
own launcher, ``bin/spark-class``, the HS6 indicators run on it with ``spark_master=spark://127.0.0.1:PORT``,
and the results compared with DuckDB's. PySpark's wheel ships ``bin/spark-class`` but not the
``sbin/start-master.sh`` / ``start-worker.sh`` wrappers of a Spark download; those wrappers only run
``spark-class org.apache.spark.deploy.master.Master`` (``...worker.Worker``) in the background, which is what
this test does, in processes it owns and stops.

The driver runs in a child Python process: a process holds one SparkContext, and the local-mode session
of tests/test_engines.py may already be running in this one. TEST DATA: the generated panel of
tests/test_engines.py (random values, real-looking codes).
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from tradebrief import engines
from tradebrief.indicators import hs6

pytestmark = pytest.mark.slow   # two JVMs and a driver: about a minute on the 2-core machine

DRIVER = """
import json, sys
from tradebrief import engines
from tradebrief.indicators import hs6
master, root, out = sys.argv[1:4]
con = engines.connect("spark", master)
sc = con._session.sparkContext
panel = engines.read_panel(con, root)
for level in (6, 4, 2):
    hs6.product_dependence(panel, "JPN", "CHN", level=level).to_pickle(f"{out}/level{level}.pkl")
executors = [e for e in sc._jsc.sc().getExecutorMemoryStatus().keySet().toList().mkString(",").split(",") if e]
json.dump({"master": sc.master, "block_managers": executors}, open(f"{out}/session.json", "w"))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(log: Path, text: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if log.exists() and text in log.read_text(errors="replace"):
            return
        if proc.poll() is not None:
            break
        time.sleep(0.5)
    raise AssertionError(f"{log.name}: no {text!r} within {timeout:.0f} s (exit {proc.poll()}):\n{log.read_text(errors='replace')[-3000:]}")


def _stop(proc: subprocess.Popen) -> None:
    """Stop a daemon this test started: SIGTERM to its process group (spark-class execs java, and a worker's
    executors are its children), then SIGKILL if it does not end."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """spark://127.0.0.1:PORT with one worker (1 core, 1 GB), stopped at the end of the module."""
    if engines.java_home() is None:
        if os.environ.get("CI"):
            pytest.fail("no Java runtime: CI must run the standalone-cluster test (install default-jre-headless)")
        pytest.skip("no Java runtime on this machine (Spark needs Java 17+)")
    import pyspark
    home = Path(pyspark.__file__).parent
    spark_class = home / "bin" / "spark-class"
    assert spark_class.exists(), f"{spark_class} missing: PySpark's launcher is needed to start a standalone cluster"
    work = tmp_path_factory.mktemp("spark-cluster")
    env = dict(os.environ, JAVA_HOME=engines.check_java(), SPARK_HOME=str(home), SPARK_LOCAL_IP="127.0.0.1",
               SPARK_LOG_DIR=str(work), SPARK_WORKER_DIR=str(work / "worker"), PYSPARK_PYTHON=sys.executable,
               SPARK_NO_DAEMONIZE="1")
    port = _free_port()
    url = f"spark://127.0.0.1:{port}"
    logs, procs = {}, []
    try:
        for role, args, ready in (
                ("master", ["org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", str(port),
                            "--webui-port", str(_free_port())], "I have been elected leader"),
                ("worker", ["org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
                            "--webui-port", str(_free_port()), "--work-dir", str(work / "worker"), url],
                 "Successfully registered with master")):
            logs[role] = work / f"{role}.log"
            with open(logs[role], "wb") as log:
                procs.append(subprocess.Popen([str(spark_class), *args], stdout=log, stderr=subprocess.STDOUT, env=env,
                                              start_new_session=True))
            _wait_for(logs[role], ready, procs[-1])
        yield url, logs, env
    finally:
        for proc in reversed(procs):
            _stop(proc)


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    from test_engines import generated_release

    from tradebrief.sources import baci_convert
    root = tmp_path_factory.mktemp("cluster-panel")
    return baci_convert.build_cache(generated_release(root / "baci"), root / "cache")


def test_hs6_indicators_on_a_standalone_cluster_equal_duckdb(cluster, converted, tmp_path):
    url, logs, env = cluster
    driver_env = dict(env, TRADEBRIEF_SPARK_PARTITIONS="4")
    run = subprocess.run([sys.executable, "-c", DRIVER, url, str(converted), str(tmp_path)], env=driver_env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    session = json.loads((tmp_path / "session.json").read_text())
    assert session["master"] == url
    assert len(session["block_managers"]) >= 2   # the driver's and the executor's on the worker
    assert "Asked to launch executor" in logs["worker"].read_text(errors="replace")   # the work ran on the worker
    duck = engines.read_panel(engines.connect("duckdb"), converted)
    for level in (6, 4, 2):
        on_duckdb = hs6.product_dependence(duck, "JPN", "CHN", level=level)
        on_cluster = pd.read_pickle(tmp_path / f"level{level}.pkl")
        assert len(on_duckdb) > 0 and on_duckdb["depends_on_partner"].any()
        # float sums may differ in the last bits with the engines' summation order; nothing else may differ
        pd.testing.assert_frame_equal(on_duckdb, on_cluster, check_exact=False, rtol=1e-12, atol=0)
