"""Checks that guard each loaded file (they live next to the data they guard).

pandera runs the canonical schema in lazy mode so every problem is listed at once;
row checks pandera does not make (a real year or month of the row's frequency, within
range; partner not the reporter) follow, then the checks across rows (world total vs
partners, gaps in a monthly series) once every row is valid. Every problem names file,
row, and the file's own column name.
"""
from __future__ import annotations

import datetime as _dt
import re

import pandas as pd

from tradebrief.countries import AGGREGATES, WORLD
from tradebrief.errors import Problem
from tradebrief.schema import KEY, canonical_schema, fx_schema, month_ordinal
from tradebrief.sources.row_problems import row_problems

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


# Checks on the period column that ``_period_problems`` makes row by row with a clearer message;
# pandera reports its data-frame-wide check against every column of the row (even 'reporter').
_PERIOD_CHECKS = ("period does not match frequency",)


def _schema_problems(table: pd.DataFrame, file: str, schema, columns: dict[str, str]) -> list[Problem]:
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
        label = check.split("(")[0].strip() if "(" in check else check
        if column == "period" or label.startswith(_PERIOD_CHECKS):
            continue
        idx = [i for i in group["index"].dropna().astype(int).unique() if i in body.index]
        if check.startswith("field_uniqueness") or "unique" in check.lower() or check == "multiple_fields_uniqueness":
            lines = _lines(table, idx)
            duplicated = Problem(file, f"duplicated key {KEY}", row=_rows_text(sorted(lines)), column=",".join(KEY), fix=_FIXES["duplicated key"])
            if duplicated not in problems:   # pandera reports the key once per column it spans
                problems.append(duplicated)
            continue
        if check == "column_in_dataframe" or check == "column_in_schema":
            problems.append(Problem(file, f"{check.replace('_', ' ')}: {list(group['failure_case'])}", column=column))
            continue
        where = columns.get(column, column) if column else None
        rows = group.dropna(subset=["index"])
        rows = rows[rows["index"].astype(int).isin(body.index)]
        if rows.empty:
            values = group["failure_case"].astype(str).unique()[:3].tolist()
            msg = f"{label}: {', '.join(repr(v) for v in values)}" if values else label
            problems.append(Problem(file, msg, column=where, fix=_FIXES.get(label)))
            continue
        if label == "isin" and check.startswith("isin("):  # pandera's own name: say which values are allowed
            allowed = check[len("isin("):-1]
            describe = lambda v, allowed=allowed: f"{v!r} is not one of {allowed}"  # noqa: E731
        else:
            describe = lambda v, label=label: f"{label}: {v!r}"  # noqa: E731
        problems += row_problems(file, table.loc[rows["index"].astype(int), "_line"], rows["failure_case"], where,
                                 describe, _FIXES.get(label))
    return problems


_PERIOD_FORMS = {"A": (r"\d{4}", "a year YYYY"), "M": (r"\d{4}-(0[1-9]|1[0-2])", "a month YYYY-MM with the month 01-12")}


def _period_problems(table: pd.DataFrame, file: str, columns: dict[str, str]) -> list[Problem]:
    """Every period must be a real year or month of its frequency, within FIRST_YEAR..next year."""
    # judged once per distinct (period, frequency): a file of a million rows has a few hundred
    pairs = table[["period", "frequency"]].astype(str).drop_duplicates()
    last = _dt.date.today().year + 1
    verdicts = {}
    for period, freq in pairs.itertuples(index=False):
        pattern, form = _PERIOD_FORMS.get(freq, (None, None))
        if pattern is None:
            continue  # an unknown frequency is the schema's problem
        if not re.fullmatch(pattern, period):
            verdicts[(period, freq)] = f"period {period!r} is not {form} (frequency {freq})"
        elif not FIRST_YEAR <= int(period[:4]) <= last:
            verdicts[(period, freq)] = f"period {period!r} outside {FIRST_YEAR}-{last}"
    if not verdicts:
        return []
    keys = pd.Series(list(zip(table["period"].astype(str), table["frequency"].astype(str))), index=table.index)
    message = keys.map(verdicts)
    bad = message.notna()
    return row_problems(file, table.loc[bad, "_line"], message[bad], columns.get("period", "period"), str,
                        "check the date column and its format")


