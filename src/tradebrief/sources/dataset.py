"""Dataset assembly: load and validate each file, then combine them into one canonical
table (the vintage rule of ``vintage`` settles overlaps, partial years set aside) with its exchange rates.

Partial years are set aside, not thrown away: their rows go to ``Dataset.partial`` (canonical columns),
never to ``Dataset.trade``, so no full-year indicator can see them; only the latest-months view
(``indicators.latest``) reads them, with the months each file's card names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tradebrief.countries import is_country
from tradebrief.errors import DataError, Problem
from tradebrief.schema import COLUMNS, FX_COLUMNS, FX_KEY, KEY, TOTAL
from tradebrief.sources.cards import Card
from tradebrief.sources.decoding import decode, read_bytes
from tradebrief.sources.files import sha256_file, source_id
from tradebrief.sources.raw_table import RawTable, read_table
from tradebrief.sources.registry import detect_format
from tradebrief.sources.validate import fx_problems, trade_problems
from tradebrief.sources.vintage import ranks, resolve, vintage_of
from tradebrief.sources.vintage import supplied as supplied_by_period


@dataclass
class FileInfo:
    """What one data file contributed, for the data appendix and `tradebrief validate`."""

    path: str
    sha256: str
    format: str
    kind: str
    publisher: str
    rows: int
    encoding: str
    first_period: str
    last_period: str
    frequencies: list[str]
    flows: list[str]
    partners: int
    products: int
    currency: str
    title: str | None = None
    url: str | None = None
    accessed: str | None = None
    licence: str | None = None
    unit: str | None = None
    notes: str | None = None
    partial_periods: dict[str, str] = field(default_factory=dict)
    passed: bool = False  # passed with --data (wins overlaps with files in data/)
    vintage: str | None = None  # what the vintage rule read: "accessed 2026-11-23 (card)", "modified ... (no card)"

    def summary(self) -> str:
        years = self.first_period if self.first_period == self.last_period else f"{self.first_period}..{self.last_period}"
        if self.kind == "fx":
            return f"{self.path}: OK  {self.rows:,} rows, {years}, {self.currency} ({self.format})"
        partial = f", partial: {', '.join(self.partial_periods)}" if self.partial_periods else ""
        return (f"{self.path}: OK  {self.rows:,} rows, {years}, {self.partners} partners, "
                f"flows {'/'.join(self.flows)}, {self.products} products, {self.currency} ({self.format}){partial}")


@dataclass
class Dataset:
    """The canonical trade table with its exchange rates and provenance."""

    trade: pd.DataFrame
    fx: pd.DataFrame
    files: list[FileInfo]
    # one row per file, frequency and period it supplied after the vintage rule: rows used, and the files
    # it overrode there ("; "-separated) with the rows it replaced (vintage.SUPPLIED_COLUMNS)
    supplied: pd.DataFrame
    excluded: pd.DataFrame  # partial periods set aside: source, period, note
    # the set-aside rows themselves (canonical columns), for the latest months only: never part of ``trade``
    partial: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLUMNS))

    def provenance(self, source: str) -> FileInfo:
        return next(f for f in self.files if f.path == source)

    def citation(self, sources) -> str:
        """'Source: ...' text for the given source ids."""
        seen = []
        for s in dict.fromkeys(sources):
            info = self.provenance(s)
            label = info.title or info.publisher
            seen.append(f"{label} ({s})")
        return "Source: " + "; ".join(seen) + "."


def load_file(path: Path, data_dir: Path | None = None) -> tuple[pd.DataFrame, FileInfo]:
    """Load and validate one file. Returns (table, info); raises DataError naming file/row/column."""
    path = Path(path)
    text = decode(path, read_bytes(path))
    fmt = detect_format(path, text)
    card = Card.for_file(path)
    raw = read_table(path, header_has=list(fmt.header), text=text)
    sid = source_id(path, data_dir)
    columns = fmt.file_columns(raw.frame.columns)
    if fmt.kind == "fx":
        table = fmt.load(raw, sid)
        table = _without_rejected(table, raw)
        problems = raw.problems + fx_problems(table, str(path), columns)
        if problems:
            raise DataError(_in_file_order(problems))
        table = table.drop(columns="_line").reset_index(drop=True)
        pairs = sorted({f"{q} per {b}" for b, q in zip(table["base"], table["quote"])})
        bases = sorted(set(table["base"]))
        if len(pairs) > 3 and len(bases) == 1:  # the ECB's file: "30 currencies per USD", not 30 pairs in a table cell
            pairs = [f"{len(pairs)} currencies per {bases[0]}"]
        currency, flows, partners, products, freqs = ", ".join(pairs), [], 0, 0, sorted(table["frequency"].unique())
    else:
        table = fmt.load(raw, card, sid)
        table = _without_rejected(table, raw)
        # every problem of the file at once: what the loader rejected, then the checks on the rest
        problems = raw.problems + trade_problems(table, str(path), columns, cross_row=not raw.problems)
        if problems:
            raise DataError(_in_file_order(problems))
        partial = dict(card.partial_periods) or _guess_partial(table)
        card.partial_periods = partial
        table = table.drop(columns="_line").reset_index(drop=True)[COLUMNS]
        currency = "/".join(sorted(table["currency"].unique()))
        flows = sorted(table["flow"].unique())
        partners = sum(map(is_country, table["partner"].unique()))
        products = int(table["product"].nunique())
        freqs = sorted(table["frequency"].unique())
    if table.empty:
        raise DataError(Problem(str(path), "has a header but no data rows"))
    info = FileInfo(
        path=sid, sha256=sha256_file(path), format=fmt.name, kind=fmt.kind, publisher=card.publisher or fmt.publisher,
        rows=len(table), encoding=raw.encoding, first_period=str(table["period"].min()), last_period=str(table["period"].max()),
        frequencies=freqs, flows=flows, partners=partners, products=products, currency=currency, title=card.title,
        url=card.url, accessed=card.accessed, licence=card.licence, unit=card.unit, notes=card.notes,
        partial_periods=card.partial_periods,
    )
    return table, info


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    """Problems sorted by the first row they name (file-wide problems first), so a user can walk down the file."""
    def first_row(p: Problem) -> int:
        digits = re.match(r"\d+", str(p.row)) if p.row is not None else None
        return int(digits.group()) if digits else 0
    return sorted(problems, key=first_row)


def _without_rejected(table: pd.DataFrame, raw: RawTable) -> pd.DataFrame:
    """The loaded rows whose file line the loader did not reject (their problems are already listed)."""
    if raw.rejected is None or not raw.rejected.any():
        return table
    lines = raw.frame.loc[raw.rejected, "_line"]
    return table.loc[~table["_line"].isin(lines)]


def _guess_partial(table: pd.DataFrame) -> dict[str, str]:
    """A file without a card: flag its last year as partial when its world total is
    under half of the year before (no full year of Japan's trade has fallen that much)."""
    annual = table[(table["frequency"] == "A") & (table["partner"] == "WLD") & (table["product"] == TOTAL)]
    if annual.empty:
        return {}
    by_year = annual.groupby("period")["value"].sum().sort_index()
    if len(by_year) >= 2 and by_year.iloc[-1] < 0.5 * by_year.iloc[-2]:
        return {by_year.index[-1]: f"partial year (world total {by_year.iloc[-1] / by_year.iloc[-2]:.0%} of the year before)"}
    return {}


def _load_or_problems(path: Path, data_dir: Path | None):
    """load_file for a worker process: problems come back as values (they pickle), not as exceptions."""
    try:
        return load_file(path, data_dir), []
    except DataError as exc:
        return None, exc.problems


def build_dataset(paths: list[Path], data_dir: Path | None, executor=None, extra: list[Path] | tuple = ()) -> Dataset:
    """``executor``: a callable returning a concurrent.futures executor to load files in parallel.
    ``extra``: the files among ``paths`` passed with ``--data`` (they win overlaps; see ``vintage``); a file
    listed twice (in data/ and passed) is read once."""
    passed = {Path(p).resolve() for p in extra}
    paths = list({Path(p).resolve(): Path(p) for p in paths}.values()) if len(paths) > 1 else list(paths)
    trade_parts, fx_parts, infos, problems = [], [], [], []
    if executor is not None and len(paths) > 1:
        # The largest file is read here while the workers read the others: this process has pandas
        # loaded already, a worker would first have to start, and its table would come back pickled.
        pool = executor()
        biggest_first = sorted(paths, key=lambda p: -Path(p).stat().st_size if Path(p).exists() else 0)
        futures = {p: pool.submit(_load_or_problems, p, data_dir) for p in biggest_first[1:]}
        here = {biggest_first[0]: _load_or_problems(biggest_first[0], data_dir)}
        results = [here[p] if p in here else futures[p].result() for p in paths]
    else:
        results = [_load_or_problems(p, data_dir) for p in paths]
    vintages = {}
    for path, (loaded, file_problems) in zip(paths, results):
        if file_problems:  # keep going so that every file's problems are listed at once
            problems.extend(file_problems)
            continue
        table, info = loaded
        try:
            v = vintage_of(Path(path), info.accessed, Path(path).resolve() in passed, None)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        info.passed, info.vintage, vintages[info.path] = v.passed, v.describe(), v
        infos.append(info)
        (fx_parts if info.kind == "fx" else trade_parts).append(table)
    if problems:
        raise DataError(problems)
    if not trade_parts:
        raise DataError(Problem(str(data_dir or paths), "no trade data file found", fix="put an official file in data/ (see data/SOURCES.md)"))
    trade_infos = [i for i in infos if i.kind == "trade"]
    order = ranks(vintages)
    trade = pd.concat(trade_parts, ignore_index=True)
    excluded_rows, partial_parts = [], []
    for info in trade_infos:
        for period, note in info.partial_periods.items():
            mask = (trade["source"] == info.path) & (trade["period"] == period) & (trade["frequency"] == "A")
            if mask.any():
                excluded_rows.append({"source": info.path, "period": period, "rows": int(mask.sum()), "note": note})
                partial_parts.append(trade.loc[mask])
                trade = trade.loc[~mask]
    partial = (pd.concat(partial_parts, ignore_index=True)[COLUMNS] if partial_parts
               else pd.DataFrame(columns=COLUMNS))
    trade, lost = resolve(trade, KEY, trade["source"].map(order), vintages, what="trade figure")
    trade = trade.reset_index(drop=True)
    supplied = supplied_by_period(trade, lost)
    for col in ("reporter", "partner", "flow", "frequency", "currency", "product", "source"):
        trade[col] = trade[col].astype("category")
    from tradebrief.indicators.currency import method_rank, with_annual_rates
    fx = with_annual_rates(pd.concat(fx_parts, ignore_index=True) if fx_parts else pd.DataFrame(columns=FX_COLUMNS))
    if not fx.empty:
        # a rate quoted for the pair before a cross rate, a published average before a derived one; then the vintage rule
        fx_rank = fx["method"].map(method_rank) * (len(order) + 1) + fx["source"].map(order)
        fx, _ = resolve(fx, FX_KEY, fx_rank, vintages, what="exchange rate")
        fx = fx.sort_values(["base", "quote", "frequency", "period"]).reset_index(drop=True)
    excluded = pd.DataFrame(excluded_rows, columns=["source", "period", "rows", "note"])
    return Dataset(trade=trade, fx=fx, files=infos, supplied=supplied, excluded=excluded, partial=partial)
