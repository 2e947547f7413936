"""Sentences of the world-picture section (notebooks/world.ipynb), from ``tradebrief.indicators.world``
(``economy_shares``, ``world_summary``). BACI values are in thousand US dollars.

Counted and ranked are the countries other than the partner and the comparison (see the indicators'
module text); every sentence says so in its own words, so "of the M economies" never reads as all of them.
"""
from __future__ import annotations

import pandas as pd

from tradebrief.formatting import ordinal, percent
from tradebrief.names import count, name, possessive, the
from tradebrief.prose.paragraph import EMPTY, SHARE_DECIMALS, Paragraph, Quote, rounded

TOP_TABLE = 15   # economies in the table, before the reporter and its peers are added below them
PEERS = 5        # the largest importers marked in the chart beside the reporter


def _share(reporter: str, partner: str, flow: str, year, value: float) -> Quote:
    return Quote("world_partner_share", reporter, partner, flow, str(year), rounded(value, SHARE_DECIMALS), "percent", percent(value))


def heading(reporter: str) -> str:
    return f"{the(reporter, capital=True)} among all economies"


def introduction(reporter: str, partner: str, comparison: str) -> Paragraph:
    return Paragraph(
        f"A panel of every pair of economies places {the(reporter)} among all of them: for each economy, the share of its "
        f"imports (all goods) that comes from {the(partner)} and from {the(comparison)}, and the share of its exports that "
        f"goes to each. Ranked and counted are the countries other than {the(partner)} and {the(comparison)} themselves; "
        "areas that are not countries (such as \"Other Asia, nes\", in practice Taiwan) stay in every economy's total "
        "but are not ranked.")


def leads(s: dict, partner: str, comparison: str, year) -> Paragraph:
    """For how many economies the partner is the larger supplier, and the larger customer, than the comparison
    (``s``: ``world.world_summary``)."""
    imp, exp = s["import"], s["export"]
    if not imp["economies"]:
        return EMPTY
    year = str(year)
    figs = [Quote("world_partner_leads", "WLD", partner, "import", year, imp["partner_leads"], "count"),
            Quote("world_economies", "WLD", partner, "import", year, imp["economies"], "count")]
    text = (f"In {year}, {the(partner)} supplied more of an economy's imports than {the(comparison)} did for "
            f"**{imp['partner_leads']:,} of the {count(imp['economies'], 'economy', 'economies')}** other than the two")
    if exp["economies"]:
        figs += [Quote("world_partner_leads", "WLD", partner, "export", year, exp["partner_leads"], "count"),
                 Quote("world_economies", "WLD", partner, "export", year, exp["economies"], "count")]
        of = "them" if exp["economies"] == imp["economies"] else f"the {exp['economies']:,} with exports in the panel"
        text += f", and took more of its exports than {the(comparison)} did for **{exp['partner_leads']:,}** of {of}"
    return Paragraph(text + ".", tuple(figs))


def reporter_place(s: dict, reporter: str, partner: str, comparison: str, year) -> Paragraph:
    """The reporter's rank by the partner's share of its imports, and the four shares behind its place."""
    imp, exp = s["import"]["reporter"], s["export"]["reporter"]
    year = str(year)
    if imp is None:
        return Paragraph(f"The panel holds no imports of {the(reporter)} in {year}, so it has no place among them.")
    rank, m = int(imp["rank"]), s["import"]["economies"]
    figs = [Quote("world_rank", reporter, partner, "import", year, rank, "rank", ordinal(rank)),
            Quote("world_economies", "WLD", partner, "import", year, m, "count"),
            _share(reporter, partner, "import", year, imp["partner_share"]),
            _share(reporter, comparison, "import", year, imp["comparison_share"])]
    place = "highest" if rank == 1 else f"{ordinal(rank)} highest"
    among = "among them" if imp["partner_leads"] else "not among them"
    text = (f"{the(reporter, capital=True)} is {among}: {possessive(partner)} share of its imports, "
            f"**{percent(imp['partner_share'])}**, is the {place} of the {count(m, 'economy', 'economies')}, against "
            f"{percent(imp['comparison_share'])} from {the(comparison)}.")
    if exp is not None:
        figs += [_share(reporter, partner, "export", year, exp["partner_share"]),
                 _share(reporter, comparison, "export", year, exp["comparison_share"])]
        text += (f" Of its exports, {percent(exp['partner_share'])} went to {the(partner)} and "
                 f"{percent(exp['comparison_share'])} to {the(comparison)}.")
    return Paragraph(text, tuple(figs))


def chart_words(partner: str, comparison: str, year, economies: int) -> dict:
    return {"title": f"{possessive(partner, capital=True)} and {possessive(comparison)} shares of each economy's imports, "
                     f"{year}",
            "xlabel": f"{economies:,} economies ranked by {possessive(partner)} share of their imports (1 = highest)",
            "ylabel": "share of the economy's imports",
            "value_label": f"from {the(partner)}", "other_label": f"from {the(comparison)}"}


def table(shares: pd.DataFrame, reporter: str, partner: str, comparison: str, year, peers: list[str]) -> dict:
    """The economies where the partner's share of imports is highest, with the reporter and its peers added
    below when they are not among them: the arguments of ``charts.table`` (``df``, ``caption``, ``formats``)."""
    y = shares[(shares["year"] == int(year)) & shares["ranked"]]
    imp = y[y["flow"] == "import"].set_index("economy")
    exp = y[y["flow"] == "export"].set_index("economy")
    shown = list(imp.index[:TOP_TABLE])
    added = [c for c in [reporter, *peers] if c in imp.index and c not in shown]
    rows = imp.loc[shown + added]
    p, c = the(partner), the(comparison)
    frame = pd.DataFrame({
        "Rank": rows["rank"].astype(int).to_numpy(), "Economy": [name(e) for e in rows.index],
        f"Imports from {p} (%)": rows["partner_share"].to_numpy(), f"Imports from {c} (%)": rows["comparison_share"].to_numpy(),
        f"Exports to {p} (%)": exp["partner_share"].reindex(rows.index).to_numpy(),
        f"Exports to {c} (%)": exp["comparison_share"].reindex(rows.index).to_numpy(),
        "Imports (US$ bn)": rows["total"].to_numpy() / 1e6})
    top = (f"The {len(shown)} economies with the highest share of imports from {p}" if len(shown) < len(imp)
           else f"All {count(len(shown), 'economy', 'economies')}, by the share of their imports from {p}")
    others = [e for e in added if e != reporter]
    extra = ", then " + " and ".join(([the(reporter)] if reporter in added else [])
                                      + ([f"the largest {'importer' if len(others) == 1 else 'importers'} not among them"]
                                         if others else [])) if added else ""
    caption = f"{top}, {year}{extra}"
    formats = {col: "{:.1f}" for col in frame.columns if col.endswith("(%)")} | {"Imports (US$ bn)": "{:,.1f}", "Rank": "{:d}"}
    return {"df": frame, "caption": caption, "formats": formats}
