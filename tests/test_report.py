"""The built briefing, opened and inspected: PDF and HTML, key figures, incremental rebuilds."""
import re
import shutil
import subprocess

import pandas as pd
import pytest
from conftest import ROOT
from pypdf import PdfReader

pytestmark = pytest.mark.slow
SECTIONS = ["Executive summary", "The latest months", "Partner shares of total trade", "The shift in export destinations",
            "Japan's trade with China in Japanese yen and US dollars", "Product-level dependence", "Claims ledger", "Data appendix: sources, coverage and checks",
            "Methods appendix", "Reproducibility stamp"]


def _pdf_text(out, name="briefing.pdf"):
    reader = PdfReader(out / name)
    return reader, " ".join(p.extract_text() for p in reader.pages)


def test_build_executes_every_notebook(built):
    import tomllib
    out, result = built
    from tradebrief.report.sections import read_sections
    from tradebrief.sources.baci import find_release
    config = tomllib.loads((ROOT / "report" / "briefing.toml").read_text())
    listed = config["briefing"]["notebooks"]
    # the shipped data hold no HS6 panel (no BACI release, hs_panel empty): the sections needing one are left out before they run
    assert not config["parameters"]["hs_panel"] and find_release(ROOT / "data") is None
    needs_panel = {n for n, spec in read_sections(ROOT / "report" / "sections.toml").items() if "hs_panel" in spec.get("needs", [])}
    assert needs_panel >= {"product_hs6", "world"}
    assert result.executed == [n for n in listed if n not in needs_panel]   # every other notebook, in briefing order
    assert "Not in this briefing" in (out / "briefing.html").read_text(encoding="utf-8")
    for name in result.executed:
        assert (out / "notebooks" / f"{name}.ipynb").exists()


@pytest.mark.parametrize("name", ["briefing.pdf", "briefing-methods.pdf"])
def test_pdf_pages_sections_and_china(built, name):
    out, _ = built
    reader, text = _pdf_text(out, name)
    assert 12 <= len(reader.pages) <= 60
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)   # A4
    flat = re.sub(r"\s+", " ", text)
    # the brief (briefing.pdf) leaves out the methods appendix and the stamp: the methods edition has both
    for title in SECTIONS if name == "briefing-methods.pdf" else SECTIONS[:-2]:
        assert title in flat, f"section {title!r} missing from {name}"
    assert "China" in flat and "Page 2 of" in flat
    # sub-sections are numbered within their section (5.1, 5.2, 5.3), not all "5.1"
    assert "6.1 Exporters' exposure" in flat and "6.2 Fish" in flat and "6.3 Rare earths" in flat


