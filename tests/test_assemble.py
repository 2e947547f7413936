"""Assembly of executed notebooks into one briefing: sections that do not apply are left out."""
import nbformat

from tradebrief.report import OMIT_MIME
from tradebrief.report.assemble import merge_notebooks, omitted_reason


def _executed(title: str, omit: str | None = None):
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell(f"# {title}"))
    code = nbformat.v4.new_code_cell("x = 1")
    if omit is not None:
        code.outputs = [nbformat.v4.new_output("display_data", data={OMIT_MIME: {"reason": omit}})]
    nb.cells.append(code)
    return nb


def test_a_notebook_that_omits_itself_leaves_no_heading_and_no_gap_in_numbering():
    notebooks = [("a", _executed("Alpha")), ("mirror", _executed("Mirror", omit="no partner reports loaded")),
                 ("b", _executed("Beta"))]
    merged, toc, methods = merge_notebooks(notebooks)
    assert [(t["number"], t["title"]) for t in toc] == [(1, "Alpha"), (2, "Beta")]
    assert [m["title"] for m in methods] == ["Alpha", "Beta"]
    text = "\n".join(c.source for c in merged.cells)
    assert "Mirror" not in text and 'data-number="2"' in text


def test_omitted_reason_reads_the_marker_only():
    assert omitted_reason(_executed("Alpha")) is None
    assert omitted_reason(_executed("Mirror", omit="no partner reports loaded")) == "no partner reports loaded"


def test_cover_figures_of_a_us_dollar_reporter_name_the_partner_and_agree_in_number():
    """A reporter whose data are in US dollars (UN Comtrade) has its balance on the cover (the yen reporter's USD
    duplicate is what the unit rule leaves out), signed; one import group reads singular; the United States with
    its article."""
    from types import SimpleNamespace

    import pandas as pd

    from tradebrief.report.assemble import _front_figures
    rows = [("balance", "USA", "balance", "2022", 15.6e9, "USD"), ("dependent_groups", "USA", "import", "2022", 1, "count"),
            ("share", "USA", "total", "2022", 12.34, "percent")]
    figures = pd.DataFrame([{"indicator": i, "reporter": "DEU", "partner": p, "flow": f, "product": "TOTAL", "period": y,
                             "id": "", "value": v, "unit": u, "headline": "yes"} for i, p, f, y, v, u in rows])
    config = SimpleNamespace(parameters={"reporter": "DEU", "partner": "USA", "comparison": "CHN", "end_year": 2022})
    got = {f["label"]: f["value"] for f in _front_figures(figures, config)}
    assert got == {"The United States' share of Germany's total trade, 2022": "12.3%",
                   "Germany's balance with the United States, 2022": "+US$15.6 billion",
                   "Import group meeting both dependency tests, 2022": "1"}
