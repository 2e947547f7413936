"""Bad input that used to slip through (issue 13): every problem of a file listed with the
row and column it is in, and no traceback. Each file is built here row by row, so the
expected row numbers follow from how it was built (header = line 1, first data row = line 2)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tradebrief.cli import main
from tradebrief.errors import DataError
from tradebrief.sources import load_file

CANON_HEADER = ["reporter", "partner", "flow", "period", "frequency", "value", "currency", "product"]
MOF_HEADER = ["ex_im", "area", "goods", "year", "value"]


def canonical_row(partner="CHN", flow="export", period="2022", frequency="A", value="5", reporter="JPN"):
    return [reporter, partner, flow, period, frequency, value, "JPY", "TOTAL"]


def write_rows(tmp_path: Path, name: str, header: list[str], rows: list[list[str]], delimiter: str = ",") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(delimiter.join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


def line_of(rows: list[list[str]], index: int) -> int:
    """File line of rows[index] when written under a one-line header."""
    return index + 2


def problems_of(path: Path):
    with pytest.raises(DataError) as err:
        load_file(path)
    return err.value.problems


def where(problems) -> set[tuple[str, str | None]]:
    return {(str(p.row), p.column) for p in problems}


def mof_annual_rows() -> list[list[str]]:
    """A consistent small MOF annual table: world, China, USA for two years and both flows."""
    return [[flow, area, "Grand Total", year, value]
            for year in ("2022", "2023") for flow in ("export", "import")
            for area, value in (("Grand Total", "100"), ("China", "20"), ("USA", "18"))]


# --------------------------------------------------------------------------- validate stopped at the first problem
def test_every_problem_of_a_file_is_listed_with_its_row_and_column(tmp_path):
    rows = mof_annual_rows()
    rows[1][4] = "abc"         # China export 2022: not a number
    rows[5][1] = "Atlantis"    # an area MOF does not publish
    rows[6][0] = "re-import"   # not a flow
    rows[8][3] = "FY23"        # not a year
    path = write_rows(tmp_path, "a.csv", MOF_HEADER, rows)
    problems = problems_of(path)
    expected = {(str(line_of(rows, 1)), "value"), (str(line_of(rows, 5)), "area"),
                (str(line_of(rows, 6)), "ex_im"), (str(line_of(rows, 8)), "year")}
    assert where(problems) == expected
    text = "\n".join(map(str, problems))
    assert "'abc' is not a number" in text and "'Atlantis'" in text and "'re-import'" in text and "'FY23'" in text


def test_schema_problems_are_listed_with_loader_problems(tmp_path):
    rows = [canonical_row(partner="WLD", value="100"), canonical_row(partner="XXX"), canonical_row(partner="USA", value="abc"),
            canonical_row(partner="KOR", flow="expor"), canonical_row(partner="DEU", value="-3")]
    path = write_rows(tmp_path, "c.csv", CANON_HEADER, rows)
    problems = problems_of(path)
    assert where(problems) == {(str(line_of(rows, 1)), "partner"), (str(line_of(rows, 2)), "value"),
                               (str(line_of(rows, 3)), "flow"), (str(line_of(rows, 4)), "value")}
    # listed in the order of the file
    assert [int(p.row) for p in problems] == sorted(int(p.row) for p in problems)


def test_validate_lists_every_problem_of_every_file(tmp_path, capsys):
    mof = mof_annual_rows()
    mof[2][4] = "n/a"
    mof[9][4] = "12 bn"
    mof_path = write_rows(tmp_path, "mof.csv", MOF_HEADER, mof)
    canon = [canonical_row(partner="JPN"), canonical_row(partner="CHN", period="2020-13", frequency="M")]
    canon_path = write_rows(tmp_path, "canon.csv", CANON_HEADER, canon)
    good_path = write_rows(tmp_path, "good.csv", MOF_HEADER, mof_annual_rows())

    assert main(["validate", str(mof_path), str(good_path), str(canon_path)]) == 2
    captured = capsys.readouterr()
    assert "good.csv: OK" in captured.out
    err = captured.err
    assert "Traceback" not in err
    assert f"{mof_path}: INVALID (2 problems)" in err and f"{canon_path}: INVALID (2 problems)" in err
    for line in (line_of(mof, 2), line_of(mof, 9)):
        assert f"{mof_path}, row {line}, column 'value'" in err
    assert f"{canon_path}, row {line_of(canon, 0)}, column 'partner': partner 'JPN' is the reporter itself" in err
    assert f"{canon_path}, row {line_of(canon, 1)}, column 'period'" in err
    assert "2 of 3 file(s) invalid" in err


def test_validate_caps_the_list_and_counts_the_rest(tmp_path, capsys):
    unknown = [canonical_row(partner=code) for code in ("XXA", "XXB")]
    bad_values = [canonical_row(partner="CHN", period=str(2000 + i), value=f"x{i}") for i in range(60)]
    rows = unknown + bad_values
    path = write_rows(tmp_path, "many.csv", CANON_HEADER, rows)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    total = len(unknown) + len(bad_values)
    assert f"INVALID ({total} problems)" in err
    listed = re.findall(r"^  .*, row (\d+), column '(\w+)'", err, flags=re.M)
    assert len(listed) == 50
    # the list follows the file: both unknown codes, then the first 48 bad values
    assert [int(r) for r, _ in listed] == [line_of(rows, i) for i in range(50)]
    assert f"... and {total - 50} more problem(s) in this file" in err


# --------------------------------------------------------------------------- a row with extra cells ended in a traceback
def test_ragged_rows_are_named_not_a_traceback(tmp_path, capsys):
    rows = [canonical_row(partner=p) for p in ("WLD", "CHN", "USA", "KOR", "DEU")]
    rows[1] = rows[1] + ["surplus"]
    rows[3] = rows[3] + ["", "extra"]
    path = write_rows(tmp_path, "ragged.csv", CANON_HEADER, rows)
    problems = problems_of(path)
    assert [p.row for p in problems] == [line_of(rows, 1), line_of(rows, 3)]
    assert "9 cells but the header has 8 columns" in str(problems[0])
    assert "10 cells but the header has 8 columns" in str(problems[1])
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and f"row {line_of(rows, 1)}" in err


def test_extra_cell_in_the_first_data_row_is_an_error_not_a_column_shift(tmp_path):
    # pandas reads a first row wider than the header as an index column and shifts every value
    rows = [canonical_row(partner="CHN") + ["7"], canonical_row(partner="USA")]
    problems = problems_of(write_rows(tmp_path, "wide.csv", CANON_HEADER, rows))
    assert [p.row for p in problems] == [line_of(rows, 0)]
    assert "9 cells but the header has 8 columns" in str(problems[0])


@pytest.mark.parametrize("trailing", [[0, 1, 2], [0], [2]], ids=["every-row", "first-row", "last-row"])
def test_trailing_empty_cells_are_read_without_shifting(tmp_path, trailing):
    rows = [canonical_row(partner=p, value=v) for p, v in (("WLD", "100"), ("CHN", "20"), ("USA", "18"))]
    for i in trailing:
        rows[i] = rows[i] + [""]
    table, _ = load_file(write_rows(tmp_path, "trailing.csv", CANON_HEADER, rows))
    assert dict(zip(table["partner"], table["value"])) == {"WLD": 100e0, "CHN": 20e0, "USA": 18e0}


def test_unclosed_quote_names_its_row(tmp_path):
    rows = [canonical_row(partner="WLD", value="100"), canonical_row(partner='"CHN'), canonical_row(partner="USA")]
    problems = problems_of(write_rows(tmp_path, "quote.csv", CANON_HEADER, rows))
    assert [p.row for p in problems] == [line_of(rows, 1)]
    assert "never closed" in str(problems[0])


def test_ragged_row_below_title_lines_counts_the_file_lines(tmp_path):
    rows = mof_annual_rows()
    rows[4] = rows[4] + ["7"]
    path = tmp_path / "titled.csv"
    title = ["Value of exports and imports by area", "unit: billion yen", ""]
    path.write_text("\n".join(title + [",".join(MOF_HEADER)] + [",".join(r) for r in rows]) + "\n", encoding="utf-8")
    problems = problems_of(path)
    assert [p.row for p in problems] == [len(title) + line_of(rows, 4)]


# --------------------------------------------------------------------------- partner = reporter was accepted
def test_partner_equal_to_reporter_is_an_error(tmp_path):
    rows = [canonical_row(partner="WLD", value="100"), canonical_row(partner="CHN"), canonical_row(partner="JPN")]
    problems = problems_of(write_rows(tmp_path, "self.csv", CANON_HEADER, rows))
    assert where(problems) == {(str(line_of(rows, 2)), "partner")}
    assert "'JPN' is the reporter itself" in str(problems[0])


def test_partner_equal_to_reporter_names_the_mof_area_column(tmp_path):
    rows = mof_annual_rows()
    rows[2][1] = "Japan"  # the reporter of MOF files is Japan
    problems = problems_of(write_rows(tmp_path, "a.csv", MOF_HEADER, rows))
    assert where(problems) == {(str(line_of(rows, 2)), "area")}


# --------------------------------------------------------------------------- impossible dates
def test_fred_date_with_month_13_is_an_error(tmp_path):
    rows = [["2020-11-01", "104.4"], ["2020-12-01", "103.8"], ["2020-13-01", "103.7"]]
    problems = problems_of(write_rows(tmp_path, "EXJPUS.csv", ["observation_date", "EXJPUS"], rows))
    assert where(problems) == {(str(line_of(rows, 2)), "observation_date")}
    assert "'2020-13'" in str(problems[0])


def test_month_13_is_reported_against_the_period_column(tmp_path):
    rows = [canonical_row(period="2020-12", frequency="M"), canonical_row(period="2020-13", frequency="M")]
    problems = problems_of(write_rows(tmp_path, "c.csv", CANON_HEADER, rows))
    assert where(problems) == {(str(line_of(rows, 1)), "period")}


@pytest.mark.parametrize("date", ["2020-13-01", "2021-02-30"])
def test_impossible_date_in_a_mof_monthly_file_names_the_month_column(tmp_path, date):
    rows = [["1", "China", "2021-01-01", "Grand Total", "5"], ["1", "China", date, "Grand Total", "5"]]
    problems = problems_of(write_rows(tmp_path, "m.csv", ["Exp or Imp", "Area", "month", "goods", "value"], rows))
    assert where(problems) == {(str(line_of(rows, 1)), "month")}
    assert repr(date) in str(problems[0])


# --------------------------------------------------------------------------- inf / nan
@pytest.mark.parametrize("cell", ["inf", "nan"])
def test_non_finite_value_is_named_as_such(tmp_path, cell):
    rows = [canonical_row(partner="WLD", value="100"), canonical_row(partner="CHN", value=cell)]
    problems = problems_of(write_rows(tmp_path, "c.csv", CANON_HEADER, rows))
    assert where(problems) == {(str(line_of(rows, 1)), "value")}
    text = str(problems[0])
    assert f"value {cell!r} is not a finite number" in text and "smaller than the sum" not in text


def test_non_finite_exchange_rate_is_named_as_such(tmp_path):
    rows = [["2020-11-01", "104.4"], ["2020-12-01", "inf"]]
    problems = problems_of(write_rows(tmp_path, "EXJPUS.csv", ["observation_date", "EXJPUS"], rows))
    assert where(problems) == {(str(line_of(rows, 1)), "EXJPUS")}
    assert "not a finite number" in str(problems[0])


# --------------------------------------------------------------------------- a row with fewer cells
def test_short_row_names_the_missing_cell(tmp_path):
    rows = [canonical_row(partner="WLD", value="100"), canonical_row(partner="CHN")[:5]]
    problems = problems_of(write_rows(tmp_path, "short.csv", CANON_HEADER, rows))
    value = [p for p in problems if p.column == "value"]
    assert [p.row for p in value] == [line_of(rows, 1)] and "value is missing (empty cell)" in str(value[0])
