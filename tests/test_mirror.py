"""Mirror statistics: two reporters' reports of each other, built by hand in canonical form.

Japan reports in yen, China in US dollars; every expected gap is worked out here from the numbers
written in the test, (reporter's figure in USD / partner's figure - 1) x 100.
"""
from __future__ import annotations

import csv
import json
import shutil

import pandas as pd
import pytest

from tradebrief import indicators as ind
from tradebrief.indicators import mirror_gap

CANONICAL = ["reporter", "partner", "flow", "period", "frequency", "value", "currency", "product", "source"]

JPY_PER_USD = {"2019": 109.0, "2020": 106.8, "2021": 109.8, "2022": 131.5}
# Japan's own reports (yen)
JPN_IMPORTS = {"2019": 18.4e12, "2020": 17.5e12, "2021": 20.4e12, "2022": 24.8e12, "2023": 24.0e12}
JPN_EXPORTS = {"2020": 15.1e12, "2021": 17.98e12, "2022": 19.0e12, "2023": 17.7e12}
# China's reports of the same trade (dollars); 2019 exports only as twelve monthly values, 2022 no imports
CHN_EXPORTS = {"2020": 142.6e9, "2021": 165.8e9, "2022": 172.9e9, "2023": 157.5e9}
CHN_EXPORTS_2019_MONTHLY = [10.5e9, 9.0e9, 11.0e9, 11.5e9, 12.0e9, 11.0e9, 11.5e9, 11.0e9, 10.5e9, 11.5e9, 12.0e9, 12.5e9]
CHN_IMPORTS = {"2020": 174.9e9, "2021": 205.6e9, "2023": 160.0e9}


def rows(reporter, partner, flow, values, currency, source, frequency="A"):
    return [{"reporter": reporter, "partner": partner, "flow": flow, "period": p, "frequency": frequency,
             "value": v, "currency": currency, "product": "TOTAL", "source": source} for p, v in values.items()]


def trade_table() -> pd.DataFrame:
    months = {f"2019-{m:02d}": v for m, v in enumerate(CHN_EXPORTS_2019_MONTHLY, 1)}
    return pd.DataFrame(
        rows("JPN", "CHN", "import", JPN_IMPORTS, "JPY", "mof.csv") + rows("JPN", "CHN", "export", JPN_EXPORTS, "JPY", "mof.csv")
        + rows("CHN", "JPN", "export", CHN_EXPORTS, "USD", "chn.csv") + rows("CHN", "JPN", "import", CHN_IMPORTS, "USD", "chn.csv")
        + rows("CHN", "JPN", "export", months, "USD", "chn_m.csv", frequency="M")
        # other partners and products must not enter the comparison
        + rows("CHN", "USA", "export", {"2021": 1.0e9}, "USD", "chn.csv") + rows("JPN", "USA", "import", {"2021": 1.0e12}, "JPY", "mof.csv")
        + [{**r, "product": "S5"} for r in rows("CHN", "JPN", "import", {"2021": 3.0e9}, "USD", "chn.csv")],
        columns=CANONICAL)


def fx_table() -> pd.DataFrame:
    """Annual yen-per-dollar rates (no rate for 2023). The frame carries the one-column layout
    (jpy_per_usd) and the currency-pair layout (base, quote, rate) so that annual_rates reads it
    whichever of the two the FX table uses."""
    return pd.DataFrame([{"period": p, "frequency": "A", "jpy_per_usd": r, "base": "USD", "quote": "JPY", "rate": r,
                          "method": "official annual average", "source": "fx.csv"} for p, r in JPY_PER_USD.items()])


