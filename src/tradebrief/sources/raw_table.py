"""A delimited text table read into strings, with the file line of each row, so every problem a
loader finds can name the row of the original file."""
from __future__ import annotations

import csv
import difflib
import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tradebrief.errors import DataError, Problem
from tradebrief.sources.decoding import decode, read_bytes
from tradebrief.sources.delimiter import header_tokens, sniff_delimiter
from tradebrief.sources.row_problems import row_problems
from tradebrief.sources.text_lines import head_lines, lines_from, record_lines


@dataclass
class RawTable:
    """A text table as strings, with the file line of each row."""

    path: Path
    frame: pd.DataFrame  # all str; column ``_line`` = 1-based line in the file where the row starts
    encoding: str
    delimiter: str
    header_line: int
    # Row-level problems a loader found and kept going past, so that one run lists them all;
    # ``rejected`` marks the frame rows they concern (left out of the checks on the loaded table).
    problems: list[Problem] = field(default_factory=list)
    rejected: pd.Series | None = None

    def reject(self, bad: pd.Series, column: str, message: Callable[[str], str], fix: str | None = None) -> None:
        """Record a problem for each row where ``bad`` holds: ``message(cell text)`` at that row and column."""
        if not bad.any():
            return
        self.problems += row_problems(self.path, self.frame.loc[bad, "_line"], self.frame.loc[bad, column], column, message, fix)
        self.mark_rejected(bad)

    def mark_rejected(self, bad: pd.Series) -> None:
        self.rejected = bad if self.rejected is None else (self.rejected | bad)

    def require(self, columns: list[str]) -> None:
        missing = [c for c in columns if c not in self.frame.columns]
        if not missing:
            return
        seen = [c for c in self.frame.columns if c != "_line"]
        problems = []
        unexpected = [c for c in seen if c not in columns]
        for col in missing:
            close = difflib.get_close_matches(col, unexpected, n=1, cutoff=0.5)
            if not close and len(missing) == 1 and len(unexpected) == 1:
                close = unexpected  # the one column that is not expected is most likely the renamed one
            hint = f"rename column '{close[0]}' to '{col}'" if close else f"add column '{col}'"
            problems.append(Problem(str(self.path), f"required column '{col}' is missing (columns found: {seen})",
                                    row=self.header_line, column=col, fix=hint))
        raise DataError(problems)


def _ragged_rows(path: Path, body: str, header_idx: int, delimiter: str) -> tuple[int, list[Problem]]:
    """The header's width and a problem for every row with more non-empty cells than the header
    (pandas names only the first, or shifts the columns when it is the first data row)."""
    reader = csv.reader(io.StringIO(body), delimiter=delimiter, quotechar='"')
    width, bad, counts, previous_end = None, [], [], 0
    for cells in reader:
        start = header_idx + 1 + previous_end   # the line the record starts on (a quoted cell may span lines)
        previous_end = reader.line_num
        if width is None:
            width = len(cells)
        elif len(cells) > width and any(c.strip() for c in cells[width:]):
            bad.append(start)
            counts.append(str(len(cells)))
    return width or 0, row_problems(path, bad, counts, None, lambda n: f"row has {n} cells but the header has {width} columns",
                                    fix="remove the extra cells, or quote a cell that contains the delimiter")


def _read_cells(path: Path, body: str, header_idx: int, delimiter: str) -> pd.DataFrame:
    """The table under the header as strings. A row with extra non-empty cells is an error naming
    its line; empty extra cells (a trailing delimiter, common in spreadsheet exports) are dropped."""
    options = dict(sep=delimiter, dtype=str, keep_default_na=False, skip_blank_lines=False, quotechar='"', index_col=False)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            frame = pd.read_csv(io.StringIO(body), **options)
        if not any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
            return frame
    except pd.errors.ParserError as exc:
        if "EOF inside string" in str(exc):
            start = re.search(r"row (\d+)", str(exc))
            row = header_idx + 1 + int(start.group(1)) if start else None
            raise DataError(Problem(str(path), "a quoted cell is never closed (a '\"' without its pair)", row=row,
                                    fix="close the quote or remove the stray '\"'")) from None
    # some row is wider than the header: name every such row, or read on without the empty extras
    width, problems = _ragged_rows(path, body, header_idx, delimiter)
    if problems:
        raise DataError(problems)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pd.errors.ParserWarning)  # the extras dropped are empty
            return pd.read_csv(io.StringIO(body), engine="python", on_bad_lines=lambda cells: cells[:width], **options)
    except pd.errors.ParserError as exc:  # pandas' own words name the line, counted from the header
        raise DataError(Problem(str(path), f"cannot be read as a table ({str(exc).strip()}; "
                                           f"line numbers counted from line {header_idx + 1})")) from None


def read_table(path: Path, header_has: list[str] | None = None, text: tuple[str, str] | None = None) -> RawTable:
    """Read a delimited text file into strings.

    ``header_has``: column names that identify the header line; lines above it
    (titles, notes, blank lines that publishers add) are skipped. A row with more
    cells than the header is an error naming its line; a row with fewer has its
    missing cells empty, so the checks name the cell that is missing.
    """
    if text is None:
        text = decode(path, read_bytes(path))
    content, encoding = text
    lines = head_lines(content)   # all the header search and the delimiter need
    delimiter = sniff_delimiter(lines)
    header_idx = 0
    if header_has:
        wanted = {h.lower() for h in header_has}
        for i, ln in enumerate(lines[:50]):
            if wanted <= {t.lower() for t in header_tokens(ln, delimiter)}:
                header_idx = i
                break
        else:
            # A renamed column: use the first line that has several tokens, so `require` can say which column.
            header_idx = next((i for i, ln in enumerate(lines[:50]) if len(header_tokens(ln, delimiter)) > 1), 0)
    body = lines_from(content, header_idx)
    frame = _read_cells(path, body, header_idx, delimiter)
    frame = frame.fillna("")  # short rows: their missing cells read as empty
    frame.columns = [str(c).strip() for c in frame.columns]
    if header_has:
        # match header names case-insensitively, keep the published spelling out of the way
        lower = {c.lower(): c for c in frame.columns}
        frame = frame.rename(columns={lower[h.lower()]: h for h in header_has if h.lower() in lower})
    frame["_line"] = record_lines(body, delimiter, len(frame), header_idx + 1)
    # a blank row is blank in every column: only rows blank in the first need the other columns checked
    cells = frame.drop(columns="_line")
    blank = cells.iloc[:, 0].str.strip().eq("") if len(cells.columns) else pd.Series(True, index=frame.index)
    if blank.any():
        blank[blank] = cells.loc[blank].apply(lambda s: s.str.strip().eq("")).all(axis=1)
    frame = frame.loc[~blank].reset_index(drop=True)
    return RawTable(path, frame, encoding, delimiter, header_idx + 1)
