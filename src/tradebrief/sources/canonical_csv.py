"""A file already in the canonical layout (what ``tradebrief fetch`` writes, or a
user's own HS-level extract). Currency must be stated in its own column."""
from __future__ import annotations

import pandas as pd

from tradebrief.schema import COLUMNS
from tradebrief.sources.cards import Card
from tradebrief.sources.numbers import parse_numbers
from tradebrief.sources.raw_table import RawTable

PUBLISHER = "as stated in the file's metadata card"
REQUIRED = [c for c in COLUMNS if c not in ("source", "product")]


def load(raw: RawTable, card: Card, source: str) -> pd.DataFrame:
    raw.require(REQUIRED)
    f = raw.frame
    out = pd.DataFrame({c: f[c].str.strip() for c in REQUIRED if c != "value"})
    out["value"] = parse_numbers(raw, "value", collect=True)
    out["product"] = f["product"].str.strip() if "product" in f else "TOTAL"
    out["source"] = source
    out["_line"] = f["_line"]
    return out[COLUMNS + ["_line"]]
