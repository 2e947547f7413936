"""The mirror section's sentences (tradebrief.prose.mirror): the explanation follows the sign of the gap.

The US–China case is read from the shipped UN Comtrade file with the csv module: US imports from China in
2022 are US$575,688,091,172 (primaryValue = cifvalue; fobvalue US$536,732,471,721), China's exports to the
US US$582,756,110,047, so the CIF side is the smaller (−1.2%) and freight cannot be the reason."""
from __future__ import annotations

import csv

import pandas as pd
import pytest
from prose_numbers import unaccounted

from tradebrief.indicators import mirror_gap
from tradebrief.prose import mirror as prose

CANONICAL = ["reporter", "partner", "flow", "period", "frequency", "value", "currency", "product", "source"]


def _comtrade_2022(root) -> dict:
    with open(root / "data" / "comtrade" / "china_germany_usa_all_partners_2022.csv", encoding="latin-1", newline="") as fh:
        return {(r["reporterISO"], r["partnerISO"], r["flowCode"]): r for r in csv.DictReader(fh)
                if {r["reporterISO"], r["partnerISO"]} == {"USA", "CHN"}}


def _frame(rows) -> pd.DataFrame:
    return pd.DataFrame([{"reporter": r, "partner": p, "flow": f, "period": y, "frequency": "A", "value": v, "currency": "USD",
                          "product": "TOTAL", "source": "ct.csv"} for r, p, f, y, v in rows], columns=CANONICAL)


def test_us_imports_from_china_2022_the_cif_side_is_smaller_so_freight_is_not_the_reason(root):
    raw = _comtrade_2022(root)
    us_imports = float(raw[("USA", "CHN", "M")]["primaryValue"])
    cn_exports = float(raw[("CHN", "USA", "X")]["primaryValue"])
    assert us_imports == float(raw[("USA", "CHN", "M")]["cifvalue"]) == 575688091172.0
    mirror = mirror_gap(_frame([("USA", "CHN", "import", "2022", us_imports), ("CHN", "USA", "export", "2022", cn_exports)]), "USA", "CHN")
    p = prose.explain(mirror, "import", "USA", "CHN")
    # 575.688 / 582.756 − 1 = −1.21%
    assert p.text == ("In 2022 the United States recorded imports from China of **US$575.7 billion**, and China recorded exports to "
                      "the United States of **US$582.8 billion**: the two agree within 1.2%, but the United States' CIF import "
                      "figure is the smaller, although freight and insurance should put it above, so valuation does not explain "
                      "the gap: goods China exports to the United States may arrive through a third place, such as Hong Kong, and "
                      "be recorded as trade with it, and shipments crossing the turn of the year fall into different years.")
    assert "freight and insurance usually add" not in p.text
    assert unaccounted(p, 2022, 2022) == []
    # seen from China: its FOB exports are the larger
    other = prose.explain(mirror_gap(_frame([("USA", "CHN", "import", "2022", us_imports), ("CHN", "USA", "export", "2022", cn_exports)]),
                                     "CHN", "USA"), "export", "CHN", "USA")
    assert "the two agree within 1.2%, but China's FOB export figure is the larger, although freight and insurance should put " \
           "the United States' above it, so valuation does not explain the gap" in other.text


def test_the_us_import_value_shown_is_said_to_be_comtrades_cif_value_not_the_customs_value(root):
    raw = _comtrade_2022(root)
    assert float(raw[("USA", "CHN", "M")]["fobvalue"]) < float(raw[("USA", "CHN", "M")]["primaryValue"])   # customs value is lower
    mirror = mirror_gap(_frame([("USA", "CHN", "import", "2022", 575.7e9), ("CHN", "USA", "export", "2022", 582.8e9)]), "USA", "CHN")
    assert prose.valuation(mirror, "USA", "CHN").text == (
        "The United States' imports are shown at UN Comtrade's CIF value, not as the United States publishes them: its own "
        "statistics value imports at customs value (the U.S. Census Bureau's basis for imports: the price paid, without freight, "
        "insurance and import duties), a lower figure for the same goods.")
    # in China's briefing the US imports mirror China's exports: the note is about the partner's imports
    seen_from_china = mirror_gap(_frame([("USA", "CHN", "import", "2022", 575.7e9), ("CHN", "USA", "export", "2022", 582.8e9)]), "CHN", "USA")
    assert prose.valuation(seen_from_china, "CHN", "USA").text.startswith("The United States' imports are shown at UN Comtrade's CIF value")
    assert not prose.valuation(mirror, "JPN", "CHN")


@pytest.mark.parametrize("reporter_value, partner_value, phrase", [
    (105.0, 100.0, "Japan's CIF import figure is 5.0% above China's FOB export figure, in the range that valuation explains"),
    (120.0, 100.0, "Japan's figure is 20.0% higher, more than freight and insurance (CIF against FOB) explain"),
    (101.0, 100.0, "the two agree within 1.0%, Japan's CIF import figure being the larger by less than freight and insurance usually add."),
    (90.0, 100.0, "Japan's CIF import figure is 10.0% below China's FOB export figure, although freight and insurance should put it above"),
])
def test_import_wording_by_the_sign_and_size_of_the_gap(reporter_value, partner_value, phrase):
    mirror = mirror_gap(_frame([("JPN", "CHN", "import", "2022", reporter_value * 1e9), ("CHN", "JPN", "export", "2022", partner_value * 1e9)]), "JPN", "CHN")
    assert phrase in prose.explain(mirror, "import", "JPN", "CHN").text


