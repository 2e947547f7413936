"""The vintage rule: which file wins where two files hold the same figure.

Applied in this order, to every reporter, partner, flow, period, product and currency that two files
both hold:

1. a file passed with ``--data`` wins over the files found in ``data/``;
2. then the file with the later vintage: the ``accessed`` date on its card (``<file>.meta.toml``; a date
   without a time counts as the start of that day, UTC) or, for a file without a card, its modification
   time;
3. two files still level (both passed or both in ``data/``, same vintage) are refused, naming both:
   tradebrief never picks one silently.

The rule looks at the files, not at their contents: a re-downloaded file with revised figures for the same
years wins over the older one, with or without a card. The winner is recorded for every period, with the
files it overrode (``supplied``), so the data appendix can say it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tradebrief.errors import DataError, Problem

PASSED = "passed with --data"
#: Columns of ``supplied``: one row per file, frequency and period it supplied after the rule.
SUPPLIED_COLUMNS = ["source", "frequency", "period", "rows", "overrode", "overridden_rows"]
SPAN_COLUMNS = ["source", "frequency", "first", "last", "periods", "rows", "overrode", "overridden_rows"]


@dataclass(frozen=True)
class Vintage:
    """How recent a file is, for the rule above."""

    passed: bool
    when: dt.datetime  # UTC
    basis: str  # what ``when`` was read from, for messages and the appendix

    @property
    def rank_key(self) -> tuple:
        """Sorts the winner first."""
        return (not self.passed, -self.when.timestamp())

    def describe(self) -> str:
        return f"{PASSED}, {self.basis}" if self.passed else self.basis


def vintage_of(path: Path, accessed, passed: bool, card_path: Path | None) -> Vintage:
    """A file's vintage: its card's ``accessed`` date, else its modification time."""
    if accessed not in (None, ""):
        when = _parse_date(str(accessed), card_path or Path(str(path) + ".meta.toml"))
        return Vintage(passed, when, f"accessed {accessed} (card)")
    when = dt.datetime.fromtimestamp(Path(path).stat().st_mtime, dt.UTC)
    return Vintage(passed, when, f"modified {when:%Y-%m-%d %H:%M:%S} UTC (no card)")


def _parse_date(text: str, card: Path) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise DataError(Problem(str(card), f"accessed = {text!r} is not a date", column="accessed",
                                fix='write it as "2026-11-23" or "2026-11-23T08:00:00Z"')) from None
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)


def ranks(vintages: dict[str, Vintage]) -> dict[str, int]:
    """Rank of each source, 0 = wins every overlap; files level under the rule share a rank."""
    levels = sorted({v.rank_key for v in vintages.values()})
    return {source: levels.index(v.rank_key) for source, v in vintages.items()}


def resolve(table: pd.DataFrame, key: list[str], rank: pd.Series, vintages: dict[str, Vintage],
            what: str = "figure") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of ``table`` that win under the rule (one per ``key``) and the rows they overrode.

    ``rank``: each row's rank (lower wins; see ``ranks``). Returns (kept, overridden) where
    ``overridden`` has the key, the losing ``source`` and the winner's source as ``by``. Raises
    DataError when two files of the same rank hold the same key.
    """
    ordered = table.assign(_rank=rank.to_numpy()).sort_values(key + ["_rank"], kind="stable")
    both = ordered.duplicated(key, keep=False)
    if not both.any():
        return ordered.drop(columns="_rank"), pd.DataFrame(columns=key + ["source", "by"])
    overlap = ordered.loc[both, key + ["source", "_rank"]]
    groups = overlap.groupby(key, sort=False, observed=True, dropna=False)
    winner_source = groups["source"].transform("first").astype(str)
    winner_rank = groups["_rank"].transform("first")
    loser = overlap["source"].astype(str).ne(winner_source)
    level = loser & overlap["_rank"].eq(winner_rank)
    if level.any():
        raise DataError(_tie_problems(overlap.loc[level], winner_source[level], key, vintages, what))
    lost = overlap.loc[loser, key + ["source"]].assign(by=winner_source[loser])
    kept = ordered.loc[~ordered.duplicated(key, keep="first")].drop(columns="_rank")
    return kept, lost


