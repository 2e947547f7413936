"""The Ministry of Finance summary commodity classification (the MOF's 'principal
commodities'), as a hierarchy: 9 sections that add up to the total, groups inside
them, and sub-items (written in parentheses) inside groups.

Export and import lists differ. Used to check that sections sum to TOTAL and to
pick the level at which product dependence is measured.
"""
from __future__ import annotations

import pandas as pd

SECTIONS = ("Foodstuff", "Raw Materials", "Mineral Fuels", "Chemicals", "Manufactured Goods",
            "Machinery", "Electrical Machinery", "Transport Equipment", "Others")

# group -> section, per flow; sub-items map to their group.
_EXPORT = {
    "Chemicals": ["Organic Chemicals", "Medical Products", "Plastic Materials"],
    "Manufactured Goods": ["Iron And Steel Products", "Nonferrous Metals", "Manufactures Of Metals", "Non-Metallic Mineral Ware",
                           "Rubber Manufactured", "Textile Yarn, Fabrics", "Paper & Paper Manufactures"],
    "Machinery": ["Power Generating Machine", "Computers And Units", "Parts Of Computer", "Metalworking Machinery",
                  "Construction Machines", "Textile Machines", "Semicon Machinery Etc", "Pump And Centrifuges",
                  "Heating Or Cooling Machine", "Ball Or Roller Bearings", "Mechanical Handling Equip"],
    "Electrical Machinery": ["Semiconductors Etc", "Electrical Apparatus", "Audio & Visual Apparatus", "Parts Of Audio, Visual App.",
                             "Telephony, Telegraphy", "Electrical Power Machinery", "Electrical Measuring", "Batteries And Accumulators",
                             "Visual Apparatus", "Audio Apparatus", "Blank/Recorded Media"],
    "Transport Equipment": ["Motor Vehicles", "Parts Of Motor Vehicles", "Motorcycles, Autocycles", "Ships", "Aircraft"],
    "Others": ["Scientific, Optical Inst", "Photographic Supplies"],
}
_IMPORT = {
    "Foodstuff": ["Meat And Meat Preparation", "Fish And Fish Preparation", "Cereals, Cereal Preparation", "Fruits", "Vegetables"],
    "Raw Materials": ["Wood", "Iron Ore And Concentrates", "Ore Of Nonferrous", "Soy Beans"],
    "Mineral Fuels": ["Petroleum", "Petroleum Products", "Lng", "Lpg", "Coal"],
    "Chemicals": ["Organic Chemicals", "Medical Products"],
    "Manufactured Goods": ["Iron And Steel Products", "Nonferrous Metals", "Manufactures Of Metals", "Non-Metallic Mineral Ware",
                           "Textile Yarn, Fabrics", "Wood & Cork Manufactured"],
    "Machinery": ["Power Generating Machine", "Computers And Units", "Parts Of Computer"],
    "Electrical Machinery": ["Semiconductors Etc", "Audio And Visual Apparatus", "Telephony, Telegraphy", "Electrical Power Machinery",
                             "Electrical Measuring", "Insulated Wire And Cable"],
    "Transport Equipment": ["Motor Vehicles", "Parts Of Motor Vehicles", "Aircraft"],
    "Others": ["Clothing And Accessories", "Bags", "Furniture", "Scientific, Optical Inst"],
}
_SUB_ITEMS = {
    "(Car)": "Motor Vehicles", "(Bus&Truck)": "Motor Vehicles", "(Ic)": "Semiconductors Etc",
    "(Tv Receiver)": "Audio & Visual Apparatus", "(Video Rec Or Repro App)": "Audio & Visual Apparatus",
    "(Coal N.e.s)": "Coal", "(Petroleum Spirits)": "Petroleum Products", "(Telephone Sets)": "Telephony, Telegraphy",
    "(Shrimps, Prawns, Lobsters)": "Fish And Fish Preparation",
}


def hierarchy() -> pd.DataFrame:
    """One row per (flow, product): level (1 section, 2 group, 3 sub-item) and parent."""
    rows = []
    for flow, groups in (("export", _EXPORT), ("import", _IMPORT)):
        for section in SECTIONS:
            rows.append((flow, section, 1, "TOTAL"))
            for g in groups.get(section, []):
                rows.append((flow, g, 2, section))
        for item, parent in _SUB_ITEMS.items():
            rows.append((flow, item, 3, parent))
    return pd.DataFrame(rows, columns=["flow", "product", "level", "parent"])


def known_names() -> dict[str, str]:
    """lower-case name -> the spelling used in the annual file (monthly files are upper case)."""
    names = set(SECTIONS) | set(_SUB_ITEMS) | {g for d in (_EXPORT, _IMPORT) for v in d.values() for g in v}
    return {n.lower(): n for n in names}
