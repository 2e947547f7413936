"""Trade-dependence indicators: pure functions, table in, table out (no I/O, no plots)."""
from tradebrief.indicators.trade import (
    trade_values, shares_of_world, partner_ranks, balances, hhi_partners, growth_yoy,
)
from tradebrief.indicators.shift import top_partner, export_crossings, rolling_12m, pair_crossings
from tradebrief.indicators.currency import annual_rates, to_usd
from tradebrief.indicators.products import import_dependence, dependency_tests, top_export_groups, product_series
from tradebrief.indicators.claims import evaluate_claims, load_claims
from tradebrief.indicators.checks import monthly_vs_annual, sections_vs_total, usd_vs_comtrade, mirror_gap

__all__ = [
    "trade_values", "shares_of_world", "partner_ranks", "balances", "hhi_partners", "growth_yoy",
    "top_partner", "export_crossings", "rolling_12m", "pair_crossings", "annual_rates", "to_usd",
    "import_dependence", "dependency_tests", "top_export_groups", "product_series",
    "evaluate_claims", "load_claims", "monthly_vs_annual", "sections_vs_total", "usd_vs_comtrade", "mirror_gap",
]
