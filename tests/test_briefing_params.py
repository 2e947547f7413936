"""The briefing stays true when its parameters change.

Four builds (the default; end_year=2020; partner=KOR comparison=TWN; share_threshold=40 hhi_threshold=0.2),
each built once per session; their prose, cover and key_figures.csv are checked against values computed
here, independently, from the raw MOF file with the csv module. Plus fast unit tests of the pieces the
prose relies on: number formatting, exact chart ticks, key-figure conflicts, parameter checks.
"""
from __future__ import annotations

import csv
import html as htmllib
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import ROOT, tool_missing

MOF = ROOT / "data" / "mof" / "trade_year_area_goods.csv"
AREA = {"China": "CHN", "USA": "USA", "R Korea": "KOR", "Taiwan": "TWN"}
NAMES = {"CHN": "China", "USA": "United States", "KOR": "South Korea", "TWN": "Taiwan", "JPN": "Japan"}
NOT_COUNTRIES = {"Grand Total", "EU"}


# ---------------------------------------------------------------- independent expectations (raw CSV)

def _raw():
    """value[flow][area][goods][year] in billion yen, straight from the MOF file."""
    out = defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))
    with open(MOF, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[row["ex_im"]][row["area"]][row["goods"]][int(row["year"])] = float(row["value"])
    return out


RAW = _raw()


def total_share(area: str, year: int) -> float:
    t = lambda a: RAW["export"][a]["Grand Total"][year] + RAW["import"][a]["Grand Total"][year]  # noqa: E731
    return 100 * t(area) / t("Grand Total")


def export_share(area: str, year: int) -> float:
    return 100 * RAW["export"][area]["Grand Total"][year] / RAW["export"]["Grand Total"]["Grand Total"][year]


def top_export_area(year: int) -> str:
    areas = [a for a in RAW["export"] if a not in NOT_COUNTRIES and year in RAW["export"][a]["Grand Total"]]
    return max(areas, key=lambda a: RAW["export"][a]["Grand Total"][year])


def dependent_groups(area: str, year: int, share_min: float, hhi_min: float) -> set[str]:
    """Import groups (level 2 of the MOF classification) where ``area`` supplies >= share_min % and
    the HHI over listed countries (shares of the published world total) is >= hhi_min."""
    from tradebrief.commodities import hierarchy
    h = hierarchy()
    groups = set(h[(h["flow"] == "import") & (h["level"] == 2)]["product"])
    found = set()
    imports = RAW["import"]
    for g in groups:
        world = imports["Grand Total"].get(g, {}).get(year)
        if not world:
            continue
        values = {a: imports[a][g][year] for a in imports if a not in NOT_COUNTRIES and year in imports[a].get(g, {})}
        share = 100 * values.get(area, 0.0) / world
        hhi = sum((v / world) ** 2 for v in values.values())
        if share >= share_min and hhi >= hhi_min:
            found.add(g)
    return found


# ---------------------------------------------------------------- the four builds, once per session

def _build(tmp_path_factory, name, overrides, formats=("html",)):
    from tradebrief.report.build import BuildOptions, build
    out = tmp_path_factory.mktemp(name)
    build(BuildOptions(root=ROOT, out_dir=out, overrides=overrides, progress=False, formats=formats))
    return out


@pytest.fixture(scope="session")
def end2020(tmp_path_factory):
    return _build(tmp_path_factory, "end2020", ["end_year=2020"])


@pytest.fixture(scope="session")
def korea(tmp_path_factory):
    # lower-case on purpose: ISO codes are accepted in any case
    return _build(tmp_path_factory, "korea", ["partner=kor", "comparison=TWN"], formats=("html", "pdf"))


@pytest.fixture(scope="session")
def thresholds(tmp_path_factory):
    return _build(tmp_path_factory, "thresholds", ["share_threshold=40", "hhi_threshold=0.2"])


@pytest.fixture(scope="session")
def default(built):
    return built[0]


BUILDS = {"default": dict(partner="CHN", comparison="USA", end=2025, share=50.0, hhi=0.4),
          "end2020": dict(partner="CHN", comparison="USA", end=2020, share=50.0, hhi=0.4),
          "korea": dict(partner="KOR", comparison="TWN", end=2025, share=50.0, hhi=0.4),
          "thresholds": dict(partner="CHN", comparison="USA", end=2025, share=40.0, hhi=0.2)}


def _text(out: Path) -> str:
    """The HTML briefing as plain text (tags dropped, entities decoded, whitespace collapsed)."""
    raw = (out / "briefing.html").read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", raw, flags=re.S)
    raw = re.sub(r'<details class="method"[^>]*>.*?</details>', " ", raw, flags=re.S)
    raw = re.sub(r'<p class="omitted">.*?</p>', " ", raw, flags=re.S)   # the list of sections left out names them   # code is not prose
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", raw)))


def _summary(out: Path) -> str:
    text = _text(out)
    start = text.index("Executive summary", text.index("Contents") + 200)
    return text[start:text.index("Partner shares of total trade", start)]


def _kf(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "key_figures.csv", dtype=str, keep_default_na=False)


def _one(kf, **eq) -> str:
    sel = kf
    for k, v in eq.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, (eq, sel)
    return sel["value"].iloc[0]


@pytest.fixture(params=list(BUILDS))
def case(request):
    return request.param, request.getfixturevalue(request.param), BUILDS[request.param]


# ---------------------------------------------------------------- prose against the data

@pytest.mark.slow
def test_title_names_the_pair(case):
    _, out, p = case
    html = (out / "briefing.html").read_text(encoding="utf-8")
    title = f"Japan's trade dependence on {NAMES[p['partner']]}"
    assert f"<title>{htmllib.escape(title, quote=False)}</title>".replace("'", "&#39;") in html.replace("'", "&#39;")
    assert re.search(r'class="doc-title"[^>]*>([^<]*)<', html).group(1).replace("&#39;", "'") == title
    if p["partner"] != "CHN":
        assert "on China" not in _text(out)


@pytest.mark.slow
def test_top_destination_and_order_match_the_raw_file(case):
    _, out, p = case
    year, summary = p["end"], _summary(out)
    top = AREA.get(top_export_area(year), top_export_area(year))
    assert re.search(rf"{NAMES[top]} was the top export destination|The top export destination (in {year} )?was (the )?{NAMES[top]}", summary), summary
    assert _one(_kf(out), indicator="top_destination", period=str(year)) == top
    partner_area = {v: k for k, v in AREA.items()}[p["partner"]]
    comparison_area = {v: k for k, v in AREA.items()}[p["comparison"]]
    total_first = total_share(partner_area, year) >= total_share(comparison_area, year)
    export_first = export_share(partner_area, year) >= export_share(comparison_area, year)
    assert ("order is reversed" in summary) == (total_first != export_first)
    assert ("order is the same" in summary) == (total_first == export_first)
    assert f"{NAMES[p['partner']]} took {total_share(partner_area, year):.1f}% of Japan's total trade" in summary


@pytest.mark.slow
def test_dependency_count_agrees_everywhere(case):
    _, out, p = case
    expected = dependent_groups({v: k for k, v in AREA.items()}[p["partner"]], p["end"], p["share"], p["hhi"])
    kf = _kf(out)
    n = int(_one(kf, indicator="dependent_groups", period=str(p["end"])))
    assert n == len(expected)
    flagged = set(kf[(kf.indicator == "dependent_group") & (kf.period == str(p["end"]))]["product"])
    assert flagged == expected
    text = _text(out)
    stated = [a for a, _ in re.findall(r"(\d+|[Nn]one) of (?:the )?(\d+) import groups", text)]
    stated += [a for _, a in re.findall(r"Of (\d+) import groups, (\d+) meets? both", text)]   # the summary's order
    assert len(stated) >= 2 and {0 if a.lower() == "none" else int(a) for a in stated} == {n}, stated   # summary and section 5
    cover = re.search(r'<div class="kf-value">([^<]*)</div><div class="kf-label">Import groups? meeting both',
                      (out / "briefing.html").read_text(encoding="utf-8"))
    assert cover and cover.group(1) == str(n)
    assert f"share ≥ {p['share']:g}%, HHI ≥ {p['hhi']:g}" in text


@pytest.mark.slow
def test_no_case_study_or_claim_of_another_pair(case):
    name, out, p = case
    text = _text(out)
    kf = _kf(out)
    if p["partner"] == "CHN" and p["end"] >= 2024:
        assert "seafood" in text and "Claims ledger" in text and "claim_verdict" in set(kf.indicator)
    else:
        assert "seafood" not in text.lower() and "import ban" not in text
        assert "claim_verdict" not in set(kf.indicator) and "Claims ledger" not in text
    if p["partner"] != "CHN":
        # the analysis (the data appendix may still describe every loaded file, China's included)
        body = text[:text.rindex("Data appendix: sources, coverage and checks")]
        assert "Rare earth" not in body and "critical minerals" not in body and "from China" not in body


@pytest.mark.slow
def test_bilateral_verb_follows_the_series(case):
    """"reached" only when the latest year is the highest of the dollar series; otherwise the distance to the high."""
    _, out, p = case
    kf = _kf(out)
    usd = kf[(kf.indicator == "trade_value") & (kf.partner == p["partner"]) & (kf.flow == "total") & (kf.unit == "USD")]
    usd = usd.drop_duplicates("period").set_index("period")["value"].astype(float).sort_index()
    text = _text(out)
    last, peak = usd.index[-1], usd.idxmax()
    # the yen value and rate follow the year they belong to, never the high it is compared with
    assert re.search(rf"Bilateral trade (was|reached) US\$[\d.,]+ billion in {last} \(¥[\d.]+ trillion at [\d.]+ JPY per US dollar\)", text)
    if last == peak:
        assert f"its highest value in {usd.index[0]}–{last}" in text and "Bilateral trade reached US$" in text
    else:
        assert "Bilateral trade reached" not in text
        below = 100 * (1 - usd[last] / usd[peak])
        assert re.search(rf"Bilateral trade was US\$[\d.,]+ billion in {last}\b.*?, (in dollars )?{below:.0f}% below its {peak} high of US\$", text)


@pytest.mark.slow
def test_product_groups_named_in_words_not_in_the_files_abbreviations(default):
    """MOF's English names ("Semiconductors Etc", "Iron And Steel Products") never reach the prose or tables."""
    text = _text(default)
    with open(ROOT / "src" / "tradebrief" / "reference" / "product_labels.csv", newline="", encoding="utf-8") as fh:
        raw_names = [r["product"] for r in csv.DictReader(fh) if r["product"] != r["label"]]
    for raw in raw_names:
        assert not re.search(rf"(?<![\w(]){re.escape(raw)}(?!\w)", text), raw
    assert "Iron And" not in text and " Etc" not in text


@pytest.mark.slow
def test_data_appendix_tabulates_only_the_files_the_briefing_uses(korea):
    """A Japan–Korea briefing's coverage table leaves out China's critical-minerals file; a sentence names it."""
    html = (korea / "briefing.html").read_text(encoding="utf-8")
    coverage = re.search(r"<caption>Coverage of the \d+ files this briefing draws on.*?</table>", html, flags=re.S).group(0).replace("\u200b", "")
    assert "trade_year_area_goods" in coverage and "critical_minerals" not in coverage
    assert re.search(r"Also loaded and validated, but not used for Japan and South Korea in 2009–2025: .*?critical_minerals", _text(korea).replace("\u200b", ""))
    assert "Annual average exchange rates used for conversion (JPY per USD)" in html


@pytest.mark.slow
def test_key_figures_stay_inside_the_briefing_years(end2020):
    """An end_year=2020 briefing's key_figures.csv holds no number for a later year (periods, months, spans)."""
    kf = _kf(end2020)
    last_year = kf["period"].str.extract(r"(\d{4})(?:-\d{2})?$")[0].astype(int)   # "2020", "2019-05", "2009-2020"
    assert (last_year <= 2020).all(), kf[last_year > 2020].drop_duplicates("indicator").to_string()


@pytest.mark.slow
def test_no_dangling_punctuation_or_raw_numbers(case):
    _, out, _p = case
    text = _text(out)
    for pattern in (r":\s*\.", r"\(\s*\)", r",\s*\.", r"\d(?:\.\d+)?e[-+]\d+", r"\bnan\b", r"\bNone\b(?! of the \d)", r"¥\s*-"):
        assert not re.search(pattern, text), (pattern, re.search(pattern, text) and text[max(0, re.search(pattern, text).start() - 80):re.search(pattern, text).end() + 40])


@pytest.mark.slow
def test_every_table_and_chart_call_produces_output_with_alt_text(default):
    from tradebrief.report.assemble import omitted_reason
    for path in sorted((default / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if omitted_reason(nb) is not None:   # a section left out (e.g. HS6 without a panel) stops before its charts
            continue
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            tables = [o for o in cell.outputs if "tb-table" in str(o.get("data", {}).get("text/html", ""))
                      or "tb-table" in str(o.get("data", {}).get("text/markdown", ""))]
            figures = [o for o in cell.outputs if "image/svg+xml" in o.get("data", {})]
            if "charts.table(" in cell.source:
                assert tables, f"{path.name} cell {i}: charts.table(...) produced no table"
            if "charts.show(" in cell.source:
                assert figures, f"{path.name} cell {i}: charts.show(...) produced no figure"
            for f in figures:
                alt = f.get("metadata", {}).get("image/svg+xml", {}).get("alt", "")
                assert re.match(r".+\. .+\.$", alt), f"{path.name} cell {i}: alt text {alt!r}"


@pytest.mark.slow
def test_data_appendix_tables_present(default):
    text = _text(default)
    for caption in ("Which file supplied which periods", "Japan's world totals: its values in Japanese yen converted at the annual rate vs UN Comtrade's US dollars",
                    "Annual average exchange rates used for conversion"):
        assert caption in text


# ---------------------------------------------------------------- the PDF as printed

def _words(pdf: Path):
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, flags=re.S)
    out = []
    for w, h, body in pages:
        words = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
                 re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', body)]
        out.append((float(w), float(h), words))
    return out


@pytest.fixture(params=[(b, e) for b in ("default", "korea") for e in ("briefing.pdf", "briefing-methods.pdf")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def pdf(request):
    """Each build's two PDF editions: the brief and the methods edition."""
    if not subprocess.run(["which", "pdftotext"], capture_output=True).returncode == 0:
        tool_missing("poppler-utils (pdftotext) not installed")
    build, edition = request.param
    return request.getfixturevalue(build) / edition


MARGIN_PT = 17 / 25.4 * 72   # @page margin: 17 mm left and right


@pytest.mark.slow
def test_pdf_text_inside_the_margins(pdf):
    for n, (width, _h, words) in enumerate(_words(pdf), 1):
        for x0, _y0, x1, _y1, t in words:
            assert x0 >= MARGIN_PT - 1.5 and x1 <= width - MARGIN_PT + 1.5, f"page {n}: {t!r} at x {x0:.1f}-{x1:.1f} of {width:.1f}"


@pytest.mark.slow
def test_pdf_contents_numbers_match_headings(pdf):
    from pypdf import PdfReader

    def text(*pages):
        return subprocess.run(["pdftotext", "-layout", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    toc = re.findall(r"^\s*(\d+)\. (.+?) ?\.{3,}", text("-f", "1", "-l", "1"), flags=re.M)   # "10." pushes 1-9 right; a long title meets its dots
    assert len(toc) >= 6
    body = re.sub(r"\s+", " ", text("-f", "2"))
    for number, title in toc:
        head = title.split(":")[0].strip()
        assert f"{number}. {head}" in body, f"contents item {number}. {head} has no heading numbered alike"
    assert PdfReader(pdf).metadata.title.startswith("Japan's trade dependence on ")


@pytest.mark.slow
def test_pdf_no_page_under_a_quarter_full_unless_it_ends_a_section(pdf, tmp_path):
    from PIL import Image
    from pypdf import PdfReader
    subprocess.run(["pdftoppm", "-gray", "-r", "30", str(pdf), str(tmp_path / "p")], check=True)
    images = sorted(tmp_path.glob("p-*.pgm"))
    texts = [p.extract_text() for p in PdfReader(pdf).pages]
    for i, path in enumerate(images[1:-1], 1):
        im = Image.open(path)
        w, h = im.size
        top, bottom = int(h * 30 / 297), int(h * 274 / 297)   # below the running header, above the page number
        rows = [y for y in range(top, bottom) if im.crop((0, y, w, y + 1)).getextrema()[0] < 200]
        fill = ((rows[-1] - top) / (bottom - top)) if rows else 0.0
        starts_section = re.search(r"^\s*(?:[^\n]*\n)?\s*\d+\. [A-Z]", texts[i + 1]) is not None
        assert fill >= 0.25 or starts_section, f"page {i + 1} is {fill:.0%} full and the next page does not start a section"


# ---------------------------------------------------------------- fast units the prose relies on

def test_money_in_the_data_currency():
    from tradebrief.formatting import money, money_unit
    assert money(32.6e12, "JPY", "trillion") == "¥32.6 trillion"
    assert money(-7.923e12, "JPY", "trillion", 2) == "−¥7.92 trillion"
    assert money(291.67e9, "USD", "billion", 0) == "US$292 billion"
    assert money(5e12, "KRW", "trillion") == "₩5.0 trillion"
    assert money_unit("JPY", "billion") == "¥ bn" and money_unit("USD", "trillion", short=False) == "US$ trillion"


def test_percent_never_prints_a_misleading_zero_or_exponent():
    from tradebrief.formatting import listing, percent, times
    assert percent(1.39e-14, 4) == "< 0.0001%"
    assert percent(0.0, 4) == "0.0000%"
    assert percent(22.13) == "22.1%" and percent(3.5, 1, signed=True) == "+3.5%"
    assert listing([]) == "none" and listing(["a"]) == "a" and listing(["a", "b", "c"]) == "a, b and c"
    assert times(1) == "once" and times(5) == "5 times"
    from tradebrief.formatting import ordinal
    assert [ordinal(n) for n in (1, 3, 10, 11, 12, 13, 21, 22, 103, 111)] == \
        ["first", "third", "tenth", "11th", "12th", "13th", "21st", "22nd", "103rd", "111th"]


def test_tick_labels_exact_and_distinct():
    from tradebrief.charts import decimals_for
    assert decimals_for([5, 7.5, 10, 12.5]) == 1          # not "8", "12"
    assert decimals_for([4, 4.5, 5, 5.5, 6]) == 1          # not "4%, 5%, 6%, 6%"
    assert decimals_for([0, 0.25, 0.5]) == 2
    assert decimals_for([0, 10, 20]) == 0
    from tradebrief.charts import ExactFormatter
    f = ExactFormatter("%")
    assert [f(v) for v in (-20.0, 0.0, 10.0)] == ["−20%", "0%", "10%"]   # a true minus, as in text and tables


def test_chart_ticks_rendered_exactly():
    import matplotlib.pyplot as plt

    from tradebrief import charts
    df = pd.DataFrame({"year": [2020, 2021, 2022] * 2, "v": [4.1, 5.2, 6.3, 4.4, 5.0, 5.9], "p": ["KOR"] * 3 + ["TWN"] * 3})
    fig = charts.line_chart(df, "year", "v", "p", title="T", ylabel="%", source="S", percent=True)
    fig.canvas.draw()
    ax = fig.axes[0]
    lo, hi = ax.get_ylim()
    labels = [(t.get_position()[1], t.get_text()) for t in ax.get_yticklabels() if lo <= t.get_position()[1] <= hi]
    assert len({t for _, t in labels}) == len(labels)
    for value, text in labels:
        assert float(text.rstrip("%").replace(",", "")) == pytest.approx(value)
    assert fig._tb_alt.startswith("T. In 2022: ")
    plt.close(fig)


def test_table_displays_itself():
    from IPython.utils.capture import capture_output

    from tradebrief import charts
    with capture_output() as captured:
        charts.table(pd.DataFrame({"a": [1.5]}), caption="Table caption")
        x = 1  # the table call is not the cell's last expression
    # displayed by the call itself, not by being returned: printed, or published to IPython's display when a
    # shell exists in this process (another test may have created one)
    shown = captured.stdout + "".join(str(o.data) for o in captured.outputs)
    assert x == 1 and "Table caption" in shown


def _run_figures(tmp_path, notebook: str):
    """A notebook's figures where the build keeps them: ``<cache>/runs/<notebook>-<key>/key_figures.csv``."""
    from tradebrief.report.keyfigures import KeyFigures
    return KeyFigures(tmp_path / "runs" / f"{notebook}-0123456789abcdef01234567" / "key_figures.csv")


def test_key_figures_conflict_names_both_notebooks(tmp_path):
    from tradebrief.errors import OutputError
    from tradebrief.report.keyfigures import merge
    a, b = _run_figures(tmp_path, "summary"), _run_figures(tmp_path, "product_dependence")
    assert a.path.name == b.path.name == "key_figures.csv"   # as in a build: only the folder tells them apart
    a.add("dependent_groups", "JPN", "CHN", "import", 2025, 3, "count")
    b.add("dependent_groups", "JPN", "CHN", "import", 2025, 11, "count", headline=True)
    a.save(), b.save()
    with pytest.raises(OutputError, match=r"dependent_groups.*notebook summary.ipynb says 3, notebook product_dependence.ipynb says 11"):
        merge({"summary": a.path, "product_dependence": b.path})
    b.rows[0]["value"] = 3
    b.save()
    merged = merge({"summary": a.path, "product_dependence": b.path})
    assert len(merged) == 1 and merged["headline"].iloc[0] == "yes" and merged["product"].iloc[0] == "TOTAL"


def test_counts_and_ranks_are_written_as_whole_numbers(tmp_path):
    import csv

    import numpy as np
    figures = _run_figures(tmp_path, "partner_shares")
    figures.add("rank", "JPN", "CHN", "total", 2024, np.float64(1.0), "rank")   # a rank from a float column
    figures.add("dependent_groups", "JPN", "CHN", "import", 2024, 5.0, "count")
    figures.add("share", "JPN", "CHN", "total", 2024, 20.0, "percent")          # not a count: as given
    figures.save()
    with open(figures.path, newline="") as fh:
        values = {r["indicator"]: r["value"] for r in csv.DictReader(fh)}
    assert values == {"rank": "1", "dependent_groups": "5", "share": "20.0"}


def test_merged_key_figures_do_not_depend_on_the_order_notebooks_ran_in(tmp_path):
    from tradebrief.report.keyfigures import merge
    a, b = _run_figures(tmp_path, "bilateral"), _run_figures(tmp_path, "partner_shares")
    for year in (2024, 2022, 2023):   # recorded out of order, as a set or a groupby may give them
        a.add("balance", "JPN", "CHN", "balance", year, -1.5e12 * year / 2024, "JPY")
        b.add("share", "JPN", "USA", "total", year, 14.5, "percent")
    b.add("rank", "JPN", "CHN", "total", 2024, "1.0", "rank")   # as a cached run of older code wrote it
    a.save(), b.save()
    one = merge({"bilateral": a.path, "partner_shares": b.path}).to_csv(index=False)
    other = merge({"partner_shares": b.path, "bilateral": a.path}).to_csv(index=False)
    assert one == other
    rows = one.splitlines()[1:]
    assert [r.split(",")[5] for r in rows] == ["2022", "2023", "2024", "2024", "2022", "2023", "2024"]
    assert rows[3].startswith("rank,") and rows[3].split(",")[7] == "1"


@pytest.mark.parametrize("overrides, message", [
    (["engine=postgres"], "unknown engine 'postgres': choose duckdb or spark"),
    (["top_n=0"], "top_n must be at least 1"),
    (["share_threshold=140"], "share_threshold must be between 0 and 100"),
    (["hhi_threshold=-0.1"], "hhi_threshold must be between 0 and 1"),
])
def test_parameter_checks(overrides, message):
    from tradebrief.errors import ParameterError
    from tradebrief.report.config import apply_overrides, load_config
    with pytest.raises(ParameterError, match=re.escape(message)):
        apply_overrides(load_config(ROOT / "report" / "briefing.toml"), overrides)


def test_codes_any_case_and_did_you_mean(dataset):
    from tradebrief.errors import ParameterError
    from tradebrief.report.config import apply_overrides, check_against_data, load_config
    config = apply_overrides(load_config(ROOT / "report" / "briefing.toml"), ["partner=kor", "comparison=twn"])
    assert (config.parameters["partner"], config.parameters["comparison"]) == ("KOR", "TWN")
    assert config.display_title == "Japan's trade dependence on South Korea"
    check_against_data(config, dataset.trade)
    bad = apply_overrides(load_config(ROOT / "report" / "briefing.toml"), ["partner=KRO"])
    with pytest.raises(ParameterError, match=r"did you mean KOR"):
        check_against_data(bad, dataset.trade)


@pytest.mark.slow
def test_mirror_data_are_mentioned_only_for_the_briefings_years(case):
    """China's own reports are shipped for 2022 only: a briefing ending before 2022 has no mirror section and
    its appendix does not point to one."""
    _, out, p = case
    text, html = _text(out), (out / "briefing.html").read_text(encoding="utf-8")
    has_2022 = p["end"] >= 2022 and p["partner"] == "CHN"
    assert ('id="sec-mirror"' in html) == has_2022
    assert ("the mirror-statistics section compares them" in text) == has_2022
