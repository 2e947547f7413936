"""Live refresh from official APIs (optional; needs network access and the 'fetch' extra).

Writes the canonical CSV layout plus a metadata card, so the file drops into data/.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from tradebrief.countries import WORLD
from tradebrief.errors import TradebriefError

_M49 = {"JPN": "392", "CHN": "156", "USA": "842", "KOR": "410", WORLD: "0"}


def fetch_comtrade(reporter: str, partner: str, years: str, out: Path) -> Path:
    try:
        import comtradeapicall
    except ImportError:
        raise TradebriefError("live fetching needs the optional packages: pip install 'tradebrief[fetch]'") from None
    try:
        first, last = (int(y) for y in years.split("-"))
    except ValueError:
        raise TradebriefError(f"--years must look like 2020-2024, got {years!r}") from None
    if reporter not in _M49 or partner not in _M49:
        raise TradebriefError(f"reporter/partner must be one of {sorted(_M49)} for fetch")
    period = ",".join(str(y) for y in range(first, last + 1))
    try:
        df = comtradeapicall.previewFinalData(typeCode="C", freqCode="A", clCode="HS", period=period,
                                              reporterCode=_M49[reporter], cmdCode="TOTAL", flowCode="M,X",
                                              partnerCode=f"{_M49[partner]},0", partner2Code=None, customsCode=None,
                                              motCode=None, maxRecords=500, format_output="JSON", aggregateBy=None,
                                              breakdownMode="classic", countOnly=None, includeDesc=True)
    except Exception as exc:  # network refused, API changed
        raise TradebriefError(f"UN Comtrade did not answer: {exc}") from None
    if df is None or len(df) == 0:
        raise TradebriefError("UN Comtrade returned no records for that query")
    inv = {v: k for k, v in _M49.items()}
    out_df = df.assign(reporter=reporter, partner=df["partnerCode"].astype(str).map(inv),
                       flow=df["flowCode"].map({"X": "export", "M": "import"}), period=df["period"].astype(str),
                       frequency="A", value=df["primaryValue"].astype(float), currency="USD", product="TOTAL")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out_df[["reporter", "partner", "flow", "period", "frequency", "value", "currency", "product"]].to_csv(out, index=False)
    out.with_name(out.name + ".meta.toml").write_text(
        f'publisher = "United Nations, UN Comtrade (API, final data)"\nurl = "https://comtradeplus.un.org/"\n'
        f'accessed = "{dt.date.today().isoformat()}"\nunit = "USD"\nlicence = "UN Comtrade terms of use"\n')
    return out
