"""The notebooks' papermill ``parameters`` cells, generated from report/briefing.toml.

Each cell declares every parameter by name with a literal default and its comment, so papermill knows them:
``papermill notebooks/partner_shares.ipynb out.ipynb -p partner KOR`` takes the value without warning, and
``papermill --help-notebook`` lists the parameters with their comments. report/briefing.toml stays the one
place they are defined: ``make notebooks-params`` (``python -m tradebrief.paramcells``) rewrites the cells
from it, and tests/test_notebook_parameters.py fails when a committed cell differs from what it gives (as
environment.yml is checked against the lock). The build-only parameters (``tradebrief.notebook.
BUILD_PARAMETERS``) are declared after the briefing's.

Every notebook declares every parameter (a notebook run by hand needs no more); the build injects and keys
only those a notebook's code uses (``tradebrief.report.execute.used_parameters``, which skips this cell).
"""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import nbformat

HEADER = ("# Parameters, generated from report/briefing.toml by `make notebooks-params`: edit them there, not here.\n"
          "# A build, or `papermill -p NAME VALUE`, sets its own values in the cell after this one. Relative paths\n"
          "# are read from the project root (tradebrief.paths.in_project), so the notebook also runs from notebooks/.\n")
TAG = "parameters"


def toml_comments(text: str, table: str = "parameters") -> dict[str, str]:
    """The comment at the end of each ``name = value`` line of ``[table]``.

    Hand-written because tomllib drops comments and no comment-keeping TOML library is locked. tomllib
    still decides where a value ends: the comment starts at the first ``#`` before which the line parses
    alone (a ``#`` inside a string does not)."""
    comments, current = {}, None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            current = stripped.strip("[] ")
            continue
        if current != table or "=" not in stripped or stripped.startswith("#"):
            continue
        name = stripped.split("=", 1)[0].strip()
        for i, char in enumerate(line):
            if char != "#":
                continue
            try:
                tomllib.loads(line[:i])
            except tomllib.TOMLDecodeError:
                continue
            comments[name] = line[i + 1:].strip()
            break
    return comments


def declared_parameters(config: Path) -> list[tuple[str, object, str]]:
    """(name, default, comment) of every parameter a notebook declares: briefing.toml's, then the build's."""
    from tradebrief.notebook import BUILD_PARAMETERS
    text = Path(config).read_text(encoding="utf-8")
    params = tomllib.loads(text).get("parameters", {})
    comments = toml_comments(text)
    clash = sorted(set(params) & set(BUILD_PARAMETERS))
    if clash:
        raise ValueError(f"{config}: [parameters] {', '.join(clash)} is set by the build; choose another name")
    return ([(name, value, comments.get(name, "")) for name, value in params.items()]
            + [(name, default, comment) for name, (default, comment) in BUILD_PARAMETERS.items()])


def cell_source(config: Path) -> str:
    """The parameters cell: ``name: type = literal  # comment``, literals written by papermill's own
    translator (as it writes the values it injects); no type for a ``None`` default."""
    from papermill.translators import PythonTranslator
    lines = []
    for name, value, comment in declared_parameters(config):
        if "=" in comment or "\n" in comment:   # papermill's inspection skips a line with a second "="
            raise ValueError(f"{config}: the comment of parameter {name} must be one line without '=': {comment!r}")
        typed = name if value is None else f"{name}: {type(value).__name__}"
        lines.append((f"{typed} = {PythonTranslator.translate(value)}", comment))
    width = max(len(code) for code, _ in lines)
    return HEADER + "\n".join(f"{code:<{width}}  # {comment}" if comment else code for code, comment in lines)


def parameters_cell(nb: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    cells = [c for c in nb.cells if TAG in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1 or cells[0].cell_type != "code":
        raise ValueError(f"{path}: needs exactly one code cell tagged {TAG!r}, found {len(cells)}")
    return cells[0]


def stale_notebooks(notebooks: list[Path], config: Path) -> list[Path]:
    """The notebooks whose parameters cell is not what ``config`` gives."""
    want = cell_source(config)
    return [p for p in notebooks if parameters_cell(nbformat.read(p, as_version=4), p).source != want]


def write_cells(notebooks: list[Path], config: Path) -> list[Path]:
    """Rewrite each stale notebook's parameters cell. Returns the notebooks written.

    Only that cell's source changes, byte for byte: nbformat.write would also re-sort the keys of every
    other cell written in another order, and the other cells are edited on other branches at the same time.
    The new source is therefore spliced into the file's text in nbformat's own layout (indent 1), and the
    result is checked to read back, with nbformat, as the same notebook with only that source changed."""
    want = cell_source(config)
    written = []
    for path in stale_notebooks(notebooks, config):
        text = path.read_text(encoding="utf-8")
        nb = nbformat.read(path, as_version=4)
        cell = parameters_cell(nb, path)
        old_block = _source_block(cell.source)
        if text.count(old_block) != 1:
            raise ValueError(f"{path}: the parameters cell's source is not laid out as nbformat writes it; "
                             "open and save the notebook in Jupyter, then run this again")
        path.write_text(text.replace(old_block, _source_block(want)), encoding="utf-8")
        cell.source = want
        if nbformat.read(path, as_version=4) != nb:
            path.write_text(text, encoding="utf-8")
            raise ValueError(f"{path}: rewriting the parameters cell changed more than that cell; left unchanged")
        written.append(path)
    return written


def _source_block(source: str) -> str:
    """A cell's ``"source"`` entry as nbformat writes it (a list of lines, indent 1, cells at depth 3)."""
    import json
    lines = source.splitlines(keepends=True)
    if not lines:
        return '"source": []'
    return '"source": [\n' + ",\n".join("    " + json.dumps(line, ensure_ascii=False) for line in lines) + "\n   ]"


def main(argv: list[str]) -> int:
    """``python -m tradebrief.paramcells [--check]``: rewrite (or only check) every notebooks/*.ipynb."""
    from tradebrief.paths import project_root
    root = project_root()
    notebooks = sorted((root / "notebooks").glob("*.ipynb"))
    config = root / "report" / "briefing.toml"
    if "--check" in argv:
        stale = stale_notebooks(notebooks, config)
        for path in stale:
            print(f"{path.relative_to(root)}: parameters cell differs from report/briefing.toml; run `make notebooks-params`")
        return 1 if stale else 0
    for path in write_cells(notebooks, config):
        print(f"wrote the parameters cell of {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
