"""The HTML briefing as people read it, measured in a real browser (Debian's chromium + chromedriver via Selenium)
at a 1280 px laptop window and at an emulated 390 px phone, for the default briefing and for partner=KOR,
comparison=TWN. Every assertion is on measured layout (element boxes, scroll widths) or on what the browser
logged, never on the HTML source. Screenshots go to <build>/screens/ and are copied to report/build/screens/<build>/
for a reviewer to look at."""
from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import nbformat
import pytest
from conftest import tool_missing

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
MISSING = [n for n, p in (("chromium", CHROMIUM), ("chromedriver (Debian package chromium-driver)", CHROMEDRIVER)) if not p]

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _browser_present():
    if MISSING:   # skipped on a workstation without one; a failure under CI, which installs both
        tool_missing(f"no browser to test the HTML in: {' and '.join(MISSING)} not on PATH "
                     "(apt-get install chromium chromium-driver)")

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844, "pixelRatio": 3.0}   # iPhone 12-15 class screen, CSS pixels
BUILDS = {"default": [], "KOR-TWN": ["partner=KOR", "comparison=TWN"]}
PLACEHOLDER = "No description has been provided"
# The flags that keep a headless chromium from reaching for the network (updates, sync, QUIC probes).
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-default-apps", "--disable-extensions", "--hide-scrollbars"]


@pytest.fixture(scope="module", params=list(BUILDS))
def briefing(request, tmp_path_factory):
    from tradebrief.report.build import BuildOptions, build
    out = tmp_path_factory.getbasetemp() / f"browser-{request.param}"
    if not (out / "briefing.html").exists():   # built once per session, however the tests are ordered
        build(BuildOptions(root=ROOT, out_dir=out, formats=("html",), overrides=BUILDS[request.param], progress=False))
    yield request.param, out
    # a reviewer looks at the pictures in the usual build folder
    if (out / "screens").is_dir():
        shutil.copytree(out / "screens", ROOT / "report" / "build" / "screens" / request.param, dirs_exist_ok=True)


def _browser(phone: bool):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={tempfile.mkdtemp(prefix='tb-chromium-')}"]:
        opts.add_argument(flag)
    if phone:
        opts.add_experimental_option("mobileEmulation", {"deviceMetrics": PHONE})
    else:
        opts.add_argument(f"--window-size={DESKTOP['width']},{DESKTOP['height']}")
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=opts, service=Service(CHROMEDRIVER))
    if not phone:   # the window size includes no browser chrome in headless mode, but make the viewport exact
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**DESKTOP, "deviceScaleFactor": 1, "mobile": False})
    return driver


@pytest.fixture(scope="module", params=["desktop", "phone"])
def browser(request):
    driver = _browser(request.param == "phone")
    yield request.param, driver
    driver.quit()


@pytest.fixture
def page(browser, briefing):
    """The briefing freshly opened in chromium at one screen size: (driver, size name, build name, build folder)."""
    size, driver = browser
    name, out = briefing
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    driver.get("about:blank")
    driver.get_log("performance"), driver.get_log("browser")   # what earlier tests logged is theirs
    driver.get((out / "briefing.html").as_uri())
    driver.execute_script("return document.fonts.ready")
    return driver, size, name, out


LAYOUT = """
const doc = document.documentElement, col = document.querySelector('main').getBoundingClientRect();
const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width, top: r.top}; };
return {
  viewport: window.innerWidth, scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth,
  column: {left: col.left, right: col.right, width: col.width},
  tables: [...document.querySelectorAll('.tb-table')].map(f => ({
    caption: f.querySelector('caption') ? f.querySelector('caption').textContent : '',
    frame: box(f), table: box(f.querySelector('table')), captionBox: box(f.querySelector('caption') || f),
    scrollWidth: f.scrollWidth, clientWidth: f.clientWidth, overflowX: getComputedStyle(f).overflowX,
    note: getComputedStyle(f, '::before').content})),
  figures: [...document.querySelectorAll('.output_svg img, .output_png img')].map(i => ({
    box: box(i), height: i.getBoundingClientRect().height, naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight,
    alt: i.getAttribute('alt'), complete: i.complete,
    parent: box(i.parentElement), parentClips: getComputedStyle(i.parentElement).overflow !== 'visible',
    source: [...i.parentElement.querySelectorAll('.figure-source')].filter(p => p.getClientRects().length).map(p => ({
      text: p.textContent, box: box(p), fontSize: parseFloat(getComputedStyle(p).fontSize)}))})),
  sections: [...document.querySelectorAll('section.briefing-section')].map(s => ({
    id: s.id, toggles: s.querySelectorAll('details.method').length})),
  toggles: document.querySelectorAll('details.method').length,
};
"""


