"""Sentences of the mirror-statistics section (notebooks/mirror.ipynb): each side's report of the same trade,
the gap between them and what explains it.

Valuation: an importer's figure is CIF (cost, insurance and freight to its border), an exporter's FOB (free on
board at the exporter's border), so the import side is expected to be the larger by the cost of freight and
insurance, a few percent. The explanation follows the sign of the gap: where the CIF side is the smaller,
freight and insurance cannot be the reason and the text says so. Import values from UN Comtrade are its
``primaryValue``, which for imports is the CIF value (``tradebrief.sources.comtrade_plus`` loads that column
only); a country that publishes its imports at another value (the United States: customs value, without
freight and insurance) is listed in ``reference/import_valuation.csv``, and the section says which value it shows.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pandas as pd

from tradebrief.formatting import currency_name, listing, money, percent
from tradebrief.names import possessive, the, years
from tradebrief.prose.paragraph import EMPTY, Paragraph, Quote, pair_trade, rounded

VALUATION_FILE = Path(__file__).resolve().parents[1] / "reference" / "import_valuation.csv"
MIRROR_FLOW = {"import": "export", "export": "import"}
AGREE = 2.0      # percent: a gap this small is agreement
FREIGHT = 10.0   # percent: the most that freight and insurance (CIF against FOB) plausibly explain
TREND = 2.0      # percentage points: a gap this much wider or narrower than in the first year has changed
SLIVER = 0.1     # a bar under a tenth of the longest is a sliver at the briefing's chart width: not charted


@lru_cache(maxsize=1)
def _published_valuation() -> dict[str, tuple[str, str]]:
    with open(VALUATION_FILE, encoding="utf-8", newline="") as fh:
        return {r["code"]: (r["import_valuation"], r["note"]) for r in csv.DictReader(fh)}


def introduction(reporter: str, partner: str) -> Paragraph:
    return Paragraph(
        f"The same trade flow is recorded twice: as {possessive(reporter)} imports from {the(partner)} and as "
        f"{possessive(partner)} exports to {the(reporter)} (and the other way round). Both figures are put in US dollars — "
        "values published in another currency are converted at the annual average exchange rate of their year — and the "
        f"gap is {possessive(reporter)} figure over {possessive(partner)}, minus one.")


def not_loaded(reporter: str, partner: str, start_year, end_year) -> str:
    """Why the section is left out."""
    return (f"{possessive(partner, capital=True)} own all-goods reports of its trade with {the(reporter)} for "
            f"{years(start_year, end_year)} are not loaded")


def flow_labels(reporter: str, partner: str) -> dict[str, str]:
    """The two comparisons, as a chart's legend names them."""
    return {"import": f"{possessive(reporter, capital=True)} imports vs {possessive(partner)} exports",
            "export": f"{possessive(reporter, capital=True)} exports vs {possessive(partner)} imports"}


def chart_words(reporter: str, partner: str, mirror: pd.DataFrame) -> dict:
    """Title and axis of the mirror chart, and which chart: ``chart`` = "lines" over several years, "bars" for one
    year's two flows, None where a chart would mislead: a single comparison (one bar is no chart), or one year's two
    gaps so different in size that the smaller bar would be under ``SLIVER`` of the longer (Germany–China 2022,
    +77.8% and +1.7%, drew as one bar); ``one_year`` then says why in words (``one_year``)."""
    one_year = mirror["period"].nunique() == 1
    title = f"Mirror statistics: {the(reporter)} and {the(partner)} as each reports the other"
    gaps = mirror["gap_pct"].abs()
    readable = len(mirror) > 1 and gaps.min() >= SLIVER * gaps.max()
    return {"title": title + (f", {mirror['period'].iloc[0]}" if one_year else ""),
            "axis": f"{possessive(reporter, capital=True)} figure vs {possessive(partner)} (%)", "one_year": one_year,
            "chart": "lines" if not one_year else "bars" if readable else None}


def one_year(mirror: pd.DataFrame, reporter: str, partner: str) -> Paragraph:
    """Why a one-year comparison has no chart (``chart_words``: a single comparison, or gaps so different in size
    that one bar would be a sliver): both sides' reports overlap in one year, so no gap can be followed over time,
    and the table below holds the year's comparisons, each with its sign. ``mirror``: ``mirror_gap`` rows, one period."""
    year = str(mirror["period"].iloc[0])
    flows = [f for f in ("import", "export") if (mirror["flow"] == f).any()]
    named = [f"{possessive(reporter)} {f}s against {possessive(partner)} {MIRROR_FLOW[f]}s" for f in flows]
    why = (f"the year's two gaps ({named[0]}, {named[1]}) differ too much in size for bars to show both, and are given in "
           "the table" if len(flows) == 2 else f"the one comparison both sides allow, {named[0]}, is given in the table")
    return Paragraph(f"{possessive(partner, capital=True)} own reports of its trade with {the(reporter)} overlap with "
                     f"{possessive(reporter)} in {year} only, so the gap cannot be followed over time; {why}.")


