"""Who is the top destination, and every period in which that changed."""
from __future__ import annotations

import pandas as pd

from tradebrief.countries import AGGREGATES, WORLD
from tradebrief.schema import month_ordinal


def top_partner(values: pd.DataFrame, flow: str = "export") -> pd.DataFrame:
    """Largest single-country partner per period for one flow: period, leader, value, runner_up, runner_up_value."""
    flow_rows = values[values["flow"] == flow]
    countries = flow_rows[~flow_rows["partner"].isin(AGGREGATES)]
    world = flow_rows.loc[flow_rows["partner"] == WORLD, "period"]
    if len(world):  # periods where only some partners are reported (e.g. a one-partner series) cannot name a leader
        countries = countries[countries["period"].isin(set(world))]
    rows = []
    for period, g in countries.groupby("period", sort=True):
        g = g.sort_values("value", ascending=False)
        rows.append({"period": period, "leader": g["partner"].iloc[0], "value": g["value"].iloc[0],
                     "runner_up": g["partner"].iloc[1] if len(g) > 1 else None,
                     "runner_up_value": g["value"].iloc[1] if len(g) > 1 else float("nan")})
    return pd.DataFrame(rows, columns=["period", "leader", "value", "runner_up", "runner_up_value"])


def export_crossings(values: pd.DataFrame, flow: str = "export") -> pd.DataFrame:
    """Every period in which the top partner changed: period, new_leader, previous_leader, values and gap.

    Found from the data: there may be none, one, or several back-and-forth crossings.
    """
    top = top_partner(values, flow)
    changed = top["leader"].ne(top["leader"].shift()) & top["leader"].shift().notna()
    idx = top.index[changed]
    rows = []
    for i in idx:
        cur, prev = top.loc[i], top.loc[i - 1]
        period_vals = values[(values["flow"] == flow) & (values["period"] == cur["period"])].set_index("partner")["value"]
        rows.append({"period": cur["period"], "new_leader": cur["leader"], "previous_leader": prev["leader"],
                     "new_leader_value": cur["value"], "previous_leader_value": float(period_vals.get(prev["leader"], float("nan")))})
    out = pd.DataFrame(rows, columns=["period", "new_leader", "previous_leader", "new_leader_value", "previous_leader_value"])
    out["gap"] = out["new_leader_value"] - out["previous_leader_value"]
    return out


def pair_crossings(values: pd.DataFrame, a: str, b: str, flow: str = "export") -> pd.DataFrame:
    """Periods in which partner ``a`` and partner ``b`` swapped order (whoever else leads)."""
    wide = values[(values["flow"] == flow) & values["partner"].isin([a, b])].pivot_table(index="period", columns="partner", values="value")
    if a not in wide or b not in wide:
        return pd.DataFrame(columns=["period", "ahead", "behind", "gap"])
    ahead = (wide[a] > wide[b]).map({True: a, False: b})
    changed = ahead.ne(ahead.shift()) & ahead.shift().notna()
    rows = [{"period": p, "ahead": ahead[p], "behind": b if ahead[p] == a else a, "gap": abs(wide.loc[p, a] - wide.loc[p, b])}
            for p in ahead.index[changed]]
    return pd.DataFrame(rows, columns=["period", "ahead", "behind", "gap"])


def rolling_12m(values: pd.DataFrame) -> pd.DataFrame:
    """12-month rolling sums of monthly values per reporter/partner/flow (first 11 months dropped).

    A window is kept only when its 12 months are consecutive, so gaps never shorten a sum.
    """
    out = []
    for _key, g in values.sort_values("period").groupby(["reporter", "partner", "flow"], sort=False):
        g = g.copy()
        ordinal = month_ordinal(g["period"])
        g["value"] = g["value"].rolling(12).sum()
        g = g[(ordinal - ordinal.shift(11)) == 11]
        out.append(g)
    return pd.concat(out, ignore_index=True) if out else values.iloc[0:0]
