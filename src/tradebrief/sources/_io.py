"""Reading publishers' text files robustly: encodings, delimiters, extra header
lines, thousands separators, and the metadata card beside each file.

Line numbers are kept so every problem can name the row of the original file.
"""
from __future__ import annotations

import codecs
import csv
import difflib
import gzip
import io
import re
import tomllib
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from tradebrief.errors import DataError, Problem

# Encodings other than UTF-8 that official publishers write, with the name an economist knows them by.
# Windows-1252 covers Latin-1 text: the two differ only where Latin-1 has control characters
# (0x80-0x9F), which no published table contains, so a byte there is a real decoding error.
LEGACY_ENCODINGS = {"cp1252": "Windows-1252 (Latin-1)", "cp932": "Shift-JIS (cp932)"}
_EXCEL_MAGIC = {b"PK\x03\x04": "an Excel workbook (.xlsx) or another zip file", b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls)"}
ROW_PROBLEMS_SHOWN = 50  # problems of one kind listed row by row; the rest are counted in one line
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}([,\u00a0 ]\d{3})+(\.\d+)?$")


@dataclass
class Card:
    """Metadata card ``<file>.meta.toml`` beside a data file (owid-style snapshot card)."""

    publisher: str | None = None
    title: str | None = None
    url: str | None = None
    accessed: str | None = None
    licence: str | None = None
    unit: str | None = None
    reporter: str | None = None
    partner: str | None = None
    partial_periods: dict[str, str] = field(default_factory=dict)
    notes: str | None = None
    path: Path | None = None

    @classmethod
    def for_file(cls, path: Path) -> Card:
        card_path = path.with_name(path.name + ".meta.toml")
        if not card_path.exists():
            return cls()
        try:
            raw = tomllib.loads(card_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise DataError(Problem(str(card_path), f"metadata card is not valid TOML ({exc})", fix="fix the card or delete it")) from None
        known = {f for f in cls.__dataclass_fields__ if f != "path"}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise DataError(Problem(str(card_path), f"unknown key(s) {unknown} in metadata card", fix=f"use only {sorted(known)}"))
        raw["partial_periods"] = {str(k): str(v) for k, v in raw.get("partial_periods", {}).items()}
        return cls(**raw, path=card_path)


def read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(Problem(str(path), "file not found", fix="check the path")) from None
    except IsADirectoryError:
        raise DataError(Problem(str(path), "is a directory, not a data file")) from None
    except PermissionError:
        raise DataError(Problem(str(path), "cannot be read (permission denied)")) from None
    for magic, what in _EXCEL_MAGIC.items():
        if data.startswith(magic):
            raise DataError(Problem(str(path), f"is {what}, not a CSV text file",
                                    fix="open it in a spreadsheet and save the sheet as 'CSV UTF-8', then pass the .csv"))
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise DataError(Problem(str(path), f"is a damaged gzip file ({exc})", fix="download it again")) from None
    if not data.strip():
        raise DataError(Problem(str(path), "is empty", fix="download it again"))
    return data


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Text and the encoding that decoded it.

    UTF-8 (with or without BOM) is tried first; otherwise charset-normalizer chooses among the
    encodings official publishers write: Windows-1252/Latin-1 (UN Comtrade's website export,
    "C\xf4te d'Ivoire") and Shift-JIS as Windows writes it, cp932 (Japanese official files). Only
    those candidates are considered: open-ended detection mistakes short Latin-1 text for Big5.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            _undecodable(path, data, exc.start + len(codecs.BOM_UTF8), "UTF-8 (the file starts with a UTF-8 byte-order mark)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    as_utf8 = data.decode("utf-8", errors="replace")
    bad = as_utf8.count("\ufffd")
    good = len(_NON_ASCII.findall(as_utf8)) - bad
    if good >= 10 * bad:  # mostly valid UTF-8 letters: a damaged UTF-8 file, not another encoding
        _undecodable(path, data, utf8_error, "UTF-8")
    from charset_normalizer import from_bytes
    best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None:
        _undecodable(path, data, utf8_error, "UTF-8, " + " or ".join(LEGACY_ENCODINGS.values()))
    try:  # detection samples the file; the whole of it must decode
        return data.decode(best.encoding), best.encoding
    except UnicodeDecodeError as exc:
        _undecodable(path, data, exc.start, f"UTF-8 or {LEGACY_ENCODINGS.get(best.encoding, best.encoding)}")


def _undecodable(path: Path, data: bytes, position: int, tried: str):
    line = data[:position].count(b"\n") + 1
    raise DataError(Problem(str(path), f"cannot be decoded as {tried}: byte {position} (0x{data[position]:02x}) on line {line}",
                            row=line, fix="re-save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8')"))


# Line breaks str.splitlines knows besides "\n" and "\r\n" (a file with any of them takes the slow path).
_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def head_lines(content: str, n: int = 50) -> list[str]:
    """``content.splitlines()[:n]`` without splitting a file of a million lines to look at its first 50."""
    lines = content[:1 << 16].splitlines()
    return lines[:n] if len(lines) > n + 1 else content.splitlines()[:n]


def lines_from(content: str, first: int) -> str:
    """``"\n".join(content.splitlines()[first:])``, in one pass when lines end in "\n" or "\r\n" only."""
    text = content.replace("\r\n", "\n") if "\r" in content else content
    if _OTHER_BREAKS.search(text):
        return "\n".join(content.splitlines()[first:])
    if first:
        parts = text.split("\n", first)
        text = parts[first] if len(parts) > first else ""
    return text[:-1] if text.endswith("\n") else text


def sniff_delimiter(lines: list[str]) -> str:
    sample = [ln for ln in lines[:20] if ln.strip()]
    counts = {d: sum(ln.count(d) for ln in sample) for d in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


@dataclass
class RawTable:
    """A text table as strings, with the file line of each row."""

    path: Path
    frame: pd.DataFrame  # all str; column ``_line`` = 1-based line in the file
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


def header_tokens(line: str, delimiter: str) -> list[str]:
    return [t.strip().strip('"').strip() for t in next(csv.reader([line], delimiter=delimiter))] if line.strip() else []


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


def _ragged_rows(path: Path, body: str, header_idx: int, delimiter: str) -> tuple[int, list[Problem]]:
    """The header's width and a problem for every row with more non-empty cells than the header
    (pandas names only the first, or shifts the columns when it is the first data row)."""
    reader = csv.reader(io.StringIO(body), delimiter=delimiter, quotechar='"')
    width, bad, counts = None, [], []
    for cells in reader:
        if width is None:
            width = len(cells)
        elif len(cells) > width and any(c.strip() for c in cells[width:]):
            bad.append(header_idx + reader.line_num)
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
    frame = _read_cells(path, lines_from(content, header_idx), header_idx, delimiter)
    frame = frame.fillna("")  # short rows: their missing cells read as empty
    frame.columns = [str(c).strip() for c in frame.columns]
    if header_has:
        # match header names case-insensitively, keep the published spelling out of the way
        lower = {c.lower(): c for c in frame.columns}
        frame = frame.rename(columns={lower[h.lower()]: h for h in header_has if h.lower() in lower})
    frame["_line"] = range(header_idx + 2, header_idx + 2 + len(frame))
    # a blank row is blank in every column: only rows blank in the first need the other columns checked
    cells = frame.drop(columns="_line")
    blank = cells.iloc[:, 0].str.strip().eq("") if len(cells.columns) else pd.Series(True, index=frame.index)
    if blank.any():
        blank[blank] = cells.loc[blank].apply(lambda s: s.str.strip().eq("")).all(axis=1)
    frame = frame.loc[~blank].reset_index(drop=True)
    return RawTable(path, frame, encoding, delimiter, header_idx + 1)


def parse_numbers(raw: RawTable, column: str, allow_blank: bool = False, collect: bool = False) -> pd.Series:
    """Finite numbers from a text column; thousands separators accepted.

    Anything else (text, units, ``inf``, ``nan``) is a problem naming row and column:
    raised at once, or with ``collect`` recorded on ``raw`` (see ``RawTable.reject``)
    and left as NaN so that the loader can go on and find the file's other problems.
    """
    text = raw.frame[column].astype(str).str.strip()
    values = pd.to_numeric(text, errors="coerce")
    retry = values.isna()   # only cells that failed are matched: most files have no separators
    if retry.any():
        retry[retry] = text[retry].str.match(_THOUSANDS).to_numpy(dtype=bool, na_value=False)
    if retry.any():
        values[retry] = pd.to_numeric(text[retry].str.replace(r"[,\u00a0 ]", "", regex=True), errors="coerce")
    values = values.astype(float)
    blank_ok = allow_blank & text.eq("")
    missing = values.isna() & ~blank_ok
    nan_text = missing & text.where(missing, "").str.lower().isin(["nan", "+nan", "-nan"])
    not_number = missing & ~nan_text
    not_finite = nan_text | (values.notna() & ~np.isfinite(values))
    fix = "remove text and units from the cell; use '.' as decimal point"
    before = len(raw.problems)
    raw.reject(not_number, column, lambda v: f"value {v!r} is not a number" if v else "value is missing (empty cell)", fix)
    raw.reject(not_finite, column, lambda v: f"value {v!r} is not a finite number",
               "a trade value or rate must be a finite number; re-export the cell from the source")
    if not collect and len(raw.problems) > before:
        problems = raw.problems[before:]
        del raw.problems[before:]
        raise DataError(problems)
    return values.where(~(not_number | not_finite))


UNIT_FACTORS = {
    "JPY": ("JPY", 1.0), "yen": ("JPY", 1.0), "thousand JPY": ("JPY", 1e3), "thousand yen": ("JPY", 1e3),
    "million JPY": ("JPY", 1e6), "billion JPY": ("JPY", 1e9), "billion yen": ("JPY", 1e9),
    "USD": ("USD", 1.0), "thousand USD": ("USD", 1e3), "million USD": ("USD", 1e6), "billion USD": ("USD", 1e9),
}


def unit_factor(path: Path, unit: str | None, default: str | None) -> tuple[str, float]:
    unit = unit or default
    if unit is None:
        raise DataError(Problem(str(path), "unit/currency not stated",
                                fix=f"add unit = \"...\" to {path.name}.meta.toml, one of {sorted(UNIT_FACTORS)}"))
    if unit not in UNIT_FACTORS:
        raise DataError(Problem(str(path), f"unknown unit {unit!r}", fix=f"use one of {sorted(UNIT_FACTORS)}"))
    return UNIT_FACTORS[unit]
