"""Property-based tests (hypothesis) of the prose of the product, HS6, mirror, claims and appendix sections.

Small hand-shaped frames are drawn (partners USA, NLD, PHL, EU, CHN, S19 among others; none, one or many
groups, files, claims; a flow missing; one year or several), and for every paragraph it must hold that: nothing
raises; no "None", "nan" or "inf" is printed; "United States", "Netherlands", "Philippines" always have their
article and never take "'s"; a count of one never takes a plural noun ("1 files"); a span is never "2022–2022";
every number printed is one of the paragraph's key figures (at the precision printed), a declared constant or a
year of the briefing, and every figure's period lies within the briefing's years. Fast tier: few examples each.
"""
from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from prose_numbers import figure_periods_outside, unaccounted

from tradebrief import indicators as ind
from tradebrief.indicators.claims import VERDICTS
from tradebrief.indicators.products import CaseStudy
from tradebrief.prose import appendix, claims, hs6, mirror, products

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CODES = ["USA", "NLD", "PHL", "EU", "CHN", "S19", "JPN", "DEU", "KOR"]
CANONICAL = ["reporter", "partner", "flow", "period", "frequency", "value", "currency", "product", "source"]
PLURAL_AFTER_ONE = re.compile(r"(?<![\d.,])1 (?:HS6 |import )?(files|groups|claims|products|years|rows|year-flows)\b")


def check(paragraph, first: int, last: int, numbers: bool = True) -> None:
    """The properties of the module text; ``numbers=False`` for a caption (it labels a table, it quotes nothing)."""
    text = str(paragraph)
    for m in re.finditer(r"\bNone\b", text):   # "None of them ..." opens a sentence; a Python None never does
        before = text[:m.start()].rstrip(" *")
        assert before == "" or before.endswith((".", ":")), text
    assert not re.search(r"\b(nan|NaN|inf)\b", text), text
    assert "n/a" not in text, text
    for country in ("United States", "Netherlands", "Philippines"):
        assert f"{country}'s" not in text, text
        for m in re.finditer(country, text):
            before = text[:m.start()]
            assert before.endswith("the ") or (before.endswith("The ") and (before[:-4].rstrip(" *") == ""
                                                                           or before[:-4].rstrip(" *").endswith((".", "\n")))), text
    assert not PLURAL_AFTER_ONE.search(text), text
    assert not re.search(r"\b(\d{4})–\1\b", text), text
    if numbers and not isinstance(paragraph, str):
        assert unaccounted(paragraph, first, last) == [], text
        assert figure_periods_outside(paragraph, first, last) == [], paragraph.quotes


codes = st.sampled_from(CODES)
pairs = st.tuples(codes, codes).filter(lambda p: p[0] != p[1])
spans = st.integers(2015, 2025).flatmap(lambda a: st.tuples(st.just(a), st.integers(a, min(a + 3, 2025))))
thresholds = st.tuples(st.sampled_from([40.0, 50.0, 62.5]), st.sampled_from([0.2, 0.25, 0.4]))
money_values = st.floats(1e6, 5e12, allow_nan=False)


@st.composite
def dependence(draw, year):
    n = draw(st.integers(0, 6))
    rows = []
    for i in range(n):
        rows.append({"product": draw(st.sampled_from(["Semiconductors Etc", "Furniture", "Iron Ore And Concentrates", "Mineral Fuels", f"G{i}"])) + str(i),
                     "period": str(year), "world_value": draw(money_values), "partner_share": draw(st.floats(0, 100)),
                     "hhi": draw(st.floats(0, 1)), "listed_share": draw(st.floats(1, 100)), "section": "Machinery"})
    frame = pd.DataFrame(rows, columns=["product", "period", "world_value", "partner_share", "hhi", "listed_share", "section"])
    return frame.assign(partner_value=frame["world_value"] * frame["partner_share"] / 100)


