"""Bad input and failures: a clear message naming file/row/column or notebook/cell, a
non-zero exit, and the previous briefing byte-identical afterwards."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DATA, ROOT

from tradebrief.cli import main
from tradebrief.errors import DataError, NotebookError, OutputError, ParameterError, TradebriefError
from tradebrief.sources import load_file

ANNUAL_HEADER = "ex_im,area,goods,year,value\n"
GOOD_ANNUAL = ANNUAL_HEADER + "".join(
    f"{flow},{area},Grand Total,{year},{value}\n"
    for year in (2022, 2023) for flow in ("export", "import")
    for area, value in (("Grand Total", 100.0), ("China", 20.0), ("USA", 18.0), ("EU", 9.0)))
CANON_HEADER = "reporter,partner,flow,period,frequency,value,currency,product\n"


def write(tmp_path: Path, name: str, content: str | bytes, encoding="utf-8", card: str | None = None) -> Path:
    p = tmp_path / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding=encoding)
    if card is not None:
        p.with_name(p.name + ".meta.toml").write_text(card)
    return p


# --------------------------------------------------------------------------- files that must be rejected
BAD_FILES = [
    # id, file name, content, expected message parts (all must appear)
    ("renamed-column", "a.csv", GOOD_ANNUAL.replace(",value\n", ",amount\n", 1), ["a.csv", "required column 'value' is missing", "rename column 'amount' to 'value'"]),
    ("non-numeric", "a.csv", GOOD_ANNUAL.replace("China,Grand Total,2022,20.0", "China,Grand Total,2022,abc", 1), ["row 3", "column 'value'", "'abc' is not a number"]),
    ("negative", "a.csv", GOOD_ANNUAL.replace("China,Grand Total,2022,20.0", "China,Grand Total,2022,-20.0", 1), ["row 3", "column 'value'", "negative trade value"]),
    ("duplicate-key", "a.csv", GOOD_ANNUAL + "export,China,Grand Total,2022,20.0\n", ["duplicated key", "row 3, 18"]),
    ("unknown-area", "a.csv", GOOD_ANNUAL.replace("USA", "Atlantis", 1), ["unknown partner name 'Atlantis'", "row 4", "column 'area'", "mof_areas.csv"]),
    ("unknown-code", "c.csv", CANON_HEADER + "JPN,XXX,export,2022,A,5,JPY,TOTAL\n", ["unknown partner code", "'XXX'", "row 2", "column 'partner'"]),
    ("period-out-of-range", "a.csv", GOOD_ANNUAL.replace(",2023,", ",1850,"), ["outside 1950-", "column 'year'"]),
    ("currency-blank", "c.csv", CANON_HEADER + "JPN,CHN,export,2022,A,5,,TOTAL\n", ["currency not stated or not an ISO 4217 code", "row 2", "column 'currency'"]),
    ("currency-missing", "c.csv", "reporter,partner,flow,period,frequency,value,product\nJPN,CHN,export,2022,A,5,TOTAL\n", ["required column 'currency' is missing"]),
    ("world-below-partners", "a.csv", GOOD_ANNUAL.replace("export,Grand Total,Grand Total,2023,100.0", "export,Grand Total,Grand Total,2023,30.0"), ["world (WLD) total", "smaller than the sum of its partners", "export 2023"]),
    ("monthly-gap", "t.csv", "Date;Exports;Imports\n2019/01;1;1\n2019/02;1;1\n2019/04;1;1\n", ["has a gap: 2019-03", "column 'Date'"]),
    ("bad-flow", "a.csv", GOOD_ANNUAL.replace("import,China", "re-import,China", 1), ["'re-import' is neither export (1) nor import (2)", "column 'ex_im'"]),
    ("bad-date", "t.csv", "Date;Exports;Imports\n2019/01;1;1\n19-2;1;1\n", ["date '19-2' is not YYYY/MM", "row 3", "column 'Date'"]),
    ("fx-wrong-unit", "f.csv", "DATE,AEXJPUS\n2017-01-01,1.12\n", ["JPY per USD 1.12 outside 50-500", "row 2", "column 'AEXJPUS'"]),
    ("not-a-format", "x.csv", "name,colour\nfoo,red\n", ["not a recognised data format", "['colour', 'name']", "mof-summary-annual: ex_im"]),
    ("empty", "e.csv", "", ["is empty"]),
    ("header-only", "a.csv", ANNUAL_HEADER, ["has a header but no data rows"]),
    ("excel", "book.csv", b"PK\x03\x04" + b"\x00" * 100, ["is an Excel workbook", "save the sheet as 'CSV UTF-8'"]),
    ("undecodable", "u.csv", b"ex_im,area,goods,year,value\nexport,\x81\x20,x,2022,1\n", ["cannot be decoded as UTF-8, Windows-1252 (Latin-1) or Shift-JIS", "line 2"]),
    ("unknown-unit", "t.csv", "Date;Exports;Imports\n2019/01;1;1\n", ["unknown unit 'bushels'"]),
    ("bad-card", "t.csv", "Date;Exports;Imports\n2019/01;1;1\n", ["metadata card is not valid TOML"]),
    ("card-unknown-key", "t.csv", "Date;Exports;Imports\n2019/01;1;1\n", ["unknown key(s) ['currency_unit']"]),
    ("bad-year", "a.csv", GOOD_ANNUAL.replace(",2022,", ",FY22,", 1), ["year 'FY22' is not a 4-digit year", "column 'year'"]),
]
CARDS = {"unknown-unit": 'unit = "bushels"\npartner = "CHN"\n', "bad-card": "unit = [unclosed\n", "card-unknown-key": 'currency_unit = "JPY"\n',
         "monthly-gap": 'partner = "CHN"\n', "bad-date": 'partner = "CHN"\n'}


@pytest.mark.parametrize("problem,name,content,expected", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_file_is_rejected_with_a_message_naming_file_row_column(tmp_path, problem, name, content, expected):
    path = write(tmp_path, name, content, card=CARDS.get(problem))
    with pytest.raises(DataError) as err:
        load_file(path)
    text = str(err.value)
    for part in expected:
        assert part in text, f"{part!r} not in:\n{text}"
    assert str(path) in text or path.name in text


def test_validate_exits_non_zero_and_lists_every_problem(tmp_path, capsys):
    good = write(tmp_path, "good.csv", GOOD_ANNUAL)
    bad = write(tmp_path, "bad.csv", GOOD_ANNUAL.replace("20.0", "x").replace("18.0", "-1"))
    assert main(["validate", str(good)]) == 0
    assert "good.csv: OK  16 rows, 2022..2023, 2 partners, flows export/import, 1 products, JPY" in capsys.readouterr().out
    assert main(["validate", str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv: INVALID" in err and "'x' is not a number" in err and "1 of 2 file(s) invalid" in err
    assert main(["validate", str(tmp_path / "missing.csv")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_validate_every_shipped_file(capsys):
    from tradebrief.sources import discover
    assert main(["validate", str(DATA)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(discover(DATA)) and all(": OK " in line for line in out)


# --------------------------------------------------------------------------- accepted variants
@pytest.mark.parametrize("variant", ["utf-8-bom", "shift-jis", "semicolon", "thousands", "title-lines", "thousand-yen-card"])
def test_encodings_delimiters_and_units_are_read(tmp_path, variant):
    content, encoding, card = GOOD_ANNUAL, "utf-8", None
    if variant == "utf-8-bom":
        encoding = "utf-8-sig"
    elif variant == "shift-jis":
        content, encoding = "財務省 貿易統計（単位：十億円）\n" + GOOD_ANNUAL, "cp932"
    elif variant == "semicolon":
        content = content.replace(",", ";")
    elif variant == "thousands":
        content = content.replace("100.0", '"1,000.5"')
    elif variant == "title-lines":
        content = "Trade by area and commodity\nbillion yen\n\n" + GOOD_ANNUAL
    elif variant == "thousand-yen-card":
        card = 'unit = "thousand JPY"\n'
    path = write(tmp_path, "a.csv", content, encoding=encoding, card=card)
    table, info = load_file(path)
    china = table[(table.partner == "CHN") & (table.flow == "export") & (table.period == "2022")]["value"].iloc[0]
    assert china == (20.0 * 1e3 if variant == "thousand-yen-card" else 20.0 * 1e9)
    if variant == "shift-jis":
        assert info.encoding == "cp932"
    if variant == "thousands":
        assert table[(table.partner == "WLD")]["value"].iloc[0] == 1000.5e9


def test_row_numbers_count_title_lines(tmp_path):
    path = write(tmp_path, "a.csv", "Title\nunit: billion yen\n" + GOOD_ANNUAL.replace("China,Grand Total,2022,20.0", "China,Grand Total,2022,oops", 1))
    with pytest.raises(DataError, match=r"row 5, column 'value'"):
        load_file(path)


# --------------------------------------------------------------------------- builds: outputs must survive
OUTPUTS = ("briefing.html", "briefing.pdf", "briefing-methods.pdf", "key_figures.csv")


@pytest.fixture(scope="module")
def shared_cache(dataset, dataset_cache):
    """The session's dataset cache for this module's builds: each would otherwise read every shipped file again (~10 s)."""
    return dataset_cache


@pytest.fixture
def previous(tmp_path):
    out = tmp_path / "build"
    out.mkdir()
    for name in OUTPUTS:
        (out / name).write_bytes(f"previous good {name}\n".encode() + os.urandom(16))
    return out, {n: (out / n).read_bytes() for n in OUTPUTS}


def assert_untouched(out, before):
    for name, content in before.items():
        assert (out / name).read_bytes() == content, f"{name} changed"
    assert not list(out.glob(".stage-*")) and not list(out.glob(".old-*")), "staging folders left behind"


BAD_PARAMS = [
    (["end_yr=2023"], "unknown parameter 'end_yr'; valid parameters: claims_file, comparison, data_dir, end_year"),
    (["end_year=2023.5"], "parameter end_year must be a whole number, got '2023.5'"),
    (["end_year=twenty"], "parameter end_year must be a whole number"),
    (["end_year=2031"], "years 2009–2031 are not all in the data: Japan's trade with China and the United States is held for 2009–2025"),
    (["start_year=2001"], "years 2001–2025 are not all in the data"),
    (["start_year=2020", "end_year=2015"], "start_year 2020 is after end_year 2015"),
    (["partner=XXX"], "unknown partner 'XXX' for reporter JPN; partners of Japan with exports and imports in the data: CHN (China)"),
    (["comparison=FRA2"], "unknown comparison 'FRA2'"),
    (["reporter=ATA"], "unknown reporter 'ATA': the loaded data hold partner detail for CHN (China), DEU (Germany), JPN (Japan)"),
    (["end_year"], "write NAME=VALUE"),
]


@pytest.mark.parametrize("overrides,message", BAD_PARAMS, ids=[o[0] for o, _ in BAD_PARAMS])
def test_bad_parameters_fail_before_any_notebook_runs(previous, shared_cache, overrides, message):
    from tradebrief.report.build import BuildOptions, build
    out, before = previous
    (out / "cache").symlink_to(shared_cache, target_is_directory=True)
    with pytest.raises(ParameterError) as err:
        build(BuildOptions(root=ROOT, out_dir=out, overrides=overrides, progress=False))
    assert message in str(err.value) and "\n" not in str(err.value)
    assert not (out / "notebooks").exists()
    assert_untouched(out, before)


def test_unknown_format_is_rejected(previous):
    from tradebrief.report.build import BuildOptions, build
    out, before = previous
    with pytest.raises(TradebriefError, match="unknown format 'docx'; choose html, pdf, or both"):
        build(BuildOptions(root=ROOT, out_dir=out, formats=("docx",), progress=False))
    assert_untouched(out, before)


def test_bad_data_file_at_build_time(previous, data_copy):
    from tradebrief.report.build import BuildOptions, build
    out, before = previous
    write(data_copy, "extra.csv", CANON_HEADER + "JPN,CHN,export,2022,A,-5,JPY,TOTAL\n")
    with pytest.raises(DataError, match=r"extra.csv, row 2, column 'value': negative trade value"):
        build(BuildOptions(root=ROOT, out_dir=out, overrides=[f"data_dir={data_copy}"], progress=False))
    assert_untouched(out, before)


def test_cli_exit_codes(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["build", "--param", "end_year=abc", "--out", str(tmp_path), "-q"]) == 2
    assert "tradebrief build: error: parameter end_year must be a whole number, got 'abc'" in capsys.readouterr().err


def _failing_project(tmp_path: Path) -> Path:
    import nbformat
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    (root / "report").mkdir()
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('reporter = "JPN"\ndata_dir = "data"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Broken"), params, nbformat.v4.new_code_cell("x = 1"),
                nbformat.v4.new_code_cell("raise ValueError('the share table is empty')")]
    nbformat.write(nb, root / "notebooks" / "broken.ipynb")
    (root / "report" / "briefing.toml").write_text(
        f'[briefing]\nnotebooks = ["broken"]\n[parameters]\nreporter = "JPN"\ndata_dir = "{DATA}"\n')
    return root


@pytest.mark.slow   # a kernel really runs the notebook (~15 s)
def test_failing_cell_names_notebook_and_cell_and_keeps_the_executed_copy(previous, tmp_path):
    from tradebrief.report.build import BuildOptions, build
    out, before = previous
    root = _failing_project(tmp_path)
    with pytest.raises(NotebookError) as err:
        build(BuildOptions(root=root, out_dir=out, progress=False))
    text = str(err.value)
    assert "notebook broken.ipynb failed in cell 4 (`raise ValueError('the share table is empty')`)" in text
    assert "ValueError: the share table is empty" in text
    kept = out / "failed" / "broken.ipynb"
    assert str(kept) in text and "the share table is empty" in kept.read_text()
    runs = out / "cache" / "runs"
    assert runs.is_dir()   # the run was staged here (the staging folder is created beside its cache entry)...
    assert [e.name for e in runs.iterdir()] == []   # ...and neither an entry nor its staging folder is left
    assert_untouched(out, before)


@pytest.mark.parametrize("where", ["pdf-disk-full", "rename-denied", "unwritable-dir"])
def test_write_failures_leave_previous_outputs(previous, built, monkeypatch, where):
    """Full disk while writing the PDF, a failing rename, an unwritable folder: old files stay."""
    import errno

    from tradebrief.report import assemble
    from tradebrief.report import build as build_mod
    out, before = previous
    src, _ = built
    shutil.copytree(src / "cache", out / "cache")   # cached notebook runs: only assembly runs
    if where == "pdf-disk-full":
        def full(html, path, base_url):
            Path(path).write_bytes(b"%PDF-1.7 half")
            raise OSError(errno.ENOSPC, "No space left on device")
        monkeypatch.setattr(assemble, "write_pdf", full)
    elif where == "rename-denied":
        real = os.replace
        from tradebrief.report import outputs

        def deny(a, b):   # the one rename that switches to the new outputs
            if Path(b).name == outputs.CURRENT:
                raise OSError(errno.EACCES, "Permission denied")
            return real(a, b)
        monkeypatch.setattr(outputs.os, "replace", deny)
    else:
        real_write = Path.write_text
        def ro(self, *a, **k):
            if self.parent.parent == out and self.parent.name.startswith(".stage-"):
                raise OSError(errno.EROFS, "Read-only file system")
            return real_write(self, *a, **k)
        monkeypatch.setattr(Path, "write_text", ro)
    with pytest.raises(OutputError, match="previous briefing files are unchanged"):
        build_mod.build(build_mod.BuildOptions(root=ROOT, out_dir=out, progress=False))
    assert_untouched(out, before)   # all four: the swap is one rename, which failed


def _own_kernels(pid: int) -> set[int]:
    """Kernels started by the build with this pid (descendants only: other Jupyter kernels on the machine don't
    count): ipykernel processes, and the build's kernel server with the kernels it forked (report/kernels.py)."""
    import psutil
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return set()
    found = set()
    for c in children:
        try:
            cmd = " ".join(c.cmdline())
            forked = "tradebrief.report.kernels" in cmd and "tradebrief.report.kernels" in " ".join(c.parent().cmdline())
            if "ipykernel_launcher" in cmd or forked:
                found.add(c.pid)
                found.add(c.ppid())   # the kernel server too: it must not outlive the build either
        except (psutil.NoSuchProcess, AttributeError):
            pass
    return found


@pytest.mark.slow   # a real build, interrupted once its kernels run (~20 s)
def test_ctrl_c_leaves_no_output_and_no_kernel(previous):
    import psutil
    out, before = previous
    proc = subprocess.Popen([sys.executable, "-m", "tradebrief.cli", "build", "--force", "--out", str(out), "-q"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.time() + 120
    kernels: set[int] = set()
    while time.time() < deadline and not kernels:
        kernels = _own_kernels(proc.pid)
        time.sleep(0.2)
    assert kernels, "no kernel started"
    time.sleep(1.0)
    kernels |= _own_kernels(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)   # what Ctrl-C in a terminal does: the whole foreground group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted; previous outputs left as they were" in err
    assert "resource_tracker" not in err and "leak" not in err, err   # workers are stopped without killing the tracker
    _, alive = psutil.wait_procs([psutil.Process(k) for k in kernels if psutil.pid_exists(k)], timeout=5)
    assert not alive, f"orphan kernel processes {[p.pid for p in alive]}"
    assert_untouched(out, before)