@pytest.mark.parametrize("name", ["briefing.pdf", "briefing-methods.pdf"])
def test_pdf_fonts_embedded_and_figures_present(built, name):
    out, _ = built
    reader = PdfReader(out / name)
    fonts = {}
    html_images = len(re.findall(r'class="output_(svg|png) ', (out / "briefing.html").read_text()))
    figure_pages = []
    for page in reader.pages:
        labels = re.findall(r"FIGURE \d+", page.extract_text())
        if labels:
            # WeasyPrint shares one resource dictionary between pages: the page's own drawing says which it paints
            xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
            painted = re.findall(rb"/([^\s/]+)\s+Do\b", page.get_contents().get_data())
            widths = [int(xobjects["/" + name.decode()].get_object()["/Width"]) for name in painted
                      if xobjects.get("/" + name.decode()) is not None
                      and xobjects["/" + name.decode()].get_object().get("/Subtype") == "/Image"]
            figure_pages.append((len(labels), widths))
        res = page.get("/Resources") or {}
        for f in (res.get("/Font") or {}).values():
            f = f.get_object()
            desc = f.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in f:
                desc = f["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            fonts[str(f.get("/BaseFont"))] = desc is not None and any(k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), f"fonts not embedded: {[k for k, v in fonts.items() if not v]}"
    # print charts are PNGs at 200 dpi: each labelled figure's page carries one picture per figure, sharp
    # at the text width (at least 1,000 pixels across: over 150 dpi on a 6.5-inch column)
    assert sum(n for n, _ in figure_pages) == html_images >= 7
    assert all(len(widths) == n and min(widths) >= 1000 for n, widths in figure_pages), figure_pages


def test_html_self_contained_with_figures_and_methods(built):
    out, _ = built
    html = (out / "briefing.html").read_text()
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?https?:", html), "external script or stylesheet"
    figures = re.findall(r'<img [^>]*src="data:image/(svg\+xml|png);base64,', html)
    assert len(figures) >= 7 and not re.search(r'<img [^>]*src="(?!data:)', html)   # embedded, never linked
    assert html.count('<details class="method"') == html.count('<section class="briefing-section"') >= 5 and "Show method" in html
    assert 'id="methods-appendix"' not in html
    assert 'name="viewport"' in html
    for title in SECTIONS:
        if title != "Methods appendix":   # on screen the methods are inline, behind "Show method"
            assert title in html
    assert "f31bdfdccfed5ca12ef09b5758bee516b44deb5499b7452ac48d7e8ab055da75" in html   # data file hash in the stamp


def test_key_figures_shares_for_every_year(built, dataset):
    out, _ = built
    kf = pd.read_csv(out / "key_figures.csv", dtype={"period": str})
    assert list(kf.columns) == ["indicator", "reporter", "partner", "flow", "product", "period", "id", "value", "unit", "headline"]
    # period is always a period and flow always a flow (claim ids and product names have their own columns):
    # a year, a month, a span of years ("2009-2025") or the latest months of a year ("2026-01/2026-03")
    period = r"\d{4}(-\d{2})?(-\d{4})?|(\d{4})-01/\3-(0[2-9]|1[01])"
    assert kf["period"].str.fullmatch(period).all(), kf[~kf["period"].str.fullmatch(period)]
    assert set(kf["flow"]) <= {"export", "import", "total", "balance", "none"}
    assert set(kf.loc[kf.indicator == "claim_verdict", "id"]) >= {"largest_partner", "us_overtook_2023"}
    shares = kf[(kf.indicator == "share") & (kf.flow == "total")]
    for partner in ("CHN", "USA"):
        years = set(shares[shares.partner == partner]["period"])
        # every full year, and the latest months: the annual file's January–March 2026 against the same months of
        # 2025 in the release of March 2025 data (the cards of data/mof/ name those months)
        assert {y for y in years if "/" not in y} == {str(y) for y in range(2009, 2026)}, partner
        assert {y for y in years if "/" in y} == {"2026-01/2026-03", "2025-01/2025-03"}, partner
    assert {"trade_value", "share", "rank", "balance", "hhi_partners", "crossover", "claim_verdict", "import_share_from_partner"} <= set(kf.indicator)
    usd = kf[(kf.indicator == "trade_value") & (kf.unit == "USD") & (kf.partner == "CHN") & (kf.flow == "total") & (kf.period == "2024")]
    raw = _raw_mof_grand_totals()
    yen_2024 = (raw[("export", "China", "2024")] + raw[("import", "China", "2024")]) * 1e9   # billion yen in the file
    assert float(usd["value"].iloc[0]) == pytest.approx(yen_2024 / _raw_fred_annual_mean("2024"), rel=1e-9)
    cross = kf[kf.indicator == "crossover"]
    assert sorted(cross["period"]) == _raw_export_leader_changes(raw, 2009, 2025)   # the file is sorted by its key columns


def _raw_mof_grand_totals() -> dict:
    """(flow, area, year) -> all-goods value in billion yen, read from the shipped MOF file with the csv module."""
    import csv
    with open(ROOT / "data" / "mof" / "trade_year_area_goods.csv", newline="", encoding="utf-8") as fh:
        return {(r["ex_im"], r["area"], r["year"]): float(r["value"]) for r in csv.DictReader(fh) if r["goods"] == "Grand Total"}


def _raw_fred_annual_mean(year: str) -> float:
    """Mean of the 12 monthly FRED EXJPUS values of a year (no official annual average after 2018 is shipped)."""
    import csv
    with open(ROOT / "data" / "fx" / "EXJPUS_monthly.csv", newline="") as fh:
        values = [float(r["EXJPUS"]) for r in csv.DictReader(fh) if r["observation_date"].startswith(year)]
    assert len(values) == 12
    return sum(values) / 12


def _raw_export_leader_changes(raw: dict, first: int, last: int) -> list[str]:
    """Years in which the largest single-country export market changed, from the raw file."""
    leaders = []
    for year in range(first, last + 1):
        exports = {area: v for (flow, area, y), v in raw.items() if flow == "export" and y == str(year)
                   and area not in ("Grand Total", "EU")}
        leaders.append(max(exports, key=exports.get))
    return [str(first + i) for i in range(1, len(leaders)) if leaders[i] != leaders[i - 1]]


def test_shares_in_the_pdf_are_those_of_the_raw_file(built):
    """China's and the US shares of Japan's 2025 trade, computed from the shipped MOF file with the csv module,
    are what the PDF prints (cover, summary, section 2)."""
    out, _ = built
    _, text = _pdf_text(out)
    raw = _raw_mof_grand_totals()
    world = raw[("export", "Grand Total", "2025")] + raw[("import", "Grand Total", "2025")]
    for area in ("China", "USA"):
        share = 100 * (raw[("export", area, "2025")] + raw[("import", area, "2025")]) / world
        assert text.count(f"{share:.1f}%") >= 3, (area, f"{share:.1f}%")


def _pdf_layout_text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_every_number_the_pdf_summary_and_cover_print_is_a_headline_key_figure(built):
    """Read from the PDF as printed (pdftotext): each number of the cover's key figures and of the executive summary is
    a headline row of key_figures.csv at the precision printed, a year of the briefing or a parameter of
    report/briefing.toml. The checker itself finds an unrecorded number (first assert)."""
    import csv
    import tomllib
    from types import SimpleNamespace

    from prose_numbers import unaccounted
    out, _ = built
    params = tomllib.loads((ROOT / "report" / "briefing.toml").read_text())["parameters"]
    with open(out / "key_figures.csv", newline="", encoding="utf-8") as fh:
        quotes = [SimpleNamespace(value=r["value"]) for r in csv.DictReader(fh) if r["headline"] == "yes"]
    constants = tuple(v for v in params.values() if isinstance(v, (int, float)) and not isinstance(v, bool))

    def unrecorded(text):
        return unaccounted(SimpleNamespace(text=text, quotes=quotes, constants=constants), params["start_year"], params["end_year"] + 1)
    assert unrecorded("a share of 42.77% and US$1.234 billion") == ["42.77%", "US$1.234 billion"]
    text = _pdf_layout_text(out / "briefing.pdf")
    cover = text[text.index("KEY FIGURES"):text.index("Contents")]
    start = text.index("1. Executive summary", text.index("Contents") + len("Contents") + 400)   # the section, not its contents line
    summary = text[start:text.index("2. The latest months", start)]
    for part in (cover, summary):
        body = re.sub(r"^\s*\d+\.\s", " ", part, flags=re.M)   # section and list numbers
        body = re.sub(r"Page \d+ of \d+", " ", body)
        assert len(re.findall(r"\d", body)) > 20 and unrecorded(re.sub(r"\s+", " ", body)) == []


def test_noop_rebuild_executes_nothing_and_keeps_outputs(built):
    from tradebrief.report.build import BuildOptions, build
    out, _ = built
    before = {n: (out / n).read_bytes() for n in ("briefing.pdf", "briefing-methods.pdf")}
    result = build(BuildOptions(root=ROOT, out_dir=out, progress=False))
    assert result.executed == [] and not result.assembled
    assert {n: (out / n).read_bytes() for n in before} == before


def test_one_parameter_change_reexecutes_only_the_notebooks_that_use_it(built, tmp_path):
    """On a copy of the build (the shared one stays as it is for the other tests, whatever their order)."""
    import nbformat

    from tradebrief.report.build import BuildOptions, build
    from tradebrief.report.config import load_config
    out, _ = built
    target = tmp_path / "out"
    shutil.copytree(out, target)
    events = tmp_path / "events.toml"
    shutil.copy(ROOT / "report" / "events.toml", events)
    using = []   # read from the notebooks' own code (not the parameters cell every notebook has), not from the build
    for name in load_config(ROOT / "report" / "briefing.toml").notebooks:
        cells = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4).cells
        if any("events_file" in c.source for c in cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])):
            using.append(name)
    assert using and len(using) < len(load_config(ROOT / "report" / "briefing.toml").notebooks)
    result = build(BuildOptions(root=ROOT, out_dir=target, progress=False, overrides=[f"events_file={events}"], formats=("html",)))
    planned = set(result.executed) | set(result.skipped)   # sections the data cannot fill are left out before any run
    assert planned and sorted(result.executed) == sorted(n for n in using if n in planned) and result.assembled


