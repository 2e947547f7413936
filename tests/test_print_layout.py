"""The printed briefing, measured page by page (issue 25): three builds, the default, a one-year Germany
briefing and a Japan briefing ending in 2020.

Each page of the build's two PDFs (the brief and the methods edition) is rendered to an image and its empty fraction measured (the body area below
the last inked row, between the running header and the page number). The layout itself, read from
WeasyPrint's boxes for the very HTML the build printed, says which section each page belongs to and where
tables, figures and headings fall. Rules:
- no page but a section's last is more than half empty;
- a section's last page holds at least a quarter, unless the next section could not start there (its
  heading and first three lines, or its first figure or table, are taller than the room left);
- no table row or figure split across pages, no heading (or a heading's lead-in before a figure or table)
  last on a page;
- the reproducibility stamp's rows whole, parameter values on their labels' baseline;
- the methods appendix's code printed as wrapped by ``tradebrief.report.printcode``: no line wrapped again or
  running out of its box, every break at a space, every path whole.
Every page's measurements are printed (pytest -s), so a failure shows the whole document.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ROOT

BRIEFINGS = {
    "default": [],
    "germany-2022": ["reporter=DEU", "partner=CHN", "start_year=2022", "end_year=2022"],
    "japan-to-2020": ["end_year=2020"],
}
A4_MM = 297
BODY_MM = (20, 277)            # @page margins: 20 mm top and bottom (header and page number sit in them)
HEADINGS = {"h1", "h2", "h3", "h4", "caption"}


@dataclass
class Page:
    number: int
    empty: float                      # fraction of the body area below the last inked row (raster)
    sections: list[str] = field(default_factory=list)   # ids of the sections with content on this page
    ends: list[str] = field(default_factory=list)       # sections whose last page this is
    notes: list[str] = field(default_factory=list)


@dataclass
class Printed:
    name: str
    pdf: Path
    html: str
    base_url: str


@pytest.fixture(scope="module", params=list(BRIEFINGS))
def printed(request, tmp_path_factory) -> list[Printed]:
    """A build (PDF only) of one parameter set, and for each PDF edition the print HTML it handed to WeasyPrint
    (captured by wrapping the assembler the build calls)."""
    from tradebrief.report import assemble
    from tradebrief.report.build import BuildOptions, build
    out = tmp_path_factory.mktemp(request.param)
    captured = []
    real = assemble.assemble_html

    def capture(*args, **kwargs):
        html = real(*args, **kwargs)
        if kwargs.get("for_print"):
            captured.append((kwargs["edition"].file, html))
        return html
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(assemble, "assemble_html", capture)
        build(BuildOptions(root=ROOT, out_dir=out, overrides=BRIEFINGS[request.param], formats=("pdf",), progress=False))
    assert sorted(name for name, _ in captured) == ["briefing-methods.pdf", "briefing.pdf"]   # each edition printed once
    return [Printed(f"{request.param} {name}", out / name, html, str(out)) for name, html in captured]


# ---------------------------------------------------------------- measuring

def empty_fractions(pdf: Path, tmp: Path, dpi: int = 30) -> list[float]:
    """Per page, the fraction of the body area (between the top and bottom page margins) below the last row
    with ink (any pixel darker than 200 of 255)."""
    from PIL import Image
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), str(pdf), str(tmp / "p")], check=True)
    out = []
    for path in sorted(tmp.glob("p-*.pgm"), key=lambda p: int(p.stem.split("-")[1])):
        im = Image.open(path)
        w, h = im.size
        top, bottom = round(h * BODY_MM[0] / A4_MM), round(h * BODY_MM[1] / A4_MM)
        rows = [y for y in range(top, bottom) if im.crop((0, y, w, y + 1)).getextrema()[0] < 200]
        out.append(1 - ((rows[-1] + 1 - top) / (bottom - top) if rows else 0.0))
    return out


def _walk(box, ancestors=()):
    yield box, ancestors
    for child in getattr(box, "children", []) or []:
        yield from _walk(child, (*ancestors, box))


def _elements(ancestors, box=None):
    return [b.element for b in (*ancestors, *([box] if box is not None else [])) if getattr(b, "element", None) is not None]


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _is_content(box) -> bool:
    """A box that puts something on the page: text, or a picture."""
    from weasyprint.formatting_structure import boxes
    return (isinstance(box, boxes.TextBox) and box.text.strip()) or isinstance(box, boxes.ReplacedBox)


def _section_of(elements) -> str | None:
    for el in elements:
        if el.tag in ("section", "header") and ({"briefing-section", "appendix", "front", "edition-note"} & _classes(el)):
            return el.get("id") or "front"
    return None


def _content(page_box):
    """(box, its elements from the root down) for every content box of the page body, in document order."""
    from weasyprint.formatting_structure import boxes
    for box, ancestors in _walk(page_box):
        if any(isinstance(a, boxes.MarginBox) for a in ancestors):
            continue
        if _is_content(box):
            yield box, _elements(ancestors, box)


def measure(printed: Printed, tmp: Path) -> tuple[list[Page], list[str]]:
    """Pages with their empty fraction and sections, and every layout rule broken (as messages)."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes
    doc = HTML(string=printed.html, base_url=printed.base_url).render()
    empty = empty_fractions(printed.pdf, tmp)
    assert len(empty) == len(doc.pages), "the build's PDF and the re-rendered print HTML differ in page count"
    body_px = doc.pages[0].height * (BODY_MM[1] - BODY_MM[0]) / A4_MM
    pages = [Page(i + 1, e) for i, e in enumerate(empty)]
    problems: list[str] = []
    seen_on: dict[int, set[int]] = {}        # id(element) -> pages with a box of it
    element_of: dict[int, object] = {}
    header_rows: set[int] = set()
    contents = []
    for page, page_doc in zip(pages, doc.pages):
        items = list(_content(page_doc._page_box))
        contents.append(items)
        for box, ancestors in _walk(page_doc._page_box):
            el = getattr(box, "element", None)
            if el is not None and not any(isinstance(a, boxes.MarginBox) for a in ancestors):
                seen_on.setdefault(id(el), set()).add(page.number)
                element_of[id(el)] = el
                if el.tag == "tr" and any(e.tag == "thead" for e in _elements(ancestors)):
                    header_rows.add(id(el))   # a table's header row is repeated on each page it runs to
        for _box, els in items:
            section = _section_of(els)
            if section and section not in page.sections:
                page.sections.append(section)
    last_page = {s: max(p.number for p in pages if s in p.sections) for p in pages for s in p.sections}
    for page in pages:
        page.ends = [s for s in page.sections if last_page[s] == page.number]

    # page fill
    for page in pages[:-1]:
        nxt = pages[page.number]
        if not page.ends and page.empty > 0.5:
            problems.append(f"page {page.number} is {page.empty:.0%} empty and ends no section")
        elif page.ends and page.empty > 0.75:
            opening = _opening_height(contents[page.number], nxt.sections[0] if nxt.sections else None)
            room = page.empty * body_px
            if opening is None or opening <= room:
                problems.append(f"page {page.number} ends {page.ends[-1]} {page.empty:.0%} empty, and the next section's "
                                f"opening ({(opening or 0):.0f} px) would fit in the {room:.0f} px left")
            else:
                page.notes.append(f"next section's opening {opening:.0f} px > {room:.0f} px left")

    # splits
    for key, pages_of in seen_on.items():
        el = element_of[key]
        if len(pages_of) < 2:
            continue
        if el.tag == "tr" and key not in header_rows:
            problems.append(f"table row split over pages {sorted(pages_of)}: {_text(el)[:70]!r}")
        if {"output_png", "output_svg"} & _classes(el):
            problems.append(f"figure split over pages {sorted(pages_of)}: {el.find('.//img').get('alt', '')[:70]!r}")
    for page, items in zip(pages[:-1], contents[:-1]):
        if not items:
            continue
        _box, els = items[-1]
        heading = next((el for el in els if el.tag in HEADINGS), None)
        if heading is not None:
            problems.append(f"page {page.number} ends with the heading {_text(heading)[:60]!r}")
            continue
        lead = next((el for el in reversed(els) if el.tag == "p"), None)
        block = next((el for el in reversed(els) if {"output_markdown", "text_cell"} & _classes(el)), None)
        following = contents[page.number][0][1] if contents[page.number] else []
        if lead is not None and block is not None and any(h.tag in HEADINGS for h in block.iter()) and \
                any({"output_png", "output_svg", "tb-table"} & _classes(el) for el in following):
            problems.append(f"page {page.number} ends with the lead-in {_text(lead)[:50]!r}; its figure or table is on the next page")

    problems += _stamp_problems(doc) + _code_problems(doc)
    return pages, problems


