"""Errors that tell the user what to fix.

Every data problem names the file, the row (1-based line in the file, header = line 1)
and the column; every build problem names the notebook and the cell.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace


class TradebriefError(Exception):
    """Base class: the CLI prints the message and exits non-zero, without a traceback."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    row: int | str | None = None
    column: str | None = None
    fix: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        text = f"{where}: {self.message}"
        if self.fix:
            text += f" -> {self.fix}"
        return text


def collapse_identical(problems: list[Problem]) -> list[Problem]:
    """Each distinct problem once, in the order first seen; one reported n times says "(n times)"."""
    counts = Counter(problems)
    return [p if counts[p] == 1 else replace(p, message=f"{p.message} ({counts[p]} times)") for p in dict.fromkeys(problems)]


class DataError(TradebriefError):
    """One or more problems in a data file; all of them are listed at once, each distinct one once."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems = collapse_identical(list(problems))
        n = len(self.problems)
        shown = self.problems[:30]
        lines = [str(p) for p in shown]
        if n > len(shown):
            lines.append(f"... and {n - len(shown)} more problem(s) of the same kinds")
        head = f"{n} data problem{'s' if n != 1 else ''} found:" if n > 1 else "data problem:"
        super().__init__(head + "\n  " + "\n  ".join(lines))


class DataWarning(UserWarning):
    """Something in a data file that is read but may be wrong (values a spreadsheet rounded); the CLI
    prints it as one line, without Python's source location."""


def print_data_warnings(prefix: str = "tradebrief") -> None:
    """Show each ``DataWarning`` as one line ``<prefix>: warning: <file, row, column: message>`` on stderr
    (Python's default names the source line that warned, which tells a user nothing); other warnings as usual."""
    import sys
    import warnings
    default = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, DataWarning):
            print(f"{prefix}: warning: {message}", file=file or sys.stderr)
        else:
            default(message, category, filename, lineno, file, line)
    warnings.showwarning = show


class ParameterError(TradebriefError):
    """A build parameter is unknown or out of range; raised before any notebook runs."""

    exit_code = 2


class NotebookError(TradebriefError):
    """A notebook cell failed; names notebook, cell and exception."""

    exit_code = 3


class OutputError(TradebriefError):
    """The briefing could not be written; the previous outputs are left as they were."""

    exit_code = 4
