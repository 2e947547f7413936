"""What every notebook does first: house style, the cached dataset, key-figure recording,
and prose built from computed values. Keeps the notebooks thin."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradebrief.charts import use_house_style
from tradebrief.countries import display_name
from tradebrief.report import OMIT_MIME
from tradebrief.report.figures import KeyFigures
from tradebrief.sources import Dataset, load_dataset


@dataclass
class Briefing:
    ds: Dataset
    kf: KeyFigures

    @property
    def trade(self) -> pd.DataFrame:
        return self.ds.trade

    def cite(self, frame_or_sources) -> str:
        sources = frame_or_sources["source"].unique() if isinstance(frame_or_sources, pd.DataFrame) else frame_or_sources
        return self.ds.citation(sorted(str(s) for s in sources))

    def sources_of(self, reporter: str, frequency: str = "A", currency: str = "JPY", product: str = "TOTAL") -> list[str]:
        t = self.trade
        sel = t[(t["reporter"] == reporter) & (t["frequency"] == frequency) & (t["currency"] == currency) & (t["product"] == product)]
        return sorted(str(s) for s in sel["source"].unique())


def open_briefing(data_dir: str = "data", extra_data=None, cache_dir=None, figures_path=None) -> Briefing:
    use_house_style()
    return Briefing(load_dataset(data_dir, extra=extra_data or [], cache_dir=cache_dir), KeyFigures(figures_path))


def omit_section(reason: str) -> None:
    """Leave this notebook's section out of the briefing (no empty heading, no "cannot be shown" page).

    For sections that concern data or a pair the build does not have, e.g. a mirror section without the
    partner's own reports. The notebook still runs to the end, so later cells guard on the same condition;
    the assembler drops every notebook whose outputs carry this marker and lists the reason in the
    reproducibility stamp.
    """
    from IPython.display import display
    display({OMIT_MIME: {"reason": reason}}, raw=True)


def say(text: str) -> None:
    """Show markdown prose whose numbers were computed in the cell."""
    from IPython.display import Markdown, display
    display(Markdown(text))


def name(code: str) -> str:
    return display_name(code)


def trillion_yen(v: float) -> str:
    return f"¥{v / 1e12:,.1f} trillion"


def billion_usd(v: float) -> str:
    return f"USD {v / 1e9:,.0f} billion"


def pct(v: float, digits: int = 1) -> str:
    return f"{v:.{digits}f}%"
