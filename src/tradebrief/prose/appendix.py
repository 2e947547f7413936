"""Sentences and tables of the data appendix (notebooks/data_check.ipynb): the files a briefing draws on, what
each supplied, and the cross-source checks (``tradebrief.indicators.checks``, ``mirror_gap``).

A file is cited only if the briefing draws on it (``rows_used``, ``rate_files_used``): the appendix never
lists a file as "not used" and cites it elsewhere. Long paths get break opportunities (a zero-width space
after "/" and "_", written as an escape) so a narrow table column wraps them."""
from __future__ import annotations

import re

import pandas as pd

from tradebrief.formatting import currency_name, listing, percent
from tradebrief.names import count, possessive, the, years
from tradebrief.prose.paragraph import EMPTY, Paragraph, Quote, pair_trade, rounded

BREAK = "\u200b"          # zero-width space: where a long path may wrap
NB_HYPHEN = "\u2011"      # non-breaking hyphen: "comtrade-minerals" never breaks at its hyphen
MATCH_PCT = 0.01          # monthly sums within this of the annual total "match" (rounding of published thousands)
AGREE_PCT = 0.5           # the same customs data in two publishers' dollars: beyond this a year-flow is named
KIND = {"nes": "not elsewhere specified", "special": "special category (bunkers, free zones, confidential)",
        "group": "group of countries"}


def breakable(path: str) -> str:
    return str(path).replace("/", "/" + BREAK).replace("_", "_" + BREAK)


def _span(first, last) -> str:
    """A period as key_figures writes it: "2024" or "2009-2019"."""
    return str(first) if str(first) == str(last) else f"{first}-{last}"


# ---- files ----------------------------------------------------------------------------------------------------

def files_table(files) -> dict:
    """Coverage of the files the briefing draws on (``Dataset.files`` entries): the arguments of ``charts.table`` (``df``, ``caption``, ``formats``)."""
    frame = pd.DataFrame([{"File": breakable(f.path), "Format": f.format.replace("-", NB_HYPHEN), "Rows": f.rows,
                           "Periods in file": f.first_period if f.first_period == f.last_period else f"{f.first_period} – {f.last_period}",
                           "Partners": f.partners or "–", "Flows": ("/" + BREAK).join(f.flows).replace("-", NB_HYPHEN) or "–",
                           "Products": f.products or "–", "Currency": _currency_cell(f.currency),
                           "Partial": ", ".join(f.partial_periods) or "–"} for f in files])
    return {"df": frame, "formats": {"Rows": "{:,}"},
            "caption": f"Coverage of the {count(len(files), 'file')} this briefing draws on (all passed schema validation)"}


def _currency_cell(currency: str, most: int = 3) -> str:
    """"JPY", "JPY/USD"; a rates file quoting many currencies (the ECB's ~30) is counted, not listed: its list
    would widen the table past a phone's width."""
    pairs = [p for p in str(currency).split(", ") if p]
    if len(pairs) > most:
        return f"{count(len(pairs), 'exchange rate')}"
    return ", ".join(p.replace(" per ", "/") for p in pairs)


def unused_files(unused: list[str], reporter: str, partner: str, start_year, end_year) -> Paragraph:
    if not unused:
        return EMPTY
    return Paragraph(f"Also loaded and validated, but not used for {the(reporter)} and {the(partner)} in "
                     f"{years(start_year, end_year)}: " + listing([f"`{p}`" for p in unused]) + ".",
                     constants=_file_numbers(*unused))


def supplied_table(rows: pd.DataFrame, start_year, end_year) -> dict:
    """What each file supplied in the briefing's years (``rows``: the trade rows used): the arguments of ``charts.table`` (``df``, ``caption``, ``formats``)."""
    s = (rows.astype({"source": str, "frequency": str}).groupby(["source", "frequency"])["period"]
         .agg(first="min", last="max", periods="nunique", rows="size").reset_index())
    frame = pd.DataFrame({"File": s["source"].map(breakable), "Frequency": s["frequency"].map({"A": "annual", "M": "monthly"}),
                          "From": s["first"], "To": s["last"], "Periods": s["periods"], "Rows used": s["rows"]})
    return {"df": frame, "formats": {"Rows used": "{:,}", "Periods": "{:,}"},
            "caption": f"Which file supplied which periods of this briefing, {years(start_year, end_year)} "
                       "(where files overlap, the newest vintage wins)"}