def _layout(driver) -> dict:
    return driver.execute_script(LAYOUT)


def _screens(out: Path, size: str) -> Path:
    d = out / "screens"
    d.mkdir(exist_ok=True)
    return d


def _page_screenshots(driver, folder: Path, prefix: str, zoom: float, tile: int = 1400) -> None:
    """The whole page as pictures a reviewer can scroll through: tiles of ``tile`` CSS px, ``zoom`` image px per CSS px."""
    import base64
    w, h, dpr = driver.execute_script("const d = document.documentElement; return [d.clientWidth, d.scrollHeight, window.devicePixelRatio]")
    for n, top in enumerate(range(0, h, tile), 1):
        clip = {"x": 0, "y": top, "width": w, "height": min(tile, h - top), "scale": zoom / dpr}
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})
        (folder / f"{prefix}-{n:02d}.png").write_bytes(base64.b64decode(shot["data"]))


def _executed_code_cells(out: Path, section_id: str) -> list[str]:
    """The code a section ran, read from the executed notebook itself (papermill's parameter cells aside)."""
    nb = nbformat.read(out / "notebooks" / f"{section_id.removeprefix('sec-')}.ipynb", as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code" and c.source.strip()
            and not {"parameters", "injected-parameters"} & set(c.metadata.get("tags", []))]


def test_page_never_scrolls_sideways_and_tables_fit_or_scroll_in_their_frame(page):
    driver, size, name, out = page
    m = _layout(driver)
    width = DESKTOP["width"] if size == "desktop" else PHONE["width"]
    print(f"\n[{name} {size}] viewport {m['viewport']} px, page scrollWidth {m['scrollWidth']} px, "
          f"reading column {m['column']['width']:.0f} px")
    for t in m["tables"]:
        print(f"  table {t['table']['width']:6.0f} px in frame {t['frame']['width']:4.0f} px "
              f"(scrolls {t['scrollWidth'] - t['clientWidth']:3d} px)  {t['caption'][:60]}")
    # the layout viewport is the screen: nothing widened the page
    assert m["viewport"] == width and m["clientWidth"] == width
    assert m["scrollWidth"] <= m["clientWidth"], f"the page scrolls sideways: {m['scrollWidth']} > {m['clientWidth']} px"
    assert len(m["tables"]) >= 6
    for t in m["tables"]:
        assert t["frame"]["left"] >= m["column"]["left"] - 0.5 and t["frame"]["right"] <= m["column"]["right"] + 0.5, t["caption"]
        # the caption is read without scrolling
        assert t["captionBox"]["right"] <= t["frame"]["right"] + 0.5, f"caption runs off its frame: {t['caption']}"
        fits = t["scrollWidth"] <= t["clientWidth"] + 1
        if size == "desktop":
            assert fits and t["table"]["width"] <= m["column"]["width"] + 0.5, \
                f"{t['caption']!r} is {t['table']['width']:.0f} px in a {m['column']['width']:.0f} px column"
            assert t["note"] in ("none", "normal"), "a scroll note on a table that fits"
        elif not fits:
            assert t["overflowX"] in ("auto", "scroll"), f"{t['caption']!r} overflows without a scroll frame"
            assert "scroll" in t["note"], f"{t['caption']!r} scrolls without a visible note"
    # the page as first opened, methods folded
    _page_screenshots(driver, _screens(out, size), f"{size}-page", zoom=2 if size == "phone" else 1)


