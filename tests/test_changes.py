"""What changed between two briefings (tradebrief.changes, prose.changes, `tradebrief diff`): hand-made key
figures, expected lines written by hand."""
from __future__ import annotations

import csv

import pytest

from tradebrief.changes import compare, read_figures
from tradebrief.prose.changes import line, lines, summary

HEADER = ["indicator", "reporter", "partner", "flow", "product", "period", "id", "value", "unit", "headline"]


def row(indicator, partner, flow, period, value, unit, headline="yes", id_="", product="TOTAL"):
    return dict(zip(HEADER, [indicator, "JPN", partner, flow, product, period, id_, str(value), unit, headline]))


OLD = [row("share", "CHN", "total", "2024", 20.0, "percent"), row("share", "USA", "total", "2024", 14.87, "percent"),
       row("trade_value", "CHN", "total", "2024", 291.0e9, "USD"), row("top_destination", "WLD", "export", "2024", "CHN", "ISO3"),
       row("claim_verdict", "CHN", "none", "2024", "supported", "verdict", id_="share_about_20pct"),
       row("rank", "KOR", "total", "2024", 3, "rank", headline="")]
NEW = [row("share", "CHN", "total", "2024", 20.3, "percent"), row("share", "USA", "total", "2024", 14.9, "percent"),
       row("trade_value", "CHN", "total", "2024", 291.2e9, "USD"), row("top_destination", "WLD", "export", "2024", "USA", "ISO3"),
       row("claim_verdict", "CHN", "none", "2024", "not supported", "verdict", id_="share_about_20pct"),
       row("share", "CHN", "total", "2025", 20.33, "percent"), row("rank", "KOR", "total", "2024", 4, "rank", headline="")]


def test_revisions_beyond_the_threshold_new_periods_and_changed_answers():
    ch = compare(OLD, NEW)
    assert ch.new_periods == ["2025"]
    revised = {(c.key["indicator"], c.key["partner"]) for c in ch.of("revised")}
    # 20.0 -> 20.3 is 0.3 pp (> 0.05 pp); 14.87 -> 14.9 is 0.03 pp (not); 291.0 -> 291.2 bn is +0.069% (< 0.1%)
    assert revised == {("share", "CHN")}
    assert {(c.key["indicator"], c.old, c.new) for c in ch.of("answer")} == {
        ("top_destination", "CHN", "USA"), ("claim_verdict", "supported", "not supported")}
    assert [c.key["period"] for c in ch.of("new")] == ["2025"]
    assert ch.of("dropped") == []   # the non-headline rank is not compared by default


def test_the_whole_panel_when_asked():
    ch = compare(OLD, NEW, headline_only=False)
    assert ("rank", "3", "4") in {(c.key["indicator"], c.old, c.new) for c in ch.of("revised")}


def test_lines_read_as_a_reader_reads_them():
    ch = compare(OLD, NEW)
    text = lines(ch)
    assert text[:2] == ["The verdict on claim “share_about_20pct”, 2024: supported → not supported",
                        "Japan's top export destination, 2024: China → United States"]
    assert text[2] == "China's share of Japan's total trade, 2024: 20.0% → 20.3% (+0.3 pp)"
    assert text[3] == "China's share of Japan's total trade, 2025: – → 20.3%"
    assert summary(ch) == ("Since the previous briefing built in this folder, the new data add 2025. 1 headline figure was "
                           "revised by more than 0.05 percentage points (shares) or 0.1% (values). 2 verdicts or leaders changed.")


def test_first_build_and_nothing_changed():
    assert "nothing to compare" in summary(compare([], NEW), first_build=True)
    assert summary(compare(NEW, NEW)).startswith("No headline figure changed")


def test_a_money_revision_is_shown_in_its_currency_with_the_relative_change():
    ch = compare([row("trade_value", "CHN", "total", "2024", 100e9, "USD")], [row("trade_value", "CHN", "total", "2024", 103e9, "USD")])
    assert line(ch.of("revised")[0]) == "Japan's total trade with China, 2024: US$100.0 billion → US$103.0 billion (+3.0%)"


def test_a_file_that_is_not_key_figures_is_refused(tmp_path):
    from tradebrief.errors import ParameterError
    p = tmp_path / "x.csv"
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"column 'indicator' is missing"):
        read_figures(p)


def test_tradebrief_diff_prints_the_same_lines(tmp_path, capsys):
    from tradebrief.cli import main
    for name_, rows in (("old.csv", OLD), ("new.csv", NEW)):
        with open(tmp_path / name_, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, HEADER)
            w.writeheader()
            w.writerows(rows)
    assert main(["diff", str(tmp_path / "old.csv"), str(tmp_path / "new.csv")]) == 0
    out = capsys.readouterr().out
    assert "China's share of Japan's total trade, 2024: 20.0% → 20.3% (+0.3 pp)" in out
    assert out.splitlines()[0].startswith(f"Since {tmp_path / 'old.csv'}, the new data add 2025.")


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, HEADER)
        w.writeheader()
        w.writerows(rows)


def test_a_build_keeps_the_figures_it_replaced_and_a_same_figures_rebuild_keeps_the_comparison(tmp_path):
    from tradebrief.report.publish import PREVIOUS, _changes
    out, stage = tmp_path / "out", tmp_path / "stage"
    out.mkdir()
    stage.mkdir()
    _write(stage / "key_figures.csv", OLD)
    first = _changes(out, stage / "key_figures.csv", stage / PREVIOUS)   # nothing in the folder yet
    assert "first briefing" in first["summary"] and read_figures(stage / PREVIOUS) == []
    (stage / "key_figures.csv").replace(out / "key_figures.csv")
    (stage / PREVIOUS).replace(out / PREVIOUS)
    _write(stage / "key_figures.csv", NEW)
    second = _changes(out, stage / "key_figures.csv", stage / PREVIOUS)
    assert "China's share of Japan's total trade, 2024: 20.0% → 20.3% (+0.3 pp)" in second["lines"]
    assert read_figures(stage / PREVIOUS) == read_figures(out / "key_figures.csv")   # OLD is kept beside NEW
    for name_ in ("key_figures.csv", PREVIOUS):
        (stage / name_).replace(out / name_)
    _write(stage / "key_figures.csv", NEW)   # a rebuild with the same figures (e.g. another format)
    third = _changes(out, stage / "key_figures.csv", stage / PREVIOUS)
    assert third == second


def test_unreadable_key_figures_in_the_folder_are_said_not_fatal(tmp_path):
    """A key_figures.csv that is not UTF-8 CSV (a file copied over it, a damaged disk): the build goes on, the
    section says the figures there could not be read and names the file; `tradebrief diff` refuses it."""
    from tradebrief.errors import ParameterError
    from tradebrief.report.publish import PREVIOUS, _changes
    out, stage = tmp_path / "out", tmp_path / "stage"
    out.mkdir()
    stage.mkdir()
    (out / "key_figures.csv").write_bytes(b"indicator,\x92broken\n")
    _write(stage / "key_figures.csv", NEW)
    said = _changes(out, stage / "key_figures.csv", stage / PREVIOUS)
    assert said["lines"] == [] and "could not be read" in said["summary"] and str(out / "key_figures.csv") in said["summary"]
    assert read_figures(stage / PREVIOUS) == []   # nothing to compare with next time either
    with pytest.raises(ParameterError, match="not UTF-8 CSV text"):
        read_figures(out / "key_figures.csv")
