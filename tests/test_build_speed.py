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
    with pytest.raises(ParameterError, match="year range 2021-2022 is outside the data"):
        run(project)


HEADER = "indicator,reporter,partner,flow,product,period,id,value,unit,headline\n"


def test_key_figures_merge_one_row_per_key_headline_if_any_notebook_quotes_it(tmp_path):
    from tradebrief.report.keyfigures import merge
    (tmp_path / "a.csv").write_text(HEADER + "share,JPN,CHN,total,TOTAL,2024,,20.1,percent,\n"
                                    "share,JPN,USA,total,TOTAL,2024,,14.9,percent,yes\n")
    (tmp_path / "b.csv").write_text(HEADER + "share,JPN,CHN,total,TOTAL,2024,,20.1,percent,yes\n"
                                    "balance,JPN,CHN,balance,TOTAL,2024,,-5.0,JPY,\n")
    out = merge([tmp_path / "a.csv", tmp_path / "b.csv"])
    rows = {(r.partner, r.indicator): (r.value, r.headline) for r in out.itertuples()}
    assert rows == {("CHN", "share"): ("20.1", "yes"), ("USA", "share"): ("14.9", "yes"), ("CHN", "balance"): ("-5.0", "")}


def test_key_figures_that_disagree_between_notebooks_are_an_error_naming_both(tmp_path):
    from tradebrief.errors import OutputError
    from tradebrief.report.keyfigures import merge
    (tmp_path / "a.csv").write_text(HEADER + "share,JPN,CHN,total,TOTAL,2024,,20.1,percent,\n")
    (tmp_path / "b.csv").write_text(HEADER + "share,JPN,USA,total,TOTAL,2024,,14.9,percent,\n"
                                    "share,JPN,CHN,total,TOTAL,2024,,20.4,percent,\n")
    with pytest.raises(OutputError, match="a.csv says 20.1, b.csv says 20.4"):
        merge([tmp_path / "a.csv", tmp_path / "b.csv"])