def _self_trade(table: pd.DataFrame, file: str, columns: dict[str, str]) -> list[Problem]:
    """A country does not trade with itself: partner = reporter is a wrong code or a shifted column
    (except re-imports and re-exports, which Comtrade records with the reporter as partner)."""
    same = table["partner"].astype(str).eq(table["reporter"].astype(str)) & table["flow"].isin(["export", "import"])
    return row_problems(file, table.loc[same, "_line"], table.loc[same, "partner"], columns.get("partner", "partner"),
                        lambda v: f"partner {v!r} is the reporter itself",
                        "the partner must be another country or an aggregate (WLD, EU); check the partner code")


def _world_vs_partners(table: pd.DataFrame, file: str, columns: dict[str, str]) -> list[Problem]:
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
                                f"for {key[1]} {key[2]} {key[4]}", row=line, column=columns.get("value", "value"),
                                fix="a partner is double counted, or an aggregate is listed as a country"))
    return problems


def _monthly_gaps(table: pd.DataFrame, file: str, columns: dict[str, str]) -> list[Problem]:
    """Months missing inside a monthly series. A partner's month that the file's world series has is not a
    gap: publishers (UN Comtrade) leave out partner-months with no recorded trade, so it is zero trade."""
    monthly = table[table["frequency"] == "M"]
    if monthly.empty:
        return []
    m = monthly.assign(_ord=month_ordinal(monthly["period"]))
    problems = []
    keys = ["reporter", "partner", "flow", "product"]
    span = m.groupby(keys, sort=False, observed=True)["_ord"].agg(["min", "max", "nunique"])
    gappy = span[span["nunique"] < span["max"] - span["min"] + 1]
    world = m[m["partner"].astype(str) == WORLD]
    for key in gappy.index:
        g = m[(m[keys] == pd.Series(key, index=keys)).all(axis=1)]
        have = set(g["_ord"])
        missing = [o for o in range(min(have), max(have) + 1) if o not in have]
        if key[1] != WORLD:
            w = world[(world["reporter"] == key[0]) & (world["flow"] == key[2]) & (world["product"] == key[3])]
            missing = [o for o in missing if o not in set(w["_ord"])]
        if not missing:
            continue
        names = [f"{o // 12}-{o % 12 + 1:02d}" for o in missing[:6]]
        problems.append(Problem(file, f"monthly series {'/'.join(key)} has a gap: {', '.join(names)}"
                                + (f" and {len(missing) - 6} more" if len(missing) > 6 else "") + " missing",
                                row=int(g["_line"].iloc[0]), column=columns.get("period", "period"), fix="add the missing month(s) or remove the series"))
        if len(problems) >= 10:
            break
    return problems


def trade_problems(table: pd.DataFrame, file: str, columns: dict[str, str] | None = None, cross_row: bool = True) -> list[Problem]:
    """Every problem of a loaded trade table. ``columns`` maps canonical names to the file's own
    column names, so a problem names the column the user sees. ``cross_row=False`` leaves out the
    checks across rows (world total vs partners, monthly gaps): with rows already rejected they
    would report consequences, not causes."""
    columns = columns or {}
    problems = _schema_problems(table, file, canonical_schema(), columns) + _period_problems(table, file, columns)
    problems += _self_trade(table, file, columns)
    if not problems and cross_row:
        problems += _world_vs_partners(table, file, columns) + _monthly_gaps(table, file, columns)
    return problems


def fx_problems(table: pd.DataFrame, file: str, columns: dict[str, str] | None = None) -> list[Problem]:
    """Every problem of a loaded exchange-rate table (the period check covers FRED dates like 2020-13-01)."""
    columns = columns or {}
    return _schema_problems(table, file, fx_schema(), columns) + _period_problems(table, file, columns)


