"""Product dependence at HS 6-digit level (with HS4 and HS2 roll-ups), written once as Ibis
expressions so that the same query runs on DuckDB and on Spark.

Input: a bilateral panel with columns year, exporter, importer, hs6, value (BACI layout after
``tradebrief.sources.baci``: ISO alpha-3 codes, value in thousand USD). Each country's
imports are read from the importer side, as BACI reconciles both sides into one value.

For a reporter R and a partner P, per product and year:

    imports            R's imports of the product from all suppliers
    partner_imports    ... from P;  partner_share = 100 * partner_imports / imports
    top_share          the largest single supplier's share (%)
    hhi                Herfindahl-Hirschman index of R's import sources, 0-1: sum of squared shares
    exports            R's exports of the product to all destinations
    import_export_ratio imports / exports (null when R exports none)

and the EU-style dependency test (European Commission, "Strategic dependencies and
capacities", SWD(2021) 352, applied to one country): the product is *dependent* when the
largest supplier's share >= ``share_min``, HHI >= ``hhi_min`` and imports > exports; R
*depends on P* for it when, in addition, P is that largest supplier.
"""
from __future__ import annotations

import csv
import textwrap
from functools import cache
from importlib.resources import files

import pandas as pd

LEVELS = (6, 4, 2)
INDICATOR_COLUMNS = ["year", "product", "imports", "partner_imports", "partner_share", "top_share", "hhi",
                     "suppliers", "exports", "import_export_ratio"]