def table(mirror: pd.DataFrame, reporter: str, partner: str) -> dict:
    """The two sides per flow and year: the arguments of ``charts.table`` (``df``, ``caption``, ``formats``)."""
    own, other = f"{possessive(reporter, capital=True)} figure (US$ bn)", f"{possessive(partner, capital=True)} figure (US$ bn)"
    m = mirror.sort_values(["flow", "period"], ascending=[False, True])
    frame = pd.DataFrame({"Year": m["period"], "Flow": m["flow"].map(flow_labels(reporter, partner)),
                          own: m["reporter_value"] / 1e9, other: m["partner_value"] / 1e9, "Gap (%)": m["gap_pct"]})
    return {"df": frame, "caption": f"{pair_trade(reporter, partner, capital=True)} as each reports it, in US dollars",
            "formats": {own: "{:,.1f}", other: "{:,.1f}", "Gap (%)": "{:+.1f}"}}


def third_place(reporter: str, partner: str) -> str:
    """Hong Kong is the entrepôt through which much of China's trade is routed; for other pairs it stays general."""
    if "CHN" in (reporter, partner) and "HKG" not in (reporter, partner):
        return "a third place, such as Hong Kong,"
    return "a third place (an entrepôt port or a free zone)"


def _gap_figure(reporter, partner, flow, period, gap) -> Quote:
    return Quote("mirror_gap", reporter, partner, flow, str(period), rounded(float(gap), 3), "percent")


def _value_figure(who, whom, flow, period, value) -> Quote:
    return Quote("mirror_value", who, whom, flow, str(period), round(float(value)), "USD")


def _why_imports(g: float, reporter: str, partner: str, via: str) -> str:
    """The reporter's imports (CIF) against the partner's exports (FOB); ``g``: reporter's over partner's, minus one (%)."""
    own, other = possessive(reporter), possessive(partner)   # the clause follows a colon: no capital
    if 0 <= g < AGREE:
        return (f"the two agree within {percent(g)}, {possessive(reporter)} CIF import figure being the larger by less than "
                "freight and insurance usually add.")
    if AGREE <= g <= FREIGHT:
        return (f"{own} CIF import figure is {percent(g)} above {other} FOB export figure, in the range that valuation "
                "explains: imports are valued including freight and insurance, exports at the border of the exporting country.")
    if g > FREIGHT:
        return (f"{own} figure is {percent(g)} higher, more than freight and insurance (CIF against FOB) explain: goods "
                f"{the(partner)} records as exports to {via} and {the(reporter)} records by country of origin as imports from "
                f"{the(partner)} widen the gap.")
    # the CIF side is the smaller: valuation would put it above, so it cannot be the reason
    lead = (f"the two agree within {percent(-g)}, but {possessive(reporter)} CIF import figure is the smaller" if g > -AGREE
            else f"{own} CIF import figure is {percent(-g)} below {other} FOB export figure")
    return (f"{lead}, although freight and insurance should put it above, so valuation does not explain the gap: goods "
            f"{the(partner)} exports to {the(reporter)} may arrive through {via} and be recorded as trade with it, and "
            "shipments crossing the turn of the year fall into different years.")


def _why_exports(g: float, reporter: str, partner: str, via: str) -> str:
    """The reporter's exports (FOB) against the partner's imports (CIF); ``g``: reporter's over partner's, minus one (%)."""
    own, other = possessive(reporter), possessive(partner)   # the clause follows a colon: no capital
    if -AGREE < g <= 0:
        return (f"the two agree within {percent(-g)}, {possessive(partner)} CIF import figure being the larger by less than "
                "freight and insurance usually add.")
    if -FREIGHT <= g <= -AGREE:
        return (f"{own} FOB export figure is {percent(-g)} below {other} CIF import figure, in the range that freight and "
                "insurance explain.")
    if g < -FREIGHT:
        return (f"{own} figure is {percent(-g)} lower, more than freight and insurance explain: {the(partner)} records imports "
                f"by country of origin, so goods {the(reporter)} ships to {via} and that reach {the(partner)} from there count "
                f"as imports from {the(reporter)} on {possessive(partner)} side only.")
    # the FOB side is the larger: valuation would put it below, so it cannot be the reason
    lead = (f"the two agree within {percent(g)}, but {possessive(reporter)} FOB export figure is the larger" if g < AGREE
            else f"{own} FOB export figure is {percent(g)} above {other} CIF import figure")
    return (f"{lead}, although freight and insurance should put {other} above it, so valuation does not explain the gap: goods "
            f"declared for {the(partner)} may be routed on through {via} or recorded by {the(partner)} in another year "
            "(shipments crossing the turn of the year).")


