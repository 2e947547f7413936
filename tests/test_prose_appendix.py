"""The data appendix (tradebrief.prose.appendix, indicators.checks.rows_used) on hand-made frames."""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
from prose_numbers import unaccounted

from tradebrief.indicators.checks import rate_files_used, rows_used
from tradebrief.prose import appendix as prose

CANONICAL = ["reporter", "partner", "flow", "period", "frequency", "value", "currency", "product", "source"]
MINERALS = "data/comtrade/china_exports_to_japan_critical_minerals_monthly_2017_2024.csv"
ALL_2022 = "data/comtrade/china_germany_usa_all_partners_2022.csv"


def trade() -> pd.DataFrame:
    rows = [("CHN", p, f, "2022", "A", 1e9, "USD", "TOTAL", ALL_2022) for p in ("USA", "JPN", "WLD") for f in ("import", "export")]
    rows += [("USA", "CHN", f, "2022", "A", 1e9, "USD", "TOTAL", ALL_2022) for f in ("import", "export")]
    rows += [("CHN", "JPN", "export", f"2022-{m:02d}", "M", 1e6, "USD", "Rare Earths", MINERALS) for m in range(1, 13)]
    rows += [("JPN", "WLD", "export", "2024", "A", 1e12, "USD", "TOTAL", "data/comtrade/reporters_world_totals_2024.csv")]
    return pd.DataFrame(rows, columns=CANONICAL)


def test_china_us_briefing_does_not_draw_on_chinas_critical_minerals_file():
    t = trade()
    used = set(t.loc[rows_used(t, "CHN", "USA", 2022, 2022), "source"])
    assert used == {ALL_2022}
    # in a Japan–China briefing whose case study reads China's minerals exports to Japan, the file is drawn on
    study = {"series": {"reporter": "CHN", "partner": "JPN", "flow": "export", "frequency": "M", "currency": "USD"}}
    assert MINERALS in set(t.loc[rows_used(t, "JPN", "CHN", 2022, 2022, [study]), "source"])
    # a file of other years is not drawn on (so not cited): Japan's 2024 world totals in a 2022 briefing
    assert "data/comtrade/reporters_world_totals_2024.csv" not in set(t.loc[rows_used(t, "JPN", "CHN", 2022, 2022), "source"])


def test_rates_are_used_only_for_a_currency_that_is_converted():
    fx = pd.DataFrame({"period": ["2021", "2022", "2022"], "base": ["USD", "USD", "EUR"], "quote": ["JPY", "JPY", "USD"],
                       "source": ["a.csv", "b.csv", "eurofxref-hist.csv"]})
    assert rate_files_used(fx, "USD", 2022, 2022) == set()
    assert rate_files_used(fx, "JPY", 2022, 2022) == {"b.csv"}
    assert rate_files_used(fx, "EUR", 2022, 2022) == {"eurofxref-hist.csv"}   # quoted as the ECB does: dollars per euro


def _file(path):
    return SimpleNamespace(path=path, format="comtrade-plus", rows=12, first_period="2022", last_period="2022", partners=3,
                           flows=["export", "import"], products=1, currency="USD", partial_periods=[], title="t", publisher="p",
                           accessed="", licence="")


def test_coverage_of_one_file_is_singular_and_paths_break_at_escaped_spaces():
    t = prose.files_table([_file(ALL_2022)])
    assert t["caption"] == "Coverage of the 1 file this briefing draws on (all passed schema validation)"
    assert t["df"]["File"].iloc[0].replace("\u200b", "") == ALL_2022
    assert prose.files_table([_file("a"), _file("b")])["caption"].startswith("Coverage of the 2 files ")


def test_a_us_dollar_reporter_is_told_nothing_is_converted():
    empty = pd.DataFrame(columns=["period", "flow", "converted_usd", "comtrade_usd", "gap_pct", "rate", "rate_method"])
    p = prose.usd_check(empty, "USA", "USD", 2022, 2022, [])
    assert p.text == ("*The United States' data are in US dollars as published: no exchange rate is applied, so there is no "
                      "conversion to cross-check.*")
    assert "cannot be cross-checked" not in p.text
    assert not prose.rates_note(pd.DataFrame(), "USA", "USD", 2022, 2022)   # said once, above
    q = prose.usd_check(empty, "JPN", "JPY", 2022, 2022, [])
    assert q.text == ("*No UN Comtrade world totals of Japan in US dollars are loaded for 2022, so the conversion from Japanese yen "
                      "to US dollars cannot be cross-checked.*")


