"""End to end (slow tier, the ``built`` fixture): what the product, mirror, claims and appendix sections quote
is in key_figures.csv with headline = yes, and within the briefing's years.

Each prose function returns its text with the key figures it quotes, the notebooks record exactly those
(``tradebrief.prose.paragraph.tell``), and the unit tests check every printed number against them
(tests/prose_numbers.py). Here the build is checked against the raw files: the rare-earth values the
critical-minerals case study quotes, summed from the Comtrade extract with the csv module."""
from __future__ import annotations

import csv

import pandas as pd
import pytest


@pytest.fixture(scope="module")
def figures(built):
    out, _ = built
    return pd.read_csv(out / "key_figures.csv", dtype=str, keep_default_na=False)


def test_rare_earth_values_quoted_are_headline_figures(figures, root):
    path = root / "data" / "comtrade" / "china_exports_to_japan_critical_minerals_monthly_2017_2024.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        by_year = {}
        for r in csv.DictReader(fh):
            if r["broad_group"] == "Rare Earths":
                by_year[r["period_dt"][:4]] = by_year.get(r["period_dt"][:4], 0.0) + float(r["val"])
    # the prose: "rare earths (US$346.2 million, 60% below its 2022 high of US$870.8 million)"
    rows = figures[(figures["indicator"] == "case_study_value") & (figures["product"] == "Rare Earths")]
    got = {r.period: float(r.value) for r in rows.itertuples() if r.headline == "yes"}
    assert got == {"2024": pytest.approx(by_year["2024"], abs=0.01), "2022": pytest.approx(by_year["2022"], abs=0.01)}
    assert max(by_year, key=by_year.get) == "2022"


def test_counts_are_whole_and_quoted_periods_lie_within_the_briefing(figures):
    mine = figures[figures["indicator"].str.match(r"(dependent_|import_groups|case_study|mirror_|claims?_|check_)")]
    quoted = mine[mine["headline"] == "yes"]
    assert len(quoted) > 20
    for r in quoted.itertuples():
        for year in r.period.split("-"):
            if len(year) == 4:
                assert 2009 <= int(year) <= 2025, (r.indicator, r.period)
    counts = quoted[quoted["unit"] == "count"]
    # whole numbers; written "5" rather than "5.0" is KeyFigures' part of issue 21 item 6 (the summary records some as floats)
    assert not counts.empty and all(float(v).is_integer() for v in counts["value"]), counts["value"].tolist()
