"""The bilateral section's heading, sentences and captions: the pair's trade in the reporter's currency and in
US dollars, how it compares with its high, which exchange rates were applied, and which years or flows are
missing (``prose.gaps``); for a reporter whose data are in another currency than its own (Germany's UN Comtrade
dollars), the latest year in its own currency (``in_home_currency``).

From the pair's ``trade_values``, their ``to_usd`` conversion and the rate applied each year. Each paragraph
function returns a ``Paragraph`` (text plus quoted key figures, see ``prose.paragraph``). The distance to the
high is recorded as ``change_from_high`` (percent change from the highest dollar total of the years shown to
the latest, period "<high>-<latest>").
"""
from __future__ import annotations

import math
import re

import pandas as pd

from tradebrief.formatting import amount, currency_name, listing, percent
from tradebrief.names import name, possessive, the, years
from tradebrief.prose.gaps import missing_flows
from tradebrief.prose.paragraph import Paragraph, Quote

__all__ = ["heading", "intro", "chart_title", "level", "exchange_rates", "table_caption", "in_words", "missing_flows",
           "in_home_currency"]


def in_words(currency: str, home: str | None = None) -> str:
    """The currencies the section shows: "US dollars", "Japanese yen and US dollars", or with the reporter's own
    currency beside data published in another, "US dollars and euros"."""
    names = ([] if currency == "USD" else [currency_name(currency)]) + ["US dollars"]
    return listing(names + ([currency_name(home)] if home and home not in (currency, "USD") else []))


def heading(reporter: str, partner: str, currency: str, home: str | None = None) -> str:
    return f"{possessive(reporter, True)} trade with {the(partner)} in {in_words(currency, home)}"


def intro(reporter: str, partner: str, currency: str, home: str | None = None) -> Paragraph:
    also = ""
    if home and home not in (currency, "USD"):
        also = (f"; total and balance also in {currency_name(home)}, {possessive(reporter)} currency, at the annual average "
                "exchange rate of each year")
    if currency == "USD":
        return Paragraph(f"Exports, imports, total and balance with {the(partner)}, in US dollars as {possessive(reporter)} "
                         f"statistics report them{also}.")
    return Paragraph(f"Exports, imports, total and balance with {the(partner)}, in {currency_name(currency)} as "
                     f"{the(reporter)} publishes them and in US dollars at the annual average exchange rate of each year{also}.")


def chart_title(reporter: str, partner: str) -> str:
    return f"{possessive(reporter, True)} trade with {the(partner)}"


def table_caption(reporter: str, partner: str, currency: str, home: str | None = None) -> str:
    return f"{name(reporter)}–{name(partner)} trade in {in_words(currency, home)}"


def level(usd_totals: pd.Series, own_totals: pd.Series, rates: pd.Series, reporter: str, partner: str, currency: str) -> Paragraph:
    """The latest dollar total (with its value in ``currency`` and the rate applied) and how it compares with the
    highest of the years shown: "reached ..., its highest value in 2009–2024" or "... 17% below its 2021 high of
    US$350 billion". Series are indexed by period: dollar totals, totals in ``currency``, ``currency`` per US dollar."""
    usd_totals = usd_totals.dropna().sort_index()
    if usd_totals.empty:
        return Paragraph("")
    last, value = str(usd_totals.index[-1]), float(usd_totals.iloc[-1])
    quotes = [Quote("trade_value", reporter, partner, "total", last, value, "USD", amount(value, "USD"))]
    text = f"**{amount(value, 'USD')} in {last}**"
    own, rate = (float(own_totals.get(last, math.nan)), round(float(rates.get(last, math.nan)), 4))
    if currency != "USD" and math.isfinite(own) and math.isfinite(rate):   # no rate can be read back from a zero total
        text += f" ({amount(own, currency)} at {rate:,.2f} {currency} per US dollar)"
        quotes += [Quote("trade_value", reporter, partner, "total", last, own, currency, amount(own, currency)),
                   Quote("exchange_rate", reporter, "USA", "none", last, rate, f"{currency} per USD", f"{rate:,.2f}")]
    peak = str(usd_totals.idxmax())
    if len(usd_totals) == 1:
        return Paragraph(f"Bilateral trade was {text}.", tuple(quotes))
    high = float(usd_totals[peak])
    if value >= high:   # the latest year is the high (or ties with it)
        return Paragraph(f"Bilateral trade reached {text}, its highest value in {years(usd_totals.index[0], last)}.", tuple(quotes))
    change = round(100 * (value / high - 1), 3)
    quotes += [Quote("trade_value", reporter, partner, "total", peak, high, "USD", amount(high, "USD")),
               Quote("change_from_high", reporter, partner, "total", f"{peak}-{last}", change, "percent", percent(-change, 0))]
    return Paragraph(f"Bilateral trade was {text}, {'' if currency == 'USD' else 'in dollars '}{percent(-change, 0)} below its "
                     f"{peak} high of {amount(high, 'USD')}.", tuple(quotes))


