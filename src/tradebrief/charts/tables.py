"""Publication tables: no index, numbers right-aligned with thousands separators and a true minus, units in headers."""
from __future__ import annotations

import html

import pandas as pd

from tradebrief.charts.numbers import minus


def table(df: pd.DataFrame, *, caption: str, formats: dict[str, str] | None = None, source: str | None = None) -> None:
    """Show a publication table (no index, numbers right-aligned with thousands separators, units in headers).

    Displays itself, so a table is never lost for not being the last expression of its cell."""
    from IPython.display import display
    display(HTMLTable(df, caption, formats or {}, source))


class HTMLTable:
    def __init__(self, df, caption, formats, source):
        self.df, self.caption, self.formats, self.source = df.reset_index(drop=True), caption, formats, source

    def _cell(self, col, v):
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return '<td class="num">–</td>'
        fmt = self.formats.get(col)
        if fmt:
            return f'<td class="num">{html.escape(minus(fmt(v) if callable(fmt) else fmt.format(v)))}</td>'
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return f'<td class="num">{minus(f"{v:,.1f}" if isinstance(v, float) else f"{v:,}")}</td>'
        return f"<td>{html.escape(str(v))}</td>"

    def _repr_html_(self):
        head = "".join(f'<th class="{"num" if pd.api.types.is_numeric_dtype(self.df[c]) else ""}">{html.escape(str(c))}</th>' for c in self.df.columns)
        body = "".join("<tr>" + "".join(self._cell(c, v) for c, v in zip(self.df.columns, row)) + "</tr>" for row in self.df.itertuples(index=False))
        src = f'<p class="table-source">{html.escape(self.source)}</p>' if self.source else ""
        wide = " tb-wide" if len(self.df.columns) >= 7 else ""
        return (f'<div class="tb-table{wide}"><table><caption>{html.escape(self.caption)}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{src}</div>")

    def __repr__(self):
        return f"{self.caption}\n{self.df.to_string(index=False)}"
