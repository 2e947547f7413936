"""The briefing's parameters are defined once (report/briefing.toml); every notebook declares them in a
papermill parameters cell generated from it, and the build gives each notebook those it uses."""
import tomllib
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CONFIG = ROOT / "report" / "briefing.toml"


def _parameters_cell(path: Path) -> str:
    return next(c.source for c in nbformat.read(path, as_version=4).cells if "parameters" in c.metadata.get("tags", []))


def test_every_parameters_cell_is_what_briefing_toml_generates():
    """As environment.yml is checked against the lock: a cell edited by hand, or a TOML changed without
    `make notebooks-params`, fails here."""
    from tradebrief.paramcells import stale_notebooks
    assert stale_notebooks(NOTEBOOKS, CONFIG) == [], "parameters cells differ from report/briefing.toml: run `make notebooks-params`"


def test_papermill_knows_every_parameter_with_its_default_and_comment():
    """papermill's own inspection (what `--help-notebook` prints, and what decides "Passed unknown parameter")
    finds each TOML parameter with the TOML's value and comment, and the build-only ones."""
    import papermill as pm

    from tradebrief.notebook import BUILD_PARAMETERS
    text = CONFIG.read_text()
    params = tomllib.loads(text)["parameters"]
    lines = {ln.split("=")[0].strip(): ln for ln in text.split("[parameters]")[1].splitlines() if "=" in ln}
    for path in NOTEBOOKS:
        found = pm.inspect_notebook(str(path))
        assert list(found) == [*params, *BUILD_PARAMETERS], path.name
        for name, value in params.items():
            assert eval(found[name]["default"]) == value, (path.name, name)   # the literal is the TOML's value
            comment = lines[name].split("#", 1)[1].strip() if "#" in lines[name] else ""
            assert found[name]["help"] == comment, (path.name, name)
        assert "partner" in found and found["partner"]["inferred_type_name"] == "str"


def test_papermill_p_partner_gives_no_unknown_parameter_warning():
    """papermill warns "Passed unknown parameter" for a name its inspection of the parameters cell does not find
    (papermill.execute, before any kernel starts); here every notebook's has partner and the build's names,
    and papermill's parameterize step (no kernel) with -p partner KOR sets it after the declared default."""
    from papermill.execute import _infer_parameters
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook
    from papermill.utils import any_tagged_cell
    for path in NOTEBOOKS:
        known = {p.name for p in _infer_parameters(load_notebook_node(str(path)))}   # what papermill's warning checks
        assert {"partner", "extra_data", "cache_dir", "figures_path"} <= known, path.name
        nb = parameterize_notebook(load_notebook_node(str(path)), {"partner": "KOR"})
        assert any_tagged_cell(nb, "injected-parameters")
        namespace: dict = {}
        for cell in nb.cells:
            if {"parameters", "injected-parameters"} & set(cell.metadata.get("tags", [])):
                exec(cell.source, namespace)
        assert namespace["partner"] == "KOR" and namespace["reporter"] == tomllib.loads(CONFIG.read_text())["parameters"]["reporter"]


def test_generated_cell_follows_the_toml_and_rejects_what_papermill_cannot_read(tmp_path):
    """A parameter added to the TOML appears with its literal and comment (a '#' inside a string is no
    comment); a comment with '=' (papermill's inspection skips such a line) is refused."""
    from tradebrief.paramcells import cell_source, declared_parameters
    config = tmp_path / "briefing.toml"
    config.write_text('[briefing]\nnotebooks = []\n[parameters]\nlabel = "a # b"   # shown # as is\nyears = [2020, 2021]\nflag = true  # on\n')
    assert [(n, v, c) for n, v, c in declared_parameters(config)][:3] == [("label", "a # b", "shown # as is"), ("years", [2020, 2021], ""),
                                                                          ("flag", True, "on")]
    namespace: dict = {}
    exec(cell_source(config), namespace)
    assert (namespace["label"], namespace["years"], namespace["flag"], namespace["cache_dir"]) == ("a # b", [2020, 2021], True, None)
    config.write_text('[parameters]\nx = 1  # x = one\n')
    with pytest.raises(ValueError, match="without '='"):
        cell_source(config)


