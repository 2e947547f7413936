"""The registry of supported published formats: which header columns identify each
format, which loader reads it, and what columns a file of that format is expected to have.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tradebrief.errors import DataError, Problem
from tradebrief.sources import canonical_csv, comtrade, comtrade_plus, fred, mof_summary, mof_timeseries
from tradebrief.sources._io import header_tokens, sniff_delimiter


@dataclass(frozen=True)
class Format:
    name: str
    header: tuple[str, ...]  # columns whose presence identifies the format
    publisher: str
    load: Callable
    kind: str = "trade"  # or "fx"


FORMATS: tuple[Format, ...] = (
    Format("mof-summary-annual", tuple(mof_summary.ANNUAL_COLUMNS[:3]), mof_summary.PUBLISHER, mof_summary.load_annual),
    Format("mof-summary-monthly", ("Exp or Imp", "Area", "month"), mof_summary.PUBLISHER, mof_summary.load_monthly),
    Format("mof-timeseries", tuple(mof_timeseries.COLUMNS), mof_timeseries.PUBLISHER, mof_timeseries.load),
    Format("comtrade-plus", comtrade_plus.HEADER, comtrade_plus.PUBLISHER, comtrade_plus.load),
    Format("comtrade-legacy", ("yr", "rgDesc", "rtCode"), comtrade.PUBLISHER, comtrade.load_legacy),
    Format("comtrade-minerals", ("period_dt", "broad_group"), comtrade.PUBLISHER, comtrade.load_minerals),
    Format("canonical", ("reporter", "partner", "flow", "period"), canonical_csv.PUBLISHER, canonical_csv.load),
    *(Format(f"fred-fx-{name}", (name,), fred.PUBLISHER, fred.load, kind="fx") for name in fred.series()),
)
# Columns of each format, to say what a file was expected to look like.
EXPECTED_COLUMNS = {
    "mof-summary-annual": mof_summary.ANNUAL_COLUMNS, "mof-summary-monthly": mof_summary.MONTHLY_COLUMNS,
    "mof-timeseries": mof_timeseries.COLUMNS, "comtrade-plus": comtrade_plus.REQUIRED, "comtrade-legacy": comtrade.LEGACY_COLUMNS,
    "comtrade-minerals": comtrade.MINERALS_COLUMNS, "canonical": canonical_csv.REQUIRED,
    "fred-fx": ["observation_date (or DATE)", "a FRED exchange-rate series listed in tradebrief/reference/fred_fx_series.csv"],
}



def detect_format(path: Path, text: tuple[str, str]) -> Format:
    lines = text[0].splitlines()[:50]
    delimiter = sniff_delimiter(lines)
    headers = [{t.lower() for t in header_tokens(ln, delimiter)} for ln in lines]
    for fmt in FORMATS:
        wanted = {h.lower() for h in fmt.header}
        if any(wanted <= h for h in headers):
            return fmt
    seen = next((sorted(h) for h in headers if len(h) > 1), [])
    expected = "; ".join(f"{k}: {', '.join(v)}" for k, v in EXPECTED_COLUMNS.items())
    raise DataError(Problem(str(path), f"not a recognised data format (header columns seen: {seen})", row=1,
                            fix=f"supported formats and their columns are {expected}"))
