"""Sentences of the product section (notebooks/product_dependence.ipynb): the dependency test on the
commodity groups, the export groups at stake and the case studies.

Every function takes the frames the indicators compute (``dependency_tests``, ``top_export_groups``,
``case_study``, ``whole_year_changes``) and returns a ``Paragraph`` with the key figures it quotes."""
from __future__ import annotations

import re

import pandas as pd

from tradebrief.commodities import label
from tradebrief.formatting import listing, money, money_unit, percent
from tradebrief.names import count, possessive, the, verb, years
from tradebrief.prose.paragraph import EMPTY, Paragraph, Quote, rounded

FLOW_WORD = {"export": "exports", "import": "imports"}
TOP = 15   # groups in the chart and table of the import test


def introduction(reporter: str, partner: str, share_threshold: float, hhi_threshold: float) -> Paragraph:
    return Paragraph(
        f"For each commodity group of the Ministry of Finance's summary classification: {possessive(partner)} share of "
        f"{possessive(reporter)} imports, and how concentrated those imports are across supplying countries. In the spirit "
        f"of the EU's strategic-dependency method, a group is flagged when {the(partner)} supplies at least {share_threshold:g}% "
        f"**and** the import HHI is at least {hhi_threshold:g}. The HHI counts only the partners listed in the source, so it "
        "is a lower bound.", constants=(share_threshold, hhi_threshold))


def no_groups(reporter: str, partner: str, year=None) -> str:
    """Why the section is left out: the data have no commodity groups (e.g. UN Comtrade all-goods totals)."""
    when = f" in {year}" if year is not None else ""
    return f"the loaded data have no commodity groups of {possessive(reporter)} imports from {the(partner)}{when}"


def _criteria(share_threshold: float, hhi_threshold: float) -> str:
    return f"share ≥ {share_threshold:g}%, HHI ≥ {hhi_threshold:g}"


def dependency(tests: pd.DataFrame, reporter: str, partner: str, year, share_threshold: float,
               hhi_threshold: float) -> Paragraph:
    """How many import groups meet both tests in ``year`` (``tests``: ``dependency_tests`` of that year), which,
    how many pass the share test only, and how much of the imports the listed partners cover."""
    n = len(tests)
    flagged = tests[tests["dependent"]]
    k = len(flagged)
    share_only = int((tests["meets_share"] & ~tests["meets_hhi"]).sum())
    year = str(year)
    figs = [Quote("dependent_groups", reporter, partner, "import", year, k, "count"),
            Quote("import_groups_tested", reporter, partner, "import", year, n, "count"),
            Quote("import_groups_share_only", reporter, partner, "import", year, share_only, "count")]
    criteria = _criteria(share_threshold, hhi_threshold)
    if k:
        head = f"**{k} of {count(n, 'import group')}** {verb(k, 'meets', 'meet')} both tests ({criteria}): "
        items = []
        for r in flagged.itertuples():
            items.append(f"{label(r.product, mid_sentence=True)} ({percent(r.partner_share, 0)}, HHI {r.hhi:.2f})")
            figs += [Quote("dependent_group", reporter, partner, "import", year, rounded(r.partner_share, 4), "percent", product=r.product),
                     Quote("import_hhi", reporter, "WLD", "import", year, rounded(r.hhi, 5), "index 0-1", product=r.product)]
        head += listing(items) + "."
    elif n == 0:
        head = "the data hold **no import groups** to test."
    elif n == 1:
        head = f"**the one import group** in the data does not meet both tests ({criteria})."
    else:
        head = f"**none of the {count(n, 'import group')}** meets both tests ({criteria})."
    if share_only:
        one = share_only == 1
        further = ("One further group" if one else f"A further {count(share_only, 'group')}") if k else f"Still, {count(share_only, 'group')}"
        rest = (f"{further} {verb(share_only, 'gets', 'get')} at least "
                f"{share_threshold:g}% of {'its' if one else 'their'} imports from {the(partner)} but "
                f"{verb(share_only, 'draws', 'draw')} on suppliers too spread out to pass the HHI test.")
    elif n > k:
        rest = f"No {'other ' if k else ''}group gets {share_threshold:g}% or more of its imports from {the(partner)}."
    else:
        rest = ""
    text = f"In {year}, {head}" + (f" {rest}" if rest else "")
    if n:
        listed = float((tests["listed_share"] * tests["world_value"]).sum() / tests["world_value"].sum())
        figs.append(Quote("import_groups_listed_share", reporter, "WLD", "import", year, rounded(listed, 4), "percent"))
        every = "the one group" if n == 1 else f"all {count(n, 'group')}"
        text += (f" The partners listed in the source account for {percent(listed)} of the imports of {every} in {year}; "
                 "the rest is not counted in the HHI.")
    return Paragraph(text, tuple(figs), (share_threshold, hhi_threshold))