@FAST
@given(pairs, spans, thresholds, st.data())
def test_product_dependency_paragraphs(pair, span, thr, data):
    (reporter, partner), (first, last) = pair, span
    dep = data.draw(dependence(last))
    tests = ind.dependency_tests(dep, str(last), share_min=thr[0], hhi_min=thr[1])
    for p in (products.introduction(reporter, partner, *thr), products.dependency(tests, reporter, partner, last, *thr),
              products.hhi_test_redundant(tests, reporter, partner, last, *thr), products.thresholds_note(*thr)):
        check(p, first, last)
    t = products.import_table(tests, dep, partner, first, last, "US$ bn")
    check(t["caption"], first, last, numbers=False)


@FAST
@given(pairs, st.integers(2015, 2022), st.lists(st.floats(1e6, 1e11), min_size=1, max_size=4), st.data())
def test_annual_case_study_paragraphs(pair, first, values, data):
    reporter, partner = pair
    years_ = [str(first + i) for i in range(len(values))]
    series = pd.DataFrame({"product": "Foodstuff", "period": years_, "value": values, "currency": "JPY", "source": "s"})
    a = data.draw(st.sampled_from(years_))
    b = data.draw(st.sampled_from([y for y in years_ if y >= a]))
    cs = CaseStudy("x", "Heading", reporter, partner, data.draw(st.sampled_from(["export", "import"])), "A", "JPY", series,
                   shown="Foodstuff", missing=data.draw(st.sampled_from([[], ["Fish And Fish Preparation"]])), compare=(a, b))
    last = int(years_[-1])
    for p in (products.wider_group(cs), products.annual_change(cs), products.events_outside(cs)):
        check(p, first, last)


@FAST
@given(pairs, st.integers(1, 3), st.lists(st.floats(0, 5e8), min_size=1, max_size=3), st.data())
def test_monthly_case_study_paragraphs(pair, n_years, bases, data):
    reporter, partner = pair
    rows = [{"product": f"G{g}", "period": f"{2020 + y}-{m:02d}", "value": base * data.draw(st.floats(0.5, 1.5)), "currency": "USD", "source": "s"}
            for g, base in enumerate(bases) for y in range(n_years) for m in range(1, 13)]
    series = pd.DataFrame(rows)
    events = [{"id": "e", "period": "2021-07", "label": "Export controls", "note": "No. 23 of 2023"}]
    cs = CaseStudy("x", "Minerals", reporter, partner, "export", "M", "USD", series, events=events,
                   events_shown=events if n_years >= 2 else [], events_outside=[] if n_years >= 2 else events)
    w = ind.whole_year_changes(series, before="2021-07" if n_years >= 2 else None)
    last = 2020 + n_years - 1
    for p in (products.monthly_change(cs, w), products.case_study_lead(cs)):
        check(p, 2020, last)


@st.composite
def mirror_frame(draw, reporter, partner, first, last):
    rows = []
    for flow, other in (("import", "export"), ("export", "import")):
        if draw(st.booleans()):
            for y in range(first, last + 1):
                rows += [(reporter, partner, flow, str(y), draw(money_values)), (partner, reporter, other, str(y), draw(money_values))]
    return pd.DataFrame([{"reporter": r, "partner": p, "flow": f, "period": y, "frequency": "A", "value": v, "currency": "USD",
                          "product": "TOTAL", "source": "ct.csv"} for r, p, f, y, v in rows], columns=CANONICAL)


@FAST
@given(pairs, spans, st.data())
def test_mirror_paragraphs(pair, span, data):
    (reporter, partner), (first, last) = pair, span
    gaps = ind.mirror_gap(data.draw(mirror_frame(reporter, partner, first, last)), reporter, partner)
    check(mirror.introduction(reporter, partner), first, last)
    check(mirror.not_loaded(reporter, partner, first, last), first, last)
    if gaps.empty:
        return
    for p in (mirror.explain(gaps, "import", reporter, partner), mirror.explain(gaps, "export", reporter, partner),
              mirror.valuation(gaps, reporter, partner), mirror.conversion(gaps)):
        check(p, first, last)
    check(mirror.table(gaps, reporter, partner)["caption"], first, last, numbers=False)
    check(appendix.mirror_note(gaps, reporter, partner, first, last), first, last)