def set_aside(excluded: pd.DataFrame, end_year) -> Paragraph:
    """Partial years left out of the data (a partial year long after the briefing is not its concern)."""
    ex = excluded[excluded["period"].astype(str).str.slice(0, 4).astype(int) <= int(end_year) + 1]
    if ex.empty:
        return EMPTY
    text = ("**Set aside as partial:** " + "; ".join(f"{r.period} from {r.source} ({r.note}; {r.rows:,} rows)" for r in ex.itertuples())
            + ". A partial year enters no full-year figure.")
    # the file facts stated here (period, row count, months in the note) describe the data, not a figure of it
    return Paragraph(text, constants=tuple(float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*", text)))


def provenance_table(files) -> dict:
    frame = pd.DataFrame([{"File": breakable(f.path), "Source": f.title or f.publisher, "Accessed": f.accessed or "–",
                           "Licence": f.licence or "–"} for f in files])
    return {"df": frame, "caption": "Provenance of these files (publisher's URL, units and caveats in data/SOURCES.md)"}


def areas_table(areas: pd.DataFrame, reporter: str) -> dict | None:
    """Partner areas that are not countries (``non_country_partners``) in the latest year: counted in the world
    total, never ranked. None when there are none."""
    if areas.empty:
        return None
    year = areas["period"].max()
    last = areas[areas["period"] == year].pivot_table(index=["name", "kind", "note"], columns="flow", values="share", aggfunc="sum").reset_index()
    last = last.assign(Kind=last["kind"].map(KIND).fillna(last["kind"]) + last["note"].map(lambda n: f"; {n}" if n else ""))
    last = last.rename(columns={"name": "Area", "export": "Share of exports (%)", "import": "Share of imports (%)"})
    cols = ["Area", "Kind"] + [c for c in ("Share of exports (%)", "Share of imports (%)") if c in last.columns]
    shown = last[(last[cols[2:]].fillna(0).abs() >= 0.005).any(axis=1)]   # a row of 0.00s says nothing a reader can use
    tiny = len(last) - len(shown)
    if shown.empty:
        return None
    return {"df": shown[cols], "formats": {c: "{:.2f}" for c in cols[2:]},
            "caption": f"Partner areas in {possessive(reporter)} {year} data that are not countries: counted in the world "
                       "total, never ranked" + (f" ({count(tiny, 'area')} under 0.005% of both flows not shown)" if tiny else "")}


# ---- cross-source checks -------------------------------------------------------------------------------------

def monthly_vs_annual(mva: pd.DataFrame, reporter: str, partner: str) -> Paragraph:
    """The monthly values summed over each year against the annual totals (``monthly_vs_annual``, the briefing's years)."""
    if mva.empty:
        return Paragraph(f"*No monthly series of {pair_trade(reporter, partner)} overlaps the annual data in these years, so "
                         "monthly sums cannot be checked.*")
    worst = mva.loc[mva["gap_pct"].abs().idxmax()]
    gap = float(mva["gap_pct"].abs().max())
    verdict = "match" if gap <= MATCH_PCT else "differ from"
    first, last = mva["year"].min(), mva["year"].max()
    text = (f"**Monthly vs annual.** The 12 monthly values of {pair_trade(reporter, partner)} summed over each year "
            f"({years(first, last)}, from {worst.monthly_source}) {verdict} the annual totals (from {worst.annual_source}): "
            f"the largest difference is **{percent(gap, 4)}** ({worst.flow}, {worst.year}).")
    return Paragraph(text, (Quote("check_monthly_vs_annual_max_gap", reporter, partner, "total", _span(first, last), rounded(gap, 6), "percent"),),
                     constants=(12,) + _file_numbers(worst.monthly_source, worst.annual_source))


def _file_numbers(*paths) -> tuple[float, ...]:
    """Numbers in file names ("japan_china_monthly_2001_2019.csv"): names, not figures."""
    return tuple(float(x) for p in paths for x in re.findall(r"\d+", str(p)))


def sections_vs_total(sec: pd.DataFrame, reporter: str) -> Paragraph:
    """Whether the MOF commodity sections add up to the total (``sections_vs_total``, the briefing's years)."""
    if sec.empty:
        return EMPTY
    gap = float(sec["gap_pct"].abs().max())
    return Paragraph("**Commodity sections vs total.** The MOF commodity sections "
                     + ("add up to" if gap <= MATCH_PCT else "do not add up to")
                     + f" the all-goods total in every year and flow: largest difference {percent(gap, 4)}.",
                     (Quote("check_sections_vs_total_max_gap", reporter, "WLD", "total", _span(sec["period"].min(), sec["period"].max()),
                             rounded(gap, 6), "percent"),))


def usd_check(cmp: pd.DataFrame, reporter: str, currency: str, start_year, end_year, rate_years) -> Paragraph:
    """The reporter's converted world totals against UN Comtrade's US dollars (``usd_vs_comtrade``, the briefing's
    years); for a reporter whose data are in US dollars, that nothing is converted. ``rate_years``: years with a rate."""
    if currency == "USD":
        return Paragraph(f"*{possessive(reporter, capital=True)} data are in US dollars as published: no exchange rate is "
                         "applied, so there is no conversion to cross-check.*")
    if cmp.empty:
        return Paragraph(f"*No UN Comtrade world totals of {the(reporter)} in US dollars are loaded for "
                         f"{years(start_year, end_year)}, so the conversion from {currency_name(currency)} to US dollars cannot "
                         "be cross-checked.*")
    outliers = cmp[cmp["gap_pct"].abs() > AGREE_PCT].sort_values(["period", "flow"])
    figs = [Quote("check_usd_vs_comtrade_max_gap", reporter, "WLD", "total", _span(cmp["period"].min(), cmp["period"].max()),
                   rounded(float(cmp["gap_pct"].abs().max()), 4), "percent")]
    own = f"{possessive(reporter, capital=True)} own world totals converted at the annual rate"
    if outliers.empty:
        text = (f"{own} and UN Comtrade's US dollar figures agree within ±{AGREE_PCT:g}% in every year and flow compared "
                f"(largest gap {percent(float(cmp['gap_pct'].abs().max()), 2)}).")
    else:
        named = [f"{r.period} {r.flow}s ({percent(r.gap_pct, 2, signed=True)})" for r in outliers.itertuples()]
        figs += [Quote("check_usd_vs_comtrade_gap", reporter, "WLD", r.flow, str(r.period), rounded(float(r.gap_pct), 4), "percent")
                 for r in outliers.itertuples()]
        text = (f"{own} and UN Comtrade's US dollar figures agree within ±{AGREE_PCT:g}% except in {listing(named)}, which UN "
                "Comtrade's valuation of those year-flows (CIF or FOB, revision) may explain; the briefing's dollar figures are "
                f"{possessive(reporter)} converted values, not UN Comtrade's.")
    missing = sorted(set(map(str, range(int(start_year), int(end_year) + 1))) & set(map(str, rate_years)) - set(cmp["period"]))
    if missing:
        text += f" UN Comtrade world totals are not loaded for {listing(missing)}."
    return Paragraph(text, tuple(figs), constants=(AGREE_PCT,))


def usd_table(cmp: pd.DataFrame, reporter: str, currency: str) -> dict:
    per = f"{currency} per USD"
    conv, com = "Converted at annual rate (US$ bn)", "UN Comtrade (US$ bn)"
    frame = pd.DataFrame({"Year": cmp["period"], "Flow": cmp["flow"], conv: cmp["converted_usd"] / 1e9, com: cmp["comtrade_usd"] / 1e9,
                          "Gap (%)": cmp["gap_pct"], per: cmp["rate"], "Rate": cmp["rate_method"]})
    return {"df": frame, "formats": {conv: "{:,.1f}", com: "{:,.1f}", "Gap (%)": "{:+.2f}", per: "{:,.2f}"},
            "caption": f"{possessive(reporter, capital=True)} world totals: its values in {currency_name(currency)} converted at "
                       "the annual rate vs UN Comtrade's US dollars"}


def mirror_note(mirror: pd.DataFrame, reporter: str, partner: str, start_year, end_year) -> Paragraph:
    """Whether the partner's own reports are loaded for the briefing's years, and the largest gap (``mirror_gap``)."""
    if mirror.empty:
        return Paragraph(f"**Mirror data.** {possessive(partner, capital=True)} own all-goods reports of its trade with "
                         f"{the(reporter)} for {years(start_year, end_year)} are not loaded, so the two sides cannot be "
                         "compared here.")
    worst = mirror.loc[mirror["gap_pct"].abs().idxmax()]
    return Paragraph(
        f"**Mirror data.** {possessive(partner, capital=True)} own reports are loaded for {listing(sorted(mirror['period'].unique()))}: "
        f"the two sides differ by up to **{percent(abs(worst.gap_pct))}** ({possessive(reporter)} {worst.flow}s, {worst.period}); "
        "the mirror-statistics section compares them and says why they differ.",
        (Quote("mirror_gap", reporter, partner, worst.flow, str(worst.period), rounded(float(worst.gap_pct), 3), "percent"),))


def rates_note(fx: pd.DataFrame, reporter: str, currency: str, start_year, end_year) -> Paragraph:
    """Which exchange rates convert the reporter's currency (``fx``: annual rates of the briefing's years); for data
    in US dollars ``usd_check`` has said that no rate is applied."""
    if currency != "USD" and fx.empty:
        return Paragraph(f"No exchange rate for {currency_name(currency)} is loaded for {years(start_year, end_year)}: values stay "
                         f"in {currency_name(currency)}.")
    return EMPTY


def rates_table(fx: pd.DataFrame, currency: str) -> dict:
    per = f"{currency} per USD"
    frame = fx.rename(columns={"period": "Year", "rate": per, "method": "Method", "source": "File"})[["Year", per, "Method", "File"]]
    return {"df": frame, "formats": {per: "{:,.2f}"}, "caption": f"Annual average exchange rates used for conversion ({per})"}