def hhi_test_redundant(tests: pd.DataFrame, reporter: str, partner: str, year, share_threshold: float, hhi_threshold: float) -> Paragraph:
    """When, in these data and this year, the HHI test rules out no group that passes the share test because
    the partner alone gives every such group an HHI above the threshold; empty otherwise.

    A single supplier with a share of 100·√threshold passes the HHI test on its own."""
    implied = 100 * hhi_threshold ** 0.5
    passing = tests[tests["meets_share"]]
    if passing.empty or not passing["meets_hhi"].all() or not (passing["partner_share"] >= implied).all():
        return EMPTY
    n = len(passing)
    which = ("the one group that passes the share test has" if n == 1 else
             f"each of the {count(n, 'group')} that pass the share test has")
    return Paragraph(
        f"In {year} the HHI test rules out no group: {which} {the(partner)} supplying {percent(implied)} or more of it, and a "
        f"single supplier with that share gives an HHI of at least {hhi_threshold:g} on its own.",
        (Quote("dependent_groups", reporter, partner, "import", str(year), n, "count"),), constants=(implied, hhi_threshold))


def thresholds_note(share_threshold: float, hhi_threshold: float, defaults=(50, 0.4)) -> Paragraph:
    if (share_threshold, hhi_threshold) == tuple(defaults):
        return EMPTY
    return Paragraph(f"*The thresholds are this briefing's parameters; the defaults are a {defaults[0]:g}% share and an HHI of "
                     f"{defaults[1]:g}, the concentration threshold of the European Commission's method.*", constants=tuple(defaults))


def import_table(tests: pd.DataFrame, dependence: pd.DataFrame, partner: str, start_year, end_year, unit: str) -> dict:
    """The table of the groups with the highest share from the partner: the arguments of ``charts.table`` (``df``, ``caption``, ``formats``)."""
    base = dependence[dependence["period"] == str(start_year)].set_index("product")["partner_share"]
    top = tests.head(TOP)
    share_now, share_then = f"Share {end_year} (%)", f"Share {start_year} (%)"
    value = f"Imports from {the(partner)} {end_year} ({unit})"
    frame = pd.DataFrame({"Group": top["product"].map(label), "Section": top["section"].map(label), share_now: top["partner_share"]}
                         | ({share_then: top["product"].map(base)} if str(start_year) != str(end_year) else {})
                         | {f"HHI {end_year}": top["hhi"], value: top["partner_value"] / 1e9})
    if top["dependent"].any():
        frame["Both tests"] = top["dependent"].map({True: "yes", False: "no"})
    first = f"The {len(top)} import groups" if len(top) > 1 else "The import group"
    vs = f", {end_year} vs {start_year}" if str(start_year) != str(end_year) else f", {end_year}"
    return {"df": frame, "caption": f"{first} with the highest share from {the(partner)}{vs}",
            "formats": {share_now: "{:.1f}", share_then: "{:.1f}", f"HHI {end_year}": "{:.2f}", value: "{:,.0f}"}}


def import_chart_words(reporter: str, partner: str, year, share_threshold: float, hhi_threshold: float) -> dict:
    """Title, axis and legend words of the import-share chart."""
    return {"title": f"Import groups most supplied by {the(partner)}, {year}",
            "xlabel": f"{possessive(partner)} share of {possessive(reporter)} imports of the group",
            "highlight_label": f"meets both tests ({_criteria(share_threshold, hhi_threshold)})", "plain_label": "other groups",
            "vline_label": f"share test: {share_threshold:g}%"}


