"""`tradebrief fetch comtrade` against a stand-in for comtradeapicall (no network).

The stand-in answers like UN Comtrade: a DataFrame in the Comtrade Plus columns, filtered by the
query, cut at maxRecords. Its arguments are bound to the real package functions' signatures, so a
call the real package would reject fails here too.
"""
from __future__ import annotations

import csv
import datetime as dt
import inspect
import tomllib

import comtradeapicall  # installed from the lock: a missing package fails the tests, never skips them
import pandas as pd
import pytest
from comtrade_plus_layout import PLUS_COLUMNS, plus_row  # noqa: E402

from tradebrief import fetch  # noqa: E402
from tradebrief.cli import main  # noqa: E402
from tradebrief.sources.cards import Card  # noqa: E402

REPORTERS = pd.DataFrame([
    # Germany has a current entry and the expired Federal Republic entry; only the current one may be used.
    {"id": 280, "text": "Fed. Rep. of Germany (...1990)", "reporterCode": 280, "reporterDesc": "Fed. Rep. of Germany (...1990)",
     "reporterNote": "", "reporterCodeIsoAlpha2": "DE", "reporterCodeIsoAlpha3": "DEU",
     "entryEffectiveDate": "1900-01-01T00:00:00", "entryExpiredDate": "1990-12-31T00:00:00", "isGroup": False},
    {"id": 276, "text": "Germany", "reporterCode": 276, "reporterDesc": "Germany", "reporterNote": "",
     "reporterCodeIsoAlpha2": "DE", "reporterCodeIsoAlpha3": "DEU", "entryEffectiveDate": "1991-01-01T00:00:00",
     "entryExpiredDate": None, "isGroup": False},
    {"id": 156, "text": "China", "reporterCode": 156, "reporterDesc": "China", "reporterNote": "",
     "reporterCodeIsoAlpha2": "CN", "reporterCodeIsoAlpha3": "CHN", "entryEffectiveDate": "1900-01-01T00:00:00",
     "entryExpiredDate": None, "isGroup": False},
])

NAMED_PARTNERS = [  # code, ISO3, name, is a group
    (0, "W00", "World", True), (97, "EUR", "European Union", True), (156, "CHN", "China", False),
    (392, "JPN", "Japan", False), (384, "CIV", "Côte d'Ivoire", False), (490, "S19", "Other Asia, nes", False),
]


def partner_reference(n_extra: int = 0) -> pd.DataFrame:
    """The named partner areas plus ``n_extra`` further single areas (codes 1000, 1001, ...)."""
    rows = [(c, iso, name, grp) for c, iso, name, grp in NAMED_PARTNERS]
    rows += [(1000 + i, f"Z{i:03d}", f"Area {i}", False) for i in range(n_extra)]
    return pd.DataFrame([{"id": c, "text": name, "PartnerCode": c, "PartnerDesc": name, "partnerNote": "",
                          "PartnerCodeIsoAlpha2": "", "PartnerCodeIsoAlpha3": iso,
                          "entryEffectiveDate": "1900-01-01T00:00:00", "entryExpiredDate": None, "isGroup": grp}
                         for c, iso, name, grp in rows])


DEU = (276, "DEU", "Germany")


