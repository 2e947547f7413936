"""Orchestration only: parameters, papermill runs (parallel, incremental), nbconvert
assembly, the PDF, and atomic writes of the outputs."""
#: Output type that marks an executed notebook as not applying to this briefing (tradebrief.notebook.omit_section).
OMIT_MIME = "application/vnd.tradebrief.omit+json"

__all__ = ["KeyFigures", "OMIT_MIME"]


def __getattr__(name: str):
    # keyfigures imports pandas; the build's no-op path must not pay for it
    if name == "KeyFigures":
        from tradebrief.report.keyfigures import KeyFigures
        return KeyFigures
    raise AttributeError(f"module 'tradebrief.report' has no attribute {name!r}")
