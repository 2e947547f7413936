"""Every number a paragraph of the briefing prints, found among the key figures it declares.

``unaccounted(paragraph, first_year, last_year)`` reads each number in the text (with its currency symbol,
scale word, percent sign and a leading "<") and looks for it, at the precision printed, among the
paragraph's figures (the rows the notebook records in key_figures.csv with headline = yes), its declared
constants (parameters, method tolerances, numbers in quoted titles) and, for a bare four-digit integer,
the briefing's years. What it cannot find is returned, so a sentence that quotes an undeclared number fails
its test. Signs are read from words ("fell", "below") as often as from a minus, so magnitudes are compared.
"""
from __future__ import annotations

import re

SCALES = {"trillion": 1e12, "billion": 1e9, "million": 1e6, "thousand": 1e3}
NUMBER = re.compile(r"(?<![\w.])(?P<lt><\s*)?[−+\-]?(?:US\$|¥|€|£|₩|\$)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                    r"(?P<scale>\s(?:trillion|billion|million|thousand)\b)?(?P<pct>%)?")


def numbers(text: str) -> list[dict]:
    """The numbers printed in ``text`` (HTML tags and link targets left out)."""
    text = re.sub(r"<[^>]+>", " ", text)
    out = []
    for m in NUMBER.finditer(text):
        raw = m.group("num")
        digits = len(raw.split(".")[1]) if "." in raw else 0
        scale = SCALES[m.group("scale").strip()] if m.group("scale") else 1.0
        out.append({"text": m.group(0), "value": float(raw.replace(",", "")), "digits": digits, "scale": scale,
                    "percent": bool(m.group("pct")), "less_than": bool(m.group("lt")), "comma": "," in raw})
    return out


def _matches(n: dict, value: float) -> bool:
    v = abs(value) / n["scale"]
    if n["less_than"]:
        return v < n["value"]
    return abs(v - n["value"]) <= 0.5 * 10 ** -n["digits"] + 1e-4


def unaccounted(paragraph, first_year: int, last_year: int) -> list[str]:
    values = []
    for f in paragraph.quotes:
        try:
            values.append(float(f.value))
        except (TypeError, ValueError):
            pass
    missing = []
    for n in numbers(paragraph.text):
        is_year = (n["digits"] == 0 and n["scale"] == 1 and not n["percent"] and not n["comma"] and 1900 <= n["value"] <= 2100)
        if is_year and first_year <= n["value"] <= last_year:
            continue
        if any(abs(abs(c) - n["value"]) <= 0.5 * 10 ** -n["digits"] + 1e-9 for c in paragraph.constants):
            continue
        if not is_year and any(_matches(n, v) for v in values):
            continue
        missing.append(n["text"])
    return missing


def figure_periods_outside(paragraph, first_year: int, last_year: int) -> list[str]:
    """Figures whose period ("2024", "2024-03", "2009-2019") is not within the briefing's years."""
    bad = []
    for f in paragraph.quotes:
        for year in re.findall(r"\d{4}", str(f.period)):
            if not first_year <= int(year) <= last_year:
                bad.append(f"{f.indicator} {f.period}")
    return bad
