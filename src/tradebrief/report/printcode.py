"""Code as the PDF's methods appendix prints it: long lines wrapped at spaces, never inside a token.

A browser or WeasyPrint wraps ``pre-wrap`` code wherever the line breaking rules allow, mid-expression and
after a slash of a path. Here each line longer than the print column is wrapped by ``textwrap`` at spaces
only (``break_long_words`` and ``break_on_hyphens`` off): a space in Python code always lies between two
tokens, and a space inside a string or comment between two words, so no name, number, operator or path is
cut. A continued line hangs four columns deeper than its own indentation, after a ``↪`` mark. A block whose
longest unbreakable run is still wider than the column is printed smaller, to fit (``scale``), rather than
cut or run out of the page.
"""
from __future__ import annotations

import html
import textwrap

# Characters of code across the print column: 176 mm of text (A4 less 17 mm margins) less the code box's
# padding and border leave about 485 pt; DejaVu Sans Mono advances 0.602 em, 4.21 pt at the 7 pt of
# `.input_area` in the print CSS (templates/briefing/briefing.css): 115 columns, two kept in hand.
COLUMNS = 113
MARK = "↪ "
HANG = 4   # a continued line's indentation beyond its own: two spaces and the mark


def printed_lines(source: str, columns: int = COLUMNS) -> list[tuple[str, bool]]:
    """(text, continues the line above) for each printed line of ``source``."""
    out: list[tuple[str, bool]] = []
    for line in source.expandtabs(4).rstrip("\n").split("\n"):
        if len(line) <= columns:
            out.append((line, False))
            continue
        indent = " " * (len(line) - len(line.lstrip(" ")))
        wrapper = textwrap.TextWrapper(width=columns, initial_indent=indent, subsequent_indent=indent + " " * (HANG - len(MARK)) + MARK,
                                       break_long_words=False, break_on_hyphens=False, replace_whitespace=False,
                                       drop_whitespace=True, expand_tabs=False)
        parts = wrapper.wrap(line[len(indent):])   # the indentation as initial_indent: a first word too long to fit keeps it
        out += [(part, i > 0) for i, part in enumerate(parts)]
    return out


def code_html(source: str, columns: int = COLUMNS) -> str:
    """A ``<pre>`` of the printed lines (marks in a span of their own), scaled down if a line is still too wide;
    ``data-source`` keeps the code as written, for tests that compare the two."""
    lines = printed_lines(source, columns)
    widest = max(len(text) for text, _ in lines)
    scale = f' style="font-size: {100 * columns / widest:.1f}%"' if widest > columns else ""
    rows = []
    for text, continued in lines:
        if continued:
            at = text.index(MARK)
            rows.append(f'{html.escape(text[:at])}<span class="wrapmark">{MARK.strip()}</span> {html.escape(text[at + len(MARK):])}')
        else:
            rows.append(html.escape(text))
    return f'<pre class="printed-code" data-source="{html.escape(source, quote=True)}"{scale}>' + "\n".join(rows) + "</pre>"