def test_writing_cells_changes_only_the_parameters_cell(tmp_path):
    """`make notebooks-params` rewrites that cell's source and nothing else in the file (other cells are edited
    on other branches at the same time), and a second run writes nothing."""
    from tradebrief.paramcells import cell_source, write_cells
    nb_path = tmp_path / "n.ipynb"
    original = (ROOT / "notebooks" / "mirror.ipynb").read_text()
    old_cell = _parameters_cell(ROOT / "notebooks" / "mirror.ipynb")
    nb_path.write_text(original.replace(_json_lines(old_cell), _json_lines("x = 1\n# old")))
    config = tmp_path / "briefing.toml"
    config.write_text('[parameters]\nreporter = "DEU"   # who reports\n')
    assert write_cells([nb_path], config) == [nb_path]
    assert _parameters_cell(nb_path) == cell_source(config)
    before, after = nbformat.read(ROOT / "notebooks" / "mirror.ipynb", as_version=4), nbformat.read(nb_path, as_version=4)
    assert [c for c in before.cells if "parameters" not in c.metadata.get("tags", [])] == \
        [c for c in after.cells if "parameters" not in c.metadata.get("tags", [])]
    changed = [ln for ln in nb_path.read_text().splitlines() if ln not in original.splitlines()]
    assert all(ln.startswith('    "') for ln in changed), changed   # only lines of a source list
    assert write_cells([nb_path], config) == []


def _json_lines(source: str) -> str:
    from tradebrief.paramcells import _source_block
    return _source_block(source)


def test_notebook_run_by_hand_from_notebooks_finds_the_project_files(monkeypatch):
    """Opened in Jupyter from notebooks/ (no build injecting values), the declared relative paths are read
    from the project root: the data folder, the claims and the events file."""
    from tradebrief.casestudies import load_events
    from tradebrief.indicators import load_claims
    from tradebrief.paths import in_project
    monkeypatch.chdir(ROOT / "notebooks")
    namespace: dict = {}
    exec(_parameters_cell(ROOT / "notebooks" / "bilateral.ipynb"), namespace)
    defaults = tomllib.loads(CONFIG.read_text())["parameters"]
    assert (namespace["reporter"], namespace["end_year"], namespace["top_n"]) == (defaults["reporter"], defaults["end_year"], defaults["top_n"])
    assert namespace["data_dir"] == "data" and not Path("data").exists()   # relative, and not below notebooks/
    assert in_project(namespace["data_dir"]) == ROOT / "data"
    assert len(load_claims(namespace["claims_file"])) == len(tomllib.loads((ROOT / "report" / "claims.toml").read_text())["claim"])
    assert load_events(namespace["events_file"])
    assert namespace["extra_data"] == [] and namespace["figures_path"] is None


def test_in_project_prefers_the_path_as_given(tmp_path, monkeypatch):
    from tradebrief.paths import in_project
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    assert in_project("data") == Path("data")                       # below the current folder: as given
    assert in_project("report/briefing.toml") == ROOT / "report" / "briefing.toml"
    assert in_project("no/such/file.toml") == Path("no/such/file.toml")   # an error will name what was written
    assert in_project(tmp_path / "x") == tmp_path / "x"


def test_used_parameters_finds_names_in_code_fstrings_and_queries(tmp_path):
    from tradebrief.report.execute import used_parameters
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("top_n is only mentioned in prose"),
                nbformat.v4.new_code_cell('x = t.query("partner == @partner")\nprint(f"{end_year}")\n# hhi_threshold in a comment')]
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    assert used_parameters(path, ["partner", "end_year", "top_n", "reporter", "hhi_threshold"]) == {"partner", "end_year", "hhi_threshold"}


def test_used_parameters_ignores_the_parameters_cell():
    """Every notebook declares every parameter; what it uses is read from its other cells. The mirror
    section never mentions top_n or share_threshold outside that cell, and uses the data folder."""
    from tradebrief.report.execute import used_parameters
    names = set(tomllib.loads(CONFIG.read_text())["parameters"])
    mirror = ROOT / "notebooks" / "mirror.ipynb"
    others = "\n".join(c.source for c in nbformat.read(mirror, as_version=4).cells
                       if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", []))
    used = used_parameters(mirror, names)
    assert "data_dir" in used and "top_n" not in others and "top_n" not in used
    assert used == {n for n in names if n in others}
