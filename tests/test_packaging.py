"""The project's own files: two commands, CI, environment in sync."""
import shutil
import subprocess
import tomllib

from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def _locked(lock_text: str) -> dict[str, list[str]]:
    """Package name -> pinned versions in requirements.lock (one per platform marker)."""
    from tradebrief.envfile import pinned_requirements
    out: dict[str, list[str]] = {}
    for req in pinned_requirements(lock_text):
        name, version = req.split(";")[0].strip().split("==")
        out.setdefault(canonicalize_name(name), []).append(version)
    return out


def test_environment_yml_is_generated_from_the_lock():
    import yaml  # installed with papermill

    from tradebrief.envfile import environment_yml
    lock = (ROOT / "requirements.lock").read_text()
    committed = (ROOT / "environment.yml").read_text()
    assert committed == environment_yml(lock), "environment.yml differs from the lock: run `make lock`"
    env = yaml.safe_load(committed)
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "pandas==" + _locked(lock)["pandas"][0] in [p.split(";")[0].strip() for p in pip]


def test_every_declared_dependency_is_locked_at_a_version_it_allows():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"]) + [r for extra in project["optional-dependencies"].values() for r in extra]
    locked = _locked((ROOT / "requirements.lock").read_text())
    for text in declared:
        req = Requirement(text)
        versions = locked.get(canonicalize_name(req.name))
        assert versions, f"{req.name} is declared in pyproject.toml but not in requirements.lock: run `make lock`"
        assert any(req.specifier.contains(v, prereleases=True) for v in versions), f"{req.name}: lock pins {versions}, pyproject wants {req.specifier}"


def test_installed_versions_are_the_locked_ones():
    import importlib.metadata as md
    locked = _locked((ROOT / "requirements.lock").read_text())
    for name in ("pandas", "pandera", "papermill", "nbconvert", "weasyprint", "duckdb"):
        assert md.version(name) in locked[name], f"{name} {md.version(name)} installed, lock pins {locked[name]}"


def test_ci_runs_both_test_tiers_and_stops_at_the_first_failure(tmp_path):
    """Run .ci/run with stand-ins for make, chromium and pdftotext on PATH: it calls `make test`, then `make test-slow`,
    and a failing `make test` ends the run with its status."""
    import os
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    (bin_dir / "make").write_text(f'#!/bin/sh\necho "$@" >> {calls}\n[ "$1" = test ] && exit ${{MAKE_STATUS:-0}}\nexit 0\n')
    for tool in ("chromium", "pdftotext"):
        (bin_dir / tool).write_text("#!/bin/sh\nexit 0\n")
    for f in bin_dir.iterdir():
        f.chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}")
    ok = subprocess.run(["bash", str(ROOT / ".ci" / "run")], env=env, capture_output=True, text=True)
    assert ok.returncode == 0 and calls.read_text().split("\n")[:2] == ["test", "test-slow"]
    calls.unlink()
    failed = subprocess.run(["bash", str(ROOT / ".ci" / "run")], env=dict(env, MAKE_STATUS="2"), capture_output=True, text=True)
    assert failed.returncode == 2 and calls.read_text().split() == ["test"]


def test_make_report_and_make_test_set_up_a_venv_from_the_lock_on_a_fresh_checkout(tmp_path):
    """What make would run in a checkout without .venv (dry run): venv, hash-checked lock, then the command."""
    for name in ("Makefile", "pyproject.toml", "requirements.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    for target, command in (("report", ".venv/bin/tradebrief build"), ("test", ".venv/bin/python -m pytest")):
        out = subprocess.run(["make", "-n", target], cwd=tmp_path, capture_output=True, text=True, check=True).stdout
        lines = out.splitlines()
        venv = next(i for i, ln in enumerate(lines) if "-m venv .venv" in ln)
        lock = next(i for i, ln in enumerate(lines) if "--require-hashes" in ln and "-r requirements.lock" in ln)
        run = next(i for i, ln in enumerate(lines) if command in ln)
        assert venv < lock < run, out


def test_build_outputs_and_venv_are_ignored_by_git():
    paths = ["report/build/briefing.html", "report/build/cache/runs/x/summary.ipynb", ".venv/bin/python"]
    result = subprocess.run(["git", "check-ignore", "--no-index", *paths], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.split() == paths


def test_notebooks_committed_without_outputs():
    import nbformat
    for nb_path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, f"{nb_path.name} has outputs"
        tags = [c.metadata.get("tags", []) for c in nb.cells]
        assert any("parameters" in t for t in tags), f"{nb_path.name} has no papermill parameters cell"


def test_every_data_file_is_documented_with_its_checksum():
    from tradebrief.sources import discover, sha256_file
    sources = (ROOT / "data" / "SOURCES.md").read_text()
    for path in discover(ROOT / "data"):
        rel = path.relative_to(ROOT / "data").as_posix()
        assert rel in sources, f"{rel} not described in data/SOURCES.md"
        assert sha256_file(path) in sources, f"SHA-256 of {rel} not in data/SOURCES.md"
        assert path.with_name(path.name + ".meta.toml").exists(), f"{rel} has no metadata card"


def test_shipped_data_identical_to_shared_originals():
    """Against the checksums of the originals in the team's shared/data (its SHA256SUMS, recorded in tests/fixtures
    so the check runs on any clone; where shared/ sits beside the project, the record must still equal it)."""
    recorded = ROOT / "tests" / "fixtures" / "shared_data_SHA256SUMS"
    shared = ROOT.parent / "shared" / "data" / "SHA256SUMS"
    if shared.exists():
        assert shared.read_text() == recorded.read_text(), "shared/data changed: copy its SHA256SUMS to tests/fixtures"
    from tradebrief.sources import discover, sha256_file
    sums = dict(reversed(line.split()) for line in recorded.read_text().splitlines() if line.strip())
    copied = [p for p in discover(ROOT / "data") if p.relative_to(ROOT / "data").as_posix() in sums]
    assert copied, "no shipped file comes from shared/data"
    for path in copied:
        rel = path.relative_to(ROOT / "data").as_posix()
        assert sums[rel] == sha256_file(path), f"{rel} differs from the shared original"
    # a file not in shared/ was copied or derived here: its card names where it came from — an upstream commit, or a
    # published package's bundled copy by version and SHA-256 — and the script under data/scripts/ that converted it, if any
    import re
    import tomllib
    for path in set(discover(ROOT / "data")) - set(copied):
        notes = tomllib.loads(path.with_name(path.name + ".meta.toml").read_text())["notes"]
        scripts = re.findall(r"data/scripts/[\w.-]+\.py", notes)
        assert re.search(r"\b[0-9a-f]{40}\b", notes) or re.search(r"\b[\w-]+ \d+\.\d+(\.\d+)?'s bundled copy .*SHA-256 [0-9a-f]{64}", notes), \
            f"{path.name}: not in shared/ and its card names no upstream commit or package copy"
        assert all((ROOT / s).is_file() for s in scripts), f"{path.name}: {scripts} not found"
