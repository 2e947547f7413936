"""Builds you can trust: every input in the cache key, several cache entries, all-or-nothing outputs,
reproducible bytes, clean workers.

These run on a one-notebook project made in tmp_path (a few seconds per build), so each input can be
changed in turn; the real briefing's builds are tested in test_report.py.
"""
from __future__ import annotations

import json
import os
import platform
import queue
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

CSV = """reporter,partner,flow,period,frequency,value,currency,product
JPN,WLD,export,2021,A,1000,JPY,TOTAL
JPN,WLD,import,2021,A,1100,JPY,TOTAL
JPN,CHN,export,2021,A,200,JPY,TOTAL
JPN,CHN,import,2021,A,260,JPY,TOTAL
JPN,WLD,export,2022,A,1200,JPY,TOTAL
JPN,WLD,import,2022,A,1300,JPY,TOTAL
JPN,CHN,export,2022,A,210,JPY,TOTAL
JPN,CHN,import,2022,A,300,JPY,TOTAL
JPN,USA,export,2021,A,190,JPY,TOTAL
JPN,USA,import,2021,A,120,JPY,TOTAL
JPN,USA,export,2022,A,230,JPY,TOTAL
JPN,USA,import,2022,A,140,JPY,TOTAL
"""

NOTEBOOK_CELLS = [
    ("markdown", "# Tiny section"),
    ("parameters", 'reporter = "JPN"\ndata_dir = "data"\nextra_data = []\ncache_dir = None\nfigures_path = None\n'
                   'note_file = "report/note.txt"\nscale = 1'),
    ("code", "from pathlib import Path\nfrom tradebrief.notebook import open_briefing, say\n"
             "tb = open_briefing(data_dir, extra_data, cache_dir, figures_path)"),
    ("code", "say(Path(note_file).read_text() + f' (scale {scale})')"),
    ("code", "import matplotlib.pyplot as plt\nfig, ax = plt.subplots(figsize=(3, 2))\n"
             "t = tb.trade[tb.trade.partner == 'CHN']\nax.bar(t.period.astype(str) + t.flow.astype(str), t.value * scale)\n"
             "ax.set_title('Tiny chart')\nplt.show()"),
    ("code", "tb.kf.save()"),
]


def make_project(where: Path) -> Path:
    root = where / "proj"
    for d in ("notebooks", "report", "data"):
        (root / d).mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for kind, src in NOTEBOOK_CELLS:
        cell = nbformat.v4.new_markdown_cell(src) if kind == "markdown" else nbformat.v4.new_code_cell(src)
        if kind == "parameters":
            cell.metadata["tags"] = ["parameters"]
        nb.cells.append(cell)
    nbformat.write(nb, root / "notebooks" / "tiny.ipynb")
    (root / "report" / "note.txt").write_text("First note")
    (root / "report" / "briefing.toml").write_text(
        '[briefing]\ntitle = "Tiny"\nnotebooks = ["tiny"]\n[parameters]\nreporter = "JPN"\npartner = "CHN"\ncomparison = "USA"\nstart_year = 2021\nend_year = 2022\ndata_dir = "data"\n'
        'note_file = "report/note.txt"\nscale = 1\n')
    (root / "data" / "tiny.csv").write_text(CSV)
    (root / "data" / "tiny.csv.meta.toml").write_text('title = "Generated test fixture"\n')
    return root


def run(root: Path, *overrides: str, formats=("html",), force=False):
    from tradebrief.report.build import BuildOptions, build
    return build(BuildOptions(root=root, overrides=list(overrides), formats=formats, progress=False, force=force, jobs=1))


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path)


def test_editing_a_file_a_parameter_names_reruns_the_notebook(project):
    assert run(project).executed == ["tiny"]
    assert run(project).executed == []
    (project / "report" / "note.txt").write_text("Second note")    # same path, new content
    result = run(project)
    assert result.executed == ["tiny"] and result.assembled
    assert "Second note" in (project / "report" / "build" / "briefing.html").read_text()


def test_editing_a_data_card_reruns_the_notebook(project):
    run(project)
    (project / "data" / "tiny.csv.meta.toml").write_text('title = "Generated test fixture, relabelled"\n')
    assert run(project).executed == ["tiny"]


def test_switching_back_to_earlier_parameters_is_a_cache_hit(project):
    assert run(project).executed == ["tiny"]
    assert run(project, "scale=2").executed == ["tiny"]
    back = run(project)
    assert back.executed == [] and back.assembled    # the outputs change back, from the cache
    assert "(scale 1)" in (project / "report" / "build" / "briefing.html").read_text()


def test_a_moved_checkout_keeps_its_cache(project, tmp_path):
    run(project)
    moved = tmp_path / "elsewhere" / "proj"
    shutil.move(project, moved)
    assert run(moved).executed == []


