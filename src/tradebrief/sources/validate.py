"""Checks that guard each loaded file (they live next to the data they guard).

pandera runs the canonical schema in lazy mode so every problem is listed at once;
the checks pandera cannot express on one table row (world total vs partners, gaps in
a monthly series, periods out of range) follow. Every problem names file, row, column.
"""
from __future__ import annotations

import datetime as _dt

import pandas as pd

from tradebrief.countries import AGGREGATES, WORLD
from tradebrief.errors import DataError, Problem
from tradebrief.schema import KEY, canonical_schema, fx_schema, month_ordinal

FIRST_YEAR = 1950
_FIXES = {
    "unknown partner code": "use an ISO 3166 alpha-3 code (WLD for world, EU for the European Union)",
    "unknown reporter code": "use an ISO 3166 alpha-3 code",
    "negative trade value": "trade values are gross flows and cannot be negative; check the sign or the column",
    "currency not stated or not an ISO 4217 code": "state the currency (an ISO 4217 code such as JPY, USD, EUR) in the currency column or the file's metadata card",
    "duplicated key": "keep one row per reporter, partner, flow, period and product",
}


def _lines(table: pd.DataFrame, index) -> list[int]:
    return [int(x) for x in table.loc[list(index), "_line"]]


def _rows_text(lines: list[int]) -> str:
    if len(lines) <= 5:
        return ", ".join(map(str, lines))
    return ", ".join(map(str, lines[:5])) + f" ... ({len(lines)} rows)"


def _schema_problems(table: pd.DataFrame, file: str, schema) -> list[Problem]:
    import pandera.errors as pae
    body = table.drop(columns="_line")
    try:
        schema.validate(body, lazy=True)
        return []
    except pae.SchemaErrors as exc:
        cases = exc.failure_cases
    except pae.SchemaError as exc:  # pragma: no cover - lazy mode raises SchemaErrors
        return [Problem(file, str(exc))]
    problems = []
    for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=False):
        column = None if pd.isna(column) else str(column)
        check = str(check)
        idx = [i for i in group["index"].dropna().astype(int).unique() if i in body.index]
        if check.startswith("field_uniqueness") or "unique" in check.lower() or check == "multiple_fields_uniqueness":
            lines = _lines(table, idx)
            problems.append(Problem(file, f"duplicated key {KEY}", row=_rows_text(sorted(lines)), column=",".join(KEY), fix=_FIXES["duplicated key"]))
            continue
        if check == "column_in_dataframe" or check == "column_in_schema":
            problems.append(Problem(file, f"{check.replace('_', ' ')}: {list(group['failure_case'])}", column=column))
            continue
        values = group["failure_case"].astype(str).unique()[:3].tolist()
        lines = _lines(table, idx) if idx else []
        label = check.split("(")[0] if "(" in check else check
        msg = f"{label}: {', '.join(repr(v) for v in values)}" if values else label
        problems.append(Problem(file, msg, row=_rows_text(lines) if lines else None, column=column, fix=_FIXES.get(label)))
    return problems


def _world_vs_partners(table: pd.DataFrame, file: str) -> list[Problem]:
    keys = ["reporter", "flow", "period", "frequency", "product", "currency"]
    world = table[table["partner"] == WORLD].set_index(keys)["value"]
    if world.empty:
        return []
    countries = table[~table["partner"].isin(AGGREGATES)].groupby(keys)["value"].sum()
    both = pd.concat({"world": world, "partners": countries}, axis=1, join="inner")
    bad = both[both["partners"] > both["world"] * 1.001 + 1e-6]
    problems = []
    for key, row in bad.head(10).iterrows():
        match = (table["partner"] == WORLD)
        for k, v in zip(keys, key):
            match &= table[k] == v
        line = int(table.loc[match, "_line"].iloc[0])
        problems.append(Problem(file, f"world (WLD) total {row['world']:,.0f} is smaller than the sum of its partners {row['partners']:,.0f} "
                                f"for {key[1]} {key[2]} {key[4]}", row=line, column="value",
                                fix="a partner is double counted, or an aggregate is listed as a country"))
    return problems


def _monthly_gaps(table: pd.DataFrame, file: str) -> list[Problem]:
    monthly = table[table["frequency"] == "M"]
    if monthly.empty:
        return []
    m = monthly.assign(_ord=month_ordinal(monthly["period"]))
    problems = []
    keys = ["reporter", "partner", "flow", "product"]
    span = m.groupby(keys, sort=False, observed=True)["_ord"].agg(["min", "max", "nunique"])
    gappy = span[span["nunique"] < span["max"] - span["min"] + 1]
    for key in gappy.index:
        g = m[(m[keys] == pd.Series(key, index=keys)).all(axis=1)]
        ords = g["_ord"].drop_duplicates()
        if True:
            have = set(ords)
            missing = [o for o in range(ords.min(), ords.max() + 1) if o not in have]
            names = [f"{o // 12}-{o % 12 + 1:02d}" for o in missing[:6]]
            problems.append(Problem(file, f"monthly series {'/'.join(key)} has a gap: {', '.join(names)}"
                                    + (f" and {len(missing) - 6} more" if len(missing) > 6 else "") + " missing",
                                    row=int(g["_line"].iloc[0]), column="period", fix="add the missing month(s) or remove the series"))
            if len(problems) >= 10:
                break
    return problems


def _period_range(table: pd.DataFrame, file: str) -> list[Problem]:
    year = pd.to_numeric(table["period"].astype(str).str.slice(0, 4), errors="coerce")
    last = _dt.date.today().year + 1
    bad = (year < FIRST_YEAR) | (year > last)
    if not bad.any():
        return []
    lines = table.loc[bad, "_line"].astype(int).tolist()
    return [Problem(file, f"period(s) {sorted(table.loc[bad, 'period'].astype(str).unique())[:5]} outside {FIRST_YEAR}-{last}",
                    row=_rows_text(lines), column="period", fix="check the date column and its format")]


def check_trade(table: pd.DataFrame, file: str) -> None:
    problems = _schema_problems(table, file, canonical_schema())
    if not problems:
        problems += _period_range(table, file) + _world_vs_partners(table, file) + _monthly_gaps(table, file)
    if problems:
        raise DataError(problems)


def check_fx(table: pd.DataFrame, file: str) -> None:
    problems = _schema_problems(table, file, fx_schema())
    if problems:
        raise DataError(problems)
