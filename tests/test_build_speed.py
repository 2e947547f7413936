"""The fast paths of the build stay honest: a no-op build skips the data (and pandas) only when the
parameters were already checked against exactly these data files with this code."""
from __future__ import annotations

import subprocess
import sys

import pytest
from test_build_trust import CSV, make_project, run

from tradebrief.errors import ParameterError

NOOP = """
import sys
from pathlib import Path
from tradebrief.report.build import BuildOptions, build
result = build(BuildOptions(root=Path(sys.argv[1]), formats=("html",), progress=False, jobs=1))
print(result.executed, result.assembled, "pandas" in sys.modules)
"""


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path)


def test_a_noop_build_reads_no_data_and_never_imports_pandas(project):
    assert run(project).executed == ["tiny"]
    out = subprocess.run([sys.executable, "-c", NOOP, str(project)], capture_output=True, text=True, check=True, cwd=project)
    assert out.stdout.split() == ["[]", "False", "False"]


def test_a_partner_missing_from_the_data_fails_even_after_a_good_build(project):
    run(project)
    with pytest.raises(ParameterError, match="unknown partner 'KOR' for reporter JPN"):
        run(project, "partner=KOR")


def test_an_edited_data_file_is_checked_again(project):
    run(project)
    # the same parameters, but the data now end in 2021: the year range no longer fits
    (project / "data" / "tiny.csv").write_text("\n".join(ln for ln in CSV.splitlines() if ",2022," not in ln) + "\n")
    with pytest.raises(ParameterError, match="years 2021–2022 are not all in the data"):
        run(project)


HEADER = "indicator,reporter,partner,flow,product,period,id,value,unit,headline\n"


def test_key_figures_merge_one_row_per_key_headline_if_any_notebook_quotes_it(tmp_path):
    from tradebrief.report.keyfigures import merge
    (tmp_path / "a.csv").write_text(HEADER + "share,JPN,CHN,total,TOTAL,2024,,20.1,percent,\n"
                                    "share,JPN,USA,total,TOTAL,2024,,14.9,percent,yes\n")
    (tmp_path / "b.csv").write_text(HEADER + "share,JPN,CHN,total,TOTAL,2024,,20.1,percent,yes\n"
                                    "balance,JPN,CHN,balance,TOTAL,2024,,-5.0,JPY,\n")
    out = merge({"a": tmp_path / "a.csv", "b": tmp_path / "b.csv"})
    rows = {(r.partner, r.indicator): (r.value, r.headline) for r in out.itertuples()}
    assert rows == {("CHN", "share"): ("20.1", "yes"), ("USA", "share"): ("14.9", "yes"), ("CHN", "balance"): ("-5.0", "")}


def test_key_figures_that_disagree_between_notebooks_are_an_error_naming_both(tmp_path):
    from tradebrief.errors import OutputError
    from tradebrief.report.keyfigures import merge
    (tmp_path / "a.csv").write_text(HEADER + "share,JPN,CHN,total,TOTAL,2024,,20.1,percent,\n")
    (tmp_path / "b.csv").write_text(HEADER + "share,JPN,USA,total,TOTAL,2024,,14.9,percent,\n"
                                    "share,JPN,CHN,total,TOTAL,2024,,20.4,percent,\n")
    with pytest.raises(OutputError, match="notebook a.ipynb says 20.1, notebook b.ipynb says 20.4"):
        merge({"a": tmp_path / "a.csv", "b": tmp_path / "b.csv"})


def test_every_chart_carries_a_print_png_at_200_dpi_beside_its_svg(monkeypatch):
    import base64
    import io

    import IPython.display
    import matplotlib.pyplot as plt
    from PIL import Image

    from tradebrief import charts
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda data, raw, metadata: shown.append((data, metadata)))
    fig, ax = plt.subplots(figsize=(5, 2))
    ax.plot([2020, 2021], [1.0, 2.0])
    charts.show(fig, alt="Exports rose.")
    [(data, metadata)] = shown
    assert data["image/svg+xml"].lstrip().startswith("<?xml")
    png = Image.open(io.BytesIO(base64.b64decode(data["image/png"])))
    assert [round(d) for d in png.info["dpi"]] == [200, 200]
    assert png.width > 4 * 200   # a 5-inch-wide figure, cropped to its drawing only
    assert metadata == {"image/svg+xml": {"alt": "Exports rose."}, "image/png": {"alt": "Exports rose."}}


SVG = ('<svg xmlns="http://www.w3.org/2000/svg"><g id="text_1"><!-- Exports to China --></g>'
       '<g id="text_2"><!-- Source: Ministry of Finance. --></g></svg>')


def test_print_uses_the_png_with_the_svgs_alt_text_and_source_line_and_the_screen_keeps_the_svg():
    import nbformat

    from tradebrief.report.assemble import _give_figures_alt_text, _raster_figures
    out = nbformat.v4.new_output("display_data", data={"image/svg+xml": SVG, "image/png": "iVBORw0KGgo=", "text/plain": "x"},
                                 metadata={"image/svg+xml": {"alt": "Exports to China."}, "image/png": {"alt": "Exports to China."}})
    screen = nbformat.v4.new_code_cell("show()", outputs=[out])
    _give_figures_alt_text(screen)
    printed = nbformat.from_dict(screen)
    _raster_figures(printed)
    assert "image/svg+xml" in screen.outputs[0]["data"]
    assert set(printed.outputs[0]["data"]) == {"image/png", "text/plain"}
    assert printed.outputs[0]["metadata"]["image/png"] == {"alt": "Exports to China.", "source": "Source: Ministry of Finance."}
    svg_only = nbformat.v4.new_code_cell("old()", outputs=[nbformat.v4.new_output("display_data", data={"image/svg+xml": SVG})])
    _raster_figures(svg_only)   # a run made before charts carried a PNG prints its SVG
    assert "image/svg+xml" in svg_only.outputs[0]["data"]


@pytest.mark.parametrize("text", ["a,b\n1,2\n", "a,b\r\n1,2\r\n\r\n", "title\n\na,b\n1,2", "a,b\r1,2\r", "a\x0cb\n1\n", "x\n" * 5000])
def test_the_large_file_reader_splits_lines_as_str_splitlines_does(text):
    from tradebrief.sources.text_lines import head_lines, lines_from
    assert head_lines(text, 3) == text.splitlines()[:3]
    for first in (0, 1, 2):
        assert lines_from(text, first) == "\n".join(text.splitlines()[first:])