def test_wide_tables_keep_their_first_column_when_scrolled(page):
    driver, size, name, out = page
    frames = driver.execute_script("""
      return [...document.querySelectorAll('.tb-table')].map((f, i) => [f, i]).filter(([f]) => f.scrollWidth > f.clientWidth + 1).map(([f, i]) => {
        f.scrollIntoView({block: 'center'});
        f.scrollLeft = f.scrollWidth;
        const first = f.querySelector('tbody tr td'), last = f.querySelector('tbody tr td:last-child');
        const fr = f.getBoundingClientRect(), a = first.getBoundingClientRect(), z = last.getBoundingClientRect();
        const range = document.createRange(); range.selectNodeContents(first);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
        const onTop = document.elementFromPoint(a.left + a.width / 2, a.top + a.height / 2);
        return {caption: f.querySelector('caption').textContent, scrolled: f.scrollLeft, frameLeft: fr.left, frameRight: fr.right,
                firstLeft: a.left, firstClipped: first.scrollWidth > first.clientWidth + 1, firstOnTop: first.contains(onTop),
                firstLines: lines, firstWords: first.textContent.trim().split(/[\\s\\u200b]+/).length,
                lastRight: z.right, lastLeft: z.left, firstText: first.textContent, index: i};
      });""")
    if size == "desktop":
        assert frames == [], f"tables scroll at 1280 px: {[f['caption'] for f in frames]}"
        return
    shots = _screens(out, size)
    for f in frames:
        assert f["scrolled"] > 0, f"{f['caption']!r} cannot be scrolled"
        # scrolled to the end: the last column is in view, the first column is still pinned at the left edge
        assert f["lastRight"] <= f["frameRight"] + 1 and f["lastLeft"] >= f["frameLeft"]
        assert abs(f["firstLeft"] - f["frameLeft"]) <= 1, f"first column of {f['caption']!r} scrolled away"
        # readable: not clipped, not covered by the cells scrolling under it, no word broken across lines
        assert f["firstOnTop"] and not f["firstClipped"], f"first column of {f['caption']!r} hidden: {f}"
        assert f["firstLines"] <= f["firstWords"], f"first column of {f['caption']!r} breaks inside words: {f}"
        driver.find_elements("css selector", ".tb-table")[f["index"]].screenshot(str(shots / f"phone-table-{f['index'] + 1}-scrolled.png"))
    # the tables as first seen, with their scroll note, for a look
    for i, e in enumerate(driver.find_elements("css selector", ".tb-table")):
        driver.execute_script("arguments[0].scrollLeft = 0; arguments[0].scrollIntoView({block: 'center'})", e)
        e.screenshot(str(shots / f"phone-table-{i + 1}.png"))


def test_figures_scale_have_alt_text_and_keep_their_source_line(page):
    driver, size, name, out = page
    m = _layout(driver)
    assert len(m["figures"]) >= 5
    for i, f in enumerate(m["figures"], 1):
        alt = f["alt"] or ""
        print(f"  figure {i}: {f['box']['width']:.0f} px wide, alt {alt!r}")
        assert f["complete"] and f["naturalWidth"] > 0
        assert len(alt) >= 15 and PLACEHOLDER not in alt, f"figure {i} has no useful alt text: {alt!r}"
        # scaled to the column, never wider than the screen
        assert f["box"]["width"] <= m["column"]["width"] + 0.5 and f["box"]["right"] <= m["viewport"]
        if size == "phone":
            assert f["box"]["width"] >= m["column"]["width"] - 1, "figure not using the phone's width"
        # the whole picture is shown (same proportions, not clipped by its box), so its source line at the
        # bottom edge is on the page
        assert abs(f["height"] / f["box"]["width"] - f["naturalHeight"] / f["naturalWidth"]) < 0.01
        assert not f["parentClips"] or f["parent"]["width"] >= f["box"]["width"]
        # its source line is legible: charts print it at 7.5 pt (10 px at the picture's own size), readable down to
        # 8 px, so at 80% scale or more; a phone shrinks the picture further and gets the line as text under it
        scale = f["box"]["width"] / f["naturalWidth"]
        if scale >= 0.8:
            assert size == "desktop" or not f["source"]
        else:
            assert len(f["source"]) == 1, f"figure {i} shrunk to {scale:.0%} with no readable source line"
            src = f["source"][0]
            assert src["text"].startswith("Source:") and src["fontSize"] >= 9 and src["box"]["right"] <= m["viewport"]
    # alt texts name different charts (not one text for all)
    assert len({f["alt"] for f in m["figures"]}) == len(m["figures"])
    first = driver.find_elements("css selector", ".output_svg img, .output_png img")[0]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", first)
    first.find_element("xpath", "..").screenshot(str(_screens(out, size) / f"{size}-figure-1.png"))


