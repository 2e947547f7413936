"""The canonical trade table, defined once.

Every loader returns this table; validation, the data appendix and the docs read the
same field definitions. One row = one reporter, partner, flow, period, product.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from tradebrief.countries import is_country, known_codes  # noqa: F401  (is_country re-exported)


@dataclass(frozen=True)
class Field:
    name: str
    dtype: str
    unit: str
    description: str


FIELDS: tuple[Field, ...] = (
    Field("reporter", "str", "ISO 3166 alpha-3", "Country whose customs reported the flow (e.g. JPN)."),
    Field("partner", "str", "ISO 3166 alpha-3, WLD, EU, UN Comtrade area code",
          "Trading partner; WLD = world total, EU = European Union aggregate; UN Comtrade's non-country areas keep "
          "Comtrade's code (S19 Other Asia, nes; _X Areas, nes; X1 bunkers; X2 free zones; XX special categories): "
          "counted in the world total, never ranked as countries (see tradebrief/reference/README.md)."),
    Field("flow", "str", "export | import | re-export | re-import",
          "Direction seen from the reporter; re-exports and re-imports are kept apart and are not part of export/import."),
    Field("period", "str", "YYYY or YYYY-MM", "Calendar year (frequency A) or month (frequency M)."),
    Field("frequency", "str", "A | M", "A = annual sum, M = monthly value."),
    Field("value", "float64", "see currency", "Trade value in units of `currency` (yen, not thousands or billions)."),
    Field("currency", "str", "ISO 4217", "Currency of `value` (any ISO 4217 code, e.g. JPY, USD, EUR, KRW)."),
    Field("product", "str", "MOF summary group or HS code", "Commodity group; TOTAL = all goods."),
    Field("source", "str", "path under data/", "File the row was read from (its provenance is in data/SOURCES.md)."),
)
COLUMNS = [f.name for f in FIELDS]
KEY = ["reporter", "partner", "flow", "period", "frequency", "product", "currency"]
FLOWS = ("export", "import", "re-export", "re-import")
#: The flows indicators use; re-exports and re-imports are reported apart and not added to them.
MAIN_FLOWS = ("export", "import")
TOTAL = "TOTAL"


@lru_cache(maxsize=1)
def currencies() -> frozenset[str]:
    """Every ISO 4217 currency code (pycountry)."""
    import pycountry
    return frozenset(c.alpha_3 for c in pycountry.currencies)


_PERIOD_RE = {"A": r"^\d{4}$", "M": r"^\d{4}-(0[1-9]|1[0-2])$"}


def month_ordinal(period: pd.Series) -> pd.Series:
    """Months counted from year 0 for 'YYYY-MM' periods, so consecutive months differ by 1."""
    text = period.astype(str)
    return text.str.slice(0, 4).astype(int) * 12 + text.str.slice(5, 7).astype(int) - 1


def _period_matches_frequency(df: pd.DataFrame) -> pd.Series:
    annual = df["frequency"].eq("A") & df["period"].str.fullmatch(r"\d{4}")
    monthly = df["frequency"].eq("M") & df["period"].str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])")
    return annual | monthly


def _pandera():
    """pandera.pandas, imported with pyspark hidden the first time: pandera otherwise imports pyspark's
    pandas layer (for pyspark.pandas frames, which tradebrief never validates) in every process that
    validates a file. pyspark itself stays importable afterwards (the Spark engine imports it)."""
    import sys
    if "pandera" not in sys.modules and "pyspark" not in sys.modules:
        sys.modules["pyspark"] = None   # `import pyspark...` raises ImportError, which pandera handles
        try:
            import pandera.pandas  # noqa: F401  (imported here, once, with pyspark hidden)
        finally:
            del sys.modules["pyspark"]
    import pandera.pandas as pa
    return pa


def canonical_schema():
    """The pandera schema of the canonical table (pandera is imported only when validating)."""
    pa = _pandera()
    codes = sorted(known_codes())
    return pa.DataFrameSchema(
        {
            "reporter": pa.Column(str, pa.Check.isin(codes, error="unknown reporter code"), description=FIELDS[0].description),
            "partner": pa.Column(str, pa.Check.isin(codes, error="unknown partner code"), description=FIELDS[1].description),
            "flow": pa.Column(str, pa.Check.isin(FLOWS), description=FIELDS[2].description),
            "period": pa.Column(str, pa.Check.str_matches(r"^\d{4}(-\d{2})?$"), description=FIELDS[3].description),
            "frequency": pa.Column(str, pa.Check.isin(["A", "M"]), description=FIELDS[4].description),
            "value": pa.Column(float, [pa.Check.ge(0, error="negative trade value")], nullable=False, description=FIELDS[5].description),
            "currency": pa.Column(str, pa.Check.isin(sorted(currencies()), error="currency not stated or not an ISO 4217 code"), description=FIELDS[6].description),
            "product": pa.Column(str, pa.Check.str_length(1, 120), description=FIELDS[7].description),
            "source": pa.Column(str, description=FIELDS[8].description),
        },
        checks=[
            pa.Check(_period_matches_frequency, element_wise=False, error="period does not match frequency (A: YYYY, M: YYYY-MM)"),
        ],
        unique=KEY,
        report_duplicates="all",
        strict=True,
        ordered=False,
        coerce=False,
        name="canonical trade table",
    )


FX_FIELDS: tuple[Field, ...] = (
    Field("base", "str", "ISO 4217", "Currency of which one unit is priced (FRED EXJPUS: USD)."),
    Field("quote", "str", "ISO 4217", "Currency the rate is expressed in (FRED EXJPUS: JPY)."),
    Field("period", "str", "YYYY or YYYY-MM", "Year or month of the average."),
    Field("frequency", "str", "A | M", "A = annual average, M = monthly average."),
    Field("rate", "float64", "units of quote per 1 base", "Average exchange rate (e.g. 151.4 JPY per 1 USD)."),
    Field("method", "str", "text", "'official annual average', 'monthly average' or 'mean of 12 monthly averages'."),
    Field("source", "str", "path under data/", "File the rate was read from."),
)
FX_COLUMNS = [f.name for f in FX_FIELDS]
FX_KEY = ["base", "quote", "period", "frequency"]


def fx_schema():
    pa = _pandera()
    codes = sorted(currencies())
    return pa.DataFrameSchema(
        {
            "base": pa.Column(str, pa.Check.isin(codes, error="base currency not an ISO 4217 code")),
            "quote": pa.Column(str, pa.Check.isin(codes, error="quote currency not an ISO 4217 code")),
            "period": pa.Column(str, pa.Check.str_matches(r"^\d{4}(-\d{2})?$")),
            "frequency": pa.Column(str, pa.Check.isin(["A", "M"])),
            "rate": pa.Column(float, pa.Check.gt(0, error="exchange rate not positive")),
            "method": pa.Column(str),
            "source": pa.Column(str),
        },
        unique=FX_KEY,
        strict=True,
        name="exchange rates",
    )