def test_usd_check_names_the_year_flows_beyond_the_tolerance_with_their_figures():
    cmp = pd.DataFrame({"period": ["2015", "2015", "2016"], "flow": ["import", "export", "import"], "converted_usd": [1, 1, 1],
                        "comtrade_usd": [1, 1, 1], "gap_pct": [3.5405, 0.1, -0.2], "rate": [121.0] * 3, "rate_method": ["a"] * 3})
    p = prose.usd_check(cmp, "JPN", "JPY", 2015, 2017, ["2015", "2016", "2017"])
    assert p.text == ("Japan's own world totals converted at the annual rate and UN Comtrade's US dollar figures agree within ±0.5% "
                      "except in 2015 imports (+3.54%), which UN Comtrade's valuation of those year-flows (CIF or FOB, revision) may "
                      "explain; the briefing's dollar figures are Japan's converted values, not UN Comtrade's. UN Comtrade world "
                      "totals are not loaded for 2017.")
    assert unaccounted(p, 2015, 2017) == []


def test_monthly_check_and_mirror_note_quote_recorded_figures():
    mva = pd.DataFrame({"year": ["2018", "2019"], "flow": ["export", "import"], "monthly_sum": [1, 1], "annual": [1, 1],
                        "gap_pct": [0.00002, -0.003], "monthly_source": ["m_2001_2019.csv"] * 2, "annual_source": ["a.csv"] * 2})
    p = prose.monthly_vs_annual(mva, "USA", "CHN")
    assert p.text.startswith("**Monthly vs annual.** The 12 monthly values of trade between the United States and China summed over "
                             "each year (2018–2019, from m_2001_2019.csv) match the annual totals (from a.csv): the largest "
                             "difference is **0.0030%** (import, 2019).")
    assert unaccounted(p, 2018, 2019) == []
    mirror = pd.DataFrame({"flow": ["import", "export"], "period": ["2022", "2022"], "gap_pct": [-1.2, 21.64]})
    m = prose.mirror_note(mirror, "USA", "CHN", 2022, 2022)
    assert m.text == ("**Mirror data.** China's own reports are loaded for 2022: the two sides differ by up to **21.6%** (the United "
                      "States' exports, 2022); the mirror-statistics section compares them and says why they differ.")
    assert unaccounted(m, 2022, 2022) == []


def test_areas_table_leaves_out_areas_that_round_to_nothing_and_says_how_many():
    """Shares printed at two decimals: an area under 0.005% of both flows would print "0.00 / 0.00" and is counted in the
    caption instead; an area with a visible share in one flow stays."""
    rows = [("Other Asia, nes", "S19", "area", "", "export", 2.5), ("Other Asia, nes", "S19", "area", "", "import", 3.75),
            ("Bunkers", "X1", "bunkers", "", "export", 0.004), ("Bunkers", "X1", "bunkers", "", "import", 0.0),
            ("Free zones", "X2", "free zones", "", "export", 0.0), ("Free zones", "X2", "free zones", "", "import", 0.006),
            ("LAIA, nes", "_X", "area", "", "export", 0.001), ("LAIA, nes", "_X", "area", "", "import", 0.002)]
    areas = pd.DataFrame([{"name": n, "partner": c, "kind": k, "note": note, "flow": f, "period": "2022", "share": s}
                          for n, c, k, note, f, s in rows])
    t = prose.areas_table(areas, "CHN")
    assert list(t["df"]["Area"]) == ["Free zones", "Other Asia, nes"]
    assert t["caption"].endswith("(2 areas under 0.005% of both flows not shown)")
    only_tiny = areas[areas["partner"].isin(["X1", "_X"])]
    assert prose.areas_table(only_tiny, "CHN") is None


def test_a_rates_file_of_many_currencies_is_counted_in_the_files_table():
    def info(path, currency):
        return SimpleNamespace(path=path, format="ecb-fx", rows=10, first_period="1999", last_period="2026-10", partners=0,
                               flows=[], products=0, currency=currency, partial_periods={})
    many = ", ".join(f"{c} per USD" for c in ("AUD", "BRL", "CAD", "CHF")) + ", USD per EUR"
    t = prose.files_table([info("data/fx/eurofxref-hist.csv", many), info("data/fx/AEXJPUS_annual.csv", "JPY per USD")])
    assert list(t["df"]["Currency"]) == ["5 exchange rates", "JPY/USD"]