def exchange_rates(methods: pd.DataFrame, missing: list[str], currency: str) -> Paragraph:
    """Which rates were applied to which years (``methods``: index = method, columns min and max period), and
    the years without a rate, shown in ``currency`` only."""
    if currency == "USD":
        return Paragraph("")
    text = ""
    if len(methods):
        text = "Exchange rates: " + listing([f"{m} for {years(r['min'], r['max'])}" for m, r in methods.iterrows()]) + "."
    if missing:
        those = "that year is" if len(missing) == 1 else "those years are"
        text += f" No exchange rate is loaded for {listing(sorted(missing))}, so {those} shown in {currency_name(currency)} only."
    return Paragraph(text.strip())


def in_home_currency(home_values: pd.DataFrame, rate_unit: str, reporter: str, partner: str, home: str, currency: str,
                     publisher: str) -> Paragraph:
    """The latest year's bilateral trade in the reporter's own currency ``home`` and the rate applied, and the years
    without a rate said in words: "In euros, bilateral trade was **€304 billion in 2022**, at the
    European Central Bank's average rate for the year, 1.05 US dollars per euro." ``home_values``: ``indicators.currency.home_values`` rows
    (period, total_home, home_rate: the rate as quoted in ``rate_unit``, "USD per EUR"); ``currency``: the data's currency,
    in which the years without a rate stay; ``publisher``: who published the rates ("European Central Bank (ECB)")."""
    rows = home_values.assign(period=home_values["period"].astype(str)).sort_values("period")
    have = rows[rows["total_home"].notna() & rows["home_rate"].notna()]
    missing = sorted(set(rows["period"]) - set(have["period"]))
    text, quotes = "", []
    if len(have):
        last = have.iloc[-1]
        period, value, rate = str(last["period"]), float(last["total_home"]), round(float(last["home_rate"]), 4)
        who = re.sub(r"\s*\([^)]*\)\s*$", "", publisher).strip()   # "European Central Bank (ECB)" -> its name
        quote, base = rate_unit.split(" per ")
        text = (f"In {currency_name(home)}, bilateral trade was **{amount(value, home)} in {period}**, at the "
                f"{who + chr(39) + 's ' if who else ''}average rate for the year, {rate:,.2f} {currency_name(quote)} per "
                f"{currency_name(base, plural=False)}.")
        quotes = [Quote("trade_value", reporter, partner, "total", period, value, home, amount(value, home)),
                  Quote("exchange_rate", reporter, "USA", "none", period, rate, rate_unit, f"{rate:,.2f}")]
    if missing:
        those = "that year is" if len(missing) == 1 else "those years are"
        text += (f" No {currency_name(home, plural=False)} rate is loaded for {listing(missing)}, so {those} shown in "
                 f"{currency_name(currency)} only.")
    return Paragraph(text.strip(), tuple(quotes))
