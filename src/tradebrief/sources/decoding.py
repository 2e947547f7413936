"""A data file's bytes and the text they encode: gzip unwrapped, spreadsheets refused with what to do,
UTF-8 first, then the legacy encodings official publishers write."""
from __future__ import annotations

import codecs
import gzip
import re
from pathlib import Path

from tradebrief.errors import DataError, Problem

# Encodings other than UTF-8 that official publishers write, with the name an economist knows them by.
# Windows-1252 covers Latin-1 text: the two differ only where Latin-1 has control characters
# (0x80-0x9F), which no published table contains, so a byte there is a real decoding error.
LEGACY_ENCODINGS = {"cp1252": "Windows-1252 (Latin-1)", "cp932": "Shift-JIS (cp932)"}
_EXCEL_MAGIC = {b"PK\x03\x04": "an Excel workbook (.xlsx) or another zip file", b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls)"}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


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
