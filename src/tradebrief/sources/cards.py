"""The metadata card ``<file>.meta.toml`` beside a data file (owid-style snapshot card)."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tradebrief.errors import DataError, Problem


@dataclass
class Card:
    """Who published a file, when it was accessed, its unit and partial periods; all optional."""

    publisher: str | None = None
    title: str | None = None
    url: str | None = None
    accessed: str | None = None
    licence: str | None = None
    unit: str | None = None
    reporter: str | None = None
    partner: str | None = None
    partial_periods: dict[str, str] = field(default_factory=dict)
    notes: str | None = None
    path: Path | None = None

    @classmethod
    def for_file(cls, path: Path) -> Card:
        card_path = path.with_name(path.name + ".meta.toml")
        if not card_path.exists():
            return cls()
        try:
            raw = tomllib.loads(card_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise DataError(Problem(str(card_path), f"metadata card is not valid TOML ({exc})", fix="fix the card or delete it")) from None
        known = {f for f in cls.__dataclass_fields__ if f != "path"}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise DataError(Problem(str(card_path), f"unknown key(s) {unknown} in metadata card", fix=f"use only {sorted(known)}"))
        raw["partial_periods"] = {str(k): str(v) for k, v in raw.get("partial_periods", {}).items()}
        return cls(**raw, path=card_path)
