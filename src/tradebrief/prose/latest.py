"""The latest-months section's sentences, table and caption, from ``indicators.latest.latest_months``.

The frame holds one row per figure (``share`` of total trade and of exports for the partner and the
comparison, ``top_export_destination``) with the latest months (``period`` in words, ``span`` as
"2026-01/2026-03") and their base (``base_period``, ``base_span``, ``base``: the same months a year earlier
or the last full year). Each paragraph function returns a ``Paragraph`` whose quotes carry the span as
their key-figures period, so a figure of January–March 2026 never reads as one of a full year.
"""
from __future__ import annotations

import pandas as pd

from tradebrief.formatting import percent
from tradebrief.indicators.latest import LAST_FULL_YEAR
from tradebrief.names import name, possessive, the
from tradebrief.prose.paragraph import EMPTY, SHARE_DECIMALS, Paragraph, Quote, join

__all__ = ["heading", "intro", "shares", "top_destination", "preliminary", "table", "caption", "section"]

FLOW_WORDS = {"total": "total trade", "export": "exports"}


def _row(result: pd.DataFrame, indicator: str, partner: str, flow: str):
    hit = result[(result["indicator"] == indicator) & (result["partner"] == partner) & (result["flow"] == flow)]
    return hit.iloc[0] if len(hit) else None


def _value(v):
    return None if v is None or (isinstance(v, float) and pd.isna(v)) else v


def _share_quotes(row, reporter: str) -> list[Quote]:
    """Quotes of one share in the latest months and in their base (where the data hold it)."""
    quotes = []
    for value, span in ((_value(row["value"]), row["span"]), (_value(row["base_value"]), row["base_span"])):
        if value is not None:
            v = round(float(value), SHARE_DECIMALS)
            quotes.append(Quote("share", reporter, row["partner"], row["flow"], span, v, "percent", percent(v)))
    return quotes


def heading(result: pd.DataFrame) -> str:
    """"Latest months: January–March 2026"."""
    return f"Latest months: {result['period'].iloc[0]}"


def intro(result: pd.DataFrame, reporter: str, last_full_year) -> Paragraph:
    """What the section compares, and, when the base is the last full year, why that is only indicative."""
    first = result.iloc[0]
    text = (f"The data run past the last full year, {last_full_year}: they hold {first['period']}. This section sets "
            f"those months against ")
    if first["base"] == LAST_FULL_YEAR:
        text += (f"the whole of {first['base_period']}, because the loaded data do not hold the same months a year "
                 "earlier. A few months set against a full year are not like for like (trade has its seasons, and "
                 "a year's first months are not the year), so read the changes as indicative only.")
    else:
        text += (f"the same months a year earlier, {first['base_period']}, so that the seasons match. Shares are of "
                 f"{possessive(reporter)} trade with the world over the same months.")
    return Paragraph(text)


def _figure(row, first: bool, base_period: str) -> str:
    """"20.3% (19.6% in January–March 2025)"; the base period is said the first time only."""
    now = percent(round(float(row["value"]), SHARE_DECIMALS))
    then = _value(row["base_value"])
    if then is None:
        return f"{now} (not held for {base_period})"
    then = percent(round(float(then), SHARE_DECIMALS))
    return f"{now} ({then} in {base_period})" if first else f"{now} ({then})"


