"""The world picture's indicators give the same answer on DuckDB and on Spark (local mode), on the generated
BACI-shaped release of tests/test_engines.py (TEST DATA: random values, real-looking codes), and the same
answer as a computation from the release's raw CSVs with the csv module."""
from __future__ import annotations

import csv
from collections import defaultdict

import pandas as pd
import pytest
from test_engines import CODES, converted, spark  # noqa: F401  (fixtures: the converted release, the Spark session)

from tradebrief import engines
from tradebrief.indicators import world


@pytest.fixture(scope="module")
def on_duckdb(converted):  # noqa: F811
    return world.economy_shares(engines.read_panel(engines.connect("duckdb"), converted), "CHN", "USA")


def test_same_world_picture_on_duckdb_and_spark(converted, spark, on_duckdb):  # noqa: F811
    on_spark = world.economy_shares(engines.read_panel(spark, converted), "CHN", "USA")
    assert engines.engine_name(spark) == "spark"
    assert on_duckdb["partner_leads"].any() and not on_duckdb["partner_leads"].all()
    # float sums may differ in the last bits with the engines' summation order; nothing else may differ
    pd.testing.assert_frame_equal(on_duckdb, on_spark, check_exact=False, rtol=1e-12, atol=0)


def raw_totals(release) -> dict:
    """(year, flow, economy) -> [world, from/to China, from/to the United States], thousand USD, from the CSVs."""
    totals = defaultdict(lambda: [0.0, 0.0, 0.0])
    for path in sorted(release.glob("BACI_*.csv")):
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                exporter, importer, value = CODES[int(row["i"])], CODES[int(row["j"])], float(row["v"])
                for flow, own, other in (("import", importer, exporter), ("export", exporter, importer)):
                    t = totals[(int(row["t"]), flow, own)]
                    t[0] += value
                    t[1] += value if other == "CHN" else 0.0
                    t[2] += value if other == "USA" else 0.0
    return totals


def test_shares_and_ranks_equal_a_computation_from_the_raw_csvs(converted, on_duckdb):  # noqa: F811
    totals = raw_totals(converted.parents[1] / "baci")
    countries = {k: v for k, v in totals.items() if k[2] != "S19"}   # 490 "Other Asia, nes" is not a country
    assert len(on_duckdb) == len(countries)
    for r in on_duckdb.itertuples():
        world_, chn, usa = countries[(r.year, r.flow, r.economy)]
        assert r.partner_share == pytest.approx(100 * chn / world_, rel=1e-9)
        assert r.comparison_share == pytest.approx(100 * usa / world_, rel=1e-9)
    for (year, flow), g in on_duckdb[on_duckdb["ranked"]].groupby(["year", "flow"]):
        by_share = sorted(((-100 * chn / w, e) for (y, f, e), (w, chn, usa) in countries.items()
                           if (y, f) == (year, flow) and e not in ("CHN", "USA")))
        assert g["economy"].tolist() == [e for _, e in by_share]   # no ties in random values: rank = place
        assert g["rank"].tolist() == list(range(1, len(by_share) + 1))
        leads = sum(chn > usa for (y, f, e), (w, chn, usa) in countries.items() if (y, f) == (year, flow) and e not in ("CHN", "USA"))
        assert int(g["partner_leads"].sum()) == leads