def _text(el) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def _opening_height(items, section: str | None) -> float | None:
    """Height of a section's smallest possible start on its first page: from its first content to the end of
    its third line of text after the heading, or of its first figure or table row if that comes first."""
    mine = [(box, els) for box, els in items if _section_of(els) == section]
    if not mine:
        return None
    top = mine[0][0].position_y
    lines, bottom = set(), top
    for box, els in mine:
        bottom = max(bottom, box.position_y + box.height)
        if any(el.tag in HEADINGS for el in els):
            continue
        if any({"output_png", "output_svg"} & _classes(el) for el in els) or any(el.tag == "tr" for el in els):
            break
        lines.add(round(box.position_y))
        if len(lines) >= 3:
            break
    return bottom - top


def _stamp_problems(doc) -> list[str]:
    """The stamp's parameter values sit on their labels' baseline."""
    problems = []
    for page in doc.pages:
        for box, ancestors in _walk(page._page_box):
            el = getattr(box, "element", None)
            if el is None or el.tag != "tr" or box.element_tag != "tr":
                continue
            els = _elements(ancestors)
            if not (any(e.get("id") == "reproducibility" for e in els)
                    and any(e.tag == "table" and "plain" in _classes(e) and "files" not in _classes(e) for e in els)):
                continue
            baselines = []
            for cell in box.children:
                first = next((b for b, _a in _walk(cell) if _is_content(b)), None)
                if first is not None:
                    baselines.append(first.position_y + first.baseline)
            if len(baselines) == 2 and abs(baselines[0] - baselines[1]) > 0.5:
                problems.append(f"stamp parameter {_text(el)[:40]!r}: value {baselines[1] - baselines[0]:+.1f} px off its label's baseline")
    return problems


