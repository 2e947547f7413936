"""UN Comtrade records a reporter's imports of its own goods with the reporter as partner: re-imports."""
from comtrade_plus_layout import plus_row, write_plus_csv

from tradebrief.indicators import partner_ranks, shares_of_world, trade_values
from tradebrief.sources import load_file

CHN, JPN, WLD = (156, "CHN", "China"), (392, "JPN", "Japan"), (0, "W00", "World")


def test_imports_from_itself_are_re_imports_never_a_ranked_partner(tmp_path):
    rows = [plus_row(CHN, WLD, "M", "2022", 1000.0), plus_row(CHN, JPN, "M", "2022", 200.0),
            plus_row(CHN, CHN, "M", "2022", 50.0),   # China's imports "from China": its own goods coming back
            plus_row(CHN, WLD, "X", "2022", 1500.0), plus_row(CHN, JPN, "X", "2022", 150.0)]
    path = tmp_path / "china.csv"
    write_plus_csv(path, rows)
    table, _ = load_file(path)
    self_rows = table[table["partner"] == "CHN"]
    assert list(self_rows["flow"]) == ["re-import"] and list(self_rows["value"]) == [50.0]
    values = trade_values(table, "CHN")
    assert "CHN" not in set(partner_ranks(values)["partner"])
    japan = shares_of_world(values).query("partner == 'JPN' and flow == 'import'")["share"].iloc[0]
    assert japan == 200.0 / 1000.0 * 100


def test_the_shipped_all_partner_file_validates(capsys):
    from conftest import DATA

    from tradebrief.cli import main
    assert main(["validate", str(DATA / "comtrade" / "china_germany_usa_all_partners_2022.csv")]) == 0
    assert "OK" in capsys.readouterr().out


def test_a_partner_month_without_trade_is_not_a_gap_but_a_missing_world_month_is(tmp_path):
    """Comtrade leaves out partner-months with no recorded trade; a month missing from the world series is a real gap."""
    from tradebrief.errors import DataError
    months = ["202201", "202202", "202203"]
    rows = [plus_row(CHN, WLD, "X", m, 100.0) for m in months]
    rows += [plus_row(CHN, JPN, "X", m, 10.0) for m in ("202201", "202203")]     # nothing to Japan in February
    ok = tmp_path / "ok.csv"
    write_plus_csv(ok, rows)
    table, _ = load_file(ok)
    assert sorted(table.loc[table["partner"] == "JPN", "period"]) == ["2022-01", "2022-03"]
    gap = tmp_path / "gap.csv"
    write_plus_csv(gap, [r for r in rows if not (r["partnerCode"] == 0 and r["period"] == "202202")])
    import pytest
    with pytest.raises(DataError, match="gap: 2022-02"):
        load_file(gap)