def test_gap_in_usd_with_yen_converted_at_annual_rates():
    gaps = mirror_gap(trade_table(), "JPN", "CHN", ind.annual_rates(fx_table()))
    got = {(r.flow, r.period): r for r in gaps.itertuples()}
    imports_2021 = 20.4e12 / 109.8                      # USD 185.79 bn
    assert got[("import", "2021")].reporter_value == pytest.approx(imports_2021)
    assert got[("import", "2021")].partner_value == pytest.approx(165.8e9)
    assert got[("import", "2021")].gap_pct == pytest.approx((imports_2021 / 165.8e9 - 1) * 100)  # +12.06%
    assert got[("export", "2021")].gap_pct == pytest.approx((17.98e12 / 109.8 / 205.6e9 - 1) * 100)  # -20.35%
    assert got[("import", "2020")].gap_pct == pytest.approx((17.5e12 / 106.8 / 142.6e9 - 1) * 100)
    assert got[("export", "2020")].gap_pct == pytest.approx((15.1e12 / 106.8 / 174.9e9 - 1) * 100)
    assert got[("import", "2022")].gap_pct == pytest.approx((24.8e12 / 131.5 / 172.9e9 - 1) * 100)
    # China's 2019 exports exist only monthly: the twelve months are summed (USD 134.0 bn)
    assert got[("import", "2019")].partner_value == pytest.approx(134.0e9)
    assert got[("import", "2019")].gap_pct == pytest.approx((18.4e12 / 109.0 / 134.0e9 - 1) * 100)
    # China reports no 2022 imports; 2023 has no exchange rate: neither year can be compared for that flow
    assert set(got) == {("import", "2019"), ("import", "2020"), ("import", "2021"), ("import", "2022"),
                        ("export", "2020"), ("export", "2021")}
    assert set(gaps["reporter_currency"]) == {"JPY"} and set(gaps["partner_currency"]) == {"USD"}
    assert set(gaps["reporter"]) == {"JPN"} and set(gaps["partner"]) == {"CHN"}


def test_seen_from_the_other_side_the_gap_inverts():
    rates = ind.annual_rates(fx_table())
    jpn = mirror_gap(trade_table(), "JPN", "CHN", rates).set_index(["flow", "period"])["gap_pct"]
    chn = mirror_gap(trade_table(), "CHN", "JPN", rates).set_index(["flow", "period"])["gap_pct"]
    # China's exports vs Japan's imports is Japan's import comparison the other way up
    assert chn[("export", "2021")] == pytest.approx((165.8e9 / (20.4e12 / 109.8) - 1) * 100)
    assert (1 + chn[("export", "2021")] / 100) * (1 + jpn[("import", "2021")] / 100) == pytest.approx(1.0)


def test_values_already_in_usd_need_no_rates():
    trade = pd.DataFrame(rows("KOR", "CHN", "import", {"2022": 138.6e9}, "USD", "kor.csv")
                         + rows("CHN", "KOR", "export", {"2022": 162.6e9}, "USD", "chn.csv"), columns=CANONICAL)
    gaps = mirror_gap(trade, "KOR", "CHN")
    assert len(gaps) == 1 and gaps.iloc[0]["flow"] == "import"
    assert gaps.iloc[0]["gap_pct"] == pytest.approx((138.6 / 162.6 - 1) * 100)  # -14.76%


def test_a_figure_reported_in_usd_is_used_before_a_conversion():
    trade = pd.concat([trade_table(), pd.DataFrame(rows("JPN", "CHN", "import", {"2021": 185.0e9}, "USD", "comtrade_jpn.csv"),
                                                   columns=CANONICAL)])
    gaps = mirror_gap(trade, "JPN", "CHN", ind.annual_rates(fx_table())).set_index(["flow", "period"])
    assert gaps.loc[("import", "2021"), "gap_pct"] == pytest.approx((185.0 / 165.8 - 1) * 100)
    assert gaps.loc[("import", "2021"), "reporter_source"] == "comtrade_jpn.csv"
    assert gaps.loc[("import", "2020"), "reporter_currency"] == "JPY"  # other years still converted


def test_empty_without_the_partners_reports():
    trade = trade_table().query("reporter == 'JPN'")
    assert mirror_gap(trade, "JPN", "CHN", ind.annual_rates(fx_table())).empty


# ---- the notebook -------------------------------------------------------------------------------------------

def _canonical_file(path, records):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=CANONICAL[:-1])
        w.writeheader()
        for r in records:
            w.writerow({k: r[k] for k in CANONICAL[:-1]})


def _run_mirror_notebook(root, tmp_path, data_dir):
    import papermill
    figures = tmp_path / "figures.csv"
    out = tmp_path / "mirror.out.ipynb"
    try:
        papermill.execute_notebook(str(root / "notebooks" / "mirror.ipynb"), str(out), cwd=str(root), progress_bar=False,
                                   parameters={"data_dir": str(data_dir), "cache_dir": str(tmp_path / "cache"),
                                               "figures_path": str(figures), "start_year": 2016, "end_year": 2018})
    except papermill.PapermillExecutionError as exc:   # omit_section stops the notebook; the build treats that as done
        if exc.ename != "SectionOmitted":
            raise
    return json.loads(out.read_text(encoding="utf-8")), figures


