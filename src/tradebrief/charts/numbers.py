"""How numbers are written in charts and tables: a true minus sign, and the values read out in alt text."""
from __future__ import annotations


def minus(text: str) -> str:
    """A negative number with a true minus sign (U+2212), as typeset tables print it: "−3.5", not "-3.5"."""
    return "−" + text[1:] if text[:1] == "-" and text[1:2].isdigit() else text


def value_text(v: float, suffix: str = "") -> str:
    """A value as the alt text reads it: one decimal below 100, none from 100 up."""
    d = 1 if abs(v) < 100 else 0
    return f"{v:,.{d}f}{suffix}"
