"""Property-based tests of the parameter space (hypothesis): parameter sets are drawn from the coverage of
the shipped data and of generated variants (a flow missing, a partner missing some years, a one-year file,
an aggregate partner, a reporter in US dollars), and what must hold for every one is asserted:

- a set is either accepted or refused with a ParameterError (never another exception);
- an accepted set only covers years in which the reporter's world total holds both flows and each of
  partner and comparison at least one (so every section has data to compute from);
- a refused set is told real choices: every code the message offers is one the data hold, and the year
  range it suggests is itself accepted;
- the sections chosen for an accepted set meet their declared needs.

The end-to-end draws (briefings built and read) are in tests/test_drawn_briefings.py (slow tier)."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradebrief.coverage import Coverage
from tradebrief.errors import ParameterError
from tradebrief.report.config import Config, check_against_data
from tradebrief.report.sections import NEEDS, plan, read_sections

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = read_sections(ROOT / "report" / "sections.toml")
NOTEBOOKS = list(SECTIONS)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
                    derandomize=True)


@pytest.fixture(scope="module")
def shipped(dataset):
    return Coverage.from_dataset(dataset)


def _variant(rows: list[tuple]) -> Coverage:
    """A coverage of a hand-made trade table: rows of (reporter, partner, flow, year, value, currency)."""
    from tradebrief.sources.dataset import Dataset
    trade = pd.DataFrame(rows, columns=["reporter", "partner", "flow", "period", "value", "currency"]).assign(
        frequency="A", product="TOTAL", source="generated.csv", period=lambda d: d["period"].astype(str))
    empty = pd.DataFrame(columns=["source", "period", "rows", "note"])
    return Coverage.from_dataset(Dataset(trade, pd.DataFrame(columns=["base", "quote", "period", "frequency", "rate"]), [], empty, empty))


def _generated() -> dict[str, Coverage]:
    rows = []
    for y in range(2018, 2023):
        for flow in ("export", "import"):
            rows += [("KOR", "WLD", flow, y, 1000, "USD"), ("KOR", "USA", flow, y, 150, "USD"),
                     ("KOR", "EU", flow, y, 120, "USD"), ("KOR", "S19", flow, y, 30, "USD")]
            if not (flow == "export" and y < 2020):        # exports to Vietnam listed only from 2020
                rows.append(("KOR", "VNM", flow, y, 80, "USD"))
            if flow == "import":                            # China: imports only (an exports-only file's mirror image)
                rows.append(("KOR", "CHN", flow, y, 250, "USD"))
    one_year = [("AUS", p, f, 2023, v, "AUD") for p, v in (("WLD", 900), ("CHN", 300), ("JPN", 100), ("USA", 80))
                for f in ("export", "import")]
    gap = [r for r in rows if not (r[1] == "USA" and r[3] == 2020)]   # a partner missing a year in the middle
    return {"korea": _variant(rows), "one_year": _variant(one_year), "gap": _variant(gap)}


GENERATED = _generated()


@st.composite
def parameter_sets(draw, cov: Coverage):
    """Codes from the coverage (partners, reporters, aggregates, areas) and a few that are not there; years
    around those the data hold."""
    reporters = cov.reporters()
    reporter = draw(st.sampled_from(cov.briefing_reporters() or reporters) | st.sampled_from(reporters) | st.just("XXA"))
    held = sorted({h.partner for h in cov.holdings if h.reporter == reporter}) or ["WLD"]
    codes = st.sampled_from(held) | st.sampled_from(cov.partners(reporter) or held) | st.sampled_from(["EU", "WLD", "S19", "KOR", "QQQ"])
    years = [int(p) for h in cov.holdings for p in h.periods if h.frequency == "A"] or [2020]
    year = st.integers(min(years) - 2, max(years) + 2)
    start, end = draw(year), draw(year)
    return {"reporter": reporter, "partner": draw(codes), "comparison": draw(codes), "start_year": start, "end_year": end,
            "claims_file": str(ROOT / "report" / "claims.toml"), "hs_panel": draw(st.sampled_from(["", "/some/baci"]))}


def _holds(cov: Coverage, p: dict) -> None:
    """What an accepted set guarantees every section."""
    world = set(cov.world_years(p["reporter"]))
    for year in range(p["start_year"], p["end_year"] + 1):
        assert year in world
        for who in (p["partner"], p["comparison"]):
            assert str(year) in set(cov.years(p["reporter"], who, "export")) | set(cov.years(p["reporter"], who, "import"))
    decided = plan(NOTEBOOKS, p, cov, SECTIONS)
    assert decided.included + [o["name"] for o in decided.omitted] != []
    for name in decided.included:
        assert all(NEEDS[need](cov, p) is None for need in SECTIONS[name]["needs"])
    for o in decided.omitted:
        assert o["reason"] and "None" not in o["reason"] and "nan" not in o["reason"]


def _refusal_is_real(cov: Coverage, p: dict, message: str) -> None:
    offered = set(re.findall(r"\b([A-Z][A-Z0-9_]{1,2}) \(", message))
    known = {h.partner for h in cov.holdings} | set(cov.reporters())
    assert offered <= known, offered - known
    suggested = re.search(r"--param start_year=(\d+) --param end_year=(\d+)", message)
    if suggested:   # the years it suggests are accepted
        check_against_data(Config("t", [], {**p, "start_year": int(suggested[1]), "end_year": int(suggested[2])}), cov)


def _one(cov: Coverage, p: dict) -> None:
    try:
        check_against_data(Config("t", [], p), cov)
    except ParameterError as exc:
        _refusal_is_real(cov, p, str(exc))
    else:
        _holds(cov, p)


@SETTINGS
@given(data=st.data())
def test_every_drawn_set_of_the_shipped_data_is_accepted_true_or_refused_with_real_choices(shipped, data):
    _one(shipped, data.draw(parameter_sets(shipped)))


@pytest.mark.parametrize("variant", sorted(GENERATED))
@SETTINGS
@given(data=st.data())
def test_every_drawn_set_of_generated_variants_is_accepted_true_or_refused_with_real_choices(variant, data):
    cov = GENERATED[variant]
    _one(cov, data.draw(parameter_sets(cov)))


def test_the_generated_variants_say_what_they_lack():
    """The properties above hold because of these facts of the variants (so the draws meet them)."""
    korea = GENERATED["korea"]
    assert korea.flow_gaps("KOR", "VNM", 2018, 2022) == {"export": [2018, 2019]}
    assert korea.flow_gaps("KOR", "CHN", 2018, 2022) == {"export": [2018, 2019, 2020, 2021, 2022]}
    assert "EU" in korea.partners("KOR") and "S19" not in korea.partners("KOR")
    assert "CHN" not in korea.partners("KOR") and "CHN" in korea.partners("KOR", both_flows=False)
    assert GENERATED["gap"].pair_years("KOR", "USA") == [2018, 2019, 2021, 2022]
    assert GENERATED["one_year"].currency("AUS") == "AUD" and GENERATED["one_year"].world_years("AUS") == [2023]
    with pytest.raises(ParameterError, match=r"held for 2018–2019 and 2021–2022"):
        check_against_data(Config("t", [], {"reporter": "KOR", "partner": "USA", "comparison": "EU",
                                            "start_year": 2019, "end_year": 2021}), GENERATED["gap"])