@pytest.fixture
def two_sided_data(tmp_path, root):
    """Japan's reports in yen and China's in dollars for 2016-2018, with the shipped FRED rates."""
    data = tmp_path / "data"
    (data / "fx").mkdir(parents=True)
    for f in (root / "data" / "fx").iterdir():
        shutil.copy(f, data / "fx" / f.name)
    jpn = (rows("JPN", "CHN", "import", {"2016": 17.0e12, "2017": 18.4e12, "2018": 19.1e12}, "JPY", "")
           + rows("JPN", "CHN", "export", {"2016": 12.4e12, "2017": 14.9e12, "2018": 15.9e12}, "JPY", "")
           + rows("JPN", "WLD", "import", {"2016": 66.0e12, "2017": 75.4e12, "2018": 82.7e12}, "JPY", ""))
    chn = (rows("CHN", "JPN", "export", {"2016": 129.6e9, "2017": 137.3e9, "2018": 147.2e9}, "USD", "")
           + rows("CHN", "JPN", "import", {"2016": 145.7e9, "2017": 165.8e9, "2018": 180.4e9}, "USD", ""))
    _canonical_file(data / "jpn_chn.csv", jpn)
    return data, chn


def _fred_annual(root) -> dict[str, float]:
    with open(root / "data" / "fx" / "AEXJPUS_annual.csv", encoding="utf-8") as fh:
        return {r["DATE"][:4]: float(r["AEXJPUS"]) for r in csv.DictReader(fh)}