def _code_problems(doc) -> list[str]:
    """Each code block of the methods appendix prints line for line as assembled (no wrap by the browser),
    inside its box; wrapped lines broke at spaces (joined, they give the source with its spaces); paths whole."""
    from weasyprint.formatting_structure import boxes
    problems = []
    printed_lines: dict[int, list[str]] = {}
    pre_of: dict[int, object] = {}
    for page in doc.pages:
        for box, ancestors in _walk(page._page_box):
            if not isinstance(box, boxes.LineBox):
                continue
            els = _elements(ancestors)
            pre = next((el for el in reversed(els) if el.tag == "pre"), None)
            if pre is None or not any(el.get("id") == "methods-appendix" for el in els):
                continue
            container = next(a for a in reversed(ancestors) if getattr(a, "element", None) is pre)
            if box.width > container.width + 0.5:
                problems.append(f"code line runs out of its box ({box.width:.0f} > {container.width:.0f} px): "
                                f"{''.join(b.text for b, _ in _walk(box) if isinstance(b, boxes.TextBox))[:60]!r}")
            printed_lines.setdefault(id(pre), []).append("".join(b.text for b, _ in _walk(box) if isinstance(b, boxes.TextBox)))
            pre_of[id(pre)] = pre
    for key, lines in printed_lines.items():
        pre = pre_of[key]
        assembled = "".join(pre.itertext()).rstrip("\n").split("\n")
        if len(lines) != len(assembled):
            problems.append(f"a code block of {len(assembled)} lines printed as {len(lines)}: wrapped by the layout, "
                            f"not at token boundaries (first line {assembled[0][:50]!r})")
        source = pre.get("data-source")
        if source is None:
            problems.append(f"code block without its source (data-source): {assembled[0][:50]!r}")
            continue
        joined = re.sub(r"\n *↪ ", " ", "\n".join(assembled))
        if re.sub(r" +", " ", joined) != re.sub(r" +", " ", source.rstrip("\n")):
            problems.append(f"wrapped code differs from its source other than at spaces: {assembled[0][:50]!r}")
        for path in re.findall(r"[\w.-]+(?:/[\w.-]+)+", source):
            if not any(path in line for line in assembled):
                problems.append(f"path {path!r} broken across lines")
    nbpath_lines: dict[str, set[int]] = {}
    for page in doc.pages:
        for box, ancestors in _walk(page._page_box):
            if isinstance(box, boxes.TextBox) and box.text.strip():
                path = next((el for el in _elements(ancestors, box) if "nbpath" in _classes(el)), None)
                if path is not None:
                    line = next(a for a in reversed(ancestors) if isinstance(a, boxes.LineBox))
                    nbpath_lines.setdefault(_text(path), set()).add(id(line))
    problems += [f"notebook path {path!r} broken over {len(lines)} lines" for path, lines in nbpath_lines.items() if len(lines) > 1]
    return problems