def import_structure(panel, reporter: str, partner: str, level: int = 6, years=None):
    """Ibis expression: one row per year and product (HS code cut to ``level`` digits)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    t = panel if years is None else panel.filter(panel.year.isin([int(y) for y in years]))
    t = t.mutate(product=t.hs6.substr(0, level))
    imports = t.filter(t.importer == reporter)
    by_supplier = imports.group_by(["year", "product", "exporter"]).aggregate(v=imports.value.sum())
    # HHI = sum of squared shares = sum(v^2) / (sum v)^2: one pass, no join back to the totals
    structure = by_supplier.group_by(["year", "product"]).aggregate(
        imports=by_supplier.v.sum(),
        partner_imports=by_supplier.v.sum(where=by_supplier.exporter == partner),
        top_value=by_supplier.v.max(),
        sum_squares=(by_supplier.v * by_supplier.v).sum(),
        suppliers=by_supplier.exporter.count(),
    )
    exports = t.filter(t.exporter == reporter)
    exports = exports.group_by(["year", "product"]).aggregate(exports=exports.value.sum())
    s = structure.left_join(exports, ["year", "product"]).drop("year_right", "product_right")
    exported = s.exports.fill_null(0.0)
    return s.filter(s.imports > 0).select(
        "year", "product", "imports",
        partner_imports=s.partner_imports.fill_null(0.0),
        partner_share=100.0 * s.partner_imports.fill_null(0.0) / s.imports,
        top_share=100.0 * s.top_value / s.imports,
        hhi=s.sum_squares / (s.imports * s.imports),
        suppliers=s.suppliers.cast("int64"),
        exports=exported,
        import_export_ratio=(exported > 0).ifelse(s.imports / exported, None).cast("float64"),
    )


def product_dependence(panel, reporter: str, partner: str, level: int = 6, years=None,
                       share_min: float = 50.0, hhi_min: float = 0.4) -> pd.DataFrame:
    """The indicators (see the module text) with the dependency test, as a pandas frame
    sorted by year and product; at HS6 the EU critical raw materials are flagged."""
    out = import_structure(panel, reporter, partner, level, years).to_pandas()
    out = out[INDICATOR_COLUMNS].sort_values(["year", "product"]).reset_index(drop=True)
    out["year"] = out["year"].astype("int64")
    out["product"] = out["product"].astype(object)  # engines hand back str or object dtype
    out["suppliers"] = out["suppliers"].astype("int64")
    out["import_export_ratio"] = out["import_export_ratio"].astype("float64")
    return dependency_test(out, share_min, hhi_min, level)


def dependency_test(dep: pd.DataFrame, share_min: float = 50.0, hhi_min: float = 0.4, level: int = 6) -> pd.DataFrame:
    d = dep.copy()
    d["meets_share"] = d["top_share"] >= share_min
    d["meets_hhi"] = d["hhi"] >= hhi_min
    d["meets_trade"] = d["imports"] > d["exports"]
    d["dependent"] = d["meets_share"] & d["meets_hhi"] & d["meets_trade"]
    # P is (one of) the largest suppliers; a relative tolerance absorbs engines' different summation order
    d["partner_is_top"] = (d["partner_imports"] > 0) & (d["partner_share"] >= d["top_share"] * (1 - 1e-12))
    d["depends_on_partner"] = d["dependent"] & d["partner_is_top"]
    if level == 6:
        crm = critical_raw_materials()[["hs6", "material", "hs_scope"]].rename(columns={"hs6": "product", "material": "critical_material"})
        d = d.merge(crm, on="product", how="left")
    return d


# Widths of a product's name in the section's table and in its chart's bar labels (characters)
TABLE_WIDTH, LABEL_WIDTH = 60, 38


def dependent_products(dep: pd.DataFrame, year: int, descriptions: dict[str, str] | None = None) -> pd.DataFrame:
    """Products of ``year`` for which the reporter depends on the partner, largest imports from
    the partner first. With descriptions (code -> text): ``description_full``, ``description`` (cut
    between words to the table's width) and ``label`` (code and description for a chart's bar)."""
    d = dep[(dep["year"] == int(year)) & dep["depends_on_partner"]].sort_values(
        ["partner_imports", "product"], ascending=[False, True]).reset_index(drop=True)
    if descriptions is not None:
        full = d["product"].map(descriptions).fillna("").astype(object)
        d.insert(2, "description", full.map(lambda t: short_description(t, TABLE_WIDTH)))
        d.insert(3, "description_full", full)
        d.insert(4, "label", d["product"] + " " + full.map(lambda t: short_description(t, LABEL_WIDTH)))
    return d


def short_description(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, cut between words with an ellipsis (textwrap.shorten),
    never ending on a dangling comma, colon or opening bracket: "Vehicles; … not powered by an electric
    motor (" reads as a mistake, "Vehicles; … not powered by an electric motor…" as a shortened name.
    An unclosed bracket is dropped with its text when enough remains without it."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    cut = textwrap.shorten(text, width - 1, placeholder="", break_on_hyphens=False, break_long_words=False)   # room for "…"
    if not cut:   # textwrap keeps nothing (one word longer than the width, or a first "word" of punctuation)
        cut = text[: width - 1]
        cut = cut[: cut.rfind(" ")] if " " in cut else cut   # between words when there is a space to cut at
    for opening, closing in (("(", ")"), ("[", "]")):
        at = cut.rfind(opening)
        if at > cut.rfind(closing) and at >= width // 2:
            cut = cut[:at]
    return cut.rstrip(" ,;:-([") + "…"


def summary(dep: pd.DataFrame, year: int) -> dict:
    """Counts and values for the briefing's prose (values in the panel's unit)."""
    y = dep[dep["year"] == int(year)]
    on = y[y["depends_on_partner"]]
    crm = on[on["critical_material"].notna()] if "critical_material" in on else on.iloc[0:0]
    return {"products": len(y), "dependent": int(y["dependent"].sum()), "on_partner": len(on),
            "on_partner_imports": float(on["partner_imports"].sum()), "imports": float(y["imports"].sum()),
            "partner_imports": float(y["partner_imports"].sum()), "critical_on_partner": len(crm),
            "critical_materials": sorted(crm["critical_material"].unique()) if len(crm) else []}


@cache
def critical_raw_materials() -> pd.DataFrame:
    """EU critical raw materials (Regulation (EU) 2024/1252, Annex II) by HS6 subheading;
    provenance in reference/critical_raw_materials_hs6.md."""
    with files("tradebrief").joinpath("reference", "critical_raw_materials_hs6.csv").open(encoding="utf-8") as f:
        return pd.DataFrame(list(csv.DictReader(f)), dtype="string").astype(object)
