"""Sentences of the HS 6-digit section (notebooks/product_hs6.ipynb), from ``tradebrief.indicators.hs6``
(``summary``, ``dependent_products``). BACI values are in thousand US dollars."""
from __future__ import annotations

import pandas as pd

from tradebrief.formatting import amount, listing, percent
from tradebrief.names import count, possessive, the, verb
from tradebrief.prose.paragraph import EMPTY, Paragraph, Quote, rounded

REGULATION = "Regulation (EU) 2024/1252"
TOP_CHART, TOP_TABLE = 15, 25


def introduction(reporter: str, partner: str, share_threshold: float, hhi_threshold: float) -> Paragraph:
    return Paragraph(
        f"For every HS 6-digit product {the(reporter)} imports: {possessive(partner)} share of those imports, how concentrated "
        f"they are across supplying countries (HHI, 0–1, over all suppliers in the data) and {possessive(reporter)} imports "
        "against its own exports of the product. In the spirit of the European Commission's strategic-dependency method, a "
        f"product counts as **dependent** when the largest supplier has at least {share_threshold:g}% of its imports, the HHI is "
        f"at least {hhi_threshold:g} and {the(reporter)} imports more than it exports; {the(reporter)} **depends on "
        f"{the(partner)}** for it when {the(partner)} is that largest supplier. Products on the EU list of critical raw "
        f"materials ({REGULATION}, mapped to HS6 subheadings) are marked.",
        constants=(6, 0, 1, share_threshold, hhi_threshold, 2024, 1252))


def _usd(thousands: float) -> str:
    """BACI's thousands of US dollars as the briefing prints an amount (three significant figures), from the whole
    dollars the key figures record."""
    return amount(round(thousands * 1e3), "USD")


def summary(s: dict, reporter: str, partner: str, year, share_threshold: float, hhi_threshold: float) -> Paragraph:
    """Products imported, dependent, dependent on the partner, and what those are worth (``s``: ``hs6.summary``)."""
    year = str(year)
    share = 100 * s["on_partner_imports"] / s["partner_imports"] if s["partner_imports"] else None
    text = (f"In {year}, {the(reporter)} imported **{count(s['products'], 'HS6 product')}**; **{s['dependent']:,}** "
            f"{verb(s['dependent'], 'passes', 'pass')} all three tests (largest supplier ≥ {share_threshold:g}%, HHI ≥ "
            f"{hhi_threshold:g}, imports above exports), and for **{s['on_partner']:,}** of them the largest supplier is "
            f"{the(partner)}.")
    figs = [Quote("hs6_products_imported", reporter, "WLD", "import", year, int(s["products"]), "count"),
            Quote("hs6_dependent_products_any_supplier", reporter, "WLD", "import", year, int(s["dependent"]), "count"),
            Quote("hs6_dependent_products", reporter, partner, "import", year, int(s["on_partner"]), "count")]
    if s["on_partner"] and share is not None:
        weight = "a large part" if share >= 25 else "a modest part" if share >= 5 else "a small part"
        text += (f" Those products were worth {_usd(s['on_partner_imports'])} of imports from {the(partner)}, {weight} "
                 f"({percent(share, 0)}) of everything {the(reporter)} bought from {the(partner)} that year.")
        figs += [Quote("hs6_dependent_imports", reporter, partner, "import", year, round(s["on_partner_imports"] * 1e3), "USD"),
                 Quote("hs6_dependent_imports_share", reporter, partner, "import", year, rounded(share, 3), "percent")]
    return Paragraph(text, tuple(figs), constants=(3, share_threshold, hhi_threshold))


def critical(s: dict, reporter: str, partner: str, year) -> Paragraph:
    """How many of the products dependent on the partner are critical raw materials, and which."""
    n = s["critical_on_partner"]
    if not s["on_partner"]:
        return EMPTY
    fig = (Quote("hs6_critical_products", reporter, partner, "import", str(year), int(n), "count"),)
    if not n:
        return Paragraph("None of them is on the EU list of critical raw materials.", fig)
    lead = "One of these products is" if n == 1 else f"{n} of these products are"
    return Paragraph(f"{lead} on the EU list of critical raw materials ({listing(s['critical_materials'])}).", fig)


def change(dep: pd.DataFrame, listed: pd.DataFrame, reporter: str, partner: str, base_year, year) -> Paragraph:
    """The count of products dependent on the partner against the base year's."""
    if int(base_year) == int(year):
        return EMPTY
    before = int(dep.loc[dep["year"] == int(base_year), "depends_on_partner"].sum())
    now = len(listed)
    trend = f"up from {before:,}" if now > before else f"down from {before:,}" if now < before else f"the same as the {before:,}"
    return Paragraph(f"The number of products for which {the(reporter)} depends on {the(partner)} in {year}, {now:,}, is {trend} "
                     f"in {base_year}.",
                     (Quote("hs6_dependent_products", reporter, partner, "import", str(year), now, "count"),
                      Quote("hs6_dependent_products", reporter, partner, "import", str(base_year), before, "count")))


def none_found(partner: str, year) -> Paragraph:
    return Paragraph(f"No HS6 product passes all three tests with {the(partner)} as the largest supplier in {year}.")


def chart_words(reporter: str, partner: str, year) -> dict:
    return {"title": f"Largest HS6 imports for which {the(reporter)} depends on {the(partner)}, {year} (red: EU critical raw material)",
            "xlabel": f"imports from {the(partner)} (US$ million)"}


def table(listed: pd.DataFrame, reporter: str, partner: str, year) -> dict:
    """The largest products for which the reporter depends on the partner: the arguments of ``charts.table`` (``df``, ``caption``, ``formats``)."""
    top = listed.head(TOP_TABLE)
    value, share = f"From {the(partner)} (US$ m)", f"{possessive(partner, capital=True)} share (%)"
    frame = pd.DataFrame({"HS6": top["product"], "Product": top["description"], value: top["partner_imports"] / 1e3,
                          share: top["partner_share"], "HHI": top["hhi"], "Imports / exports": top["import_export_ratio"],
                          "Critical raw material": top["critical_material"].fillna("")})
    n = len(top)
    lead = (f"The {n} largest of the {len(listed):,}" if n < len(listed) else "The one" if n == 1 else f"The {n}")
    noun = "HS6 product" if n == 1 and len(listed) == 1 else "HS6 products"
    return {"df": frame, "caption": f"{lead} {noun} for which {the(reporter)} depends on {the(partner)}, {year}",
            "formats": {value: "{:,.1f}", share: "{:.0f}", "HHI": "{:.2f}", "Imports / exports": "{:,.1f}"}}