def _report(name: str, pages: list[Page]) -> str:
    rows = [f"{name}: {len(pages)} pages; empty fraction per page"]
    for p in pages:
        rows.append(f"  p{p.number:>2} {p.empty:5.0%} empty  sections {','.join(p.sections) or '-'}"
                    + (f"  ends {','.join(p.ends)}" if p.ends else "") + (f"  ({'; '.join(p.notes)})" if p.notes else ""))
    return "\n".join(rows)


@pytest.mark.slow
def test_printed_pages_are_filled_and_nothing_is_split(printed, tmp_path):
    failed = []
    for edition in printed:   # the brief and the methods edition
        tmp = tmp_path / edition.pdf.stem
        tmp.mkdir()
        pages, problems = measure(edition, tmp)
        report = _report(edition.name, pages)
        print(report)
        if problems:
            failed.append(report + "\n" + "\n".join(problems))
    assert not failed, "\n\n".join(failed)


# ---------------------------------------------------------------- fast: how the appendix wraps code

def test_code_wrapped_at_spaces_with_paths_whole_and_a_hanging_mark():
    from tradebrief.report.printcode import printed_lines
    line = '    data = open_baci("notebooks/product_dependence.ipynb", cache_dir=Path(cache_dir) / "baci", engine=engine)'
    assert printed_lines(line, columns=len(line)) == [(line, False)]        # fits: untouched
    lines = printed_lines(line, columns=60)
    assert [t for t, _ in lines] == ['    data = open_baci("notebooks/product_dependence.ipynb",',
                                     '      ↪ cache_dir=Path(cache_dir) / "baci", engine=engine)']
    assert [c for _, c in lines] == [False, True]


def test_code_too_wide_to_wrap_is_printed_smaller():
    from tradebrief.report.printcode import code_html
    html = code_html("x = 'a/very/long/path/without/any/space/in/it.csv'  # <note>", columns=30)
    assert 'style="font-size: ' in html and "&lt;note&gt;" in html
    assert float(html.split("font-size: ")[1].split("%")[0]) == pytest.approx(100 * 30 / len("x = 'a/very/long/path/without/any/space/in/it.csv'"), abs=0.1)
    assert "font-size" not in code_html("x = 1", columns=30)


def test_wrapping_never_cuts_a_token_and_keeps_every_character():
    """For any line of words and spaces: every printed line fits (unless one word alone is wider), continued
    lines carry the mark, and the lines joined at the marks give the line back, up to runs of spaces."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tradebrief.report.printcode import printed_lines
    word = st.text(alphabet=st.sampled_from('ab/._()"=,+1'), min_size=1, max_size=25)

    @settings(max_examples=200, deadline=None)
    @given(st.integers(0, 12), st.lists(word, min_size=1, max_size=30), st.integers(20, 80))
    def check(indent, words, columns):
        line = " " * indent + " ".join(words)
        lines = printed_lines(line, columns)
        for text, continued in lines:
            assert len(text) <= columns or " " not in text.strip().removeprefix("↪ ")
            assert continued == text.lstrip().startswith("↪ ")
            if continued:
                assert text.startswith(" " * (indent + 2) + "↪ ")
        joined = " ".join(t.lstrip().removeprefix("↪ ") if c else t for t, c in lines)
        assert joined.split() == line.split() and joined.startswith(" " * indent + words[0])
    check()