def export_heading(reporter: str, partner: str) -> str:
    return f"Exporters' exposure: {possessive(reporter, capital=True)} largest export groups to {the(partner)}"


def export_table(exports_top: pd.DataFrame, reporter: str, partner: str, year, unit: str) -> dict:
    """The reporter's largest export groups to the partner (``top_export_groups``): the arguments of ``charts.table`` (``df``, ``caption``, ``formats``)."""
    to, everywhere = f"Exports to {the(partner)} ({unit})", f"All exports ({unit})"
    share = f"{possessive(partner, capital=True)} share (%)"
    frame = pd.DataFrame({"Group": exports_top["product"].map(label), "Section": exports_top["section"].map(label),
                          to: exports_top["partner_value"] / 1e9, everywhere: exports_top["world_value"] / 1e9,
                          share: exports_top["partner_share"]})
    return {"df": frame, "caption": f"{possessive(reporter, capital=True)} largest export groups to {the(partner)}, {year}",
            "formats": {to: "{:,.0f}", everywhere: "{:,.0f}", share: "{:.1f}"}}


# ---- case studies ---------------------------------------------------------------------------------------------

def month(period: str) -> str:
    """"2023-07" -> "Jul 2023"."""
    return pd.Period(period, freq="M").strftime("%b %Y")


def _numbers_of(texts) -> tuple[float, ...]:
    """Numbers written in the events file's own words (an announcement's number and date): quoted text, not data."""
    return tuple(float(x.replace(",", "")) for t in texts for x in re.findall(r"\d[\d,]*(?:\.\d+)?", str(t)))


def case_study_lead(cs) -> Paragraph:
    """The heading and the events the chart shows, in one output (print keeps a heading with what follows)."""
    events = " ".join(f"{month(e['period'])}: {e['label']} ({e['note']})." for e in cs.events_shown)
    return Paragraph(f"## {cs.heading}" + (f"\n\n{events}" if events else ""),
                     constants=_numbers_of([cs.heading] + [e["label"] + " " + e["note"] for e in cs.events_shown]))


def _subject(cs, capital: bool = True) -> str:
    return f"{possessive(cs.reporter, capital)} {FLOW_WORD[cs.flow]}"


def wider_group(cs) -> Paragraph:
    """Which group an annual case study shows when the data's classification lacks the one it asks for first."""
    if not cs.missing:
        return EMPTY
    return Paragraph(f"The data's classification has no {listing([label(p, mid_sentence=True) for p in cs.missing], conj='or')} "
                     f"group for {_subject(cs, False)}, so the wider group {label(cs.shown, mid_sentence=True)} is shown.")


def case_study_words(cs) -> dict:
    """Chart title, axis label and (monthly) table caption of a case study."""
    what = f"{_subject(cs)} of {label(cs.shown, mid_sentence=True)} to {the(cs.partner)}" if cs.shown else \
        f"{possessive(cs.reporter, capital=True)} reported {FLOW_WORD[cs.flow]} to {the(cs.partner)} by group"
    scale = "billion" if cs.frequency == "A" else "million"
    per = "" if cs.frequency == "A" else " per month"
    first, last = cs.series["period"].min(), cs.series["period"].max()
    span = f"{month(first)} to {month(last)}" if cs.frequency == "M" else years(first, last)
    return {"title": what, "ylabel": f"{FLOW_WORD[cs.flow]} ({money_unit(cs.currency, scale, short=False)}{per})",
            "caption": f"{what}, {money_unit(cs.currency, 'million', short=False)} per year ({span})"}


def _value_figure(cs, product: str, period: str, value: float) -> Quote:
    return Quote("case_study_value", cs.reporter, cs.partner, cs.flow, str(period), rounded(float(value), 2), cs.currency,
                  product=product, id=cs.id)


def _change_figure(cs, product: str, a, b, change: float) -> Quote:
    return Quote("case_study_change", cs.reporter, cs.partner, cs.flow, f"{a}-{b}", rounded(float(change), 3), "percent",
                  product=product, id=cs.id)


