"""The Ministry of Finance summary commodity classification (the MOF's 'principal commodities'),
read from ``reference/mof_commodities.csv``: 9 sections that add up to the total, groups inside
them, and sub-items (written in parentheses) inside groups. Export and import lists differ.

Used to check that sections sum to TOTAL and to pick the level at which product dependence is
measured. A group MOF adds in a new release is a line in that file, not a code change.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pandas as pd

CLASSIFICATION_FILE = Path(__file__).resolve().parent / "reference" / "mof_commodities.csv"
LABELS_FILE = Path(__file__).resolve().parent / "reference" / "product_labels.csv"


@lru_cache(maxsize=1)
def _rows() -> tuple[tuple[str, str, int, str], ...]:
    with open(CLASSIFICATION_FILE, encoding="utf-8", newline="") as fh:
        return tuple((r["flow"], r["product"], int(r["level"]), r["parent"]) for r in csv.DictReader(fh))


def hierarchy() -> pd.DataFrame:
    """One row per (flow, product): level (1 section, 2 group, 3 sub-item) and parent."""
    return pd.DataFrame(list(_rows()), columns=["flow", "product", "level", "parent"])


def sections() -> tuple[str, ...]:
    """The nine sections, in the order MOF lists them."""
    return tuple(dict.fromkeys(product for _, product, level, _ in _rows() if level == 1))


SECTIONS = sections()


def known_names() -> dict[str, str]:
    """lower-case name -> the spelling used in the annual file (monthly files are upper case)."""
    return {product.lower(): product for _, product, _, _ in _rows()}


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    with open(LABELS_FILE, encoding="utf-8", newline="") as fh:
        return {r["product"]: r["label"] for r in csv.DictReader(fh)}


def label(product: str, *, mid_sentence: bool = False) -> str:
    """How a reader sees a group: MOF's English names are abbreviated and in Title Case ("Semiconductors
    Etc", "Iron And Steel Products"), as are the broad groups of the Comtrade critical-minerals file
    ("Rare Earths"); ``reference/product_labels.csv`` spells them out in sentence case. A name not in
    that file (HS descriptions, other classifications) is shown as it is.
    ``mid_sentence``: first letter lower case, except for an acronym ("LNG"): "imports of iron ore"."""
    text = _labels().get(product, product)
    if mid_sentence and text[:1].isupper() and not text.split(" ")[0].isupper():
        text = text[:1].lower() + text[1:]
    return text
