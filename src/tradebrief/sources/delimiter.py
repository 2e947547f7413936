"""Which delimiter a text table uses, and the cells of a header line."""
from __future__ import annotations

import csv
import io
from collections import Counter

CANDIDATES = (",", ";", "\t")


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter among comma, semicolon and tab that splits the most of the first lines into the same
    number of cells (more than one), counting cells as the csv module reads them, so a delimiter inside a
    quoted cell ("Machinery, parts and accessories" in a semicolon file) is text, not a delimiter, and a
    row that the candidate splits inside a quoted cell (a stray '"' is left in a cell) counts against it.

    Why not ``csv.Sniffer``: it raises "Could not determine delimiter" when title or note lines stand
    above the header, as publishers write them, and on a file whose rows differ in width; the csv
    reader it would then parse with is the one used here."""
    sample = "\n".join(ln for ln in lines[:20] if ln.strip())
    best, best_score = ",", (0, 0)
    for delimiter in CANDIDATES:
        # a row split inside a quoted cell leaves a '"' in its cells: it does not count for that delimiter
        widths = Counter(len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter, quotechar='"')
                         if len(row) > 1 and not any('"' in cell for cell in row))
        if not widths:
            continue
        rows, width = max((n, w) for w, n in widths.items())
        if (rows, width) > best_score:
            best, best_score = delimiter, (rows, width)
    return best


def header_tokens(line: str, delimiter: str) -> list[str]:
    return [t.strip().strip('"').strip() for t in next(csv.reader([line], delimiter=delimiter))] if line.strip() else []
