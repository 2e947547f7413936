"""Hand-shaped trade tables for the prose tests, a hypothesis strategy drawing such tables, and the checks every
paragraph must pass (tests/test_prose_summary.py, _shares, _shift, _bilateral).

A table here has the canonical columns the indicators read (reporter, partner, flow, period, frequency, product,
currency, value), so the prose is tested on frames the real indicator functions compute from it.
"""
from __future__ import annotations

import re

import pandas as pd
from hypothesis import strategies as st

from tradebrief import indicators as ind

# partners whose names test the grammar: articles (the United States, the Netherlands, the Philippines, the EU),
# an aggregate that is never ranked (EU), a non-country area (S19, "Other Asia, nes"), a country listed late (VNM)
PARTNERS = ["USA", "NLD", "PHL", "EU", "CHN", "VNM", "S19", "KOR", "DEU"]
REPORTERS = ["JPN", "USA", "DEU"]


def trade_table(rows: dict, reporter: str = "JPN", currency: str = "JPY", unit: float = 1.0) -> pd.DataFrame:
    """``rows``: {(partner, year): (exports, imports)} in ``unit`` (e.g. 1e10: tens of billions); None for a flow
    not in the data. Annual, all goods."""
    out = []
    for (partner, year), flows in rows.items():
        for flow, value in zip(("export", "import"), flows):
            if value is not None:
                out.append({"reporter": reporter, "partner": partner, "flow": flow, "period": str(year), "frequency": "A",
                            "product": "TOTAL", "currency": currency, "value": float(value) * unit})
    return pd.DataFrame(out, columns=["reporter", "partner", "flow", "period", "frequency", "product", "currency", "value"])


@st.composite
def panels(draw):
    """A small drawn panel: reporter, partner, comparison, years 1–5, partner values with a flow missing in some
    years (or all), zero and negative balances, and a world total at least the sum of the listed partners."""
    reporter = draw(st.sampled_from(REPORTERS))
    currency = "JPY" if reporter == "JPN" else "USD"
    partners = draw(st.lists(st.sampled_from([p for p in PARTNERS if p != reporter]), min_size=2, max_size=4, unique=True))
    partner, comparison = partners[0], partners[1]
    start = draw(st.integers(2018, 2022))
    end = start + draw(st.integers(0, 4))
    amounts = st.one_of(st.just(0), st.integers(1, 10**9).map(lambda v: v * 1000))
    rows = {}
    for year in range(start, end + 1):
        world = [0, 0]
        for p in partners:
            x, m = draw(amounts), draw(st.one_of(st.just("same"), amounts))
            m = x if m == "same" else m   # a balance of exactly zero
            world = [world[0] + x, world[1] + m]
            rows[(p, year)] = (x, m)
        rest = draw(st.integers(0, 10**12))
        rows[("WLD", year)] = (world[0] + rest, world[1] + rest)
    # one flow of one partner missing in some years (e.g. Vietnam's exports listed only from 2017), or in all
    gap_partner = draw(st.sampled_from(partners))
    gap_flow = draw(st.sampled_from([0, 1]))
    missing_until = draw(st.integers(start - 1, end))
    for year in range(start, missing_until + 1):
        flows = list(rows[(gap_partner, year)])
        flows[gap_flow] = None
        rows[(gap_partner, year)] = tuple(flows)
    return {"trade": trade_table(rows, reporter, currency), "reporter": reporter, "currency": currency, "partner": partner,
            "comparison": comparison, "start": start, "end": end}


def computed(panel: dict) -> dict:
    """The frames a section computes from the panel's trade table."""
    values = ind.trade_values(panel["trade"], panel["reporter"], currency=panel["currency"], start=panel["start"], end=panel["end"])
    return {"values": values, "shares": ind.shares_of_world(values), "ranks": ind.partner_ranks(values),
            "leaders": ind.top_partner(values, "export"), "crossings": ind.export_crossings(values),
            "balances": ind.balances(values)}


NUMBER = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")   # 1,204 · 20.3 · 2018 (not "2018,")


def unquoted_numbers(paragraph, allowed=()) -> list[str]:
    """Numbers printed in ``paragraph`` that are neither the printed form of one of its quotes nor ``allowed``
    (years of the briefing, parameters such as thresholds)."""
    quoted = {n for q in paragraph.quotes if q.shown for n in NUMBER.findall(q.shown)}
    return [n for n in NUMBER.findall(paragraph.text) if n not in quoted and n not in {str(a) for a in allowed}]


def years_allowed(start: int, end: int) -> set[str]:
    return {str(y) for y in range(start, end + 1)}


def assert_reads_well(text: str) -> None:
    """What must hold for every sentence whatever the data: no missing values printed, names with their
    articles and possessives, nouns agreeing with their counts, one year never written as a span."""
    assert not re.search(r"\b(None|nan|NaN|inf|n/a)\b", text), text
    assert "United States's" not in text and "Netherlands's" not in text and "Philippines's" not in text, text
    # "United States" mid-sentence takes its article; a compound after an en dash ("Japan–United States trade") does not
    for m in re.finditer(r"United States|Netherlands|Philippines", text):
        before = text[:m.start()]
        assert before.endswith(("the ", "The ", "–")), text
    assert not re.search(r"(?<![\d.,])1 (files|groups|import groups|claims|published claims|partners|largest partners|years|times)\b", text), text
    assert not re.search(r"(?<![\d.,])0 (cannot|are|is|partly|not)\b", text), text
    assert not re.search(r"\b(\d{4})–\1\b|between (\d{4}) and \2\b", text), text
    assert "  " not in text and " ." not in text and " ," not in text, text


def assert_quotes_within(paragraph, start: int, end: int) -> None:
    """Every quoted key figure's period lies within the briefing's years."""
    for q in paragraph.quotes:
        for year in re.findall(r"\d{4}", q.period):
            assert start <= int(year) <= end, q
