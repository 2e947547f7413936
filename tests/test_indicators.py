"""Indicators on small hand-made tables with hand-computed answers, and on the real data
against figures computed by hand (plain csv module) from the source file."""
import csv
import math
from collections import defaultdict

import pandas as pd
import pytest
from conftest import DATA

from tradebrief import indicators as ind


def table(rows):
    """rows: (partner, flow, period, value[, product])"""
    out = []
    for r in rows:
        partner, flow, period, value, *product = r
        out.append({"reporter": "JPN", "partner": partner, "flow": flow, "period": period, "frequency": "M" if "-" in period else "A",
                    "value": float(value), "currency": "JPY", "product": product[0] if product else "TOTAL", "source": "test"})
    return pd.DataFrame(out)


TOY = table([
    ("WLD", "export", "2020", 100), ("WLD", "import", "2020", 200),
    ("CHN", "export", "2020", 20), ("CHN", "import", "2020", 60),
    ("USA", "export", "2020", 25), ("USA", "import", "2020", 20),
    ("EU", "export", "2020", 40), ("EU", "import", "2020", 30),
    ("WLD", "export", "2021", 100), ("WLD", "import", "2021", 100),
    ("CHN", "export", "2021", 30), ("CHN", "import", "2021", 50),
    ("USA", "export", "2021", 20), ("USA", "import", "2021", 10),
])


def test_trade_values_total_is_exports_plus_imports():
    v = ind.trade_values(TOY, "JPN").set_index(["partner", "flow", "period"])["value"]
    assert v[("CHN", "total", "2020")] == 80 and v[("WLD", "total", "2021")] == 200


def test_shares_of_world_hand_computed():
    s = ind.shares_of_world(ind.trade_values(TOY, "JPN")).set_index(["partner", "flow", "period"])["share"]
    assert s[("CHN", "total", "2020")] == pytest.approx(100 * 80 / 300)     # 26.67%
    assert s[("USA", "export", "2020")] == pytest.approx(25.0)
    assert s[("CHN", "import", "2021")] == pytest.approx(50.0)


def test_ranks_exclude_aggregates():
    r = ind.partner_ranks(ind.trade_values(TOY, "JPN"))
    assert not set(r["partner"]) & {"WLD", "EU"}
    r = r.set_index(["partner", "flow", "period"])["rank"]
    assert r[("USA", "export", "2020")] == 1 and r[("CHN", "export", "2020")] == 2   # EU (40) is not a country
    assert r[("CHN", "export", "2021")] == 1


def test_balance():
    b = ind.balances(ind.trade_values(TOY, "JPN")).set_index(["partner", "period"])["value"]
    assert b[("CHN", "2020")] == -40 and b[("USA", "2021")] == 10


def test_hhi_hand_computed():
    h = ind.hhi_partners(ind.trade_values(TOY, "JPN")).set_index(["flow", "period"])
    # exports 2020: CHN 0.20, USA 0.25 (EU excluded) -> 0.04 + 0.0625
    assert h.loc[("export", "2020"), "hhi"] == pytest.approx(0.1025)
    assert h.loc[("export", "2020"), "listed_share"] == pytest.approx(45.0)


def test_crossings_found_from_data_including_back_and_forth():
    t = table([(p, "export", y, v) for y, (c, u) in {"2010": (5, 4), "2011": (4, 5), "2012": (6, 5), "2013": (7, 6), "2014": (6, 8)}.items()
               for p, v in (("CHN", c), ("USA", u), ("WLD", 20))])
    x = ind.export_crossings(ind.trade_values(t, "JPN"))
    assert list(x["period"]) == ["2011", "2012", "2014"]
    assert list(x["new_leader"]) == ["USA", "CHN", "USA"] and list(x["gap"]) == [1, 1, 2]
    assert ind.export_crossings(ind.trade_values(t[t.period <= "2010"], "JPN")).empty


def test_rolling_12m_needs_twelve_consecutive_months():
    months = [f"2020-{m:02d}" for m in range(1, 13)] + ["2021-01", "2021-03"]
    t = table([("CHN", "export", p, 1) for p in months])
    r = ind.rolling_12m(ind.trade_values(t, "JPN", frequency="M"))
    assert list(r["period"]) == ["2020-12", "2021-01"] and list(r["value"]) == [12, 12]


def test_growth_and_usd_conversion():
    g = ind.growth_yoy(ind.trade_values(TOY, "JPN")).set_index(["partner", "flow", "period"])["growth_pct"]
    assert g[("CHN", "export", "2021")] == pytest.approx(50.0) and math.isnan(g[("CHN", "export", "2020")])
    rates = pd.DataFrame({"period": ["2020"], "jpy_per_usd": [100.0], "method": ["x"], "source": ["x"]})
    usd = ind.to_usd(ind.trade_values(TOY, "JPN"), rates).set_index(["partner", "flow", "period"])["value"]
    assert usd[("CHN", "import", "2020")] == pytest.approx(0.6) and ("CHN", "import", "2021") not in usd.index


