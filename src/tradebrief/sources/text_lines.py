"""Lines of a decoded text file: the first few without splitting the whole file, the text from a given
line on, and the line on which each record of a delimited table starts (as a text editor numbers it)."""
from __future__ import annotations

import csv
import io
import re

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


def record_lines(body: str, delimiter: str, records: int, first_line: int) -> list[int]:
    """The line (1-based, as a text editor shows it) on which each of the ``records`` records after the
    header of ``body`` starts; ``body`` begins at line ``first_line`` of the file.

    A quoted cell may hold line breaks, so a record can span several lines and the n-th record is not
    on the n-th line. The csv module counts the lines it reads (``line_num``); it runs only when the
    table has fewer records than lines, i.e. when some record does span lines."""
    physical = body.count("\n") + 1 if body else 0
    if physical == records + 1:
        return list(range(first_line + 1, first_line + 1 + records))
    reader = csv.reader(io.StringIO(body), delimiter=delimiter, quotechar='"')
    starts, previous_end = [], 0
    for _ in reader:
        starts.append(first_line + previous_end)
        previous_end = reader.line_num
    starts = starts[1:]   # the header's
    if len(starts) != records:   # pandas and the csv module disagree on the table: keep the simple count
        return list(range(first_line + 1, first_line + 1 + records))
    return starts