def explain(mirror: pd.DataFrame, flow: str, reporter: str, partner: str) -> Paragraph:
    """One flow's comparison in its latest year, why the two sides differ (following the gap's sign: the CIF
    import side is expected to be the larger), and, with several years, whether the gap widened;
    ``mirror``: ``mirror_gap`` rows of the briefing's years."""
    rows = mirror[mirror["flow"] == flow].sort_values("period")
    if rows.empty:
        return EMPTY
    last = rows.iloc[-1]
    g, p = float(last.gap_pct), str(last.period)
    via = third_place(reporter, partner)
    mine, theirs = ("imports from", "exports to") if flow == "import" else ("exports to", "imports from")
    text = (f"In {p} {the(reporter)} recorded {mine} {the(partner)} of **{money(last.reporter_value, 'USD', 'billion')}**, "
            f"and {the(partner)} recorded {theirs} {the(reporter)} of **{money(last.partner_value, 'USD', 'billion')}**: "
            + (_why_imports if flow == "import" else _why_exports)(g, reporter, partner, via))
    figs = [_gap_figure(reporter, partner, flow, p, g), _value_figure(reporter, partner, flow, p, last.reporter_value),
            _value_figure(partner, reporter, MIRROR_FLOW[flow], p, last.partner_value)]
    if len(rows) > 1:
        first = rows.iloc[0]
        f0 = float(first.gap_pct)
        trend = "wider than" if abs(g) > abs(f0) + TREND else "narrower than" if abs(g) < abs(f0) - TREND else "about as"
        median = float(rows["gap_pct"].median())
        text += (f" The gap of {percent(g, signed=True)} in {p} is {trend} in {first.period} ({percent(f0, signed=True)}); "
                 f"its median over {len(rows)} years is {percent(median, signed=True)}.")
        figs += [_gap_figure(reporter, partner, flow, first.period, f0),
                 Quote("mirror_gap_median", reporter, partner, flow, f"{first.period}-{p}", rounded(median, 3), "percent"),
                 Quote("mirror_years", reporter, partner, flow, f"{first.period}-{p}", len(rows), "count")]
    return Paragraph(text, tuple(figs))


def valuation(mirror: pd.DataFrame, reporter: str, partner: str) -> Paragraph:
    """Which value an import figure is, where the importer publishes its imports at another value than the
    CIF value UN Comtrade gives (the United States: customs value)."""
    notes = []
    for importer, flow in ((reporter, "import"), (partner, "export")):
        if importer in _published_valuation() and (mirror["flow"] == flow).any():
            published, note = _published_valuation()[importer]
            notes.append(f"{possessive(importer, capital=True)} imports are shown at UN Comtrade's CIF value, not as "
                         f"{the(importer)} publishes them: its own statistics value imports at {published} ({note}), "
                         "a lower figure for the same goods.")
    return Paragraph(" ".join(notes))


def conversion(mirror: pd.DataFrame) -> Paragraph:
    """A note on the currency conversion, when a side was published in another currency than US dollars."""
    converted = sorted({c for c in pd.concat([mirror["reporter_currency"], mirror["partner_currency"]]) if c not in ("USD", "converted")})
    if not converted:
        return EMPTY
    return Paragraph(f"Figures published in {listing([currency_name(c) for c in converted])} are converted to US dollars at the "
                     "annual average exchange rate of their year; a country that converts each month's trade at that month's rate "
                     "arrives at a slightly different dollar figure for the same goods, a further small source of difference.")


def sources(mirror: pd.DataFrame, rates: pd.DataFrame) -> list[str]:
    """The files behind the comparison: both sides' reports and, where a side was converted, the rates."""
    files = sorted(set(mirror["reporter_source"]) | set(mirror["partner_source"]))
    if conversion(mirror):
        files += sorted(rates["source"].unique())
    return files