def test_import_dependence_and_tests_hand_computed():
    t = table([("WLD", "import", "2024", 100, "Widgets"), ("CHN", "import", "2024", 60, "Widgets"), ("KOR", "import", "2024", 30, "Widgets"),
               ("WLD", "import", "2024", 100, "Gadgets"), ("CHN", "import", "2024", 40, "Gadgets"), ("USA", "import", "2024", 40, "Gadgets")])
    d = ind.import_dependence(t, "JPN", "CHN").set_index("product")
    assert d.loc["Widgets", "partner_share"] == pytest.approx(60) and d.loc["Widgets", "hhi"] == pytest.approx(0.36 + 0.09)
    tests = ind.dependency_tests(d.reset_index(), "2024", share_min=50, hhi_min=0.4).set_index("product")
    assert tests.loc["Widgets", "dependent"] and not tests.loc["Gadgets", "dependent"]
    # HS-style data without a WLD row: the listed partners are the denominator
    d2 = ind.import_dependence(t[t.partner != "WLD"], "JPN", "CHN").set_index("product")
    assert d2.loc["Widgets", "partner_share"] == pytest.approx(100 * 60 / 90)


def test_shares_on_real_data_match_hand_computation_from_the_csv(dataset):
    sums = defaultdict(float)
    with open(DATA / "mof" / "trade_year_area_goods.csv", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["goods"] == "Grand Total" and r["area"] in ("China", "USA", "Grand Total"):
                sums[(r["area"], r["year"])] += float(r["value"])
    s = ind.shares_of_world(ind.trade_values(dataset.trade, "JPN"))
    s = s[s.flow == "total"].set_index(["partner", "period"])["share"]
    for year in ("2009", "2015", "2024", "2025"):
        assert s[("CHN", year)] == pytest.approx(100 * sums[("China", year)] / sums[("Grand Total", year)], rel=1e-12)
        assert s[("USA", year)] == pytest.approx(100 * sums[("USA", year)] / sums[("Grand Total", year)], rel=1e-12)
    assert 19.5 < s[("CHN", "2024")] < 20.5   # "about 20% of Japan's total commerce"


def test_real_export_crossings(dataset):
    x = ind.export_crossings(ind.trade_values(dataset.trade, "JPN"))
    from test_report import _raw_export_leader_changes, _raw_mof_grand_totals
    assert list(x["period"]) == _raw_export_leader_changes(_raw_mof_grand_totals(), 2009, 2025)   # derived from the raw CSV
    assert set(x["new_leader"]) == {"USA", "CHN"}


def test_cross_source_checks_within_tolerance(dataset):
    mva = ind.monthly_vs_annual(dataset.trade, "JPN", "CHN")
    assert set(mva["year"]) == {str(y) for y in range(2009, 2020)}
    assert mva["gap_pct"].abs().max() < 0.01   # monthly sums equal annual totals
    sec = ind.sections_vs_total(dataset.trade, "JPN")
    assert len(sec) == 2 * 17 and sec["gap_pct"].abs().max() < 1e-9
    rates = ind.annual_rates(dataset.fx)
    cmp = ind.usd_vs_comtrade(dataset.trade, rates, "JPN")
    # UN Comtrade world totals for Japan: the legacy extract 2010-2021 and the reporters' totals files 2023 and 2024
    # (data/SOURCES.md); FRED rates reach 2024; both flows each year
    assert sorted(set(cmp["period"])) == [str(y) for y in (*range(2010, 2022), 2023, 2024)]
    assert len(cmp) == 2 * 14 and cmp["gap_pct"].abs().max() < 5.0
    mirror = ind.mirror_gap(dataset.trade, "JPN", "CHN", rates)   # China's own all-goods reports are shipped for 2022 only
    assert set(mirror["period"]) == {"2022"} and set(mirror["flow"]) == {"import", "export"}


def test_claims_ledger_verdicts(dataset, root):
    claims = ind.load_claims(root / "report" / "claims.toml")
    v = ind.evaluate_claims(claims, dataset.trade, ind.annual_rates(dataset.fx), "JPN").set_index("id")["verdict"]
    assert v["largest_partner"] == "supported" and v["share_about_20pct"] == "supported" and v["more_than_us"] == "supported"
    assert v["us_overtook_2023"] == "supported"
    assert v["rare_earths_2010_2025"] == "no data"       # both events are outside the data's months
    assert v["bilateral_300bn_usd"] == "not supported"   # USD 291.7 bn at the annual average rate: short of 300
    # US exports minus China exports, MOF annual file: ¥2.50 trillion in 2023, ¥2.43 trillion in 2024 -> narrowed
    assert v["us_lead_widened_2024"] == "not supported"
    assert set(v) <= {"supported", "partly", "not supported", "no data"} and len(v) == 9


def test_claims_events_and_case_studies_belong_to_their_pair_and_years(root, tmp_path):
    from tradebrief.casestudies import case_studies_for, events_for, load_events
    from tradebrief.errors import ParameterError
    from tradebrief.indicators.claims import claims_for
    claims = ind.load_claims(root / "report" / "claims.toml")
    assert len(claims_for(claims, "JPN", "CHN", 2009, 2025)) == len(claims) == 9
    assert claims_for(claims, "JPN", "KOR", 2009, 2025) == []
    ids = {c["id"] for c in claims_for(claims, "jpn", "chn", 2009, 2023)}
    assert "us_overtook_2023" in ids and "largest_partner" not in ids   # a claim about 2024 needs 2024 in the briefing
    events, studies = load_events(root / "report" / "events.toml")
    assert {s["id"] for s in case_studies_for(studies, "JPN", "CHN", 2009, 2025)} == {"seafood_ban", "critical_minerals"}
    assert case_studies_for(studies, "JPN", "KOR", 2009, 2025) == [] and case_studies_for(studies, "JPN", "CHN", 2009, 2020) == []
    assert {e["id"] for e in events_for(events, "JPN", "CHN", 2009, 2020)} == {"rare_earths_2010"}
    bad = tmp_path / "claims.toml"
    bad.write_text('[[claim]]\nid = "x"\ntext = "t"\npublished = "p"\ntest = "rank"\nyears = [2024, 2024]\n')
    with pytest.raises(ParameterError, match=r"claims.toml: claim #1 lacks 'pair'"):
        ind.load_claims(bad)


def test_usd_check_reports_the_rate_applied(dataset):
    rates = ind.annual_rates(dataset.fx)
    cmp = ind.usd_vs_comtrade(dataset.trade, rates, "JPN", currency="JPY").set_index(["period", "flow"])
    # the rate read back from the conversion is the annual rate of the FRED file (JPY per USD, 2018: 110.3974)
    assert cmp.loc[("2018", "export"), "rate"] == pytest.approx(110.3974, rel=1e-9)
    assert ind.usd_vs_comtrade(dataset.trade, rates, "JPN", currency="USD").empty


def test_every_mof_group_has_a_readable_label():
    """Each name of the MOF classification has a label in words (reference/product_labels.csv), and
    labels read correctly mid-sentence (acronyms kept)."""
    from tradebrief import commodities
    names = set(commodities.hierarchy()["product"])
    labels = commodities._labels()
    assert names <= set(labels), sorted(names - set(labels))
    assert commodities.label("Semiconductors Etc") == "Semiconductors and other electronic components"
    assert commodities.label("Iron And Steel Products", mid_sentence=True) == "iron and steel products"
    assert commodities.label("Lng", mid_sentence=True) == "LNG"
    assert commodities.label("280530 rare-earth metals") == "280530 rare-earth metals"   # not MOF: as it is


def test_whole_year_changes_compares_whole_years_around_an_event():
    """Hand-made monthly series: 2021 and 2022 whole, 2023 whole, 2024 only 6 months (never compared).
    A: 10 a month in 2021, 30 in 2022, 15 in 2023 -> yearly 120, 360, 180. B: 5, 5, 10 a month -> 60, 60, 120."""
    import pandas as pd
    rows = []
    for year, a, b, months in (("2021", 10, 5, 12), ("2022", 30, 5, 12), ("2023", 15, 10, 12), ("2024", 99, 99, 6)):
        for m in range(1, months + 1):
            rows += [("A", f"{year}-{m:02d}", a), ("B", f"{year}-{m:02d}", b)]
    series = pd.DataFrame(rows, columns=["product", "period", "value"])
    w = ind.whole_year_changes(series, before="2023-07")   # last whole year before July 2023: 2022
    assert (w["ref"], w["last"], w["since_event"]) == ("2022", "2023", True)
    assert w["change"].to_dict() == pytest.approx({"A": 100 * (180 / 360 - 1), "B": 100 * (120 / 60 - 1)})
    assert (w["largest"], w["value"], w["peak"], w["peak_value"]) == ("A", 180, "2022", 360)
    w = ind.whole_year_changes(series)   # no event: from the first whole year
    assert (w["ref"], w["since_event"]) == ("2021", False) and w["change"]["A"] == pytest.approx(50.0)
    assert ind.whole_year_changes(series[series["period"] < "2022"]) is None   # one whole year: nothing to compare
