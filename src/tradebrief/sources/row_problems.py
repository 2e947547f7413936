"""Problems found row by row, listed so a reader sees the pattern: the first rows of a kind one by
one, the rest counted in one line."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tradebrief.errors import Problem

ROW_PROBLEMS_SHOWN = 50  # problems of one kind listed row by row; the rest are counted in one line


@dataclass(frozen=True)
class MoreRows(Problem):
    """One line standing for ``rows`` further rows with the same problem (a file can have millions)."""

    rows: int = 0


def problem_count(problems: list[Problem]) -> int:
    """How many problems a list stands for, counting each row a ``MoreRows`` line summarises."""
    return sum(p.rows if isinstance(p, MoreRows) else 1 for p in problems)


def row_problems(path: Path | str, lines, cells, column: str | None, message: Callable[[str], str], fix: str | None = None) -> list[Problem]:
    """One problem per offending row, the first ``ROW_PROBLEMS_SHOWN`` of them; then one line counting the rest."""
    lines, cells = [int(x) for x in lines], [str(x) for x in cells]
    shown = ROW_PROBLEMS_SHOWN
    problems = [Problem(str(path), message(cell), row=line, column=column, fix=fix) for line, cell in zip(lines[:shown], cells[:shown])]
    if len(lines) > shown:
        rest = lines[shown:]
        problems.append(MoreRows(str(path), f"{len(rest)} more rows with the same problem, e.g. {message(cells[shown])}",
                                 row=f"{rest[0]}..{rest[-1]}", column=column, fix=fix, rows=len(rest)))
    return problems