@pytest.mark.slow
def test_notebook_records_gaps_and_explains_them(two_sided_data, tmp_path, root):
    data, chn = two_sided_data
    _canonical_file(data / "chn_jpn.csv", chn)
    nb, figures = _run_mirror_notebook(root, tmp_path, data)
    rate = _fred_annual(root)
    kf = pd.read_csv(figures, dtype={"period": str}).query("indicator == 'mirror_gap'")
    got = kf.set_index(["flow", "period"])["value"]
    assert set(kf["unit"]) == {"percent"} and set(kf["reporter"]) == {"JPN"} and set(kf["partner"]) == {"CHN"}
    assert got[("import", "2018")] == pytest.approx((19.1e12 / rate["2018"] / 147.2e9 - 1) * 100, abs=1e-3)
    assert got[("export", "2016")] == pytest.approx((12.4e12 / rate["2016"] / 145.7e9 - 1) * 100, abs=1e-3)
    assert len(got) == 6
    text = "".join(o.get("data", {}).get("text/markdown", "") if isinstance(o.get("data", {}).get("text/markdown", ""), str)
                   else "".join(o["data"]["text/markdown"])
                   for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", []))
    # imports 2018: 19.1e12 / 110.3974 = USD 173.0 bn vs 147.2 bn: +17.5%, beyond the CIF/FOB margin
    assert "more than freight and insurance (CIF against FOB) explain" in text and "such as Hong Kong" in text
    # exports 2018: 15.9e12 / 110.3974 = USD 144.0 bn vs 180.4 bn: -20.2%
    assert "lower, more than freight and insurance explain" in text
    assert "converted to US dollars at the annual average exchange rate" in text
    tables = [o["data"]["text/html"] for c in nb["cells"] for o in c.get("outputs", []) if "text/html" in o.get("data", {})]
    assert any("China&#x27;s figure (US$ bn)" in (t if isinstance(t, str) else "".join(t)) for t in tables)
    assert not any("application/vnd.tradebrief.omit+json" in o.get("data", {})
                   for c in nb["cells"] for o in c.get("outputs", []))


@pytest.mark.slow
def test_notebook_omits_its_section_without_the_partners_reports(two_sided_data, tmp_path, root):
    import nbformat

    from tradebrief.report.assemble import omitted_reason
    data, _ = two_sided_data
    nb, figures = _run_mirror_notebook(root, tmp_path, data)
    reason = omitted_reason(nbformat.reads(json.dumps(nb), as_version=4))
    assert reason is not None and "China's own all-goods reports" in reason
    assert not figures.exists() or pd.read_csv(figures).query("indicator == 'mirror_gap'").empty


# ---- from Comtrade Plus files (the layout of the website's CSV and of the API) -------------------------------

JPN_AREA, CHN_AREA, WORLD_AREA = (392, "JPN", "Japan"), (156, "CHN", "China"), (0, "W00", "World")
OTHER_ASIA = (490, "S19", "Other Asia, nes")


def test_gap_from_a_comtrade_plus_file_with_both_reporters(tmp_path):
    from comtrade_plus_layout import plus_row, write_plus_csv

    from tradebrief.sources import load_dataset
    data = tmp_path / "data"
    data.mkdir()
    both = [plus_row(JPN_AREA, CHN_AREA, "M", "2021", 185.4e9), plus_row(JPN_AREA, CHN_AREA, "X", "2021", 163.9e9),
            plus_row(JPN_AREA, WORLD_AREA, "M", "2021", 772.3e9), plus_row(JPN_AREA, CHN_AREA, "M", "2022", 188.8e9),
            plus_row(CHN_AREA, JPN_AREA, "X", "2021", 165.8e9), plus_row(CHN_AREA, JPN_AREA, "M", "2021", 205.6e9),
            plus_row(CHN_AREA, OTHER_ASIA, "X", "2021", 78.4e9), plus_row(CHN_AREA, WORLD_AREA, "X", "2021", 3362.3e9),
            plus_row(CHN_AREA, JPN_AREA, "X", "2022", 172.9e9),
            # a re-export is kept apart from exports: it must not enter the comparison
            plus_row(CHN_AREA, JPN_AREA, "RX", "2021", 1.0e9)]
    write_plus_csv(data / "TradeData_jpn_chn.csv", both)
    # a second download saved by a spreadsheet in Windows-1252, with a partner name outside ASCII
    write_plus_csv(data / "TradeData_jpn_civ.csv", [plus_row(JPN_AREA, (384, "CIV", "Côte d'Ivoire"), "X", "2021", 0.3e9)],
                   encoding="cp1252")
    ds = load_dataset(data, cache_dir=tmp_path / "cache")
    gaps = mirror_gap(ds.trade, "JPN", "CHN").set_index(["flow", "period"])["gap_pct"]
    assert gaps[("import", "2021")] == pytest.approx((185.4 / 165.8 - 1) * 100)   # +11.82%
    assert gaps[("export", "2021")] == pytest.approx((163.9 / 205.6 - 1) * 100)   # -20.28%
    assert gaps[("import", "2022")] == pytest.approx((188.8 / 172.9 - 1) * 100)   # +9.20%
    assert len(gaps) == 3  # no 2022 export: Japan's exports and China's imports of 2022 are not in the file


@pytest.mark.slow
def test_adding_chinas_comtrade_reports_gives_the_japan_briefing_a_mirror_section(tmp_path, root):
    import papermill
    from comtrade_plus_layout import plus_row, write_plus_csv
    chn_exports = {"2016": 129.6e9, "2017": 137.3e9, "2018": 147.2e9}
    chn_imports = {"2016": 145.7e9, "2017": 165.8e9, "2018": 180.4e9}
    china = tmp_path / "TradeData_china_japan.csv"
    write_plus_csv(china, [plus_row(CHN_AREA, JPN_AREA, "X", y, v) for y, v in chn_exports.items()]
                   + [plus_row(CHN_AREA, JPN_AREA, "M", y, v) for y, v in chn_imports.items()])
    figures = tmp_path / "figures.csv"
    papermill.execute_notebook(str(root / "notebooks" / "mirror.ipynb"), str(tmp_path / "out.ipynb"), cwd=str(root),
                               progress_bar=False,
                               parameters={"data_dir": str(root / "data"), "extra_data": [str(china)],
                                           "cache_dir": str(tmp_path / "cache"), "figures_path": str(figures),
                                           "start_year": 2016, "end_year": 2018})
    # Japan's side from the shipped MOF file (billion yen), converted at FRED's annual rate
    with open(root / "data" / "mof" / "trade_year_area_goods.csv", encoding="utf-8") as fh:
        mof = {(r["ex_im"], r["year"]): float(r["value"]) * 1e9 for r in csv.DictReader(fh)
               if r["area"] == "China" and r["goods"] == "Grand Total"}
    rate = _fred_annual(root)
    got = pd.read_csv(figures, dtype={"period": str}).query("indicator == 'mirror_gap'").set_index(["flow", "period"])["value"]
    for year in ("2016", "2017", "2018"):
        assert got[("import", year)] == pytest.approx((mof[("import", year)] / rate[year] / chn_exports[year] - 1) * 100, abs=1e-3)
        assert got[("export", year)] == pytest.approx((mof[("export", year)] / rate[year] / chn_imports[year] - 1) * 100, abs=1e-3)