def test_one_method_toggle_per_section_opens_its_code_in_order(page):
    driver, size, name, out = page
    m = _layout(driver)
    assert len(m["sections"]) >= 5
    assert m["toggles"] == len(m["sections"]), f"{m['toggles']} toggles for {len(m['sections'])} sections"
    assert all(s["toggles"] == 1 for s in m["sections"])
    for s in m["sections"]:
        expected = _executed_code_cells(out, s["id"])
        details = driver.find_element("css selector", f"#{s['id']} details.method")
        body = details.find_element("css selector", ".method-body")
        assert not body.is_displayed()
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", details)
        details.find_element("css selector", "summary").click()
        assert body.is_displayed()
        shown = [e.get_attribute("textContent") for e in body.find_elements("css selector", ".input_area")]
        assert len(shown) == len(expected)
        for code_shown, code_run in zip(shown, expected):   # in order, each cell whole
            assert code_shown.split() == code_run.split()
        params = [e.get_attribute("textContent") for e in body.find_elements("css selector", ".method-params li")]
        if name == "KOR-TWN":
            assert 'partner = "KOR"' in params, params
            # a section lists the parameters its code uses: the comparison country only where it is compared
            cells = json.loads((ROOT / "notebooks" / f"{s['id'].removeprefix('sec-')}.ipynb").read_text(encoding="utf-8"))["cells"]
            uses = any(re.search(r"\bcomparison\b", "".join(c["source"])) for c in cells   # its code, not the parameters cell
                       if c["cell_type"] == "code" and "parameters" not in c["metadata"].get("tags", []))
            assert ('comparison = "TWN"' in params) == uses, params
        else:
            assert 'partner = "CHN"' in params, params
    # all methods open: long code lines wrap or scroll inside their box, the page still does not scroll sideways
    m = driver.execute_script("""
      const doc = document.documentElement;
      return {scroll: doc.scrollWidth, client: doc.clientWidth,
              boxes: [...document.querySelectorAll('details.method .input_area')].map(b => ({
                 right: b.getBoundingClientRect().right, over: b.scrollWidth > b.clientWidth + 1,
                 overflowX: getComputedStyle(b).overflowX}))};""")
    assert m["scroll"] <= m["client"], f"open methods widen the page to {m['scroll']} px"
    for b in m["boxes"]:
        assert b["right"] <= m["client"] and (not b["over"] or b["overflowX"] in ("auto", "scroll"))
    first = driver.find_element("css selector", "details.method[open]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", first)
    driver.save_screenshot(str(_screens(out, size) / f"{size}-method-open.png"))


@pytest.mark.parametrize("browser", ["desktop"], indirect=True)   # print layout does not depend on the screen
def test_printing_the_html_hides_toggles_and_follows_the_pdf_rules(page):
    driver, size, name, out = page
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    m = driver.execute_script("""
      const vis = e => e.getClientRects().length > 0;
      const secs = [...document.querySelectorAll('section.briefing-section')];
      return {toggles: [...document.querySelectorAll('details.method, details.method summary')].filter(vis).length,
              phoneSources: [...document.querySelectorAll('.figure-source')].filter(vis).length,
              breaks: secs.map(s => getComputedStyle(s).breakBefore),
              front: getComputedStyle(document.querySelector('.front')).breakAfter,
              rules: secs.map(s => getComputedStyle(s.querySelector('h1')).borderTopStyle),
              frames: [...document.querySelectorAll('.tb-table')].map(f => getComputedStyle(f).overflowX),
              notes: [...document.querySelectorAll('.tb-table')].map(f => getComputedStyle(f, '::before').content)};""")
    assert m["toggles"] == 0 and m["phoneSources"] == 0
    # as in the PDF: the cover alone on its page, then sections run on, each opened by a rule (no page left
    # three-quarters empty after a short section; tests/test_print_layout.py measures the PDF's pages)
    assert m["front"] == "page" and m["breaks"] and set(m["breaks"]) == {"auto"} and set(m["rules"]) == {"solid"}
    assert set(m["frames"]) == {"visible"} and set(m["notes"]) <= {"none", "normal"}
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})
    import base64
    printed = base64.b64decode(pdf["data"])
    assert printed.startswith(b"%PDF")
    (_screens(out, size) / "desktop-browser-print.pdf").write_bytes(printed)   # what a reader's Ctrl-P gives


def test_self_contained_no_requests_and_no_console_errors(page):
    driver, size, name, out = page
    # open every method too: nothing behind a toggle may load anything either
    driver.execute_script("document.querySelectorAll('details.method').forEach(d => d.open = true)")
    driver.execute_script("window.scrollTo(0, document.documentElement.scrollHeight)")
    events = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
    sent = [e["params"] for e in events if e["method"] == "Network.requestWillBeSent"]
    page_url = (out / "briefing.html").as_uri()
    of_page = [p["request"]["url"] for p in sent if p.get("documentURL") == page_url]
    assert page_url in of_page, "the performance log recorded no request of the briefing itself"
    # the briefing loads nothing but itself and its inline data: URLs ...
    assert [u for u in of_page if not re.match(r"(file|data):", u)] == [], f"the briefing requests {of_page[:5]}"
    # ... and nothing in the browser went to the network while it was open
    network = [p["request"]["url"] for p in sent if re.match(r"(https?|wss?|ftp):", p["request"]["url"])]
    assert network == [], f"network requests: {network[:5]}"
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == [], f"console errors: {errors[:5]}"