def _tie_problems(rows: pd.DataFrame, other: pd.Series, key: list[str], vintages: dict[str, Vintage], what: str) -> list[Problem]:
    problems = []
    pairs = pd.DataFrame({"a": other.to_numpy(), "b": rows["source"].astype(str).to_numpy(),
                          "period": rows["period"].astype(str).to_numpy()})
    for (a, b), g in pairs.groupby(["a", "b"], sort=True):
        periods = sorted(g["period"].unique())
        shown = ", ".join(periods[:6]) + (f" and {len(periods) - 6} more" if len(periods) > 6 else "")
        va = vintages[a]
        problems.append(Problem(
            b, f"holds the same {what}s as {a} ({len(g):,} rows; periods {shown}) and neither is newer under the vintage "
               f"rule (both {va.describe()}), so tradebrief cannot tell which to use",
            fix=f"remove the older file, or pass the newer one with --data, or give it a card {Path(b).name}.meta.toml "
                "with a later accessed date"))
    return problems


def supplied(kept: pd.DataFrame, lost: pd.DataFrame) -> pd.DataFrame:
    """Which file supplied each period (rows used), and which files it overrode there (rows replaced)."""
    used = (kept.astype({"source": str, "frequency": str, "period": str})
            .groupby(["source", "frequency", "period"]).size().rename("rows").reset_index())
    if lost.empty:
        return used.assign(overrode="", overridden_rows=0)[SUPPLIED_COLUMNS]
    lost = lost.astype({"by": str, "source": str, "frequency": str, "period": str})
    over = (lost.groupby(["by", "frequency", "period"])
            .agg(overrode=("source", lambda s: "; ".join(sorted(set(s)))), overridden_rows=("source", "size"))
            .reset_index().rename(columns={"by": "source"}))
    out = used.merge(over, on=["source", "frequency", "period"], how="left")
    out["overrode"] = out["overrode"].fillna("")
    out["overridden_rows"] = out["overridden_rows"].fillna(0).astype(int)
    return out[SUPPLIED_COLUMNS].sort_values(["source", "frequency", "period"]).reset_index(drop=True)


def supplied_spans(table: pd.DataFrame, first_year: int | None = None, last_year: int | None = None) -> pd.DataFrame:
    """``supplied`` in runs: consecutive periods of one file and frequency that overrode the same files
    become one row (first, last, periods, rows, overrode, overridden_rows). ``first_year``/``last_year``
    keep the periods of those years only."""
    t = table.astype({"source": str, "frequency": str, "period": str})
    year = t["period"].str.slice(0, 4).astype(int)
    t = t[year.between(first_year if first_year is not None else -1, last_year if last_year is not None else 10_000)]
    if t.empty:
        return pd.DataFrame(columns=SPAN_COLUMNS)
    t = t.sort_values(["source", "frequency", "period"])
    step = t["period"].map(_ordinal)
    same = t[["source", "frequency", "overrode"]].eq(t[["source", "frequency", "overrode"]].shift()).all(axis=1)
    run = (~(same & step.diff().eq(1))).cumsum()
    spans = (t.groupby(run).agg(source=("source", "first"), frequency=("frequency", "first"), first=("period", "first"),
                                last=("period", "last"), periods=("period", "size"), rows=("rows", "sum"),
                                overrode=("overrode", "first"), overridden_rows=("overridden_rows", "sum")))
    return spans[SPAN_COLUMNS].reset_index(drop=True)


def _ordinal(period: str) -> int:
    """Years count in years, months in months: consecutive periods differ by 1."""
    return int(period[:4]) if len(period) == 4 else int(period[:4]) * 12 + int(period[5:7])
