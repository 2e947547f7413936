"""Orchestration only: parameters, papermill runs (parallel, incremental), nbconvert
assembly, the PDF, and atomic writes of the outputs."""
from tradebrief.report.figures import KeyFigures

#: Output type that marks an executed notebook as not applying to this briefing (tradebrief.notebook.omit_section).
OMIT_MIME = "application/vnd.tradebrief.omit+json"

__all__ = ["KeyFigures", "OMIT_MIME"]
