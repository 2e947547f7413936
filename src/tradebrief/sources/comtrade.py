"""United Nations Comtrade extracts, values in current USD.

Two published shapes: the legacy API records (``yr, rgDesc, rtCode, ptCode, cmdCode,
TradeValue``) and a monthly mirror-data extract of China's exports of critical
minerals (``period_dt, val, broad_group, partner_name``).
"""
from __future__ import annotations

import pandas as pd

from tradebrief.countries import COMTRADE_PARTNERS_FILE, code_for_comtrade, code_for_name
from tradebrief.errors import DataError, Problem
from tradebrief.schema import TOTAL
from tradebrief.sources.cards import Card
from tradebrief.sources.numbers import parse_numbers, unit_factor
from tradebrief.sources.raw_table import RawTable

PUBLISHER = "United Nations, UN Comtrade"
LEGACY_COLUMNS = ["yr", "rgDesc", "rtCode", "ptCode", "cmdCode", "TradeValue"]
MINERALS_COLUMNS = ["period_dt", "val", "broad_group", "partner_name"]
# Re-exports and re-imports are kept apart; the derived 'Net Export' is not a flow and is not read.
_FLOWS = {"export": "export", "import": "import", "re-export": "re-export", "re-import": "re-import"}


def _codes(raw: RawTable, column: str, table: str) -> pd.Series:
    numbers = parse_numbers(raw, column).astype(int)
    mapping = {n: code_for_comtrade(n, table) for n in numbers.unique()}
    unknown = [n for n, c in mapping.items() if c is None]
    if unknown:
        row = int(raw.frame.loc[numbers.eq(unknown[0]), "_line"].iloc[0])
        raise DataError(Problem(str(raw.path), f"unknown Comtrade area code {unknown[0]}", row=row, column=column,
                                fix=f"add the area to {COMTRADE_PARTNERS_FILE} (UN Comtrade's reference table)"))
    return numbers.map(mapping)


def load_legacy(raw: RawTable, card: Card, source: str) -> pd.DataFrame:
    raw.require(LEGACY_COLUMNS)
    currency, factor = unit_factor(raw.path, card.unit, "USD")
    keep = raw.frame["rgDesc"].str.strip().str.lower().isin(_FLOWS)
    raw = RawTable(raw.path, raw.frame.loc[keep].reset_index(drop=True), raw.encoding, raw.delimiter, raw.header_line)
    product = raw.frame["cmdCode"].str.strip()
    return pd.DataFrame({
        "reporter": _codes(raw, "rtCode", "reporter"), "partner": _codes(raw, "ptCode", "partner"),
        "flow": raw.frame["rgDesc"].str.strip().str.lower().map(_FLOWS),
        "period": raw.frame["yr"].str.strip(), "frequency": "A",
        "value": parse_numbers(raw, "TradeValue") * factor, "currency": currency,
        "product": product.where(product.str.upper() != "TOTAL", TOTAL), "source": source, "_line": raw.frame["_line"],
    })


def load_minerals(raw: RawTable, card: Card, source: str) -> pd.DataFrame:
    raw.require(MINERALS_COLUMNS)
    currency, factor = unit_factor(raw.path, card.unit, "USD")
    names = raw.frame["partner_name"].str.strip()
    mapping = {n: code_for_name(n) for n in names.unique()}
    unknown = [n for n, c in mapping.items() if c is None]
    if unknown:
        row = int(raw.frame.loc[names.eq(unknown[0]), "_line"].iloc[0])
        raise DataError(Problem(str(raw.path), f"unknown partner name {unknown[0]!r}", row=row, column="partner_name",
                                fix="use an English country name or ISO alpha-3 code"))
    return pd.DataFrame({
        "reporter": card.reporter or "CHN", "partner": names.map(mapping), "flow": "export",
        "period": raw.frame["period_dt"].str.strip().str.slice(0, 7), "frequency": "M",
        "value": parse_numbers(raw, "val") * factor, "currency": currency,
        "product": raw.frame["broad_group"].str.strip(), "source": source, "_line": raw.frame["_line"],
    })
