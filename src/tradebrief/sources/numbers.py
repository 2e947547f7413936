"""Numbers in the cells of a text table, and the units a file states them in.

Thousands separators are accepted; text, units, ``inf`` and ``nan`` are problems naming row and
column; values a spreadsheet rounded on export (``2.71600E+12``) are read, with a warning."""
from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from tradebrief.errors import DataError, DataWarning, Problem
from tradebrief.sources.raw_table import RawTable

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}([,\u00a0 ]\d{3})+(\.\d+)?$")
# Scientific notation as a spreadsheet writes a number too wide for its column ("General" format in Excel,
# LibreOffice likewise): a mantissa of at most 6 significant digits. The groups: digits after the point, exponent.
_SCIENTIFIC = re.compile(r"^[+-]?\d\.?(\d{0,5})[eE]([+-]?\d+)$")


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
    warn_spreadsheet_rounding(raw, column, text)
    return values.where(~(not_number | not_finite))


def spreadsheet_rounded(text: pd.Series) -> pd.Series:
    """Cells in scientific notation with at most 6 significant digits that stand for a number of 7 or more
    digits (``2.71600E+12``: the digits below 10^7 are lost): what a spreadsheet writes when a number too
    wide for its column is saved as shown. A publisher writes such values in full."""
    maybe = text.str.contains("[eE]", regex=True, na=False)
    if not maybe.any():
        return maybe
    parts = text[maybe].str.extract(_SCIENTIFIC)
    exponent = parts[1].astype(float)
    rounded = parts[1].notna() & (exponent >= 6) & (exponent > parts[0].fillna("").str.len())
    out = pd.Series(False, index=text.index)
    out[maybe] = rounded.to_numpy(dtype=bool)
    return out


def warn_spreadsheet_rounding(raw: RawTable, column: str, text: pd.Series) -> None:
    """One warning per column naming how many values a spreadsheet rounded, and the first of them."""
    rounded = spreadsheet_rounded(text)
    if not rounded.any():
        return
    first = rounded.idxmax()
    n = int(rounded.sum())
    problem = Problem(str(raw.path), f"{n} value{'s' if n != 1 else ''} such as {text[first]!r} "
                      f"{'are' if n != 1 else 'is'} in scientific notation with at most 6 significant digits: "
                      "a spreadsheet rounded them when the file was saved", row=int(raw.frame.loc[first, "_line"]),
                      column=column, fix="download the file again, or format the column as a number before saving as CSV")
    warnings.warn(DataWarning(str(problem)), stacklevel=2)


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