# Every text of every figure as the browser draws it. A chart's SVG draws its text as glyph outlines (no <text>
# to ask), inside an <img> (no DOM to ask): so the SVG the <img> shows (its currentSrc: the phone layout where the
# <picture> offers one) is parsed and laid over the picture at the picture's size, and each text group is measured
# there: its box, and its type size in CSS px from the transform the browser applies to its glyphs (matplotlib draws
# a glyph at 100 units to the em inside a group scaled to the font size).
FIGURE_TEXT = """
const decode = src => new TextDecoder().decode(Uint8Array.from(atob(src.slice(src.indexOf(',') + 1)), c => c.charCodeAt(0)));
return [...document.querySelectorAll('.output_svg img')].map((img, i) => {
  const r = img.getBoundingClientRect(), src = img.currentSrc || img.src;
  const svg = document.importNode(new DOMParser().parseFromString(decode(src), 'image/svg+xml').documentElement, true);
  svg.setAttribute('width', r.width);
  svg.setAttribute('height', r.height);
  const over = document.createElement('div');
  over.style.cssText = `position: absolute; left: ${r.left + scrollX}px; top: ${r.top + scrollY}px; width: ${r.width}px; ` +
                       `height: ${r.height}px; opacity: 0; pointer-events: none`;
  over.appendChild(svg);
  document.body.appendChild(over);
  const texts = [...svg.querySelectorAll('g[id^="text_"]')].map(g => {
    const px = [...g.querySelectorAll('g[transform*="scale("]')].map(s => {
      const m = s.getScreenCTM();
      return 100 * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
    });
    const b = g.getBoundingClientRect(), note = [...g.childNodes].find(n => n.nodeType === Node.COMMENT_NODE);
    return {text: note ? note.textContent.trim() : '', px: Math.min(...px), width: b.width, height: b.height};
  }).filter(t => Number.isFinite(t.px));
  over.remove();
  return {figure: i + 1, phoneLayout: src !== img.src, width: r.width, alt: img.alt, texts: texts};
});
"""

# Words of table headers that the browser broke across lines ("covera" / "ge"): each word's text range, and the
# lines its boxes sit on.
BROKEN_HEADER_WORDS = """
const out = [];
for (const th of document.querySelectorAll('th')) {
  if (!th.getClientRects().length) continue;
  const walk = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    for (const m of node.data.matchAll(/[^\\s\\u200b]+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(b => b.width > 0).map(b => Math.round(b.top)));
      if (lines.size > 1) out.push({word: m[0], header: th.textContent.trim()});
    }
  }
}
return out;
"""
MIN_FIGURE_TEXT_PX = 9


def figure_text_sizes(driver) -> list[dict]:
    return driver.execute_script(FIGURE_TEXT)


def test_every_figure_text_at_least_9_css_px_and_no_header_word_broken(page):
    """Issue 25: at a 390 px phone (and at 1280 px) every tick label, legend entry, annotation and source line
    of every chart is drawn at 9 CSS px or more, and no table header breaks a word across lines."""
    driver, size, name, out = page
    figures = figure_text_sizes(driver)
    assert len(figures) >= 5
    smallest = []
    for f in figures:
        assert f["texts"], f"figure {f['figure']}: no text measured"
        low = min(f["texts"], key=lambda t: t["px"])
        smallest.append(low["px"])
        print(f"  [{name} {size}] figure {f['figure']} ({'phone' if f['phoneLayout'] else 'wide'} layout, {f['width']:.0f} px): "
              f"{len(f['texts'])} texts, smallest {low['px']:.1f} px ({low['text'][:40]!r}, box {low['width']:.0f}×{low['height']:.0f} px)")
        small = [(t["text"], round(t["px"], 1)) for t in f["texts"] if t["px"] < MIN_FIGURE_TEXT_PX]
        assert small == [], f"figure {f['figure']} ({f['alt'][:50]}): text under {MIN_FIGURE_TEXT_PX} px: {small[:6]}"
        # on a phone the chart laid out for phones is the one shown
        assert f["phoneLayout"] == (size == "phone"), f"figure {f['figure']}: phone layout {f['phoneLayout']} at {size} size"
    print(f"  [{name} {size}] smallest figure text: {min(smallest):.1f} px")
    broken = driver.execute_script(BROKEN_HEADER_WORDS)
    assert broken == [], f"table headers break words: {broken[:5]}"
    if size == "phone":
        for i, e in enumerate(driver.find_elements("css selector", ".output_svg"), 1):
            driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", e)
            e.screenshot(str(_screens(out, size) / f"phone-figure-{i:02d}.png"))
