"""The project's own files: two commands, CI, environment in sync."""
import re
import tomllib

from conftest import ROOT


def _names(reqs):
    return {re.split(r"[<>=!~\[ ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in reqs}


CONDA_NAMES = {"python-duckdb": "duckdb", "jupyter-client": "jupyter-client"}


def test_environment_yml_in_sync_with_pyproject():
    import yaml  # installed with papermill
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _names(project["dependencies"]) | _names(project["optional-dependencies"]["test"]) | _names(project["optional-dependencies"]["fetch"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    have = {CONDA_NAMES.get(n, n) for n in _names(conda) | _names([p for p in pip if not p.startswith("-e")])} - {"python", "pip"}
    assert have == wanted, f"only in environment.yml: {sorted(have - wanted)}; only in pyproject.toml: {sorted(wanted - have)}"


def test_ci_runs_make_test():
    script = (ROOT / ".ci" / "run").read_text()
    assert "make test" in script and "set -e" in script


def test_makefile_targets_build_their_own_venv():
    mk = (ROOT / "Makefile").read_text()
    assert re.search(r"^report: \$\(STAMP\)", mk, re.M) and re.search(r"^test: \$\(STAMP\)", mk, re.M)
    assert "-m venv" in mk and "pip install" in mk


def test_build_outputs_and_venv_are_ignored():
    ignored = (ROOT / ".gitignore").read_text().split()
    assert "report/build/" in ignored and ".venv/" in ignored


def test_notebooks_committed_without_outputs():
    import nbformat
    for nb_path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, f"{nb_path.name} has outputs"
        tags = [c.metadata.get("tags", []) for c in nb.cells]
        assert any("parameters" in t for t in tags), f"{nb_path.name} has no papermill parameters cell"


def test_readme_names_the_two_commands():
    text = (ROOT / "README.md").read_text()
    assert "make report" in text and "make test" in text


def test_every_data_file_is_documented_with_its_checksum():
    from tradebrief.sources import discover, sha256_file
    sources = (ROOT / "data" / "SOURCES.md").read_text()
    for path in discover(ROOT / "data"):
        rel = path.relative_to(ROOT / "data").as_posix()
        assert rel in sources, f"{rel} not described in data/SOURCES.md"
        assert sha256_file(path) in sources, f"SHA-256 of {rel} not in data/SOURCES.md"
        assert path.with_name(path.name + ".meta.toml").exists(), f"{rel} has no metadata card"


def test_shipped_data_identical_to_shared_originals():
    shared = ROOT.parent / "shared" / "data" / "SHA256SUMS"
    if not shared.exists():
        import pytest
        pytest.skip("shared/ not beside the project")
    from tradebrief.sources import discover, sha256_file
    sums = dict(reversed(line.split()) for line in shared.read_text().splitlines() if line.strip())
    for path in discover(ROOT / "data"):
        rel = path.relative_to(ROOT / "data").as_posix()
        assert sums[rel] == sha256_file(path), f"{rel} differs from the shared original"
