"""tradebrief: a country's trade dependence, from official statistics to a briefing.

Data flow is one way: ``sources`` (one loader per official format, producing the
canonical table) -> ``indicators`` (pure functions) -> ``charts`` -> ``report``.
"""
from tradebrief.errors import DataError, ParameterError, TradebriefError
from tradebrief.sources import Dataset, load_dataset

__all__ = ["TradebriefError", "DataError", "ParameterError", "load_dataset", "Dataset"]
__version__ = "0.1.0"
