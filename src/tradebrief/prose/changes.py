"""Sentences for "Changes since the previous briefing" and ``tradebrief diff``, from ``tradebrief.changes``."""
from __future__ import annotations

from tradebrief.changes import POINTS_LIMIT, RELATIVE_LIMIT, Change, Changes
from tradebrief.formatting import listing, money, percent
from tradebrief.names import count, name, possessive, verb

WHAT = {   # indicator -> how a reader names it; {r} reporter, {p} partner, {f} flow words
    "share": "{p_pos} share of {r_pos} {f}",
    "rank": "{p_pos} rank among {r_pos} partners ({f})",
    "trade_value": "{r_pos} {f} with {p}",
    "balance": "{r_pos} balance with {p}",
    "top_destination": "{r_pos} top export destination",
    "top_destination_changes": "changes of {r_pos} top export destination",
    "crossover": "the margin by which {p} took the top export spot",
    "crossover_previous_leader": "the previous leader when {p} took the top export spot",
    "claim_verdict": "the verdict on claim “{id}”",
    "dependent_groups": "import groups meeting both dependency tests",
    "import_groups_tested": "import groups tested",
    "mirror_gap": "the mirror gap in {r_pos} {f} with {p}",
}
FLOW_WORDS = {"total": "total trade", "export": "exports", "import": "imports", "balance": "trade balance", "none": ""}


def describe(key: dict) -> str:
    """"China's share of Japan's total trade, 2025" — a key figure named as a reader names it."""
    flow = FLOW_WORDS.get(key["flow"], key["flow"])
    fallback = key["indicator"].replace("_", " ") + " (" + ", ".join(x for x in ("{p}" if key["partner"] != "WLD" else "", flow) if x) + ")"
    template = WHAT.get(key["indicator"], fallback.replace(" ()", ""))
    text = template.format(p=name(key["partner"]), p_pos=possessive(key["partner"]), r_pos=possessive(key["reporter"]),
                           f=FLOW_WORDS.get(key["flow"], key["flow"]), id=key["id"])
    product = "" if key["product"] in ("TOTAL", "") else f" ({key['product']})"
    return f"{text[0].upper()}{text[1:]}{product}, {key['period'].replace('-', '–') if len(key['period']) == 9 else key['period']}"


def value(text: str | None, unit: str) -> str:
    """A key figure's value as the briefing prints it."""
    if text is None or text == "":
        return "–"
    try:
        number = float(text)
    except ValueError:
        return name(text) if unit == "ISO3" else text
    if unit == "percent":
        return percent(number)
    if unit in ("count", "rank"):
        return f"{int(round(number)):,}"
    if len(unit) == 3 and unit.isupper():
        return money(number, unit)
    return f"{number:,.4g}"


def line(change: Change) -> str:
    unit = change.key["unit"]
    text = f"{describe(change.key)}: {value(change.old, unit)} → {value(change.new, unit)}"
    delta = change.delta
    if change.kind == "revised" and delta is not None:
        text += f" ({delta:+.1f} pp)".replace("-", "−") if unit == "percent" else f" ({percent(delta, signed=True)})"
    return text


def unreadable(reason) -> str:
    """The section's sentence when the folder's earlier key figures cannot be read (``reason``: the error naming the file)."""
    return f"The key figures found in this folder could not be read ({reason}), so nothing is compared with them."


def summary(changes: Changes, first_build: bool = False, since: str = "the previous briefing built in this folder") -> str:
    """The paragraph that opens the section: what kind of change there is, counted; ``since``: what is compared with."""
    if first_build:
        return "This is the first briefing built in this folder, so there is nothing to compare it with."
    if changes.empty:
        return f"No headline figure changed since {since}, and no period was added."
    sentences = []
    if changes.new_periods:
        sentences.append(f"The new data add {listing(changes.new_periods)}.")
    n = len(changes.of("revised"))
    if n:
        sentences.append(f"{count(n, 'headline figure')} {verb(n, 'was', 'were')} revised by more than {POINTS_LIMIT:g} "
                         f"percentage points (shares) or {RELATIVE_LIMIT:g}% (values).")
    n = len(changes.of("answer"))
    if n:
        sentences.append(f"{count(n, 'verdict or leader', 'verdicts or leaders')} changed.")
    n = len(changes.of("dropped"))
    if n:
        sentences.append(f"{count(n, 'figure')} of the previous briefing {verb(n, 'is', 'are')} no longer quoted.")
    text = " ".join(sentences)
    return f"Since {since}, " + text[0].lower() + text[1:]


def lines(changes: Changes, limit: int | None = None) -> list[str]:
    """One line per change, answers first (they change what the text says), then revisions, new figures, dropped."""
    ordered = [c for kind in ("answer", "revised", "new", "dropped") for c in changes.of(kind)]
    shown = [line(c) for c in ordered[:limit]]
    if limit is not None and len(ordered) > limit:
        shown.append(f"… and {len(ordered) - limit} more (`tradebrief diff` lists them all)")
    return shown
