"""Japan Customs time-series page (``Date;Exports;Imports``, ``YYYY/MM``), thousand yen.

The file covers one partner; the partner comes from the metadata card, else from
the file name (``japan_china_monthly_...`` -> CHN).
"""
from __future__ import annotations

import re

import pandas as pd

from tradebrief.countries import code_for_name
from tradebrief.errors import DataError, Problem
from tradebrief.schema import TOTAL
from tradebrief.sources.cards import Card
from tradebrief.sources.numbers import parse_numbers, unit_factor
from tradebrief.sources.raw_table import RawTable

PUBLISHER = "Japan Ministry of Finance, Trade Statistics of Japan (time series)"
DEFAULT_UNIT = "thousand JPY"
COLUMNS = ["Date", "Exports", "Imports"]


def _partner(raw: RawTable, card: Card) -> str:
    if card.partner:
        return card.partner
    words = [w for w in re.split(r"[^a-z]+", raw.path.stem.lower()) if len(w) > 2]
    codes = [c for c in (code_for_name(w) for w in words) if c and c != (card.reporter or "JPN")]
    if len(codes) == 1:
        return codes[0]
    raise DataError(Problem(str(raw.path), "cannot tell the partner country of this time series",
                            fix=f'add partner = "CHN" (ISO alpha-3) to {raw.path.name}.meta.toml'))


def load(raw: RawTable, card: Card, source: str) -> pd.DataFrame:
    raw.require(COLUMNS)
    currency, factor = unit_factor(raw.path, card.unit, DEFAULT_UNIT)
    period = raw.frame["Date"].str.strip().str.replace("/", "-").str.slice(0, 7)
    raw.reject(~period.str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])"), "Date", lambda v: f"date {v!r} is not YYYY/MM")
    partner = _partner(raw, card)
    parts = []
    for column, flow in (("Exports", "export"), ("Imports", "import")):
        parts.append(pd.DataFrame({
            "reporter": card.reporter or "JPN", "partner": partner, "flow": flow, "period": period,
            "frequency": "M", "value": parse_numbers(raw, column, collect=True) * factor, "currency": currency,
            "product": TOTAL, "source": source, "_line": raw.frame["_line"],
        }))
    return pd.concat(parts, ignore_index=True)
