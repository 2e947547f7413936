"""Policy events and case studies (``report/events.toml``): which briefing each belongs to.

An event or case study names the reporter–partner pair it concerns and the years it needs; a
briefing of another pair, or whose years do not include them, leaves it out entirely (no marker,
no heading, no "cannot be shown" note). Product names are those of the data's classification.
"""
from __future__ import annotations

from pathlib import Path

from tradebrief.errors import ParameterError
from tradebrief.paths import read_toml

EVENT_KEYS = ("id", "pair", "period", "label", "note")
STUDY_KEYS = ("id", "pair", "years", "heading", "series")


def _pair_ok(pair) -> bool:
    return isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)


def load_events(path: str | Path) -> tuple[list[dict], list[dict]]:
    """(events, case studies) from the events file, each checked for the keys it needs."""
    path = Path(path)
    raw = read_toml(path, "events file")
    events, studies = raw.get("event", []), raw.get("case_study", [])
    ids = set()
    for kind, items, keys in (("event", events, EVENT_KEYS), ("case_study", studies, STUDY_KEYS)):
        for i, e in enumerate(items, 1):
            for key in keys:
                if key not in e:
                    raise ParameterError(f"{path}: [[{kind}]] #{i} lacks '{key}'")
            if not _pair_ok(e["pair"]):
                raise ParameterError(f"{path}: {kind} '{e['id']}': pair must be [reporter, partner], e.g. [\"JPN\", \"CHN\"]")
            if kind == "event":
                ids.add(e["id"])
            elif not (isinstance(e["years"], list) and len(e["years"]) == 2 and all(isinstance(y, int) for y in e["years"])):
                raise ParameterError(f"{path}: case_study '{e['id']}': years must be [first, last]")
    for s in studies:
        unknown = [e for e in s.get("events", []) if e not in ids]
        if unknown:
            raise ParameterError(f"{path}: case_study '{s['id']}' names unknown events: {', '.join(unknown)}")
    return events, studies


def _same_pair(item: dict, reporter: str, partner: str) -> bool:
    return [x.upper() for x in item["pair"]] == [reporter.upper(), partner.upper()]


def events_for(events: list[dict], reporter: str, partner: str, start_year: int, end_year: int) -> list[dict]:
    """Events of this pair whose period falls within the briefing's years."""
    return [e for e in events if _same_pair(e, reporter, partner) and int(start_year) <= int(str(e["period"])[:4]) <= int(end_year)]


def case_studies_for(studies: list[dict], reporter: str, partner: str, start_year: int, end_year: int) -> list[dict]:
    """Case studies of this pair whose years the briefing covers."""
    return [s for s in studies if _same_pair(s, reporter, partner)
            and int(start_year) <= s["years"][0] and s["years"][1] <= int(end_year)]
