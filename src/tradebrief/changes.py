"""What changed between two briefings: the key figures of the build a new one replaces against its own.

A pure comparison of two ``key_figures.csv`` tables (see the README for their columns), used by the
briefing's "Changes since the previous briefing" and by ``tradebrief diff OLD.csv NEW.csv``:

- **new periods**: periods the new figures hold that the old ones did not (a newer release, the latest months);
- **revisions**: numbers present in both whose value moved by more than a threshold (relative, in percent of
  the old value, default 0.1%; for percentages and shares, in percentage points, default 0.05 pp);
- **changed answers**: text values that differ — claim verdicts, top destinations, previous leaders;
- **dropped**: figures the old briefing had that the new one no longer has.

Only the headline figures (those the text quotes) are compared by default; ``headline_only=False`` compares
the whole panel.
"""
from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

KEY = ("indicator", "reporter", "partner", "flow", "product", "period", "id", "unit")
POINTS = {"percent"}   # units compared in percentage points, not relative change
POINTS_LIMIT = 0.05    # percentage points: a share revised by more is reported
RELATIVE_LIMIT = 0.1   # percent of the old value: any other number revised by more is reported


@dataclass
class Change:
    key: dict
    old: str | None
    new: str | None
    kind: str   # "new", "revised", "answer", "dropped"

    @property
    def delta(self) -> float | None:
        try:
            old, new = float(self.old), float(self.new)
        except (TypeError, ValueError):
            return None
        return new - old if self.key["unit"] in POINTS else (100.0 * (new - old) / abs(old) if old else math.inf)


@dataclass
class Changes:
    new_periods: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def empty(self) -> bool:
        return not self.changes and not self.new_periods


def read_figures(path: Path) -> list[dict]:
    """A key_figures.csv as rows (the csv module: the file is the build's own, one header, RFC 4180 quoting)."""
    from tradebrief.errors import ParameterError
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ParameterError(f"{path}: not a key_figures.csv (not UTF-8 CSV text: {exc})") from None
    missing = [c for c in (*KEY, "value", "headline") if rows and c not in rows[0]]
    if missing:
        raise ParameterError(f"{path}: not a key_figures.csv (column {missing[0]!r} is missing)")
    return rows


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def compare(old: list[dict], new: list[dict], headline_only: bool = True, relative_pct: float = RELATIVE_LIMIT,
            points: float = POINTS_LIMIT) -> Changes:
    """The changes from ``old`` to ``new`` key figures (rows as ``read_figures`` gives them)."""
    def index(rows):
        return {tuple(r[k] for k in KEY): r for r in rows if not headline_only or r.get("headline") == "yes"}
    before, after = index(old), index(new)
    panel = {tuple(r[k] for k in KEY) for r in new}   # every figure of the new build, headline or not
    out = Changes()
    old_periods = {r["period"] for r in old}
    # years and months the new figures reach that the old did not (spans such as "2009-2025" only follow them)
    out.new_periods = sorted(p for p in {r["period"] for r in new} - old_periods if re.fullmatch(r"\d{4}(-\d{2})?", p))
    for key in sorted(set(before) | set(after)):
        b, a = before.get(key), after.get(key)
        meta = dict(zip(KEY, key))
        if b is None:
            out.changes.append(Change(meta, None, a["value"], "new"))
            continue
        if a is None:
            # a figure no longer quoted as a headline but still in the panel is not "dropped"
            if key not in panel:
                out.changes.append(Change(meta, b["value"], None, "dropped"))
            continue
        x, y = _number(b["value"]), _number(a["value"])
        if x is None or y is None:
            if b["value"] != a["value"]:
                out.changes.append(Change(meta, b["value"], a["value"], "answer"))
            continue
        moved = abs(y - x) > points if meta["unit"] in POINTS else (abs(y - x) > abs(x) * relative_pct / 100 if x else y != 0)
        if moved:
            out.changes.append(Change(meta, b["value"], a["value"], "revised"))
    return out
