"""Trade-dependence indicators: pure functions, table in, table out (no I/O, no plots)."""
# Each notebook uses a few of these; importing a module on first use spares every kernel the others'
# imports (products pulls in DuckDB).
_MODULE = {
    "monthly_vs_annual": "checks", "sections_vs_total": "checks", "usd_vs_comtrade": "checks",
    "evaluate_claims": "claims", "load_claims": "claims", "annual_rates": "currency", "to_usd": "currency",
    "rates_for": "currency", "convert": "currency",
    "mirror_gap": "mirror", "dependency_tests": "products", "import_dependence": "products",
    "product_series": "products", "top_export_groups": "products", "whole_year_changes": "products", "export_crossings": "shift",
    "pair_crossings": "shift", "rolling_12m": "shift", "top_partner": "shift", "balances": "trade",
    "growth_yoy": "trade", "hhi_partners": "trade", "partner_ranks": "trade", "shares_of_world": "trade",
    "trade_values": "trade", "largest_partners": "trade", "ranks_and_concentration": "trade", "pair_table": "trade",
}


def __getattr__(name: str):
    if name in _MODULE:
        import importlib
        value = getattr(importlib.import_module(f"tradebrief.indicators.{_MODULE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tradebrief.indicators' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_MODULE))


__all__ = [
    "trade_values", "shares_of_world", "partner_ranks", "balances", "hhi_partners", "growth_yoy",
    "top_partner", "export_crossings", "rolling_12m", "pair_crossings", "annual_rates", "to_usd",
    "import_dependence", "dependency_tests", "top_export_groups", "product_series", "whole_year_changes",
    "evaluate_claims", "load_claims", "monthly_vs_annual", "sections_vs_total", "usd_vs_comtrade", "mirror_gap",
    "largest_partners", "ranks_and_concentration", "pair_table", "rates_for", "convert",
]
