"""The two PDF editions (issue 22): the brief, ``briefing.pdf``, to forward without code, and the full edition,
``briefing-methods.pdf``, with the methods appendix.

Read as printed (poppler's ``pdftotext`` and ``pdfinfo``). What code looks like is read from the notebooks
themselves (nbformat): every line of their code cells, as the methods appendix prints it, must be in the full
edition and none of them in the brief.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess

import nbformat
import pytest
from conftest import ROOT, tool_missing

BRIEF, FULL = "briefing.pdf", "briefing-methods.pdf"
HIDDEN = {"parameters", "injected-parameters"}   # the parameters cell is shown as a list, not as code
# a line of code long enough that prose could not contain it by chance, once its spaces are folded
SHORTEST = 16


def _poppler():
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        tool_missing("poppler-utils (pdftotext, pdfinfo) not installed")


def _pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)$", info, flags=re.M).group(1))


def _text(pdf, *pages: int) -> str:
    """The PDF's text line by line as laid out (``-layout``: a comment set off by spaces stays on its code line),
    every run of white space folded to one space."""
    span = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    raw = subprocess.run(["pdftotext", "-layout", *span, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # each page's foot ("Page 19 of 25") and the next page's running head (title ... tradebrief) out of the way, so a code
    # line the appendix carries over a page break reads whole
    raw = re.sub(r"\n\s*Page \d+ of \d+\s*\n\f?[^\n]*tradebrief[ \t]*\n", "\n", raw)
    return re.sub(r"\s+", " ", raw)


def _code_lines(out) -> dict[str, list[str]]:
    """Per notebook the build ran (its executed copy is in ``notebooks/``), the lines of its code cells as
    written in ``notebooks/<name>.ipynb``, spaces folded; short lines (``)``, ``else:``) left out."""
    lines = {}
    for executed in sorted((out / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(ROOT / "notebooks" / executed.name, as_version=4)
        found = []
        for cell in nb.cells:
            if cell.cell_type != "code" or HIDDEN & set(cell.metadata.get("tags", [])):
                continue
            for line in cell.source.splitlines():
                folded = re.sub(r"\s+", " ", line).strip()
                if len(folded) >= SHORTEST and not folded.startswith("#"):
                    found.append(folded)
        lines[executed.stem] = found
    return lines


@pytest.fixture(scope="module")
def editions(built):
    _poppler()
    out, _ = built
    return out, _code_lines(out)


def test_the_brief_has_no_code_and_the_full_edition_all_of_it(editions):
    out, code = editions
    assert len(code) >= 5 and all(code.values()), code   # every section's notebook has code the check can look for
    brief, full = _text(out / BRIEF), _text(out / FULL)
    in_brief = [(nb, line) for nb, lines in code.items() for line in lines if line[:60] in brief]
    assert in_brief == [], f"code in the brief: {in_brief[:5]}"
    # the appendix prints a long line in pieces broken at spaces, each after a "↪" mark: joined again, it is whole
    unwrapped = re.sub(r" ?↪ ?", " ", full)
    missing = [(nb, line) for nb, lines in code.items() for line in lines if line not in unwrapped]
    assert missing == [], f"code missing from the full edition: {missing[:5]}"
    assert "Methods appendix: the code of every section" in full and "Methods appendix" not in brief
    assert "Reproducibility stamp" in full and "Reproducibility stamp" not in brief


def test_the_brief_fits_twenty_pages_and_its_last_page_names_the_full_edition(editions):
    out, _ = editions
    brief, full = _pages(out / BRIEF), _pages(out / FULL)
    print(f"brief {brief} pages, full edition {full} pages")
    assert brief <= 20 and full > brief   # the full edition adds the methods appendix and the stamp
    last = _text(out / BRIEF, brief)
    assert FULL in last and "Show method" in last and "briefing.html" in last, last
    assert (out / FULL).is_file()   # the file it names is there, beside it
    # the brief's sections are the full edition's, in the same order, each numbered alike
    contents = [re.sub(r"\s+", " ", t).strip() for t in re.findall(r"^\s*\d+\. (.+?) \.{3,}", subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(out / BRIEF), "-"], capture_output=True, text=True, check=True).stdout, flags=re.M)]
    assert len(contents) >= 6
    full_text = _text(out / FULL)
    for title in contents:
        assert title.split(":")[0] in full_text


def test_manifest_lists_both_editions_with_their_hashes(editions):
    out, _ = editions
    manifest = json.loads((out / "manifest.json").read_text())
    listed = {o["path"]: o for o in manifest["outputs"]}
    for name in (BRIEF, FULL, "briefing.html"):
        data = (out / name).read_bytes()
        assert listed[name]["sha256"] == hashlib.sha256(data).hexdigest() and listed[name]["bytes"] == len(data), name
        assert (out / name).is_symlink() and (out / name).resolve().parent == (out / ".current").resolve()
    assert sorted(manifest["pdf_editions"]) == sorted([BRIEF, FULL])


def test_build_help_names_both_editions_and_what_format_pdf_writes():
    from tradebrief.cli import _parser
    from tradebrief.report.editions import PDF_EDITIONS
    parser = _parser()
    build = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices["build"]
    text = build.format_help()
    assert {e.file for e in PDF_EDITIONS} == {BRIEF, FULL}
    for name in (BRIEF, FULL, "briefing.html"):
        assert name in text, name
    assert "no code" in text and "methods appendix" in text and "--format pdf writes both PDFs" in text
