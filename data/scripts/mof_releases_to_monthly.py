"""Monthly MOF values per partner, 2021 on, from consecutive releases of jptrade's ``data/trade_year.rda``.

Each release (one jptrade commit, listed with the month it reaches in ``jptrade_releases.toml``)
holds the year to date. A month's value is this release's year to date minus the previous month's
release's (January: the year to date itself). Only the all-goods total (``goods`` Grand Total) of
every area is derived. A month is left out when the release before it is missing (July and August
2021, May and June 2025: jptrade has no release of July 2021 or May 2025 data) or an area is not in
both releases. Values are rounded to 6 decimals (thousand yen, the published precision) to drop the
floating-point noise of the subtraction.

Preliminary: each release's newest month is MOF's preliminary figure, and the difference also carries
the revision of the earlier months made in that release, so a derived month is "preliminary month +
revisions to the months before it". The months of a year add up to its December release's year
to date, not to MOF's later revised annual total.

A one-off, not part of tradebrief (it needs ``rdata``):

    python3 -m venv /tmp/rda-venv && /tmp/rda-venv/bin/pip install rdata==1.1.0 pandas
    # JPTRADE: a clone of github.com/mitsuoxv/jp-trade
    /tmp/rda-venv/bin/python data/scripts/mof_releases_to_monthly.py "$JPTRADE" \
        data/mof/trade_month_area_total_2021-01_2026-03.csv
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import tomllib
import warnings
from pathlib import Path

import pandas as pd
import rdata

RELEASES = Path(__file__).with_name("jptrade_releases.toml")
FLOW_CODES = {"export": 1, "import": 2}


def year_to_date(repo: str, commit: str) -> pd.Series:
    """(ex_im, area) -> all-goods value of the release's newest year, billion yen."""
    with tempfile.NamedTemporaryFile(suffix=".rda") as tmp:
        tmp.write(subprocess.run(["git", "-C", repo, "show", f"{commit}:data/trade_year.rda"],
                                 check=True, capture_output=True).stdout)
        tmp.flush()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Missing constructor for R class")
            frame = rdata.read_rda(tmp.name)["trade_year"]
    frame.columns = [c.lower() for c in frame.columns]
    newest = frame[(frame["year"] == frame["year"].max()) & (frame["goods"] == "Grand Total")]
    return newest.set_index(["ex_im", "area"])["value"].astype(float)


def monthly(repo: str) -> pd.DataFrame:
    held: dict[str, str] = {}   # month -> commit; a later commit holding the same month replaces the earlier
    for commit, month in tomllib.loads(RELEASES.read_text())["months_held"].items():
        held[month] = commit
    ytd = {month: year_to_date(repo, commit) for month, commit in sorted(held.items())}
    rows = []
    for month, values in ytd.items():
        year, m = month.split("-")
        previous = f"{year}-{int(m) - 1:02d}"
        if m == "01":
            diff = values
        elif previous in ytd:
            diff = (values - ytd[previous]).dropna()   # an area in only one of the two releases is left out
        else:
            print(f"{month}: no release of {previous} data, month left out", file=sys.stderr)
            continue
        for (flow, area), value in diff.items():
            rows.append({"Exp or Imp": FLOW_CODES[str(flow)], "Area": area, "month": f"{month}-01",
                         "goods": "Grand Total", "value": round(float(value), 6)})
    return pd.DataFrame(rows)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: mof_releases_to_monthly.py JPTRADE_GIT_DIR OUT.csv")
    out = monthly(sys.argv[1])
    out.to_csv(sys.argv[2], index=False, lineterminator="\n")
    print(f"{sys.argv[2]}: {len(out):,} rows, {out['month'].nunique()} months")
