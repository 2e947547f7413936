"""The vintage rule (issue 22.1): a file passed with --data wins, then the later card date or modification
time, a true tie is refused; the dataset records which file supplied each period and what it overrode.

The changed file is the shipped Comtrade Plus download with one value changed, written with the csv module;
every expected value is read back from the file the test wrote."""
from __future__ import annotations

import csv
import os
import shutil

import pytest
from conftest import DATA

from tradebrief.errors import DataError
from tradebrief.prose.provenance import overrides, period_span
from tradebrief.sources import load_dataset
from tradebrief.sources.vintage import supplied_spans

SHIPPED = DATA / "comtrade" / "china_germany_usa_all_partners_2022.csv"
SHIPPED_ID = "data/comtrade/china_germany_usa_all_partners_2022.csv"
ENCODING = "cp1252"  # the download's encoding (its card: ISO-8859-1 text)


def changed_copy(path, add: float = 1_234_567.0) -> float:
    """The shipped file with Germany's exports to China in 2022 raised by ``add``; returns the value written."""
    with open(SHIPPED, encoding=ENCODING, newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    col = {name: header.index(name) for name in ("reporterISO", "partnerISO", "flowCode", "primaryValue", "period")}
    hits = [r for r in rows[1:] if (r[col["reporterISO"]], r[col["partnerISO"]], r[col["flowCode"]], r[col["period"]]) == ("DEU", "CHN", "X", "2022")]
    assert len(hits) == 1
    new = float(hits[0][col["primaryValue"]]) + add
    hits[0][col["primaryValue"]] = f"{new:.0f}"
    with open(path, "w", encoding=ENCODING, newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    with open(path, encoding=ENCODING, newline="") as fh:  # the expected value, as the written file holds it
        back = [r for r in csv.reader(fh)][1:]
    return float(next(r[col["primaryValue"]] for r in back if (r[col["reporterISO"]], r[col["partnerISO"]], r[col["flowCode"]]) == ("DEU", "CHN", "X")))


def deu_exports_to_china(ds):
    t = ds.trade
    row = t[(t["reporter"] == "DEU") & (t["partner"] == "CHN") & (t["flow"] == "export") & (t["period"] == "2022")
            & (t["product"] == "TOTAL")]
    assert len(row) == 1
    return float(row["value"].iloc[0]), str(row["source"].iloc[0])


@pytest.fixture
def data_dir(tmp_path):
    """data/ with only the shipped Comtrade file and its card (accessed 2026-11-23)."""
    d = tmp_path / "data" / "comtrade"
    d.mkdir(parents=True)
    shutil.copy(SHIPPED, d)
    shutil.copy(SHIPPED.with_name(SHIPPED.name + ".meta.toml"), d)
    return tmp_path / "data"


def test_file_passed_with_data_wins_without_a_card(tmp_path, data_dir):
    new = tmp_path / "download" / "TradeData.csv"
    new.parent.mkdir()
    expected = changed_copy(new)
    os.utime(new, (0, 0))  # even with a modification time of 1970: passed with --data wins
    ds = load_dataset(data_dir, extra=[new], use_cache=False)
    value, source = deu_exports_to_china(ds)
    assert value == expected and source == new.as_posix()
    info = next(f for f in ds.files if f.path == new.as_posix())
    assert info.passed and info.vintage.startswith("passed with --data")
    # the dataset says what the new file overrode: every 2022 figure of the shipped file
    row = ds.supplied[(ds.supplied["source"] == new.as_posix()) & (ds.supplied["period"] == "2022")].iloc[0]
    assert row["overrode"] == SHIPPED_ID
    assert row["overridden_rows"] == row["rows"]  # same rows in both files, all replaced
    assert SHIPPED_ID not in set(ds.supplied["source"])
    sentences = overrides(ds.supplied, ds.files, 2022, 2022)
    assert sentences == [f"`{new.as_posix()}` (passed with --data) supplied the annual figures of 2022 in place of "
                         f"`{SHIPPED_ID}` ({row['overridden_rows']:,} figures replaced; `{SHIPPED_ID}`: accessed 2026-11-23 (card))."]
    assert overrides(ds.supplied, ds.files, 2023, 2024) == []  # nothing overridden in other years
    assert overrides(ds.supplied, ds.files, 2022, 2022, used={new.as_posix()}) == sentences
    assert overrides(ds.supplied, ds.files, 2022, 2022, used={SHIPPED_ID}) == []   # a briefing not drawing on the new file


def test_file_passed_with_data_wins_with_an_older_card(tmp_path, data_dir):
    new = tmp_path / "old_release.csv"
    expected = changed_copy(new, add=99.0)
    (tmp_path / "old_release.csv.meta.toml").write_text('accessed = "2019-01-01"\nunit = "USD"\n')
    value, source = deu_exports_to_china(load_dataset(data_dir, extra=[new], use_cache=False))
    assert value == expected and source == new.as_posix()


def test_in_data_a_newer_modification_time_wins_over_an_older_card(data_dir):
    new = data_dir / "comtrade" / "TradeData.csv"  # a re-download placed as the README shows, no card
    expected = changed_copy(new)
    ds = load_dataset(data_dir, use_cache=False)
    value, source = deu_exports_to_china(ds)
    assert value == expected and source == "data/comtrade/TradeData.csv"
    assert "(no card)" in next(f.vintage for f in ds.files if f.path == source)


def test_in_data_the_later_card_date_wins(data_dir):
    older = data_dir / "comtrade" / "a_older_revision.csv"
    changed_copy(older, add=5.0)
    (data_dir / "comtrade" / "a_older_revision.csv.meta.toml").write_text('accessed = "2025-01-15"\nunit = "USD"\n')
    with open(SHIPPED, encoding=ENCODING, newline="") as fh:  # the shipped card (2026-11-23) is later: its value stays
        rows = list(csv.reader(fh))
    h = rows[0]
    shipped_value = float(next(r[h.index("primaryValue")] for r in rows[1:] if r[h.index("reporterISO")] == "DEU"
                               and r[h.index("partnerISO")] == "CHN" and r[h.index("flowCode")] == "X"))
    ds = load_dataset(data_dir, use_cache=False)
    assert deu_exports_to_china(ds) == (shipped_value, SHIPPED_ID)
    spans = supplied_spans(ds.supplied)
    assert list(spans.loc[spans["source"] == SHIPPED_ID, "overrode"]) == ["data/comtrade/a_older_revision.csv"]


def test_a_true_tie_is_refused_naming_both_files(data_dir):
    twin = data_dir / "comtrade" / "twin.csv"
    changed_copy(twin)
    (data_dir / "comtrade" / "twin.csv.meta.toml").write_text('accessed = "2026-11-23"\nunit = "USD"\n')
    with pytest.raises(DataError) as err:
        load_dataset(data_dir, use_cache=False)
    text = str(err.value)
    assert "data/comtrade/twin.csv" in text and SHIPPED_ID in text and "neither is newer" in text
    assert "2022" in text and "--data" in text


def test_a_file_in_data_also_passed_with_data_is_read_once_and_wins(data_dir):
    new = data_dir / "comtrade" / "TradeData.csv"
    expected = changed_copy(new)
    os.utime(new, (0, 0))  # older than the shipped card: only --data makes it win
    ds = load_dataset(data_dir, extra=[new.resolve()], use_cache=False)
    assert deu_exports_to_china(ds) == (expected, "data/comtrade/TradeData.csv")
    assert [f.path for f in ds.files].count("data/comtrade/TradeData.csv") == 1


def test_unreadable_card_date_is_named():
    from tradebrief.sources.vintage import _parse_date
    with pytest.raises(DataError) as err:
        _parse_date("last week", DATA / "x.csv.meta.toml")
    assert "accessed = 'last week' is not a date" in str(err.value)


def test_spans_of_months_and_years():
    assert period_span("2009", "2019") == "2009–2019" and period_span("2022", "2022") == "2022"
    assert period_span("2026-01", "2026-03") == "January–March 2026"
    assert period_span("2025-11", "2026-02") == "November 2025–February 2026" and period_span("2026-03", "2026-03") == "March 2026"
