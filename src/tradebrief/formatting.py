"""Numbers as the briefing prints them: money in the data's own currency, percentages, rates.

One place decides how a value reads, so the cover, the prose, the tables and the chart axes
agree, and a briefing on data in won or dollars never says "yen". Currency symbols and names
come from the Unicode CLDR via Babel, not from literals here.
"""
from __future__ import annotations

import math

import pandas as pd
from babel.numbers import get_currency_name, get_currency_symbol

LOCALE = "en"
# scale word -> divisor; "bn"/"tn" are the short forms used in table headers
SCALES = {"trillion": 1e12, "billion": 1e9, "million": 1e6, "thousand": 1e3, "": 1.0}
SHORT = {"trillion": "tn", "billion": "bn", "million": "mn", "thousand": "k", "": ""}


# CLDR's English symbol for the US dollar is a bare "$", which in a briefing on Hong Kong, Taiwan or
# Australia (HK$, NT$, A$) would be ambiguous; "US$" is CLDR's own form outside the United States.
UNAMBIGUOUS = {"USD": "US$"}


def symbol(currency: str) -> str:
    """The reader's symbol for an ISO 4217 code ("¥" for JPY, "US$" for USD, "₩" for KRW)."""
    return UNAMBIGUOUS.get(currency) or get_currency_symbol(currency, locale=LOCALE)


def currency_name(currency: str, plural: bool = True) -> str:
    """"Japanese yen", "US dollars", "South Korean won"."""
    return get_currency_name(currency, count=2 if plural else 1, locale=LOCALE)


def best_scale(value: float) -> str:
    """The largest scale word under which ``value`` is at least 1 (trillion, billion, million, ...)."""
    v = abs(value)
    for word, div in SCALES.items():
        if v >= div:
            return word
    return ""


def money(value: float, currency: str, scale: str | None = None, digits: int = 1, signed: bool = False) -> str:
    """``money(32.6e12, "JPY")`` -> "¥32.6 trillion"; ``money(2.9e11, "USD", digits=0)`` -> "US$290 billion".

    ``scale`` fixes the scale word (so several numbers in one sentence share it); ``signed`` prints
    "+" for gains. Negative values print with a minus sign before the symbol.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    word = best_scale(value) if scale is None else scale
    number = abs(value) / SCALES[word]
    sign = "−" if value < 0 else ("+" if signed and value > 0 else "")
    return f"{sign}{symbol(currency)}{number:,.{digits}f}" + (f" {word}" if word else "")


def amount(value: float, currency: str, figures: int = 3, signed: bool = False) -> str:
    """A money amount standing alone — a trade value, a balance — with ``figures`` significant figures at
    its own scale: "US$320 billion", "US$93.3 billion", "¥48.2 trillion", "−¥5.18 trillion", "−¥518 billion".

    The one format for such a quantity wherever it is printed (cover, summary, section), so a balance never
    reads "¥517.50 billion" on one page and "−¥0.52 trillion" on another. Several amounts compared in one
    sentence share a scale instead: ``money(..., scale=...)``."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    if value == 0:
        return money(0, currency, "", 0)
    word = best_scale(value)
    if round(abs(value) / SCALES[word]) >= 1000 and word not in ("trillion", ""):   # 999.7 billion reads "1.00 trillion"
        word = list(SCALES)[list(SCALES).index(word) - 1]
    return money(value, currency, word, _decimals(abs(value) / SCALES[word], figures), signed)


def _decimals(number: float, figures: int) -> int:
    """Decimals that print ``number`` (at least 0) with ``figures`` significant figures: 304 -> 0, 93.3 -> 1, 7.92 -> 2."""
    integer_digits = len(str(int(round(number)))) if number >= 1 else 1
    return max(0, figures - integer_digits)


def column_format(values, figures: int = 3) -> str:
    """The format of a table column of amounts in one unit ("¥ bn"), with the decimals ``amount`` would print for
    its largest value: 45,478 and 304 as "{:,.0f}", 93.3 as "{:,.1f}" — so a table and the sentence beside it
    ("a deficit of US$93.3 billion") print the same figure alike."""
    import math
    top = max((abs(float(v)) for v in values if v == v), default=0.0)   # v == v: not NaN
    return f"{{:,.{min(2, _decimals(top, figures))}f}}" if math.isfinite(top) else "{:,.0f}"


def money_unit(currency: str, scale: str = "billion", short: bool = True) -> str:
    """A unit for a table header or chart axis: "¥ bn", "US$ bn"; long form "¥ trillion"."""
    return f"{symbol(currency)} {SHORT[scale] if short else scale}".strip()


def percent(value: float, digits: int = 1, signed: bool = False) -> str:
    """``percent(22.13)`` -> "22.1%"; a non-zero value too small to show at ``digits`` reads "< 0.0001%"
    (never "0.0%" for something that is not zero, never "1.39e-14%"); negatives with a true minus, "−52%"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    smallest = 10.0 ** -digits
    if value != 0 and abs(value) < smallest / 2:
        return f"< {smallest:.{digits}f}%"
    sign = "−" if value < 0 else ("+" if signed and value > 0 else "")   # a true minus sign, as in money()
    return f"{sign}{abs(value):.{digits}f}%"


def whole(value) -> str:
    """A count or rank in a table: "2", "1,204" — never "2.0" — and "–" where there is none."""
    return "–" if value is None or pd.isna(value) else f"{int(value):,}"


def ordinal(n: int) -> str:
    """A rank as a reader writes it: "first" to "tenth", then "11th", "22nd", "103rd"."""
    words = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
    if 1 <= n <= len(words):
        return words[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def times(n: int) -> str:
    """How often, in words a reader expects: "once", "twice", "3 times", "never"."""
    return {0: "never", 1: "once", 2: "twice"}.get(n, f"{n} times")


def listing(items: list[str], empty: str = "none", conj: str = "and") -> str:
    """"a", "a and b", "a, b and c"; an empty list reads ``empty`` (never ": .")."""
    items = [str(i) for i in items]
    if not items:
        return empty
    if len(items) == 1:
        return items[0]
    sep = "; " if any("," in i for i in items) else ", "   # "Telephony, Telegraphy" stays one item
    return sep.join(items[:-1]) + (";" if sep == "; " else "") + f" {conj} " + items[-1]
