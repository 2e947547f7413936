"""Orchestration only: parameters, papermill runs (parallel, incremental), nbconvert
assembly, the PDF, and atomic writes of the outputs."""
from tradebrief.report.figures import KeyFigures

__all__ = ["KeyFigures"]
