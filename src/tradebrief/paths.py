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


def in_project(path: str | Path) -> Path:
    """``path`` as given when it exists there (absolute, or below the current folder), else the same relative
    path from the project root when that exists, else as given (so an error names what the user wrote).

    The notebooks' parameters cells name files relative to the project root (``data``,
    ``report/claims.toml``, as report/briefing.toml does); a build runs them from the root, Jupyter from
    notebooks/."""
    given = Path(path)
    if given.is_absolute() or given.exists():
        return given
    root = project_root()
    return root / given if root is not None and (root / given).exists() else given


def read_toml(path: Path, what: str) -> dict:
    """A project TOML file (claims, events, briefing configuration); a missing or malformed one is a ParameterError."""
    import tomllib

    from tradebrief.errors import ParameterError
    try:
        return tomllib.loads(in_project(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParameterError(f"{path}: {what} not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ParameterError(f"{path}: not valid TOML ({exc})") from None