def test_package_code_and_library_versions_are_in_the_keys(monkeypatch, tmp_path):
    """Changing a file of the package (here a copy of it) changes the notebook and assembly manifests."""
    from tradebrief.report import manifest
    copy = tmp_path / "tradebrief"
    shutil.copytree(manifest.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(manifest, "PACKAGE", copy)
    before_nb, before_asm = manifest.code_manifest(False), manifest.code_manifest(True)
    with open(copy / "commodities.py", "a") as fh:
        fh.write("\n# edited\n")
    assert manifest.key_of(manifest.code_manifest(False)) != manifest.key_of(before_nb)
    (copy / "report" / "templates" / "briefing" / "briefing.css").write_text("/* new style */")
    after_asm = manifest.code_manifest(True)
    assert after_asm["report/templates/briefing/briefing.css"] != before_asm["report/templates/briefing/briefing.css"]
    assert "report/templates/briefing/briefing.css" not in manifest.code_manifest(False)   # template: no re-run
    env = manifest.environment()
    assert env["python"] == platform.python_version()
    # a distribution installed or upgraded (a dist-info folder added to a folder on sys.path) changes the key
    site = tmp_path / "site"
    (site / "somelib-1.0.dist-info").mkdir(parents=True)
    monkeypatch.setattr(sys, "path", [*sys.path, str(site)])
    manifest.environment.cache_clear()
    try:
        with_one = manifest.environment()
        (site / "somelib-1.0.dist-info").rename(site / "somelib-1.1.dist-info")
        manifest.environment.cache_clear()
        upgraded = manifest.environment()
    finally:
        manifest.environment.cache_clear()
    assert len({env["distributions"], with_one["distributions"], upgraded["distributions"]}) == 3


def test_a_new_commit_restamps_the_briefing(project):
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(git + ["add", "-A"], cwd=project, check=True)
    subprocess.run(git + ["commit", "-qm", "one"], cwd=project, check=True)
    run(project)
    (project / "README.md").write_text("a change elsewhere")
    subprocess.run(git + ["add", "-A"], cwd=project, check=True)
    subprocess.run(git + ["commit", "-qm", "two"], cwd=project, check=True)
    sha = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=project, capture_output=True, text=True).stdout.strip()
    result = run(project)
    assert result.executed == [] and result.assembled
    assert sha in (project / "report" / "build" / "briefing.html").read_text()


def test_fewer_formats_remove_outputs_of_an_earlier_build_and_manifest_lists_outputs(project):
    import hashlib
    run(project, formats=("html", "pdf"))
    out = project / "report" / "build"
    assert (out / "briefing.pdf").exists() and (out / "briefing-methods.pdf").exists()
    result = run(project, formats=("html",))
    assert result.removed == ["briefing.pdf", "briefing-methods.pdf"] and not (out / "briefing.pdf").exists()
    assert not (out / "briefing-methods.pdf").exists()
    listed = {o["path"]: o for o in json.loads((out / "manifest.json").read_text())["outputs"]}
    for name in ("briefing.html", "key_figures.csv", "notebooks/tiny.ipynb"):
        assert listed[name]["sha256"] == hashlib.sha256((out / name).read_bytes()).hexdigest()
    assert "briefing.pdf" not in listed and "briefing-methods.pdf" not in listed


def test_a_failed_swap_leaves_every_output_as_it_was(project, monkeypatch):
    import errno

    from tradebrief.report import outputs
    run(project, formats=("html", "pdf"))
    out = project / "report" / "build"
    before = {n: (out / n).read_bytes() for n in ("briefing.html", "briefing.pdf", "briefing-methods.pdf", "key_figures.csv", "manifest.json")}
    real = os.replace

    def deny_switch(a, b):   # the one rename that puts the new outputs in place fails
        if Path(b) == out / outputs.CURRENT:
            raise OSError(errno.EACCES, "Permission denied")
        return real(a, b)
    monkeypatch.setattr(outputs.os, "replace", deny_switch)
    from tradebrief.errors import OutputError
    with pytest.raises(OutputError, match="previous briefing files are unchanged"):
        run(project, "scale=3", formats=("html", "pdf"))
    for name, content in before.items():
        assert (out / name).read_bytes() == content, f"{name} was replaced"
    assert [p.name for p in out.glob(".gen-*")] == [os.readlink(out / outputs.CURRENT)]   # no second generation left


def test_every_output_resolves_into_one_generation_switched_by_one_rename(project):
    from tradebrief.report import outputs
    out = project / "report" / "build"
    run(project, formats=("html", "pdf"))
    first = (out / outputs.CURRENT).resolve()
    run(project, "scale=2", formats=("html", "pdf"))
    second = (out / outputs.CURRENT).resolve()
    assert first != second and not first.exists()   # the previous generation is gone once replaced
    for name in ("briefing.html", "briefing.pdf", "briefing-methods.pdf", "key_figures.csv", "manifest.json", "notebooks"):
        assert (out / name).is_symlink() and (out / name).resolve().parent == second
    listed = json.loads((out / "manifest.json").read_text())["outputs"]
    in_generation = sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    assert sorted([o["path"] for o in listed] + ["manifest.json"]) == in_generation   # all but itself


