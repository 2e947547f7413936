"""UN Comtrade in its current layout ("Comtrade Plus"): the website's CSV export and the
DataFrame that ``comtradeapicall`` (getFinalData / previewFinalData) returns.

Any number of reporters, annual (``freqCode`` A, ``period`` YYYY) or monthly (M, YYYYMM).
Values are ``primaryValue`` in current US dollars. Areas are Comtrade numeric codes mapped
through UN Comtrade's published reference tables (``tradebrief/reference/``), so non-country
areas keep their Comtrade code and are never taken for countries.

Breakdowns: a row is one reporter, partner, flow, period and commodity only when the second
partner, customs procedure, mode of transport and mode of supply are at their totals
(``partner2Code`` 0, ``customsCode`` C00, ``motCode`` 0, ``mosCode`` 0 in Comtrade's reference
tables). A file that holds other values would double count if summed, so it is refused.
"""
from __future__ import annotations

import pandas as pd

from tradebrief.countries import COMTRADE_PARTNERS_FILE, COMTRADE_REPORTERS_FILE, code_for_comtrade
from tradebrief.errors import DataError, Problem
from tradebrief.schema import TOTAL
from tradebrief.sources.cards import Card
from tradebrief.sources.numbers import parse_numbers
from tradebrief.sources.raw_table import RawTable

PUBLISHER = "United Nations, UN Comtrade"
#: Columns that identify the layout (present with and without descriptions, in the CSV and the API frame);
#: the other required columns are checked by the loader, which names the one that is missing.
HEADER = ("reporterCode", "partnerCode")
COLUMNS = ["typeCode", "freqCode", "refPeriodId", "refYear", "refMonth", "period", "reporterCode", "reporterISO",
           "reporterDesc", "flowCode", "flowDesc", "partnerCode", "partnerISO", "partnerDesc", "partner2Code",
           "partner2ISO", "partner2Desc", "classificationCode", "classificationSearchCode", "isOriginalClassification",
           "cmdCode", "cmdDesc", "aggrLevel", "isLeaf", "customsCode", "customsDesc", "mosCode", "motCode", "motDesc",
           "qtyUnitCode", "qtyUnitAbbr", "qty", "isQtyEstimated", "altQtyUnitCode", "altQtyUnitAbbr", "altQty",
           "isAltQtyEstimated", "netWgt", "isNetWgtEstimated", "grossWgt", "isGrossWgtEstimated", "cifvalue", "fobvalue",
           "primaryValue", "legacyEstimationFlag", "isReported", "isAggregate"]
REQUIRED = ["freqCode", "period", "reporterCode", "flowCode", "partnerCode", "cmdCode", "primaryValue"]
#: Breakdown dimensions and their "total" code (UN Comtrade reference tables: partner 0 World,
#: customs C00 "TOTAL customs procedure codes", mot 0 "TOTAL modes of transport", mos 0 "All Modes of Supply").
BREAKDOWN_TOTALS = {"partner2Code": "0", "customsCode": "C00", "motCode": "0", "mosCode": "0"}
#: Comtrade flow codes kept, and the canonical flow. Other codes (DX domestic exports, FM foreign
#: imports, processing flows) are parts of these and would double count.
FLOWS = {"X": "export", "M": "import", "RX": "re-export", "RM": "re-import"}
SELF_FLOWS = {"import": "re-import", "export": "re-export"}


def _rows_text(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:5])
    return shown + (f" ... ({len(lines)} rows)" if len(lines) > 5 else "")


def _code_text(series: pd.Series) -> pd.Series:
    """Codes as text without a spreadsheet's '.0' (0.0 -> '0', 1000.0 -> '1000')."""
    return series.astype(str).str.strip().str.replace(r"^(\d+)\.0+$", r"\1", regex=True)


def _check_breakdowns(raw: RawTable) -> None:
    """One problem per breakdown column not at its total, naming its rows; those rows are left out."""
    for column, total in BREAKDOWN_TOTALS.items():
        if column not in raw.frame.columns:
            continue
        codes = _code_text(raw.frame[column])
        if codes.eq("").all() or codes.str.lower().isin(["nan", "none"]).all():
            continue  # column left empty: no breakdown requested
        other = codes.ne(total)
        if other.any():
            values = sorted(codes[other].unique())[:5]
            lines = raw.frame.loc[other, "_line"].astype(int).tolist()
            raw.mark_rejected(other)
            raw.problems.append(Problem(
                str(raw.path), f"{column} is not at its total {total!r} in {len(lines)} rows (values {values}); "
                f"the file mixes breakdowns and summing it would double count",
                row=_rows_text(lines), column=column,
                fix=f"download with {column}={total} (and the other breakdowns at their totals: "
                    + ", ".join(f"{c}={t}" for c, t in BREAKDOWN_TOTALS.items() if c != column) + ")"))