def annual_change(cs) -> Paragraph:
    """How an annual case study's series moved between its two comparison years, and where it stands in the
    latest year of the data when that is later; empty when a comparison year is not in the data."""
    f = cs.series.set_index("period")["value"]
    a, b = cs.compare
    if a not in f.index or b not in f.index:
        return EMPTY
    change = 100 * (f[b] / f[a] - 1)
    moved = "fell" if change < 0 else "rose" if change > 0 else "was unchanged"
    what = f"{_subject(cs)} of {label(cs.shown, mid_sentence=True)} to {the(cs.partner)}"
    text = (f"{what} {moved} from {money(f[a], cs.currency, 'billion', 0)} in {a} to {money(f[b], cs.currency, 'billion', 0)} "
            f"in {b} ({percent(change, 0, signed=True)}).")
    figs = [_value_figure(cs, cs.shown, a, f[a]), _value_figure(cs, cs.shown, b, f[b]), _change_figure(cs, cs.shown, a, b, change)]
    latest = max(f.index)
    if latest > b:   # the data go on after the comparison: where the series stands now
        since = 100 * (f[latest] / f[a] - 1)
        text += (f" In {latest}, the latest year of these data, they were {money(f[latest], cs.currency, 'billion', 0)} "
                 f"({percent(since, 0, signed=True)} on {a}).")
        figs += [_value_figure(cs, cs.shown, latest, f[latest]), _change_figure(cs, cs.shown, a, latest, since)]
    return Paragraph(text, tuple(figs))


def monthly_change(cs, w: dict | None) -> Paragraph:
    """A monthly case study read in whole years (``w``: ``whole_year_changes``): the largest group, its distance
    from its high, and each group's change; empty when fewer than two whole years can be compared."""
    if w is None:
        return EMPTY
    cur, largest = cs.currency, w["largest"]
    figs = [_value_figure(cs, largest, w["last"], w["value"])]
    since_peak = ""
    if w["peak"] != w["last"]:
        below = 100 * (1 - w["value"] / w["peak_value"])
        since_peak = (f", {percent(below, 0)} below its {w['peak']} high of {money(w['peak_value'], cur, 'million', 1)}")
        figs += [_value_figure(cs, largest, w["peak"], w["peak_value"]), _change_figure(cs, largest, w["peak"], w["last"], -below)]
    for g, v in w["change"].items():
        figs.append(_change_figure(cs, g, w["ref"], w["last"], v))
    # the groups the marked measures name (events' products) are told apart from the others: a fall in a group
    # no measure covers must not read as the measures' effect
    covered = {p for e in cs.events_shown for p in e.get("products", [])} if w["since_event"] else set()
    hit = [(g, v) for g, v in w["change"].items() if g in covered]
    rest = [(g, v) for g, v in w["change"].items() if g not in covered]
    span = f"from {w['ref']}{' (the last whole year before the first measure marked)' if w['since_event'] else ''} to {w['last']}"
    if hit:
        moved = f"{span}, the value of the groups the marked measures cover changed: {_changes(hit, short=True)}"
        moved += f"; of the other groups, {_changes(rest, short=True)}" if rest else ""
    else:
        moved = f"{span}, the value of {_changes(rest)}"
    text = (f"In {w['last']} the largest of these groups was {label(largest, mid_sentence=True)} "
            f"({money(w['value'], cur, 'million', 1)}{since_peak}); {moved}. "
            "A change in value mixes prices and quantities: it is not, on its own, evidence of a restriction.")
    return Paragraph(text, tuple(figs))


def _changes(items, short: bool = False) -> str:
    """"rare earths changed by −67% and graphite by 0%" (``short``: "rare earths −67% and graphite 0%")."""
    parts = [f"{label(g, mid_sentence=True)} {'' if short else 'changed by ' if i == 0 else 'by '}{percent(v, 0, signed=True)}"
             for i, (g, v) in enumerate(items)]
    return listing(parts)


def events_outside(cs) -> Paragraph:
    """The study's events that fall outside the periods of its data, listed after the chart."""
    if not cs.events_outside:
        return EMPTY
    first, last = cs.series["period"].min(), cs.series["period"].max()
    span = f"{month(first)} to {month(last)}" if cs.frequency == "M" else years(first, last)
    return Paragraph(f"Outside these data ({span}): " + "; ".join(f"**{month(e['period'])}** {e['label']}" for e in cs.events_outside) + ".",
                     constants=_numbers_of(e["label"] for e in cs.events_outside))
