"""Latest months: the year to date of the newest year against the same months a year earlier.

A file whose card declares a partial year (``[partial_periods] "2026" = "January–March 2026 only"``)
holds that year's first months as one annual-frequency total; the dataset sets it aside from the
full years (``Dataset.partial``, never ``Dataset.trade``). These functions take such year-to-date rows (canonical columns plus ``months``, the
number of months from January they hold) and compare the newest with the same months a year
earlier when a file (or monthly data) holds them, otherwise with the last full year, flagged.
Pure: tables in, table out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from tradebrief.countries import AGGREGATES, WORLD
from tradebrief.indicators.trade import partner_ranks, plain, shares_of_world, trade_values
from tradebrief.schema import TOTAL, month_ordinal

SAME_MONTHS = "same months a year earlier"
LAST_FULL_YEAR = "last full year"
COLUMNS = ["indicator", "reporter", "partner", "flow", "period", "span", "value", "unit",
           "base_period", "base_span", "base_value", "base"]


@lru_cache(maxsize=1)
def month_names() -> tuple[str, ...]:
    """English month names, January first, from CLDR via babel (the calendar module follows the locale)."""
    from babel.dates import get_month_names
    names = get_month_names("wide", locale="en")
    return tuple(names[m] for m in range(1, 13))


def months_held(note: str) -> int | None:
    """Months from January a partial-period note names: 'January–March 2026 only' -> 3, 'January 2026' -> 1.

    None when the note names no month or a span that does not start in January (then it is no year to date)."""
    names = [n.lower() for n in month_names()]
    found = [names.index(w) + 1 for w in re.findall(r"[a-z]+", note.lower()) if w in names]
    if not found or found[0] != 1:
        return None
    return found[-1]


def months_words(year: int | str, months: int) -> str:
    """'January–March 2026'; one month 'January 2026'; twelve months the year alone, '2026'."""
    if months >= 12:
        return str(year)
    names = month_names()
    return f"{names[0]} {year}" if months == 1 else f"{names[0]}–{names[months - 1]} {year}"


def months_span(year: int | str, months: int) -> str:
    """The months as an ISO 8601 interval, '2026-01/2026-03', for key_figures ('2026-01' for January alone,
    '2026' for a full year)."""
    if months >= 12:
        return str(year)
    return f"{year}-01" if months == 1 else f"{year}-01/{year}-{months:02d}"


def year_to_date_rows(table: pd.DataFrame, partial_periods: dict[str, str]) -> pd.DataFrame:
    """The annual rows of one file's partial periods, with the months each holds (``months``).

    ``partial_periods``: the card's table, period -> note. A period whose note names no months
    from January (see ``months_held``) is left out: it cannot be compared month for month."""
    parts = []
    for period, note in partial_periods.items():
        n = months_held(note)
        if n is None:
            continue
        rows = table[(table["frequency"] == "A") & (table["period"].astype(str) == str(period))]
        parts.append(plain(rows).assign(months=n))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*table.columns, "months"])


def year_to_date(partial: pd.DataFrame, notes: dict[str, dict[str, str]], monthly: pd.DataFrame | None = None,
                 after: int | None = None) -> pd.DataFrame:
    """Every year to date the data hold after the last full year ``after``, and the same months a year
    earlier, as annual-frequency rows with ``months``.

    ``partial``: the rows the dataset set aside as partial years (``Dataset.partial``); ``notes``: each file's
    card table of partial periods, by source id (``FileInfo.partial_periods``). With ``monthly`` (monthly
    rows): the months after ``after`` summed from January, and the same months a year before each year to
    date found (``year_to_date_from_monthly``: only series holding every month are summed)."""
    parts = [year_to_date_rows(partial[partial["source"].astype(str) == source], periods)
             for source, periods in notes.items() if periods]
    parts = [p for p in parts if len(p)]
    if monthly is not None and after is not None:
        year = monthly["period"].astype(str).str.slice(0, 4).astype(int)
        monthly = monthly[(monthly["frequency"] == "M") & (year >= int(after))]   # the years that can matter, once
        later = monthly[monthly["period"].astype(str).str.slice(0, 4).astype(int) > int(after)]
        if len(later):
            newest = str(later["period"].astype(str).max())
            parts.append(year_to_date_from_monthly(monthly, int(newest[:4]), int(newest[5:7])))
        held = {(int(y), int(m)) for p in parts for y, m in zip(p["period"], p["months"]) if int(y) > int(after)}
        parts += [year_to_date_from_monthly(monthly, y - 1, m) for y, m in sorted(held)]
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*partial.columns, "months"])


def year_to_date_from_monthly(monthly: pd.DataFrame, year: int, months: int) -> pd.DataFrame:
    """January–``months`` of ``year`` summed from monthly rows, as annual-frequency rows with ``months``.

    Only series (reporter, partner, flow, product, currency) that hold every one of those months are summed."""
    sel = plain(monthly[monthly["frequency"] == "M"])
    sel = sel[sel["period"].str.slice(0, 4) == str(year)]
    sel = sel[(month_ordinal(sel["period"]) - int(year) * 12 + 1).between(1, months)]
    keys = ["reporter", "partner", "flow", "product", "currency"]
    grouped = sel.groupby(keys, observed=True).agg(value=("value", "sum"), n=("period", "nunique"),
                                                   source=("source", "first")).reset_index()
    full = grouped[grouped["n"] == months].drop(columns="n")
    return full.assign(period=str(year), frequency="A", months=months)


@dataclass(frozen=True)
class Comparison:
    """Which figures the latest months are set against."""

    year: int
    months: int
    base_year: int
    base_months: int  # 12: the last full year

    @property
    def same_months(self) -> bool:
        return self.base_months == self.months

    @property
    def base(self) -> str:
        return SAME_MONTHS if self.same_months else LAST_FULL_YEAR

    @property
    def words(self) -> str:
        return months_words(self.year, self.months)

    @property
    def base_words(self) -> str:
        return months_words(self.base_year, self.base_months)


def choose_comparison(ytd: pd.DataFrame, annual: pd.DataFrame, reporter: str, last_year: int | None = None) -> Comparison | None:
    """The newest year to date of ``reporter`` (its world total must be held) and its base.

    Base: the same months of the year before when ``ytd`` holds them, else the latest full year
    before it in ``annual``. None when there is no year to date after the last full year, or no base;
    with ``last_year`` (a briefing's last year), also None unless that is the data's last full year:
    the latest months follow the last full year, never a briefing that stops earlier."""
    own = ytd[(ytd["reporter"] == reporter) & (ytd["partner"] == WORLD) & (ytd["product"] == TOTAL)]
    full_years = plain(annual[(annual["reporter"] == reporter) & (annual["frequency"] == "A")
                              & (annual["partner"] == WORLD) & (annual["product"] == TOTAL)])["period"].astype(int)
    if own.empty or (last_year is not None and (full_years.empty or int(full_years.max()) != int(last_year))):
        return None
    year = int(own["period"].astype(int).max())
    if not full_years.empty and year <= full_years.max():
        return None   # a full year supersedes its own year to date
    months = int(own.loc[own["period"].astype(int) == year, "months"].max())
    if ((own["period"].astype(int) == year - 1) & (own["months"] == months)).any():
        return Comparison(year, months, year - 1, months)
    earlier = full_years[full_years < year]
    if earlier.empty:
        return None
    return Comparison(year, months, int(earlier.max()), 12)


def compared_rows(ytd: pd.DataFrame, annual: pd.DataFrame, reporter: str, last_year: int | None = None) -> pd.DataFrame:
    """The rows ``latest_months`` compares (the latest months and their base), e.g. to cite their files; empty
    when there is no comparison."""
    choice = choose_comparison(ytd, annual, reporter, last_year)
    if choice is None:
        return ytd.iloc[0:0]
    current, base_rows = _compared(ytd, annual, choice)
    return pd.concat([current, base_rows], ignore_index=True)


def _compared(ytd: pd.DataFrame, annual: pd.DataFrame, choice: Comparison) -> tuple[pd.DataFrame, pd.DataFrame]:
    current = ytd[(ytd["period"].astype(str) == str(choice.year)) & (ytd["months"] == choice.months)]
    if choice.same_months:
        base_rows = ytd[(ytd["period"].astype(str) == str(choice.base_year)) & (ytd["months"] == choice.months)]
    else:
        base_rows = annual[annual["period"].astype(str) == str(choice.base_year)]
    # one row per series: the same months may come from two files (a release and derived monthly data)
    series = ["reporter", "partner", "flow", "product", "currency"]
    return current.drop_duplicates(series), base_rows.drop_duplicates(series)


def _figures(table: pd.DataFrame, reporter: str, year: int, partners: list[str]) -> dict[tuple, object]:
    """Shares of total trade and of exports for each partner, and the top export destination, in one period."""
    values = trade_values(table, reporter)
    values = values[values["period"] == str(year)]
    shares = shares_of_world(values)
    out: dict[tuple, object] = {}
    for partner in partners:
        for flow in ("total", "export"):
            hit = shares[(shares["partner"] == partner) & (shares["flow"] == flow)]
            out[("share", partner, flow)] = float(hit["share"].iloc[0]) if len(hit) else None
    exports = partner_ranks(values[(values["flow"] == "export") & ~values["partner"].isin(AGGREGATES)])
    top = exports[exports["rank"] == 1].sort_values("partner")
    out[("top_export_destination", "", "export")] = str(top["partner"].iloc[0]) if len(top) else None
    return out


def latest_months(ytd: pd.DataFrame, annual: pd.DataFrame, reporter: str, partner: str, comparison: str,
                  last_year: int | None = None) -> pd.DataFrame:
    """The latest months against their base, one row per figure (columns ``COLUMNS``); empty when the
    data hold no months after the last full year.

    ``ytd``: year-to-date rows (``year_to_date_rows`` / ``year_to_date_from_monthly``); ``annual``: the
    dataset's full years. Figures: the partner's and the comparison's share (percent) of the reporter's
    total trade (exports + imports) and of its exports; the top export destination (a country code,
    non-country areas and the EU not ranked). ``base`` says whether the base is the same months a
    year earlier or the last full year; ``period``/``base_period`` name the months in words, ``span``/``base_span``
    as ISO 8601 intervals. ``last_year``: see ``choose_comparison``."""
    choice = choose_comparison(ytd, annual, reporter, last_year)
    if choice is None:
        return pd.DataFrame(columns=COLUMNS)
    current, base_rows = _compared(ytd, annual, choice)
    now = _figures(current.drop(columns="months"), reporter, choice.year, [partner, comparison])
    then = _figures(base_rows.drop(columns="months", errors="ignore"), reporter, choice.base_year, [partner, comparison])
    rows = []
    for (indicator, who, flow), value in now.items():
        rows.append({"indicator": indicator, "reporter": reporter, "partner": who, "flow": flow,
                     "period": choice.words, "span": months_span(choice.year, choice.months), "value": value,
                     "unit": "percent" if indicator == "share" else "code",
                     "base_period": choice.base_words, "base_span": months_span(choice.base_year, choice.base_months),
                     "base_value": then[(indicator, who, flow)], "base": choice.base})
    return pd.DataFrame(rows, columns=COLUMNS)
