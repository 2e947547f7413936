"""tradebrief: a country's trade dependence, from official statistics to a briefing.

Data flow is one way: ``sources`` (one loader per official format, producing the
canonical table) -> ``indicators`` (pure functions) -> ``charts`` -> ``report``.
"""
import warnings as _warnings

# pandera imports pyspark's pandas layer when pyspark is installed (the Spark engine); its notice about
# pandas 3 concerns pyspark.pandas, which tradebrief does not use, and would otherwise print on every run.
_warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)

from tradebrief.errors import DataError, ParameterError, TradebriefError  # noqa: E402

__all__ = ["TradebriefError", "DataError", "ParameterError", "load_dataset", "Dataset"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # The data layer pulls in pandas (~1 s): a no-op `tradebrief build` and the CLI's start never need it.
    if name in ("Dataset", "load_dataset"):
        import tradebrief.sources as sources
        return getattr(sources, name)
    raise AttributeError(f"module 'tradebrief' has no attribute {name!r}")
