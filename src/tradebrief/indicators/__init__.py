"""Trade-dependence indicators: pure functions, table in, table out (no I/O, no plots)."""
from tradebrief.indicators.checks import monthly_vs_annual, sections_vs_total, usd_vs_comtrade
from tradebrief.indicators.claims import evaluate_claims, load_claims
from tradebrief.indicators.currency import annual_rates, to_usd
from tradebrief.indicators.mirror import mirror_gap
from tradebrief.indicators.products import dependency_tests, import_dependence, product_series, top_export_groups
from tradebrief.indicators.shift import export_crossings, pair_crossings, rolling_12m, top_partner
from tradebrief.indicators.trade import (
    balances,
    growth_yoy,
    hhi_partners,
    partner_ranks,
    shares_of_world,
    trade_values,
)

__all__ = [
    "trade_values", "shares_of_world", "partner_ranks", "balances", "hhi_partners", "growth_yoy",
    "top_partner", "export_crossings", "rolling_12m", "pair_crossings", "annual_rates", "to_usd",
    "import_dependence", "dependency_tests", "top_export_groups", "product_series",
    "evaluate_claims", "load_claims", "monthly_vs_annual", "sections_vs_total", "usd_vs_comtrade", "mirror_gap",
]