def test_two_builds_started_at_once_into_one_folder_both_end_cleanly(project):
    """The second waits for the first (and says so); the folder then holds exactly what manifest.json lists."""
    import hashlib
    import sys
    import time
    out = project / "report" / "build"
    cmd = [sys.executable, "-m", "tradebrief.cli", "build", "--format", "html", "--force", "-q"]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    first = subprocess.Popen(cmd + ["--param", "scale=2"], cwd=project, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while not (out / ".build.lock").exists() and time.time() < deadline:   # the first holds the lock ...
        time.sleep(0.05)
    second = subprocess.Popen(cmd + ["--param", "scale=3"], cwd=project, env=env, stderr=subprocess.PIPE, text=True)
    errs = [p.communicate(timeout=600)[1] for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], errs
    assert "another build is writing this folder" in errs[1]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["parameters"]["scale"] == 3   # the later build's outputs, all of them
    for o in manifest["outputs"]:
        assert hashlib.sha256((out / o["path"]).read_bytes()).hexdigest() == o["sha256"], o["path"]
    assert "(scale 3)" in (out / "briefing.html").read_text()
    assert not list(out.glob(".stage-*")) and len(list(out.glob(".gen-*"))) == 1


def test_source_date_epoch_gives_byte_identical_outputs(project, monkeypatch):
    from tradebrief.report.build import BuildOptions, build
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = project / "report" / "build"
    names = ("briefing.html", "briefing.pdf", "briefing-methods.pdf", "key_figures.csv")
    build(BuildOptions(root=project, formats=("html", "pdf"), progress=False, force=True, jobs=1))
    first = {n: (out / n).read_bytes() for n in names}
    build(BuildOptions(root=project, formats=("html", "pdf"), progress=False, force=True, jobs=2))
    for name, content in first.items():
        assert (out / name).read_bytes() == content, f"{name} differs between two builds of the same inputs"
    assert b"14 November 2023" in first["briefing.html"]


def test_a_reused_worker_reports_each_notebooks_own_cell_count_and_restores_stderr(project):
    """Progress comes from nbclient's hooks, per run: no class-level patch leaks into the next run."""
    from tradebrief.report.execute import Job, run_job
    nb = project / "notebooks" / "tiny.ipynb"
    params = {"data_dir": str(project / "data"), "note_file": str(project / "report" / "note.txt")}
    stderr_before = os.fstat(2).st_ino
    for scale in (1, 2):
        q: queue.Queue = queue.Queue()
        job = Job("tiny", nb, dict(params, scale=scale), project, project / "cache", {"scale": scale})
        run_job(job, project / "failed", q)
        messages = []
        while not q.empty():
            messages.append(q.get())
        totals = {m[3] for m in messages if m[1] == "cell"}
        assert totals == {len(NOTEBOOK_CELLS) + 1}     # the notebook's cells + papermill's injected parameters
        assert messages[-1][1] == "done"
        assert os.fstat(2).st_ino == stderr_before
        assert job.is_current()


def test_dataset_cache_key_follows_the_product_table_and_ignores_where_the_checkout_lives(tmp_path, monkeypatch):
    """Editing tradebrief/commodities.py (MOF commodity names) must not reuse a Parquet cache holding the old names."""
    from tradebrief.sources import cache
    data = tmp_path / "a" / "data"
    data.mkdir(parents=True)
    (data / "tiny.csv").write_text(CSV)
    moved = tmp_path / "b" / "data"
    shutil.copytree(data, moved)
    assert cache.dataset_key([data / "tiny.csv"], data) == cache.dataset_key([moved / "tiny.csv"], moved)
    copy = tmp_path / "pkg"
    shutil.copytree(cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", copy)
    before = cache.dataset_key([data / "tiny.csv"], data)
    with open(copy / "commodities.py", "a") as fh:
        fh.write("\n# a renamed commodity group\n")
    assert cache.dataset_key([data / "tiny.csv"], data) != before


def test_a_build_in_worker_processes_leaves_no_resource_tracker_warning(project):
    """Notebooks run in worker processes; the build used to kill multiprocessing's resource tracker, which
    then printed "resource_tracker: process died unexpectedly ... resources might leak" at exit."""
    import sys
    second = project / "notebooks" / "tiny2.ipynb"   # two notebooks, so two workers really run
    shutil.copy(project / "notebooks" / "tiny.ipynb", second)
    config = project / "report" / "briefing.toml"
    config.write_text(config.read_text().replace('notebooks = ["tiny"]', 'notebooks = ["tiny", "tiny2"]'))
    result = subprocess.run([sys.executable, "-m", "tradebrief.cli", "build", "--jobs", "2", "--format", "html", "-q"],
                            cwd=project, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "resource_tracker" not in result.stderr and "leak" not in result.stderr, result.stderr