class StandIn:
    """comtradeapicall's reference and data functions, answering from a recorded table."""

    def __init__(self, periods: list[str], n_extra_partners: int = 0):
        self.partners = partner_reference(n_extra_partners)
        singles = [p for p in self.partners.itertuples(index=False) if p.PartnerCode == 0 or not p.isGroup]
        rows = []
        for period in periods:
            for flow in ("M", "X"):
                for i, p in enumerate(singles):
                    part = (p.PartnerCode, p.PartnerCodeIsoAlpha3, p.PartnerDesc)
                    # World (i = 0) above the sum of all areas, as in real data; area i: 1e6 * (i + 1)
                    base = 1e12 if p.PartnerCode == 0 else 1_000_000.0 * (i + 1)
                    rows.append(plus_row(DEU, part, flow, period, base + (0.5 if flow == "M" else 0.25)))
        self.table = pd.DataFrame(rows, columns=PLUS_COLUMNS)
        self.calls: list[tuple[str, dict]] = []

    def install(self, monkeypatch):
        monkeypatch.setattr(comtradeapicall, "getReference", self.get_reference)
        monkeypatch.setattr(comtradeapicall, "previewFinalData", self.preview)
        monkeypatch.setattr(comtradeapicall, "getFinalData", self.full)
        monkeypatch.setattr(fetch, "PREVIEW_PAUSE", 0.0)

    def get_reference(self, *args, **kwargs):
        category = inspect.signature(REAL["getReference"]).bind(*args, **kwargs).arguments["category"]
        return {"reporter": REPORTERS, "partner": self.partners}[category].copy()

    def preview(self, *args, **kwargs):
        q = inspect.signature(REAL["previewFinalData"]).bind(*args, **kwargs).arguments
        self.calls.append(("preview", q))
        return self.answer(q)

    def full(self, *args, **kwargs):
        q = inspect.signature(REAL["getFinalData"]).bind(*args, **kwargs).arguments
        self.calls.append(("full", q))
        return self.answer(q)

    def answer(self, q: dict) -> pd.DataFrame:
        t = self.table
        t = t[(t["reporterCode"].astype(str) == q["reporterCode"]) & t["period"].isin(q["period"].split(","))
              & t["flowCode"].isin(q["flowCode"].split(","))]
        if q["partnerCode"] is not None:
            t = t[t["partnerCode"].astype(str).isin(q["partnerCode"].split(","))]
        return t.head(q["maxRecords"]).reset_index(drop=True)


REAL = {name: getattr(comtradeapicall, name) for name in ("getReference", "previewFinalData", "getFinalData")}


