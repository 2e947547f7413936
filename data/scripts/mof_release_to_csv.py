"""Convert one MOF release of jptrade's ``data/trade_year.rda`` to the CSV layout of
``data/mof/trade_year_area_goods.csv`` (``ex_im, area, goods, year, value``), losslessly.

A one-off, not part of tradebrief (it needs ``rdata``, which tradebrief does not depend on):

    python3 -m venv /tmp/rda-venv && /tmp/rda-venv/bin/pip install rdata==1.1.0 pandas
    # a clone of github.com/mitsuoxv/jp-trade in JPTRADE
    git -C "$JPTRADE" show e3d2cce821e279f0195eae9e0aea48bb219a6509:data/trade_year.rda > /tmp/trade_year.rda
    /tmp/rda-venv/bin/python data/scripts/mof_release_to_csv.py /tmp/trade_year.rda data/mof/OUT.csv

Lossless: ``year`` is a whole number stored as an R double and is written as an integer; ``value``
is written with Python's shortest round-trip representation, so reading the CSV gives back the
same doubles bit for bit (checked below). Rows keep the .rda's order; no row is dropped.
Run on commit a66ddb14f8406405522c1feedb119e8b1b0f8435 this reproduces the shipped
``trade_year_area_goods.csv`` byte for byte (SHA-256 f31bdfdc…da75).
"""
from __future__ import annotations

import csv
import sys
import warnings

import rdata

COLUMNS = ["ex_im", "area", "goods", "year", "value"]


def convert(rda_path: str, csv_path: str) -> int:
    with warnings.catch_warnings():   # rdata names the tibble classes it reads as plain data frames
        warnings.filterwarnings("ignore", message="Missing constructor for R class")
        frame = rdata.read_rda(rda_path)["trade_year"]
    frame.columns = [c.lower() for c in frame.columns]
    if list(frame.columns) != COLUMNS:
        sys.exit(f"{rda_path}: columns {list(frame.columns)}, expected {COLUMNS}")
    if not (frame["year"] == frame["year"].round()).all() or frame.isna().any().any():
        sys.exit(f"{rda_path}: a year is not a whole number or a cell is missing; not converted")
    frame["year"] = frame["year"].astype(int)
    frame.to_csv(csv_path, index=False, lineterminator="\n")
    with open(csv_path, newline="", encoding="utf-8") as fh:
        back = [(r["ex_im"], r["area"], r["goods"], int(r["year"]), float(r["value"])) for r in csv.DictReader(fh)]
    if back != list(frame[COLUMNS].astype(object).itertuples(index=False, name=None)):
        sys.exit(f"{csv_path}: does not read back equal to {rda_path}")
    return len(frame)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: mof_release_to_csv.py TRADE_YEAR.rda OUT.csv")
    print(f"{sys.argv[2]}: {convert(sys.argv[1], sys.argv[2]):,} rows")
