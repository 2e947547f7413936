"""``tradebrief fetch fx``: the ECB's euro reference rates, keyless, as published.

Downloads ``eurofxref-hist.zip`` (``sources.ecb.URL``; ``TRADEBRIEF_ECB_URL`` points elsewhere), checks
that it holds the one CSV the ECB publishes in it and that the CSV loads (``sources.ecb``), then writes
that CSV unzipped, bytes unchanged, to ``data/fx/eurofxref-hist.csv`` (or ``--out``) with a card recording
the URL, the time of access and the SHA-256 of the zip and of the CSV. The old file is replaced only once
the new one has loaded. Requests are retried on 429/5xx (``download``).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import urllib3

from tradebrief.download import pool
from tradebrief.errors import DataError, TradebriefError
from tradebrief.sources import ecb

URL_VARIABLE = "TRADEBRIEF_ECB_URL"
DEFAULT_OUT = Path("data/fx") / ecb.FILE_NAME


class FxFetchError(TradebriefError):
    """The ECB could not be reached or answered something that is not its reference-rate file."""


@dataclass
class FxResult:
    path: Path
    card: Path
    first_day: str
    last_day: str
    days: int


def fetch_fx(out: Path | None = None, url: str | None = None) -> FxResult:
    url = url or os.environ.get(URL_VARIABLE) or ecb.URL
    out = Path(out) if out else DEFAULT_OUT
    try:
        answer = pool().request("GET", url)
    except urllib3.exceptions.HTTPError as exc:
        raise FxFetchError(f"the ECB did not answer ({url}): {exc}; check the network connection") from None
    if answer.status != 200:
        said = " ".join(answer.data[:200].decode("utf-8", "replace").split())
        raise FxFetchError(f"the ECB answered HTTP {answer.status} for {url}" + (f": {said}" if said else ""))
    data = answer.data
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [i for i in archive.infolist() if not i.is_dir()]
    except zipfile.BadZipFile:
        raise FxFetchError(f"{url} did not answer a zip file (first bytes {data[:20]!r})") from None
    if [m.filename for m in members] != [ecb.FILE_NAME]:
        raise FxFetchError(f"{url}: the zip holds {[m.filename for m in members]}, not the one file {ecb.FILE_NAME}; "
                           "the ECB may have changed its layout")
    csv_bytes = archive.read(members[0])
    dated = dt.datetime(*members[0].date_time).strftime("%Y-%m-%d %H:%M")
    out.parent.mkdir(parents=True, exist_ok=True)
    staged = out.with_name(f".{out.name}.download")
    try:
        staged.write_bytes(csv_bytes)
        from tradebrief.sources import load_file
        try:
            load_file(staged)
        except DataError as exc:
            raise FxFetchError(f"the file from {url} does not load as the ECB's reference rates: {exc}") from None
        days = csv_bytes.decode("utf-8").splitlines()[1:]
        dates = sorted(line[:10] for line in days if line.strip())
        accessed = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        card = {
            "title": "European Central Bank, euro foreign exchange reference rates, daily history (eurofxref-hist)",
            "publisher": "European Central Bank (ECB)", "url": url, "accessed": accessed,
            "licence": "ECB statistics: reuse free of charge provided the source is acknowledged (ECB terms of use)",
            "unit": "currency units per 1 EUR",
            "notes": (f"tradebrief fetch fx: downloaded {url} at {accessed} (zip SHA-256 {hashlib.sha256(data).hexdigest()}); "
                      f"its one member {ecb.FILE_NAME} (dated {dated}) written unzipped, bytes unchanged "
                      f"(SHA-256 {hashlib.sha256(csv_bytes).hexdigest()}). Daily rates {dates[0]} to {dates[-1]}, "
                      "units of each currency per 1 euro, N/A where not quoted."),
        }
        card_path = out.with_name(out.name + ".meta.toml")
        # json.dumps writes a valid TOML basic string (same escapes)
        text = "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in card.items())
        os.replace(staged, out)
        card_path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise FxFetchError(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        staged.unlink(missing_ok=True)
    return FxResult(out, card_path, dates[0], dates[-1], len(dates))
