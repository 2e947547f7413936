"""End to end (slow tier): the latest-months section of a built briefing, its stated shares and key figures checked
against the raw MOF files read with the csv module; a briefing that ends before the data's last full year leaves
the section out, says why, and records no figure of those months."""
from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import pandas as pd
import pytest

from tradebrief.report.build import BuildOptions, build

ROOT = Path(__file__).resolve().parents[1]
ANNUAL = ROOT / "data" / "mof" / "trade_year_area_goods.csv"
RELEASE = ROOT / "data" / "mof" / "trade_year_area_goods_release_2025-03.csv"
AREAS = {"CHN": "China", "USA": "USA"}

pytestmark = pytest.mark.slow


def raw_shares(path: Path, year: str) -> dict[tuple[str, str], float]:
    """(partner, flow) -> share (percent) of Japan's total trade or exports in one (partial) year, from the CSV."""
    with open(path, newline="", encoding="utf-8") as fh:
        t = {(r["ex_im"], r["area"]): float(r["value"]) for r in csv.DictReader(fh)
             if r["year"] == year and r["goods"] == "Grand Total"}
    out = {}
    for code, area in AREAS.items():
        out[(code, "total")] = 100 * (t[("export", area)] + t[("import", area)]) / (t[("export", "Grand Total")] + t[("import", "Grand Total")])
        out[(code, "export")] = 100 * t[("export", area)] / t[("export", "Grand Total")]
    return out


def text_of(out: Path) -> str:
    raw = (out / "briefing.html").read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", raw, flags=re.S)
    raw = re.sub(r'<details class="method"[^>]*>.*?</details>', " ", raw, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


@pytest.fixture(scope="module")
def default(tmp_path_factory):
    out = tmp_path_factory.mktemp("latest-default")
    build(BuildOptions(root=ROOT, out_dir=out, formats=("html",), progress=False))
    return out


@pytest.fixture(scope="module")
def end2020(tmp_path_factory):
    """end_year=2020, with the summary and the latest months only (the rest has its own tests)."""
    out = tmp_path_factory.mktemp("latest-2020")
    config = out.parent / "latest-2020.toml"
    text = (ROOT / "report" / "briefing.toml").read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^notebooks = .*$", 'notebooks = ["summary", "latest_months", "data_check"]', text), encoding="utf-8")
    build(BuildOptions(root=ROOT, config=config, out_dir=out, overrides=["end_year=2020"], formats=("html",), progress=False))
    return out


def test_the_section_states_the_raw_files_shares_and_key_figures_hold_them(default):
    now, then = raw_shares(ANNUAL, "2026"), raw_shares(RELEASE, "2025")
    text = text_of(default)
    section = text[text.index("The latest months The annual file"):text.index("Partner shares of total trade", text.index("The latest months The annual file"))]
    assert (f"In January–March 2026 China accounted for {now[('CHN', 'total')]:.1f}% of Japan's total trade "
            f"({then[('CHN', 'total')]:.1f}% in January–March 2025) and the United States for {now[('USA', 'total')]:.1f}% "
            f"({then[('USA', 'total')]:.1f}%).") in section
    assert (f"Of Japan's exports, China took {now[('CHN', 'export')]:.1f}% ({then[('CHN', 'export')]:.1f}%) and the United "
            f"States {now[('USA', 'export')]:.1f}% ({then[('USA', 'export')]:.1f}%).") in section
    assert "the same months a year earlier, January–March 2025" in section and "Preliminary figures:" in section
    kf = pd.read_csv(default / "key_figures.csv", dtype=str, keep_default_na=False)
    for span, shares in (("2026-01/2026-03", now), ("2025-01/2025-03", then)):
        for (partner, flow), value in shares.items():
            row = kf[(kf.indicator == "share") & (kf.partner == partner) & (kf.flow == flow) & (kf.period == span)]
            assert len(row) == 1 and row["headline"].iloc[0] == "yes", (partner, flow, span)
            assert float(row["value"].iloc[0]) == pytest.approx(value, abs=5e-5)
    with open(ANNUAL, newline="", encoding="utf-8") as fh:   # the top export destination among countries, by hand
        exports = {r["area"]: float(r["value"]) for r in csv.DictReader(fh)
                   if r["year"] == "2026" and r["goods"] == "Grand Total" and r["ex_im"] == "export" and r["area"] not in ("Grand Total", "EU")}
    assert max(exports, key=exports.get) == "USA"
    top = kf[(kf.indicator == "top_destination") & (kf.period == "2026-01/2026-03")]
    assert top[["value", "unit", "headline"]].values.tolist() == [["USA", "ISO3", "yes"]]
    # the section follows the summary in the contents
    contents = text[text.index("Contents"):text.index("Contents") + 200]
    assert contents.index("Executive summary") < contents.index("The latest months") < contents.index("Partner shares")


def test_a_briefing_ending_before_the_last_full_year_leaves_the_section_out(end2020):
    text = text_of(end2020)
    assert ("The latest months (the latest months follow the data's last full year, 2025, and this briefing ends in 2020)"
            in text)
    assert "January–March" not in text
    kf = pd.read_csv(end2020 / "key_figures.csv", dtype=str, keep_default_na=False)
    assert not kf["period"].str.contains("/").any()
    assert (kf["period"].str.extract(r"(\d{4})(?:-\d{2})?$")[0].astype(int) <= 2020).all()
