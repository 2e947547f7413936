"""Readers that follow the CSV standard (RFC 4180, as the csv module reads it): delimiters inside quotes
are text, a quoted cell may span lines, problems name the column that is missing and are said once,
values a spreadsheet rounded are flagged, and paths are shown as the user wrote them. Each expectation
is written out by hand from the file the test writes."""
from __future__ import annotations

import ast
import csv
from pathlib import Path

import pytest
from comtrade_plus_layout import PLUS_COLUMNS, plus_row

from tradebrief.cli import main
from tradebrief.errors import DataError, DataWarning
from tradebrief.sources import load_file
from tradebrief.sources.delimiter import sniff_delimiter

CANON = ["reporter", "partner", "flow", "period", "frequency", "value", "currency", "product"]
LONG_NAME = "Ores, slag, ash, salt, sulphur, earths, stone, lime, cement, tar, oil, gas"   # 11 commas


def write_rows(path: Path, rows: list[list], delimiter: str = ",") -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return path


def test_semicolon_file_with_comma_rich_quoted_names_is_read(tmp_path):
    rows = [CANON] + [["JPN", p, "export", "2022", "A", v, "JPY", LONG_NAME] for p, v in (("CHN", "5"), ("USA", "4"), ("WLD", "20"))]
    path = write_rows(tmp_path / "semicolon.csv", rows, delimiter=";")
    assert path.read_text().count(",") > path.read_text().count(";")   # the commas outnumber the delimiters
    table, _ = load_file(path)
    assert sorted(table["value"]) == [4.0, 5.0, 20.0]
    assert set(table["product"]) == {LONG_NAME}


def test_sniffer_counts_cells_not_characters():
    assert sniff_delimiter(['a;b;c', '1;"x, y, z, w";2', '3;"p, q, r, s";4']) == ";"
    assert sniff_delimiter(['a,b,c', '1,"x; y; z; w",2', '3,"p; q; r; s",4']) == ","
    assert sniff_delimiter(["Title of the table", "", "a\tb\tc", "1\t2\t3"]) == "\t"
    # no header in the sample, and every row splits evenly at its commas too: the quotes decide
    assert sniff_delimiter(['1;"x, y, z, w, v";2', '3;"p, q, r, s, t";4']) == ";"


def _problems_of(path: Path, text: str) -> str:
    path.write_text(text)
    with pytest.raises(DataError) as err:
        load_file(path)
    return str(err.value)


def test_row_numbers_are_editor_lines_after_a_quoted_multiline_cell(tmp_path):
    # line 1 header; line 2-4: one record whose product cell holds two line breaks; line 5: a bad value
    text = ("reporter,partner,flow,period,frequency,value,currency,product\n"
            'JPN,CHN,export,2022,A,5,JPY,"Machinery\nand\nparts"\n'
            "JPN,USA,export,2022,A,-4,JPY,TOTAL\n")
    assert text.splitlines()[4].startswith("JPN,USA")   # the bad row is on line 5 of the file
    assert "row 5, column 'value': negative trade value" in _problems_of(tmp_path / "multiline.csv", text)


def test_ragged_multiline_row_is_named_by_the_line_it_starts_on(tmp_path):
    # line 2: a good row; lines 3-4: a row with a cell too many, whose product cell spans two lines
    text = ("reporter,partner,flow,period,frequency,value,currency,product\n"
            "JPN,CHN,export,2022,A,5,JPY,TOTAL\n"
            'JPN,USA,export,2022,A,4,JPY,"two\nlines",extra\n')
    assert "row 3: row has 9 cells but the header has 8 columns" in _problems_of(tmp_path / "ragged.csv", text)


def test_comtrade_plus_file_without_primary_value_names_that_column(tmp_path):
    columns = [c for c in PLUS_COLUMNS if c != "primaryValue"]
    rows = [plus_row((392, "JPN", "Japan"), (156, "CHN", "China"), "X", "2022", 1.0e11)]
    path = write_rows(tmp_path / "plus.csv", [columns] + [[r[c] for c in columns] for r in rows])
    with pytest.raises(DataError) as err:
        load_file(path)
    text = str(err.value)
    assert "required column 'primaryValue' is missing" in text and "not a recognised data format" not in text


