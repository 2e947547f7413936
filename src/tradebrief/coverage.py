"""What the loaded data hold, and so which briefings they can make.

One object, computed once from the validated dataset: for each reporter, every partner (countries and
groups such as the EU) with the years, flows and product detail each holds, its currency, the months
after the last full year, the exchange-rate years, and the files behind each. Parameter checks and the
choice of sections ask it before any notebook runs (``report.config.check_against_coverage``,
``report.sections.plan``); ``tradebrief coverage`` prints it.

It is plain data (lists, dicts, strings), saved as JSON beside the cached dataset, so a build that has
nothing to run reads it without pandas.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tradebrief.countries import WORLD, area_kind
from tradebrief.names import name, the, years

FLOWS = ("export", "import")


@dataclass(frozen=True)
class Holding:
    """One reporter–partner–flow series: the periods it holds and the files that supply them."""

    reporter: str
    partner: str
    flow: str
    frequency: str   # A or M
    level: str       # "total" (all goods) or "products" (commodity groups or HS codes)
    currency: str
    periods: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass
class Coverage:
    holdings: list[Holding]
    fx_years: dict[str, list[str]] = field(default_factory=dict)   # currency -> years with an annual rate per USD
    partial: dict[str, list[str]] = field(default_factory=dict)    # reporter -> partial periods set aside
    sizes: dict[str, dict[str, float]] = field(default_factory=dict)  # reporter -> partner -> latest year's exports + imports

    def __post_init__(self):
        # an index by reporter, and answers kept per question: the parameter checks and the property-based tests
        # ask the same few questions many times of a coverage of ~10^3 series
        self._by_reporter: dict[str, list[Holding]] = {}
        for h in self.holdings:
            self._by_reporter.setdefault(h.reporter, []).append(h)
        self._memo: dict[tuple, object] = {}

    def _remember(self, key: tuple, compute):
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    # --- construction -------------------------------------------------------------------------
    @classmethod
    def from_dataset(cls, ds) -> Coverage:
        """From a loaded ``sources.Dataset`` (the only place coverage touches pandas)."""
        t = ds.trade
        cols = ["reporter", "partner", "flow", "frequency", "currency", "period", "source"]
        t = t.loc[t["flow"].isin(FLOWS), cols + ["product"]]
        # one row per distinct series, period and file before any string work: the table has ~10^6 rows
        t = t.assign(product=(t["product"] == "TOTAL")).drop_duplicates()
        frame = t.astype({c: str for c in cols}).assign(level=t["product"].map({True: "total", False: "products"}))
        keys = ["reporter", "partner", "flow", "frequency", "level", "currency"]
        grouped = frame.groupby(keys, sort=True)
        periods = grouped["period"].agg(lambda s: tuple(sorted(set(s))))
        sources = grouped["source"].agg(lambda s: tuple(sorted(set(s))))
        holdings = [Holding(*k, periods[k], sources[k]) for k in periods.index]
        fx_years: dict[str, list[str]] = {}
        fx = ds.fx
        if len(fx):
            annual = fx[fx["frequency"] == "A"]
            for (base, quote), rows in annual.groupby(["base", "quote"]):
                other = quote if base == "USD" else base if quote == "USD" else None
                if other:
                    fx_years.setdefault(str(other), [])
                    fx_years[str(other)] = sorted(set(fx_years[str(other)]) | set(rows["period"].astype(str)))
        partial: dict[str, list[str]] = {}
        for row in ds.excluded.itertuples():
            for r in {h.reporter for h in holdings if str(row.source) in h.sources}:
                partial.setdefault(r, []).append(str(row.period))
        annual = ds.trade[(ds.trade["frequency"] == "A") & (ds.trade["product"] == "TOTAL") & ds.trade["flow"].isin(FLOWS)]
        latest = annual.groupby(["reporter", "partner"], observed=True)["period"].transform("max")   # each partner's latest year
        sums = annual[annual["period"] == latest].groupby(["reporter", "partner"], observed=True)["value"].sum()
        sizes: dict[str, dict[str, float]] = {}
        for (r, p), v in sums.items():
            sizes.setdefault(str(r), {})[str(p)] = float(v)
        return cls(holdings, fx_years, {r: sorted(set(p)) for r, p in partial.items()}, sizes)

    def to_json(self) -> str:
        return json.dumps({"holdings": [asdict(h) for h in self.holdings], "fx_years": self.fx_years,
                           "partial": self.partial, "sizes": self.sizes}, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Coverage:
        raw = json.loads(text)
        holdings = [Holding(**{**h, "periods": tuple(h["periods"]), "sources": tuple(h["sources"])}) for h in raw["holdings"]]
        return cls(holdings, raw.get("fx_years", {}), raw.get("partial", {}), raw.get("sizes", {}))

    # --- questions ----------------------------------------------------------------------------
    def _select(self, reporter=None, partner=None, flow=None, frequency="A", level="total"):
        pool = self.holdings if reporter is None else self._by_reporter.get(reporter, [])
        return [h for h in pool if (partner is None or h.partner == partner)
                and (flow is None or h.flow == flow) and (frequency is None or h.frequency == frequency)
                and (level is None or h.level == level)]

    def reporters(self) -> list[str]:
        """Every reporter whose own reports are loaded (world totals only included)."""
        return sorted(self._by_reporter)

    def briefing_reporters(self) -> list[str]:
        """Reporters a briefing can be about: their annual all-goods data name at least two partner countries or
        groups with both flows (a partner and a comparison)."""
        return self._remember(("briefing_reporters",), lambda: sorted(r for r in self.reporters() if len(self.partners(r)) >= 2))

    def currency(self, reporter: str) -> str | None:
        """The currency of the reporter's own annual all-goods statistics (the one with the most partners)."""
        return self._remember(("currency", reporter), lambda: self._currency(reporter))

    def _currency(self, reporter: str) -> str | None:
        counts: dict[str, set] = {}
        for h in self._select(reporter):
            counts.setdefault(h.currency, set()).add(h.partner)
        return max(sorted(counts), key=lambda c: len(counts[c])) if counts else None

    def years(self, reporter: str, partner: str, flow: str, frequency: str = "A", level: str = "total") -> list[str]:
        """The periods of one series, in the reporter's own currency."""
        return self._remember(("years", reporter, partner, flow, frequency, level), lambda: self._years(reporter, partner, flow, frequency, level))

    def _years(self, reporter: str, partner: str, flow: str, frequency: str, level: str) -> list[str]:
        cur = self.currency(reporter)
        out: set[str] = set()
        for h in self._select(reporter, partner, flow, frequency, level):
            if h.currency == cur:
                out |= set(h.periods)
        return sorted(out)

    def world_years(self, reporter: str) -> list[int]:
        """Full years in which the reporter's world total holds both flows."""
        both = set(self.years(reporter, WORLD, "export")) & set(self.years(reporter, WORLD, "import"))
        return sorted(int(y) for y in both)

    def partners(self, reporter: str, both_flows: bool = True) -> list[str]:
        """Partners a briefing can be about: countries and groups (the EU), never the world total, the reporter
        itself or areas "not elsewhere specified"; with ``both_flows``, only those holding exports and imports
        in at least one common year with the world total."""
        return self._remember(("partners", reporter, both_flows), lambda: self._partners(reporter, both_flows))

    def _partners(self, reporter: str, both_flows: bool) -> list[str]:
        world = set(map(str, self.world_years(reporter)))
        out = []
        for p in sorted({h.partner for h in self._select(reporter)}):
            if p in (WORLD, reporter) or area_kind(p) not in ("country", "group"):
                continue
            ex, im = set(self.years(reporter, p, "export")), set(self.years(reporter, p, "import"))
            if (ex & im & world) if both_flows else ((ex | im) & world):
                out.append(p)
        return out

    def pair_years(self, reporter: str, *partners: str) -> list[int]:
        """Years a briefing on these partners can cover: the world total holds both flows and each partner
        at least one (a flow missing in some years is said in words inside the sections)."""
        ok = set(self.world_years(reporter))
        for p in partners:
            held = set(self.years(reporter, p, "export")) | set(self.years(reporter, p, "import"))
            ok &= {int(y) for y in held}
        return sorted(ok)

    def flow_gaps(self, reporter: str, partner: str, first: int, last: int) -> dict[str, list[int]]:
        """For each flow, the years of ``first``–``last`` in which the reporter's data do not list the partner."""
        span = set(range(first, last + 1))
        return {f: sorted(span - {int(y) for y in self.years(reporter, partner, f)}) for f in FLOWS
                if span - {int(y) for y in self.years(reporter, partner, f)}}

    def has_products(self, reporter: str, partner: str, year: int) -> bool:
        return str(year) in self.years(reporter, partner, "import", level="products")

    def reports_of(self, partner: str, reporter: str, first: int, last: int) -> list[int]:
        """Years of ``first``–``last`` in which the partner's own annual all-goods reports list the reporter."""
        held = set()
        for h in self._select(partner, reporter):
            held |= {int(y) for y in h.periods}
        return sorted(held & set(range(first, last + 1)))

    def months_after(self, reporter: str, year: int) -> list[str]:
        """Months of the reporter's data after ``year`` (the latest months of a partial year)."""
        return sorted({p for h in self._select(reporter, WORLD, None, "M") for p in h.periods if int(p[:4]) > year})

    def sources(self, reporter: str) -> list[str]:
        return sorted({s for h in self._select(reporter, frequency=None, level=None) for s in h.sources})

    # --- words --------------------------------------------------------------------------------
    def describe_years(self, values: list[int]) -> str:
        """"2009–2024", "2022", "2009–2016 and 2018–2024" (runs of consecutive years)."""
        from tradebrief.formatting import listing
        runs: list[list[int]] = []
        for y in sorted(values):
            if runs and y == runs[-1][-1] + 1:
                runs[-1].append(y)
            else:
                runs.append([y])
        return listing([years(r[0], r[-1]) for r in runs], empty="no year")

    def table(self, reporter: str | None = None) -> list[dict]:
        """Rows for ``tradebrief coverage``: one per reporter, or with ``reporter`` one per partner."""
        if reporter is None:
            rows = []
            for r in self.reporters():
                partners = self.partners(r)
                months = sorted({p for h in self._select(r, WORLD, None, "M") for p in h.periods})
                products = sorted({int(y) for h in self._select(r, None, "import", "A", "products") for y in h.periods})
                rows.append({"reporter": r, "name": name(r), "currency": self.currency(r) or "",
                             "full years": self.describe_years(self.world_years(r)),
                             "partners (both flows)": len(partners),
                             "product detail": self.describe_years(products) if products else "–",
                             "months": f"{months[0]}–{months[-1]}" if months else "–",
                             "files": len(self.sources(r))})
            return rows
        rows = []
        for p in self.partners(reporter, both_flows=False):
            ex = [int(y) for y in self.years(reporter, p, "export")]
            im = [int(y) for y in self.years(reporter, p, "import")]
            prod = [int(y) for y in self.years(reporter, p, "import", level="products")]
            own = self.reports_of(p, reporter, 1900, 2100)
            rows.append({"partner": p, "name": name(p), "kind": area_kind(p), "exports": self.describe_years(ex) if ex else "–",
                         "imports": self.describe_years(im) if im else "–", "product groups": self.describe_years(prod) if prod else "–",
                         "partner's own reports": self.describe_years(own) if own else "–"})
        return rows

    def why_not_years(self, reporter: str, partners: list[str], first: int, last: int) -> str:
        """The sentence that refuses a year range, naming the years the data do hold."""
        ok = self.pair_years(reporter, *partners)
        world = self.world_years(reporter)
        who = " and ".join(the(p) for p in partners)
        text = (f"years {years(first, last)} are not all in the data: {name(reporter)}'s trade with {who} "
                f"is held for {self.describe_years(ok)}")
        if set(world) - set(ok):
            text += f" (its world totals for {self.describe_years(world)})"
        return text


def load_coverage(path: Path) -> Coverage | None:
    try:
        return Coverage.from_json(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None
