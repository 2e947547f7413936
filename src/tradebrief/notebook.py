"""What every notebook does first: house style, the cached dataset, key-figure recording,
and prose built from computed values. Keeps the notebooks thin."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradebrief import formatting
from tradebrief.charts import assign_roles, use_house_style
from tradebrief.countries import WORLD
from tradebrief.report import OMIT_MIME
from tradebrief.report.keyfigures import KeyFigures
from tradebrief.schema import TOTAL
from tradebrief.sources import Dataset, load_dataset


@dataclass
class Briefing:
    ds: Dataset
    kf: KeyFigures
    reporter: str | None = None
    years: tuple[int, int] | None = None   # the briefing's first and last year: sources are cited for these only

    @property
    def trade(self) -> pd.DataFrame:
        return self.ds.trade

    @property
    def currency(self) -> str:
        """The currency of the reporter's own statistics: that of its annual all-goods rows with the most
        partners (a reporter's customs data, not a one-line world total from another publisher)."""
        if self.reporter is None:
            raise ValueError("open_briefing(..., reporter=...) is needed to know the reporter's currency")
        return currency_of(self.trade, self.reporter)

    @property
    def home_currency(self) -> str | None:
        """The currency the reporter uses (CLDR's legal tender at the end of the briefing's last year): euros for
        Germany, whose UN Comtrade data are in US dollars; None for an area that is not a country."""
        from tradebrief.indicators.currency import home_currency
        return home_currency(self.reporter, self.years[1] if self.years else None) if self.reporter else None

    def money(self, value: float, scale: str | None = None, digits: int = 1, signed: bool = False) -> str:
        return formatting.money(value, self.currency, scale=scale, digits=digits, signed=signed)

    def unit(self, scale: str = "billion", short: bool = True) -> str:
        return formatting.money_unit(self.currency, scale, short=short)

    def cite(self, frame_or_sources) -> str:
        sources = frame_or_sources["source"].unique() if isinstance(frame_or_sources, pd.DataFrame) else frame_or_sources
        return self.ds.citation(sorted(str(s) for s in sources))

    def sources_of(self, reporter: str, frequency: str = "A", currency: str | None = None, product: str = TOTAL) -> list[str]:
        """Files behind a reporter's series (in the reporter's own currency unless ``currency`` is given)."""
        t = self.trade
        currency = currency or currency_of(t, reporter)
        sel = t[(t["reporter"] == reporter) & (t["frequency"] == frequency) & (t["currency"] == currency) & (t["product"] == product)]
        if self.years is not None:   # a file of other years is not a source of this briefing's figures
            year = sel["period"].astype(str).str.slice(0, 4).astype(int)
            sel = sel[year.between(*self.years)]
        return sorted(str(s) for s in sel["source"].unique())


def currency_of(trade: pd.DataFrame, reporter: str) -> str:
    rows = trade[(trade["reporter"] == reporter) & (trade["product"] == TOTAL) & (trade["frequency"] == "A")]
    world = rows[rows["partner"] == WORLD]
    if world.empty:
        raise ValueError(f"the data have no annual world total for reporter {reporter}")
    partners = rows[rows["currency"].isin(set(world["currency"].astype(str)))].groupby(rows["currency"].astype(str))["partner"].nunique()
    return str(partners.idxmax())


# Set by the build, not by users: (default, what it is). Every notebook's parameters cell declares them
# (tradebrief.paramcells) after report/briefing.toml's own, so papermill's -p knows them too.
BUILD_PARAMETERS = {
    "extra_data": ([], "set by the build: data files given with tradebrief build --data, read with those in data_dir"),
    "cache_dir": (None, "set by the build: its cache folder (parsed data files); None: no cache"),
    "figures_path": (None, "set by the build: where this run's key figures are written; None: not written"),
}


def open_briefing(data_dir: str = "data", extra_data=None, cache_dir=None, figures_path=None, reporter: str | None = None,
                  years: tuple[int, int] | None = None, partner: str | None = None, comparison: str | None = None) -> Briefing:
    """The data and key-figures record of a section, with the house style set and the countries' chart colours
    assigned (reporter, partner and comparison one colour each, the others by their trade with the reporter).

    A relative ``data_dir`` that is not below the current folder is read from the project root: the parameters
    cell says ``data_dir = "data"``, and a notebook opened in Jupyter runs in notebooks/ (``tradebrief.paths.in_project``)."""
    from tradebrief.paths import in_project
    use_house_style()
    briefing = Briefing(load_dataset(in_project(data_dir), extra=extra_data or [], cache_dir=cache_dir), KeyFigures(figures_path),
                        reporter, tuple(years) if years else None)
    assign_roles(reporter=reporter, partner=partner, comparison=comparison, trade=briefing.trade, years=briefing.years)
    return briefing


class SectionOmitted(Exception):
    """Raised by ``omit_section`` to stop the notebook; the build treats it as a completed run."""


def omit_section(reason: str) -> None:
    """Leave this notebook's section out of the briefing (no empty heading, no "cannot be shown" page).

    For sections that concern data or a pair the build does not have, e.g. a mirror section without the
    partner's own reports, or commodity groups for a reporter whose data have none. The marker output
    tells the assembler to drop the section (and the reason goes to the build's notebook copy); the
    exception stops the notebook here, so the cells below need no guard."""
    from IPython.display import display
    display({OMIT_MIME: {"reason": reason}}, raw=True)
    raise SectionOmitted(reason)


def say(text: str) -> None:
    """Show markdown prose whose numbers were computed in the cell.

    Dollar signs are escaped: the notebook's markdown reads "$...$" as mathematics, which would turn
    "US$189 billion ... US$173 billion" into a formula."""
    from IPython.display import Markdown, display
    display(Markdown(text.replace("\\$", "$").replace("$", "\\$")))


def heading(text: str, level: int = 1, lead: str | None = None) -> None:
    """A heading made from the parameters ("Japan's trade with China in yen and US dollars"); the
    briefing's contents read it like a markdown heading. ``lead``: the paragraph introducing what
    follows, in the same output, so print keeps heading, lead-in and the next chart or table together."""
    head, _, last = text.rpartition(" ")   # the last two words on one line: no heading ends in a lone word
    say(f"{'#' * level} {head + chr(0xA0) + last if head else text}" + (f"\n\n{lead}" if lead else ""))


from tradebrief.names import name, possessive, the  # noqa: E402,F401  (names as prose reads them: tradebrief.names)

pct = formatting.percent
listing = formatting.listing
times = formatting.times