def _areas(raw: RawTable, column: str, table: str) -> pd.Series:
    codes = _code_text(raw.frame[column])
    numeric = codes.str.fullmatch(r"\d+")
    raw.reject(~numeric, column, lambda v: f"{column} {v!r} is not a numeric Comtrade area code")
    mapping = {c: code_for_comtrade(int(c), table) for c in codes[numeric].unique()}
    ref = COMTRADE_PARTNERS_FILE if table == "partner" else COMTRADE_REPORTERS_FILE
    for c in [c for c, v in mapping.items() if v is None]:
        rows = codes.eq(c)
        raw.problems.append(Problem(str(raw.path), f"unknown UN Comtrade area code {c}", row=_rows_text(raw.frame.loc[rows, "_line"].astype(int).tolist()),
                                    column=column, fix=f"add the area to {ref} (UN Comtrade's reference table; see the README there)"))
        raw.mark_rejected(rows)
    return codes.map(mapping)


def _flows(raw: RawTable) -> pd.Series:
    codes = raw.frame["flowCode"].astype(str).str.strip().str.upper()
    flows = codes.map(FLOWS)
    if flows.isna().any():
        bad = flows.isna()
        lines = raw.frame.loc[bad, "_line"].astype(int).tolist()
        raw.mark_rejected(bad)
        raw.problems.append(Problem(str(raw.path), f"flowCode {sorted(codes[bad].unique())[:5]} not read: only X, M, RX and RM are "
                                "(domestic exports, foreign imports and processing flows are parts of them and would double count)",
                                row=_rows_text(lines), column="flowCode", fix="download flows X, M (and RX, RM) only"))
    return flows


def _periods(raw: RawTable) -> tuple[pd.Series, pd.Series]:
    freq = raw.frame["freqCode"].astype(str).str.strip().str.upper()
    period = _code_text(raw.frame["period"])
    bad_freq = ~freq.isin(["A", "M"])
    raw.reject(bad_freq, "freqCode", lambda v: f"freqCode {v!r} is neither A (annual) nor M (monthly)")
    shape_ok = (freq.eq("A") & period.str.fullmatch(r"\d{4}")) | (freq.eq("M") & period.str.fullmatch(r"\d{6}"))
    raw.reject(~shape_ok & ~bad_freq, "period", lambda v: f"period {v!r} does not match freqCode (A: YYYY, M: YYYYMM)")
    monthly = freq.eq("M")
    return period.where(~monthly, period.str.slice(0, 4) + "-" + period.str.slice(4, 6)), freq


def load(raw: RawTable, card: Card, source: str) -> pd.DataFrame:
    """A Comtrade Plus table (strings) -> canonical rows (value in USD)."""
    raw.require(REQUIRED)
    if "typeCode" in raw.frame.columns:
        services = raw.frame["typeCode"].astype(str).str.strip().str.upper().eq("S")
        if services.any():
            raw.mark_rejected(services)
            raw.problems.append(Problem(str(raw.path), "trade in services (typeCode S) is not read: this briefing covers goods (typeCode C)",
                                        row=_rows_text(raw.frame.loc[services, "_line"].astype(int).tolist()), column="typeCode"))
    _check_breakdowns(raw)
    period, freq = _periods(raw)
    product = raw.frame["cmdCode"].astype(str).str.strip()
    out = pd.DataFrame({
        "reporter": _areas(raw, "reporterCode", "reporter"), "partner": _areas(raw, "partnerCode", "partner"),
        "flow": _flows(raw), "period": period, "frequency": freq,
        "value": parse_numbers(raw, "primaryValue", collect=True), "currency": "USD",
        "product": product.where(product.str.upper() != "TOTAL", TOTAL), "source": source, "_line": raw.frame["_line"],
    })
    # A reporter "importing from itself" is how Comtrade records goods of its own origin coming back
    # (China reports about USD 120 bn a year): re-imports by definition, so they are kept apart from
    # imports (and counted, as Comtrade does, in the world total), never ranked as a partner.
    self_trade = out["partner"].eq(out["reporter"])
    out.loc[self_trade, "flow"] = out.loc[self_trade, "flow"].map(SELF_FLOWS).fillna(out.loc[self_trade, "flow"])
    return out


def frame_to_raw(df: pd.DataFrame, path: str = "comtradeapicall") -> RawTable:
    """The DataFrame comtradeapicall returns, as the strings a CSV of it would hold (row 2 = first record)."""
    from pathlib import Path
    text = df.astype(object).where(df.notna(), "").astype(str).reset_index(drop=True)
    text.columns = [str(c).strip() for c in text.columns]
    text["_line"] = range(2, 2 + len(text))
    return RawTable(Path(path), text, "utf-8", ",", 1)


def load_frame(df: pd.DataFrame, source: str = "comtradeapicall", card: Card | None = None) -> pd.DataFrame:
    """Canonical rows from a comtradeapicall DataFrame (getFinalData / previewFinalData output),
    validated like a file; raises DataError naming the record (row 2 = first record) and column."""
    from tradebrief.schema import COLUMNS as CANONICAL
    from tradebrief.sources.validate import trade_problems
    raw = frame_to_raw(df, source)
    table = load(raw, card or Card(), source)
    if raw.rejected is not None:
        table = table.loc[~table["_line"].isin(raw.frame.loc[raw.rejected, "_line"])]
    problems = raw.problems + trade_problems(table, source, cross_row=not raw.problems)
    if problems:
        raise DataError(problems)
    return table.drop(columns="_line").reset_index(drop=True)[CANONICAL]
