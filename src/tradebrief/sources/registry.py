"""The registry of supported published formats: which header columns identify each
format, which loader reads it, and what columns a file of that format is expected to have.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tradebrief.errors import DataError, Problem
from tradebrief.sources import canonical_csv, comtrade, comtrade_plus, ecb, fred, mof_summary, mof_timeseries
from tradebrief.sources.delimiter import header_tokens, sniff_delimiter
from tradebrief.sources.text_lines import head_lines


@dataclass(frozen=True)
class Format:
    name: str
    header: tuple[str, ...]  # columns whose presence identifies the format
    publisher: str
    load: Callable
    kind: str = "trade"  # or "fx"
    # canonical column -> the file's own column(s) it is read from, so that a problem found in
    # the loaded table names the column the user sees in the file (first one present wins)
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def file_columns(self, present) -> dict[str, str]:
        present = list(present)
        lower = {c.lower(): c for c in present}
        return {canonical: next((lower[c.lower()] for c in names if c.lower() in lower), canonical)
                for canonical, names in self.columns.items()}


_MOF_ANNUAL = {"flow": ("ex_im",), "partner": ("area",), "period": ("year",), "product": ("goods",)}
_MOF_MONTHLY = {"flow": ("Exp or Imp",), "partner": ("Area",), "period": ("month",), "product": ("goods",)}
_FRED = {"period": ("observation_date", "DATE")}

FORMATS: tuple[Format, ...] = (
    Format("mof-summary-annual", tuple(mof_summary.ANNUAL_COLUMNS[:3]), mof_summary.PUBLISHER, mof_summary.load_annual,
           columns=_MOF_ANNUAL),
    Format("mof-summary-monthly", ("Exp or Imp", "Area", "month"), mof_summary.PUBLISHER, mof_summary.load_monthly,
           columns=_MOF_MONTHLY),
    Format("mof-timeseries", tuple(mof_timeseries.COLUMNS), mof_timeseries.PUBLISHER, mof_timeseries.load,
           columns={"period": ("Date",)}),
    Format("comtrade-plus", comtrade_plus.HEADER, comtrade_plus.PUBLISHER, comtrade_plus.load,
           columns={"reporter": ("reporterCode",), "partner": ("partnerCode",), "flow": ("flowCode",), "period": ("period",),
                    "frequency": ("freqCode",), "product": ("cmdCode",), "value": ("primaryValue",)}),
    Format("comtrade-legacy", ("yr", "rgDesc", "rtCode"), comtrade.PUBLISHER, comtrade.load_legacy,
           columns={"reporter": ("rtCode",), "partner": ("ptCode",), "flow": ("rgDesc",), "period": ("yr",),
                    "product": ("cmdCode",), "value": ("TradeValue",)}),
    Format("comtrade-minerals", ("period_dt", "broad_group"), comtrade.PUBLISHER, comtrade.load_minerals,
           columns={"partner": ("partner_name",), "period": ("period_dt",), "product": ("broad_group",), "value": ("val",)}),
    Format("canonical", ("reporter", "partner", "flow", "period"), canonical_csv.PUBLISHER, canonical_csv.load),
    *(Format(f"fred-fx-{name}", (name,), fred.PUBLISHER, fred.load, kind="fx", columns={**_FRED, "rate": (name,)})
      for name in fred.series()),
    Format("ecb-fx", ecb.HEADER, ecb.PUBLISHER, ecb.load, kind="fx", columns={"period": ("Date",)}),
)
# Columns of each format, to say what a file was expected to look like.
EXPECTED_COLUMNS = {
    "mof-summary-annual": mof_summary.ANNUAL_COLUMNS, "mof-summary-monthly": mof_summary.MONTHLY_COLUMNS,
    "mof-timeseries": mof_timeseries.COLUMNS, "comtrade-plus": comtrade_plus.REQUIRED, "comtrade-legacy": comtrade.LEGACY_COLUMNS,
    "comtrade-minerals": comtrade.MINERALS_COLUMNS, "canonical": canonical_csv.REQUIRED,
    "fred-fx": ["observation_date (or DATE)", "a FRED exchange-rate series listed in tradebrief/reference/fred_fx_series.csv"],
    "ecb-fx": ["Date", "USD", "JPY", "... (the ECB's eurofxref-hist.csv: one column per currency, units per 1 euro)"],
    "cepii-baci": ["t, i, j, k, v, q in files named BACI_HS{rev}_Y{year}_V{version}.csv, beside country_codes_V{version}.csv "
                   "and product_codes_HS{rev}_V{version}.csv (the HS6 panel; see tradebrief.sources.baci_files)"],
}



def detect_format(path: Path, text: tuple[str, str]) -> Format:
    lines = head_lines(text[0], 50)
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