@pytest.mark.parametrize("reporter_value, partner_value, phrase", [
    (95.0, 100.0, "Japan's FOB export figure is 5.0% below China's CIF import figure, in the range that freight and insurance explain."),
    (80.0, 100.0, "Japan's figure is 20.0% lower, more than freight and insurance explain"),
    (110.0, 100.0, "Japan's FOB export figure is 10.0% above China's CIF import figure, although freight and insurance should put China's above it"),
])
def test_export_wording_by_the_sign_and_size_of_the_gap(reporter_value, partner_value, phrase):
    mirror = mirror_gap(_frame([("JPN", "CHN", "export", "2022", reporter_value * 1e9), ("CHN", "JPN", "import", "2022", partner_value * 1e9)]), "JPN", "CHN")
    assert phrase in prose.explain(mirror, "export", "JPN", "CHN").text


def test_several_years_trend_and_median_are_recorded():
    rows = [("JPN", "NLD", "import", y, v) for y, v in (("2020", 110e9), ("2021", 104e9), ("2022", 103e9))]
    rows += [("NLD", "JPN", "export", y, 100e9) for y in ("2020", "2021", "2022")]
    mirror = mirror_gap(_frame(rows), "JPN", "NLD")
    p = prose.explain(mirror, "import", "JPN", "NLD")
    # gaps +10.0, +4.0, +3.0: the last is narrower than the first; median +4.0
    assert p.text.endswith("The gap of +3.0% in 2022 is narrower than in 2020 (+10.0%); its median over 3 years is +4.0%.")
    assert "goods the Netherlands records as exports" not in p.text and "a third place (an entrepôt port or a free zone)" not in p.text
    assert {f.indicator for f in p.quotes} == {"mirror_gap", "mirror_value", "mirror_gap_median", "mirror_years"}
    assert unaccounted(p, 2020, 2022) == []


def test_labels_and_the_section_left_out_read_with_articles_and_one_year():
    assert prose.not_loaded("USA", "PHL", 2022, 2022) == "The Philippines' own all-goods reports of its trade with the United States for 2022 are not loaded"
    assert prose.flow_labels("USA", "CHN")["import"] == "The United States' imports vs China's exports"
    t = prose.table(mirror_gap(_frame([("USA", "CHN", "import", "2022", 5e9), ("CHN", "USA", "export", "2022", 5e9)]), "USA", "CHN"), "USA", "CHN")
    assert t["caption"] == "Trade between the United States and China as each reports it, in US dollars"
    assert "The United States' figure (US$ bn)" in t["df"].columns


def test_germany_china_2022_is_not_drawn_as_one_bar_and_a_sliver_but_said(root):
    """Both sides' all-goods reports overlap in 2022 only (the one Comtrade file holding China's and Germany's), and
    the two gaps, from the raw file: Germany's imports 206.6 bn vs China's exports 116.2 bn (+77.8%), Germany's exports
    113.3 bn vs China's imports 111.4 bn (+1.7%): a bar of 1.7 beside one of 77.8 read as a single bar."""
    with open(root / "data" / "comtrade" / "china_germany_usa_all_partners_2022.csv", encoding="latin-1", newline="") as fh:
        raw = {(r["reporterISO"], r["partnerISO"], r["flowCode"]): float(r["primaryValue"]) for r in csv.DictReader(fh)
               if {r["reporterISO"], r["partnerISO"]} == {"DEU", "CHN"}}
    rows = [("DEU", "CHN", "import", "2022", raw[("DEU", "CHN", "M")]), ("DEU", "CHN", "export", "2022", raw[("DEU", "CHN", "X")]),
            ("CHN", "DEU", "export", "2022", raw[("CHN", "DEU", "X")]), ("CHN", "DEU", "import", "2022", raw[("CHN", "DEU", "M")])]
    mirror = mirror_gap(_frame(rows), "DEU", "CHN")
    gaps = mirror.set_index("flow")["gap_pct"]
    assert round(gaps["import"], 1) == 77.8 and round(gaps["export"], 1) == 1.7 and len(mirror) == 2
    words = prose.chart_words("DEU", "CHN", mirror)
    assert words["one_year"] and words["chart"] is None
    assert prose.one_year(mirror, "DEU", "CHN").text == (
        "China's own reports of its trade with Germany overlap with Germany's in 2022 only, so the gap cannot be followed "
        "over time; the year's two gaps (Germany's imports against China's exports, Germany's exports against China's "
        "imports) differ too much in size for bars to show both, and are given in the table.")
    one = mirror[mirror["flow"] == "import"]
    assert prose.chart_words("DEU", "CHN", one)["chart"] is None   # one bar is no chart
    assert prose.one_year(one, "DEU", "CHN").text.endswith(
        "the one comparison both sides allow, Germany's imports against China's exports, is given in the table.")


def test_comparable_gaps_keep_their_bars_and_several_years_their_lines():
    # Japan–China 2022 as the default briefing shows it: −21.6% and +9.3%, both bars readable
    mirror = mirror_gap(_frame([("JPN", "CHN", "export", "2022", 78.4e9), ("CHN", "JPN", "import", "2022", 100e9),
                                ("JPN", "CHN", "import", "2022", 109.3e9), ("CHN", "JPN", "export", "2022", 100e9)]), "JPN", "CHN")
    assert prose.chart_words("JPN", "CHN", mirror)["chart"] == "bars"
    rows = [("JPN", "NLD", "import", y, 110e9) for y in ("2021", "2022")] + [("NLD", "JPN", "export", y, 100e9) for y in ("2021", "2022")]
    assert prose.chart_words("JPN", "NLD", mirror_gap(_frame(rows), "JPN", "NLD"))["chart"] == "lines"