def shares(result: pd.DataFrame, reporter: str, partner: str, comparison: str) -> Paragraph:
    """"In January–March 2026 China accounted for 20.3% of Japan's total trade (19.6% in January–March 2025) and
    the United States for 14.2% (15.2%). Of Japan's exports, China took 17.6% (17.2%) and the United States
    19.0% (20.1%)." A share the data do not hold is said in words."""
    if result.empty:
        return EMPTY
    period, base_period = result["period"].iloc[0], result["base_period"].iloc[0]
    quotes, held, missing = [], {}, []
    for flow in ("total", "export"):
        for who in (partner, comparison):
            row = _row(result, "share", who, flow)
            if row is None or _value(row["value"]) is None:
                missing.append(f"{FLOW_WORDS[flow]} with {the(who)}")
                continue
            quotes += _share_quotes(row, reporter)
            held[(flow, who)] = row
    sentences, said_base = [], False
    for flow, opening, verb, verb2 in (("total", f"In {period}", "accounted for", "for"),
                                       ("export", f"Of {possessive(reporter)} exports,", "took", "")):
        parts = []
        for who in (partner, comparison):
            if (flow, who) in held:
                text = _figure(held[(flow, who)], not said_base, base_period)
                said_base = True
                if flow == "total" and not parts:
                    parts.append(f"{the(who)} {verb} {text.replace(' (', f' of {possessive(reporter)} total trade (', 1)}")
                else:
                    parts.append(f"{the(who)} {verb if not parts else verb2} {text}".replace("  ", " "))
        if parts:
            sentences.append(f"{opening} {' and '.join(parts)}.")
    if missing:
        sentences.append(f"The data hold no {' or '.join(missing)} for {period}.")
    return Paragraph(" ".join(sentences), tuple(quotes))


def top_destination(result: pd.DataFrame, reporter: str) -> Paragraph:
    """"Japan's top export destination in January–March 2026 was the United States, as in January–March 2025."
    (non-country areas and the EU are not ranked)."""
    row = _row(result, "top_export_destination", "", "export")
    if row is None or _value(row["value"]) is None:
        return EMPTY
    now, then = str(row["value"]), _value(row["base_value"])
    quotes = [Quote("top_destination", reporter, "WLD", "export", row["span"], now, "ISO3")]
    text = f"{possessive(reporter, True)} top export destination in {row['period']} was {the(now)}"
    if then is None:
        text += "."
    else:
        quotes.append(Quote("top_destination", reporter, "WLD", "export", row["base_span"], str(then), "ISO3"))
        text += f", as in {row['base_period']}." if str(then) == now else f"; in {row['base_period']} it was {the(str(then))}."
    return Paragraph(text, tuple(quotes))


def preliminary(publishers: list[str]) -> Paragraph:
    """The caveat on the latest months: the publisher's figures for them are preliminary and revised."""
    who = " and ".join(dict.fromkeys(publishers)) or "The publisher"
    return Paragraph(f"*Preliminary figures:* {who} publishes the latest months as preliminary figures and revises "
                     "them in later releases, and the full year replaces them once it is published; they may change.")


def section(result: pd.DataFrame, reporter: str, partner: str, comparison: str) -> Paragraph:
    """The figures the section quotes, in the order it says them: shares, then the top export destination."""
    return join(shares(result, reporter, partner, comparison), top_destination(result, reporter))


def _cell(indicator: str, value) -> str:
    """A table cell: a share to one decimal (as the text prints it), a country by name, "–" where none is held."""
    if _value(value) is None:
        return "–"
    return f"{float(value):.1f}" if indicator == "share" else name(str(value))


def table(result: pd.DataFrame, reporter: str) -> pd.DataFrame:
    """The figures as a table: one row per figure, a column for the latest months and one for their base."""
    first = result.iloc[0]
    rows = []
    for r in result.itertuples():
        label = (f"{name(r.partner)}: share of {possessive(reporter)} {FLOW_WORDS[r.flow]} (%)" if r.indicator == "share"
                 else f"{possessive(reporter, True)} top export destination")
        rows.append({"Figure": label, first["period"]: _cell(r.indicator, r.value),
                     first["base_period"]: _cell(r.indicator, r.base_value)})
    return pd.DataFrame(rows, columns=["Figure", first["period"], first["base_period"]])


def caption(reporter: str, result: pd.DataFrame) -> str:
    first = result.iloc[0]
    base = "the last full year" if first["base"] == LAST_FULL_YEAR else "the same months a year earlier"
    return f"{possessive(reporter, True)} trade in {first['period']} against {base}, {first['base_period']}"