def read_csv_rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def test_preview_one_partner_per_year_and_columns_unchanged(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("COMTRADE_KEY", raising=False)
    api = StandIn(["2021", "2022"])
    api.install(monkeypatch)
    out = tmp_path / "deu_chn.csv"
    assert main(["fetch", "comtrade", "--reporter", "deu", "--partner", "CHN", "--years", "2021-2022", "--out", str(out)]) == 0

    assert [kind for kind, _ in api.calls] == ["preview", "preview"]  # no key: never the full API
    assert [q["period"] for _, q in api.calls] == ["2021", "2022"]
    for _, q in api.calls:
        assert q["reporterCode"] == "276"  # the current Germany entry, not the expired 280
        assert q["partnerCode"] == "156,0"  # China with World for shares
        assert q["flowCode"] == "M,X" and q["cmdCode"] == "TOTAL" and q["freqCode"] == "A" and q["typeCode"] == "C"
        assert (q["partner2Code"], q["customsCode"], q["motCode"]) == ("0", "C00", "0")
        assert q["maxRecords"] == 500

    header, rows = read_csv_rows(out)
    assert header == PLUS_COLUMNS
    assert len(rows) == 2 * 2 * 2  # years x flows x (China, World)
    # the stand-in's single areas are World, China, ... in that order: China's imports are 1e6 * 2 + 0.5
    china_imports_2022 = [r for r in rows if r[header.index("period")] == "2022" and r[header.index("flowCode")] == "M"
                          and r[header.index("partnerISO")] == "CHN"]
    assert len(china_imports_2022) == 1
    assert float(china_imports_2022[0][header.index("primaryValue")]) == 2_000_000.5
    assert china_imports_2022[0][header.index("partnerDesc")] == "China"

    card_path = out.with_name("deu_chn.csv.meta.toml")
    raw = tomllib.loads(card_path.read_text(encoding="utf-8"))
    card = Card.for_file(out)  # the loader's own reader accepts every key
    assert card.unit == "USD" and card.reporter == "DEU" and card.partner == "CHN"
    assert set(raw) <= {"publisher", "title", "url", "accessed", "licence", "unit", "reporter", "partner", "notes"}
    accessed = dt.datetime.fromisoformat(raw["accessed"].replace("Z", "+00:00"))
    assert abs((dt.datetime.now(dt.UTC) - accessed).total_seconds()) < 600
    assert "previewFinalData" in raw["notes"] and "reporterCode='276'" in raw["notes"] and "2021..2022" in raw["notes"]
    assert "2 call(s)" in raw["notes"] and "8 records" in raw["notes"]
    assert "wrote" in capsys.readouterr().out


def test_key_uses_full_api_with_the_key(tmp_path, monkeypatch):
    monkeypatch.setenv("COMTRADE_KEY", "my-subscription-key")
    api = StandIn(["2020", "2021", "2022"])
    api.install(monkeypatch)
    out = tmp_path / "deu.csv"
    assert main(["fetch", "comtrade", "--reporter", "DEU", "--years", "2020-2022", "--out", str(out)]) == 0
    assert len(api.calls) == 1
    kind, q = api.calls[0]
    assert kind == "full" and q["subscription_key"] == "my-subscription-key"
    assert q["period"] == "2020,2021,2022" and q["partnerCode"] is None and q["maxRecords"] == fetch.FULL_CAP
    header, rows = read_csv_rows(out)
    singles = 1 + sum(not grp for *_, grp in NAMED_PARTNERS)  # World plus single areas
    assert header == PLUS_COLUMNS and len(rows) == 3 * 2 * singles
    assert "getFinalData" in Card.for_file(out).notes
    assert Card.for_file(out).partner is None  # all partners: no single partner on the card


def test_preview_cap_splits_by_flow_then_partner_chunks(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("COMTRADE_KEY", raising=False)
    # 700 extra areas: one flow of one year has 700 + 5 records, above the 500 cap on its own
    api = StandIn(["2023"], n_extra_partners=700)
    api.install(monkeypatch)
    out = tmp_path / "deu_all.csv"
    assert main(["fetch", "comtrade", "--reporter", "DEU", "--years", "2023", "--out", str(out)]) == 0
    qs = [q for _, q in api.calls]
    assert (qs[0]["flowCode"], qs[0]["partnerCode"]) == ("M,X", None)  # cut at 500: split
    assert (qs[1]["flowCode"], qs[1]["partnerCode"]) == ("M", None)  # still 500: split partners
    chunks = [q for q in qs if q["partnerCode"] is not None]
    assert {q["flowCode"] for q in chunks} == {"M", "X"}
    m_codes = [c for q in chunks if q["flowCode"] == "M" for c in q["partnerCode"].split(",")]
    expected = {"0", "156", "392", "384", "490"} | {str(1000 + i) for i in range(700)}  # no group but World
    assert sorted(m_codes) == sorted(expected)  # each area asked exactly once
    assert all(q["period"] == "2023" for q in qs)
    header, rows = read_csv_rows(out)
    assert header == PLUS_COLUMNS and len(rows) == 2 * 705
    assert len({(r[header.index("flowCode")], r[header.index("partnerCode")]) for r in rows}) == 2 * 705
    assert "warning" not in capsys.readouterr().err


def test_chunk_that_cannot_be_split_is_reported(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("COMTRADE_KEY", raising=False)
    # a cap of one record makes the smallest query (one period, flow and partner) reach it
    monkeypatch.setattr(fetch, "PREVIEW_CAP", 1)
    api = StandIn(["2021"])
    api.install(monkeypatch)
    out = tmp_path / "x.csv"
    assert main(["fetch", "comtrade", "--reporter", "DEU", "--partner", "CHN", "--years", "2021", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.count("tradebrief fetch: warning:") == 4  # 2 flows x (China, World)
    assert "cannot be split further" in err and "COMTRADE_KEY" in err
    assert "WARNING" in Card.for_file(out).notes


def test_monthly_preview_asks_one_month_at_a_time(tmp_path, monkeypatch):
    monkeypatch.delenv("COMTRADE_KEY", raising=False)
    months = [f"2022{m:02d}" for m in range(1, 13)]
    api = StandIn(months)
    api.install(monkeypatch)
    out = tmp_path / "m.csv"
    assert main(["fetch", "comtrade", "--reporter", "DEU", "--partner", "JPN", "--years", "2022-2022", "--freq", "m",
                 "--out", str(out)]) == 0
    assert [q["period"] for _, q in api.calls] == months
    assert {q["freqCode"] for _, q in api.calls} == {"M"} and {q["partnerCode"] for _, q in api.calls} == {"392,0"}
    _, rows = read_csv_rows(out)
    assert len(rows) == 12 * 2 * 2


def test_names_written_as_utf8(tmp_path, monkeypatch):
    monkeypatch.delenv("COMTRADE_KEY", raising=False)
    StandIn(["2021"]).install(monkeypatch)
    out = tmp_path / "civ.csv"
    assert main(["fetch", "comtrade", "--reporter", "DEU", "--partner", "CIV", "--years", "2021", "--out", str(out)]) == 0
    assert "Côte d'Ivoire" in out.read_bytes().decode("utf-8")


def test_offline_is_one_line_error(tmp_path, monkeypatch, capsys):
    def offline(*args, **kwargs):
        # what comtradeapicall does without network: print the urllib3 error, return None
        print("Request error: HTTPSConnectionPool(host='comtradeapi.un.org', port=443): Max retries exceeded "
              "with url: /files/v1/app/reference/ListofReferences.json (Caused by NameResolutionError)")
        print("Error in looking up the file URI for reporter")
        return None
    monkeypatch.setattr(comtradeapicall, "getReference", offline)
    out = tmp_path / "never.csv"
    assert main(["fetch", "comtrade", "--reporter", "DEU", "--years", "2021", "--out", str(out)]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err
    assert lines[0].startswith("tradebrief fetch: error: UN Comtrade did not answer")
    assert "Max retries exceeded" in lines[0] and "network" in lines[0]
    assert captured.out == ""  # the package's printed text does not leak
    assert not out.exists()


def test_api_refusal_on_data_call_is_one_line_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COMTRADE_KEY", "wrong")
    api = StandIn(["2021"])
    api.install(monkeypatch)

    def refused(*args, **kwargs):
        print('{ "statusCode": 401, "message": "Access denied due to invalid subscription key." }')
    monkeypatch.setattr(comtradeapicall, "getFinalData", refused)
    assert main(["fetch", "comtrade", "--reporter", "DEU", "--years", "2021", "--out", str(tmp_path / "x.csv")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "invalid subscription key" in err[0] and "COMTRADE_KEY" in err[0]


def test_unknown_reporter_and_bad_years(tmp_path, monkeypatch, capsys):
    StandIn(["2021"]).install(monkeypatch)
    assert main(["fetch", "comtrade", "--reporter", "XYZ", "--years", "2021", "--out", str(tmp_path / "x.csv")]) == 1
    assert "'XYZ' is not a reporter" in capsys.readouterr().err
    assert main(["fetch", "comtrade", "--reporter", "DEU", "--years", "2024-2020", "--out", str(tmp_path / "x.csv")]) == 1
    assert "last year comes before the first" in capsys.readouterr().err


def test_help_explains_with_examples(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["fetch", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "--reporter ISO3" in text and "COMTRADE_KEY" in text and "500 records" in text
    assert "tradebrief fetch comtrade --reporter DEU --years 2015-2024" in text


def test_fetched_file_reads_back_with_the_comtrade_plus_loader(tmp_path, monkeypatch):
    from tradebrief.sources import load_file
    monkeypatch.delenv("COMTRADE_KEY", raising=False)
    StandIn(["2021", "2022"]).install(monkeypatch)
    out = tmp_path / "deu_chn.csv"
    assert main(["fetch", "comtrade", "--reporter", "DEU", "--partner", "CHN", "--years", "2021-2022", "--out", str(out)]) == 0
    trade, _ = load_file(out, None)
    got = trade.set_index(["partner", "flow", "period"])["value"]
    assert len(got) == 8 and set(trade["reporter"].astype(str)) == {"DEU"} and set(trade["currency"].astype(str)) == {"USD"}
    assert got[("CHN", "import", "2022")] == 2_000_000.5  # China is the stand-in's second single area
    assert got[("WLD", "export", "2021")] == 1_000_000_000_000.25


def test_world_as_partner(tmp_path, monkeypatch):
    monkeypatch.delenv("COMTRADE_KEY", raising=False)
    api = StandIn(["2021"])
    api.install(monkeypatch)
    out = tmp_path / "w.csv"
    assert main(["fetch", "comtrade", "--reporter", "DEU", "--partner", "WLD", "--years", "2021", "--out", str(out)]) == 0
    assert [q["partnerCode"] for _, q in api.calls] == ["0"]
    header, rows = read_csv_rows(out)
    assert {r[header.index("partnerCode")] for r in rows} == {"0"} and len(rows) == 2
