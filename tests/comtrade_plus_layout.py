"""Rows in the Comtrade Plus layout, for tests that build UN Comtrade files and API answers by hand."""
from __future__ import annotations

import csv

# Header of a Comtrade Plus final-data export (website "Download CSV" and the API's JSON keys, in this order).
PLUS_COLUMNS = [
    "typeCode", "freqCode", "refPeriodId", "refYear", "refMonth", "period", "reporterCode", "reporterISO",
    "reporterDesc", "flowCode", "flowDesc", "partnerCode", "partnerISO", "partnerDesc", "partner2Code",
    "partner2ISO", "partner2Desc", "classificationCode", "classificationSearchCode", "isOriginalClassification",
    "cmdCode", "cmdDesc", "aggrLevel", "isLeaf", "customsCode", "customsDesc", "mosCode", "motCode", "motDesc",
    "qtyUnitCode", "qtyUnitAbbr", "qty", "isQtyEstimated", "altQtyUnitCode", "altQtyUnitAbbr", "altQty",
    "isAltQtyEstimated", "netWgt", "isNetWgtEstimated", "grossWgt", "isGrossWgtEstimated", "cifvalue", "fobvalue",
    "primaryValue", "legacyEstimationFlag", "isReported", "isAggregate",
]
FLOW_DESC = {"M": "Import", "X": "Export", "RM": "Re-import", "RX": "Re-export"}


def plus_row(reporter: tuple, partner: tuple, flow: str, period: str, value: float) -> dict:
    """One all-goods record; ``reporter`` and ``partner`` are (code, ISO3, name) as Comtrade writes them.
    Breakdowns at their totals; imports valued CIF, exports FOB, as Comtrade records them."""
    monthly = len(period) == 6
    row = dict.fromkeys(PLUS_COLUMNS)
    row.update({
        "typeCode": "C", "freqCode": "M" if monthly else "A", "refPeriodId": int(period + ("01" if monthly else "0101")),
        "refYear": int(period[:4]), "refMonth": int(period[4:]) if monthly else 52, "period": period,
        "reporterCode": reporter[0], "reporterISO": reporter[1], "reporterDesc": reporter[2], "flowCode": flow,
        "flowDesc": FLOW_DESC[flow], "partnerCode": partner[0], "partnerISO": partner[1], "partnerDesc": partner[2],
        "partner2Code": 0, "partner2ISO": "W00", "partner2Desc": "World", "classificationCode": "H6",
        "classificationSearchCode": "HS", "isOriginalClassification": True, "cmdCode": "TOTAL",
        "cmdDesc": "All Commodities", "aggrLevel": 0, "isLeaf": False, "customsCode": "C00", "customsDesc": "TOTAL CPC",
        "mosCode": "0", "motCode": 0, "motDesc": "TOTAL MOT", "qtyUnitCode": -1, "qtyUnitAbbr": "N/A", "qty": 0.0,
        "isQtyEstimated": False, "altQtyUnitCode": -1, "altQtyUnitAbbr": "N/A", "altQty": 0.0,
        "isAltQtyEstimated": False, "netWgt": 0.0, "isNetWgtEstimated": False, "grossWgt": 0.0,
        "isGrossWgtEstimated": False, "cifvalue": value if flow in ("M", "RM") else None,
        "fobvalue": value if flow in ("X", "RX") else None, "primaryValue": value, "legacyEstimationFlag": 0,
        "isReported": False, "isAggregate": True})
    return row


def write_plus_csv(path, rows: list[dict], encoding: str = "utf-8") -> None:
    """As the website's "Download CSV" writes it: every column, empty cells for missing values."""
    with open(path, "w", newline="", encoding=encoding) as fh:
        w = csv.DictWriter(fh, fieldnames=PLUS_COLUMNS)
        w.writeheader()
        for r in rows:
            w.writerow({k: "" if v is None else v for k, v in r.items()})
