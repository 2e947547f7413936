"""The world picture's indicators (tradebrief.indicators.world) on a tiny hand-made panel (TEST DATA, values
in thousand USD), run on DuckDB through ibis.memtable; every expected value is worked out by hand below."""
from __future__ import annotations

import ibis
import pandas as pd
import pytest

from tradebrief.indicators import world

# 2022: (exporter, importer, hs6, value). S19 ("Other Asia, nes") is an area, not a country.
ROWS_2022 = [
    ("CHN", "JPN", "850760", 10.0), ("CHN", "JPN", "280530", 20.0), ("USA", "JPN", "850760", 20.0),
    ("DEU", "JPN", "870323", 10.0), ("S19", "JPN", "854231", 40.0),          # JPN imports 100: CHN 30%, USA 20%
    ("CHN", "KOR", "850760", 50.0), ("USA", "KOR", "870323", 10.0), ("JPN", "KOR", "854231", 40.0),   # KOR: 50%, 10%
    ("CHN", "DEU", "850760", 10.0), ("USA", "DEU", "870323", 30.0), ("JPN", "DEU", "870323", 10.0),   # DEU (50): 20%, 60%
    ("CHN", "USA", "850760", 60.0), ("JPN", "USA", "870323", 40.0),          # the comparison's imports: CHN 60%
    ("USA", "CHN", "870323", 25.0), ("JPN", "CHN", "854231", 25.0),          # the partner's imports: USA 50%
    ("CHN", "S19", "850760", 100.0),                                         # an area's imports: never a row
    ("S19", "JPN", "280530", 0.0),
]
# 2021: two economies tie on China's share of their imports (50%); Germany imports nothing from China.
ROWS_2021 = [("CHN", "JPN", "850760", 10.0), ("DEU", "JPN", "850760", 10.0), ("CHN", "KOR", "850760", 5.0),
             ("USA", "KOR", "850760", 5.0), ("USA", "DEU", "850760", 5.0)]


@pytest.fixture(scope="module")
def panel():
    rows = [(2022, *r) for r in ROWS_2022] + [(2021, *r) for r in ROWS_2021]
    frame = pd.DataFrame(rows, columns=["year", "exporter", "importer", "hs6", "value"]).astype({"year": "int32"})
    return ibis.memtable(frame)   # run by Ibis's default backend, DuckDB


@pytest.fixture(scope="module")
def shares(panel):
    return world.economy_shares(panel, "CHN", "USA")


def _row(shares, year, flow, economy):
    r = shares[(shares["year"] == year) & (shares["flow"] == flow) & (shares["economy"] == economy)]
    assert len(r) == 1, (year, flow, economy)
    return r.iloc[0]


def test_imports_all_goods_with_areas_in_the_total(shares):
    jpn = _row(shares, 2022, "import", "JPN")
    assert jpn["total"] == 100.0   # 10 + 20 + 20 + 10 + 40 (+ 0) from S19 included: the world is every supplier
    assert jpn["partner_share"] == pytest.approx(30.0) and jpn["comparison_share"] == pytest.approx(20.0)
    deu = _row(shares, 2022, "import", "DEU")
    assert deu["partner_share"] == pytest.approx(20.0) and deu["comparison_share"] == pytest.approx(60.0)
    # China's share of the United States' imports is a figure (60%); the comparison is only left out of the ranking
    usa = _row(shares, 2022, "import", "USA")
    assert usa["partner_share"] == pytest.approx(60.0) and not usa["ranked"] and pd.isna(usa["rank"])


def test_an_area_that_is_not_a_country_has_no_row(shares):
    assert "S19" not in set(shares["economy"])


def test_ranks_and_leads_in_imports(shares):
    imp = shares[(shares["year"] == 2022) & (shares["flow"] == "import") & shares["ranked"]]
    assert imp["economy"].tolist() == ["KOR", "JPN", "DEU"]     # 50% > 30% > 20%
    assert imp["rank"].tolist() == [1, 2, 3]
    assert imp["partner_leads"].tolist() == [True, True, False]  # 50 > 10, 30 > 20, 10 < 30


def test_exports_are_read_from_the_exporter_side(shares):
    jpn = _row(shares, 2022, "export", "JPN")
    assert jpn["total"] == 115.0   # to KOR 40, DEU 10, USA 40, CHN 25
    assert jpn["partner_share"] == pytest.approx(100 * 25 / 115) and jpn["comparison_share"] == pytest.approx(100 * 40 / 115)
    exp = shares[(shares["year"] == 2022) & (shares["flow"] == "export") & shares["ranked"]]
    assert exp["economy"].tolist() == ["JPN", "DEU"]             # Korea exports nothing in this panel: no row
    assert exp["rank"].tolist() == [1, 2] and not exp["partner_leads"].any()   # Germany: 0 to either, not a lead


def test_ties_share_the_better_place(shares):
    imp = shares[(shares["year"] == 2021) & (shares["flow"] == "import") & shares["ranked"]]
    assert dict(zip(imp["economy"], imp["rank"])) == {"JPN": 1, "KOR": 1, "DEU": 3}


def test_summary_counts_the_ranked_economies(shares):
    s = world.world_summary(shares, "JPN", 2022)
    assert (s["import"]["economies"], s["import"]["partner_leads"]) == (3, 2)
    assert (s["export"]["economies"], s["export"]["partner_leads"]) == (2, 0)
    assert s["import"]["reporter"]["rank"] == 2
    assert world.world_summary(shares, "KOR", 2022)["export"]["reporter"] is None


def test_years_filter_and_peers(panel, shares):
    only = world.economy_shares(panel, "CHN", "USA", years=[2021])
    assert set(only["year"]) == {2021}
    pd.testing.assert_frame_equal(only, shares[shares["year"] == 2021].reset_index(drop=True))
    # largest importers other than the reporter, among the ranked: KOR 100, DEU 50 (USA and CHN are not ranked)
    assert world.peers(shares, "JPN", 2022, 5) == ["KOR", "DEU"]


def test_share_figures_one_row_per_economy_partner_and_flow(shares):
    f = world.share_figures(shares, "CHN", "USA", 2022)
    got = {(r.reporter, r.partner, r.flow): r.value for r in f.itertuples()}
    assert got[("JPN", "CHN", "import")] == 30.0 and got[("DEU", "USA", "import")] == 60.0
    assert got[("USA", "CHN", "import")] == 60.0 and got[("CHN", "USA", "import")] == 50.0   # each other's shares
    assert got[("JPN", "CHN", "export")] == round(100 * 25 / 115, 4)
    assert ("CHN", "CHN", "import") not in got and ("USA", "USA", "export") not in got   # no share of one's own trade
    # 2022 rows: imports of JPN, KOR, DEU, USA, CHN; exports of JPN, DEU, CHN, USA; each with two partners, less 4 self rows
    assert len(f) == 2 * (5 + 4) - 4 and set(f["period"]) == {"2022"}
