"""Where the project lives, so commands work from any folder inside it."""
from __future__ import annotations

from pathlib import Path


def project_root(start: Path | None = None) -> Path | None:
    """The folder holding pyproject.toml of tradebrief, searching upward from ``start`` (cwd)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.exists() and 'name = "tradebrief"' in pyproject.read_text(errors="ignore"):
            return folder
    package_root = Path(__file__).resolve().parents[2]
    if (package_root / "pyproject.toml").exists():
        return package_root
    return None