def test_an_exact_duplicate_row_is_reported_once(tmp_path):
    row = ["JPN", "CHN", "export", "2022", "A", "5", "JPY", "TOTAL"]
    path = write_rows(tmp_path / "dup.csv", [CANON, row, row, ["JPN", "WLD", "export", "2022", "A", "50", "JPY", "TOTAL"]])
    with pytest.raises(DataError) as err:
        load_file(path)
    assert len(err.value.problems) == 1 and str(err.value).count("duplicated key") == 1
    assert "row 2, 3" in str(err.value)


def test_identical_problems_are_collapsed_with_a_count():
    from tradebrief.errors import Problem
    p = Problem("a.csv", "same message", row=3)
    err = DataError([p, Problem("a.csv", "other", row=4), p, p])
    assert [x.message for x in err.problems] == ["same message (3 times)", "other"]


def test_values_rounded_by_a_spreadsheet_are_read_with_a_warning(tmp_path):
    rows = [CANON, ["JPN", "CHN", "export", "2022", "A", "2.71600E+12", "JPY", "TOTAL"],
            ["JPN", "WLD", "export", "2022", "A", "9.81234E+12", "JPY", "TOTAL"],
            ["JPN", "USA", "export", "2022", "A", "1.5E+2", "JPY", "TOTAL"],            # 150: every digit shown
            ["JPN", "KOR", "export", "2022", "A", "123456789", "JPY", "TOTAL"]]
    path = write_rows(tmp_path / "excel.csv", rows)
    with pytest.warns(DataWarning) as caught:
        table, _ = load_file(path)
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "2 values such as '2.71600E+12'" in message and "row 2" in message and "column 'value'" in message
    assert table.loc[table["partner"] == "CHN", "value"].item() == 2.716e12   # still read


def test_full_precision_scientific_values_give_no_warning(tmp_path, recwarn):
    rows = [CANON, ["JPN", "CHN", "export", "2022", "A", "2.716E+3", "JPY", "TOTAL"],
            ["JPN", "WLD", "export", "2022", "A", "1.23456789012E+11", "JPY", "TOTAL"]]
    load_file(write_rows(tmp_path / "fine.csv", rows))
    assert not [w for w in recwarn if issubclass(w.category, DataWarning)]


def test_build_with_a_missing_data_path_is_one_line_and_exit_2(tmp_path, capsys):
    missing = tmp_path / "no_such_release.csv"
    code = main(["build", "--data", str(missing), "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().count("\n") == 0 and "file not found" in err and str(missing) in err
    assert not (tmp_path / "out").exists()


def test_data_paths_under_show_method_are_relative_to_the_checkout(tmp_path):
    from tradebrief.report.assemble import _parameters
    root = tmp_path / "tb"
    beside = tmp_path / "tb2" / "release.csv"   # a folder whose name starts with the checkout's
    inside = root / "data" / "new.csv"
    source = f"partner = \"CHN\"\nextra_data = [\"{inside}\", \"{beside}\"]\ndata_dir = \"{root / 'data'}\"\n"
    nb = {"cells": [type("Cell", (), {"cell_type": "code", "source": source, "get": lambda self, k, d=None: {"tags": ["injected-parameters"]}})()]}
    shown = {p["name"]: p["value"] for p in _parameters(type("NB", (), nb)(), root)}
    assert ast.literal_eval(shown["extra_data"]) == ["data/new.csv", str(beside)]
    assert ast.literal_eval(shown["data_dir"]) == "data"
    assert shown["partner"] == '"CHN"'


def test_validate_prints_the_rounding_warning_as_one_line(tmp_path, capsys):
    path = write_rows(tmp_path / "excel.csv", [CANON, ["JPN", "CHN", "export", "2022", "A", "2.71600E+12", "JPY", "TOTAL"],
                                               ["JPN", "WLD", "export", "2022", "A", "9.0E+12", "JPY", "TOTAL"]])
    assert main(["validate", str(path)]) == 0
    err = capsys.readouterr().err
    assert "tradebrief validate: warning: " in err and "'2.71600E+12'" in err and "row 2" in err