def test_html_only_format(tmp_path, built):
    from tradebrief.report.build import BuildOptions, build
    out, _ = built
    target = tmp_path / "out"
    shutil.copytree(out, target)
    (target / "briefing.pdf").unlink()
    (target / "briefing.html").unlink()
    build(BuildOptions(root=ROOT, out_dir=target, progress=False, formats=("html",)))
    assert (target / "briefing.html").exists() and not (target / "briefing.pdf").exists()
    assert not (target / "briefing-methods.pdf").exists()   # both PDF editions go with --format html


def test_cli_help_explains_commands():
    out = subprocess.run([str(ROOT / ".venv" / "bin" / "tradebrief"), "build", "--help"], capture_output=True, text=True)
    if out.returncode != 0 and not (ROOT / ".venv" / "bin" / "tradebrief").exists():
        pytest.skip("no .venv")
    assert "--param" in out.stdout and "end_year=2023" in out.stdout and "--force" in out.stdout
    top = subprocess.run([str(ROOT / ".venv" / "bin" / "tradebrief"), "--help"], capture_output=True, text=True).stdout
    assert "build" in top and "validate" in top and "fetch" in top


def test_briefing_picks_up_a_newer_file_with_one_more_year(tmp_path):
    """Drop a newer release (2026 full, 2027 added) into a data folder: the briefing uses it."""
    import re as _re

    from tradebrief.report.build import BuildOptions, build
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    src = pd.read_csv(data / "mof" / "trade_year_area_goods.csv")
    newer = pd.concat([src[src.year != 2026], src[src.year == 2025].assign(year=2026, value=lambda d: d.value * 1.02),
                       src[src.year == 2025].assign(year=2027, value=lambda d: d.value * 1.04)])
    newer.to_csv(data / "mof" / "trade_year_area_goods_2027.csv", index=False)
    config = (ROOT / "report" / "briefing.toml").read_text()
    config = _re.sub(r"^notebooks = \[.*\]$", 'notebooks = ["partner_shares"]', config, flags=_re.M)
    (tmp_path / "briefing.toml").write_text(config)
    out = tmp_path / "out"
    build(BuildOptions(root=ROOT, config=tmp_path / "briefing.toml", out_dir=out, progress=False, formats=("html",),
                       overrides=[f"data_dir={data}", "end_year=2027"]))
    kf = pd.read_csv(out / "key_figures.csv", dtype={"period": str})
    share = kf[(kf.indicator == "share") & (kf.partner == "CHN") & (kf.flow == "total") & (kf.period == "2027")]
    assert len(share) == 1
    assert "2027" in (out / "briefing.html").read_text()



@pytest.mark.slow
def test_two_forced_builds_with_different_worker_counts_give_identical_bytes(built, tmp_path, monkeypatch):
    """Same inputs, SOURCE_DATE_EPOCH set, every notebook re-run (--force), one worker then two: the briefing,
    its PDF and key_figures.csv are byte-identical (notebooks finish in another order with two workers)."""
    from tradebrief.report.build import BuildOptions, build
    src, _ = built
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    names = ("briefing.html", "briefing.pdf", "briefing-methods.pdf", "key_figures.csv")
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}"
        shutil.copytree(src / "cache", out / "cache", ignore=shutil.ignore_patterns("runs"))   # the parsed data only
        result = build(BuildOptions(root=ROOT, out_dir=out, progress=False, force=True, jobs=jobs))
        assert result.skipped == []
        outs.append({n: (out / n).read_bytes() for n in names})
    for name in names:
        assert outs[0][name] == outs[1][name], f"{name} differs between the two builds"