@FAST
@given(pairs, spans, st.lists(st.sampled_from(VERDICTS), min_size=1, max_size=6))
def test_claims_paragraphs(pair, span, verdicts):
    (reporter, partner), (first, last) = pair, span
    v = pd.DataFrame({"id": [f"c{i}" for i in range(len(verdicts))], "claim": "c", "published": "The Times, 2024", "url": "",
                      "value": None, "found": "–", "verdict": verdicts, "note": ""})
    for p in (claims.introduction(reporter, partner, "claims.toml"), claims.tally(v, reporter, partner, first, last), claims.one_source(v),
              claims.none_listed(reporter, partner, first, last)):
        check(p, first, last)


@FAST
@given(pairs, spans, st.integers(0, 3000), st.data())
def test_hs6_paragraphs(pair, span, products_n, data):
    (reporter, partner), (first, last) = pair, span
    dependent = data.draw(st.integers(0, products_n))
    on_partner = data.draw(st.integers(0, dependent))
    n_crit = data.draw(st.integers(0, on_partner))
    s = {"products": products_n, "dependent": dependent, "on_partner": on_partner,
         "on_partner_imports": data.draw(st.floats(0, 1e9)) if on_partner else 0.0, "imports": 1e9,
         "partner_imports": data.draw(st.sampled_from([0.0, 1e9])), "critical_on_partner": n_crit,
         "critical_materials": ["Gallium", "Graphite", "Tungsten"][:min(n_crit, 3)]}
    for p in (hs6.introduction(reporter, partner, 50, 0.4), hs6.summary(s, reporter, partner, last, 50, 0.4),
              hs6.critical(s, reporter, partner, last), hs6.none_found(partner, last)):
        check(p, first, last)


def _file(path):
    return SimpleNamespace(path=path, format="canonical-csv", rows=1, first_period="2022", last_period="2022", partners=1,
                           flows=["export"], products=1, currency="USD", partial_periods=[], title="t", publisher="p", accessed="",
                           licence="")


@FAST
@given(pairs, spans, st.integers(0, 4), st.sampled_from(["USD", "JPY", "EUR"]), st.data())
def test_appendix_paragraphs(pair, span, n_files, currency, data):
    (reporter, partner), (first, last) = pair, span
    years_ = [str(y) for y in range(first, last + 1)]
    compared = data.draw(st.lists(st.sampled_from(years_), unique=True)) if currency != "USD" else []
    cmp = pd.DataFrame({"period": compared, "flow": "import", "converted_usd": 1.0, "comtrade_usd": 1.0,
                        "gap_pct": [data.draw(st.floats(-6, 6)) for _ in compared], "rate": 1.0, "rate_method": "a"})
    mva = pd.DataFrame({"year": years_, "flow": "export", "monthly_sum": 1.0, "annual": 1.0,
                        "gap_pct": [data.draw(st.floats(-0.5, 0.5)) for _ in years_], "monthly_source": "m.csv", "annual_source": "a.csv"})
    sec = pd.DataFrame({"period": years_, "flow": "import", "gap_pct": [data.draw(st.floats(-1, 1)) for _ in years_]})
    unused = [f"data/file_{i}.csv" for i in range(n_files)]
    for p in (appendix.usd_check(cmp, reporter, currency, first, last, years_), appendix.monthly_vs_annual(mva.iloc[0:0], reporter, partner),
              appendix.monthly_vs_annual(mva, reporter, partner), appendix.sections_vs_total(sec, reporter),
              appendix.unused_files(unused, reporter, partner, first, last),
              appendix.rates_note(pd.DataFrame(), reporter, currency, first, last)):
        check(p, first, last)
    check(appendix.supplied_table(pd.DataFrame({"source": ["a"], "frequency": ["A"], "period": [years_[0]]}), first, last)["caption"],
          first, last, numbers=False)
    check(appendix.files_table([_file(p) for p in unused])["caption"], first, last, numbers=False)
