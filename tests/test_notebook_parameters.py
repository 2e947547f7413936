"""The briefing's parameters are defined once (report/briefing.toml) and each notebook gets those it uses."""
from pathlib import Path

from conftest import ROOT


def test_notebook_run_by_hand_gets_the_briefing_toml_defaults(tmp_path, monkeypatch):
    """Opened in Jupyter from notebooks/ (no build injecting values), a section's parameters cell gives
    report/briefing.toml's values, with paths that resolve from there."""
    import tomllib

    import nbformat
    defaults = tomllib.loads((ROOT / "report" / "briefing.toml").read_text())["parameters"]
    monkeypatch.chdir(ROOT / "notebooks")
    cells = nbformat.read(ROOT / "notebooks" / "bilateral.ipynb", as_version=4).cells
    namespace: dict = {}
    exec(next(c.source for c in cells if "parameters" in c.metadata.get("tags", [])), namespace)
    assert (namespace["reporter"], namespace["end_year"], namespace["top_n"]) == (defaults["reporter"], defaults["end_year"], defaults["top_n"])
    assert Path(namespace["data_dir"]).is_dir() and Path(namespace["claims_file"]).is_file()
    assert namespace["extra_data"] == [] and namespace["figures_path"] is None


def test_used_parameters_finds_names_in_code_fstrings_and_queries(tmp_path):
    import nbformat

    from tradebrief.report.execute import used_parameters
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("top_n is only mentioned in prose"),
                nbformat.v4.new_code_cell('x = t.query("partner == @partner")\nprint(f"{end_year}")\n# hhi_threshold in a comment')]
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    assert used_parameters(path, ["partner", "end_year", "top_n", "reporter", "hhi_threshold"]) == {"partner", "end_year", "hhi_threshold"}
