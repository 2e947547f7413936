"""Briefing parameters: ``report/briefing.toml`` plus ``--param NAME=VALUE`` overrides,
checked against the data before any notebook runs."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from tradebrief.countries import display_name, in_sentence
from tradebrief.errors import ParameterError


@dataclass
class Config:
    title: str | None   # set in briefing.toml; None: made from the parameters (``display_title``)
    notebooks: list[str]
    parameters: dict
    per_notebook: dict[str, dict] = field(default_factory=dict)
    path: Path | None = None

    @property
    def display_title(self) -> str:
        """The briefing's title: briefing.toml's ``title`` if set, else "<Reporter>'s trade dependence on <Partner>"."""
        if self.title:
            return self.title
        p = self.parameters
        from tradebrief.names import possessive, the
        return f"{possessive(p['reporter'], capital=True)} trade dependence on {the(p['partner'])}"

    def for_notebook(self, name: str, used: set[str], base: dict | None = None) -> dict:
        """The parameters a notebook uses: ``base`` (default: the briefing's), then its own section."""
        params = {k: v for k, v in (self.parameters if base is None else base).items() if k in used}
        params.update({k: v for k, v in self.per_notebook.get(name, {}).items() if k in used})
        return params


def load_config(path: Path) -> Config:
    from tradebrief.paths import read_toml
    raw = read_toml(Path(path), "briefing configuration")
    b = raw.get("briefing", {})
    if "notebooks" not in b:
        raise ParameterError(f"{path}: [briefing] needs notebooks = [...]")
    return Config(title=b.get("title") or None, notebooks=list(b["notebooks"]),
                  parameters=dict(raw.get("parameters", {})), per_notebook=dict(raw.get("notebook", {})), path=Path(path))


def _coerce(name: str, text: str, default):
    try:
        if isinstance(default, bool):
            if text.lower() in ("1", "true", "yes"):
                return True
            if text.lower() in ("0", "false", "no"):
                return False
            raise ValueError
        if isinstance(default, int):
            return int(text)
        if isinstance(default, float):
            return float(text)
        if isinstance(default, list):
            return [t.strip() for t in text.split(",") if t.strip()]
    except ValueError:
        kind = {bool: "true or false", int: "a whole number", float: "a number", list: "a comma-separated list"}[type(default)]
        raise ParameterError(f"parameter {name} must be {kind}, got {text!r}") from None
    return text


def apply_overrides(config: Config, overrides: list[str]) -> Config:
    params = dict(config.parameters)
    for item in overrides or []:
        if "=" not in item:
            raise ParameterError(f"--param {item!r}: write NAME=VALUE, e.g. --param end_year=2023")
        name, text = (s.strip() for s in item.split("=", 1))
        if name not in params:
            raise ParameterError(f"unknown parameter {name!r}; valid parameters: {', '.join(sorted(params))}")
        params[name] = _coerce(name, text, params[name])
    for key in CODE_PARAMETERS:   # ISO codes are accepted in any case
        if isinstance(params.get(key), str):
            params[key] = params[key].strip().upper()
    checked = Config(config.title, config.notebooks, params, config.per_notebook, config.path)
    check_parameters(checked)
    return checked


CODE_PARAMETERS = ("reporter", "partner", "comparison")
ENGINES = ("duckdb", "spark")
# (parameter, lowest, highest, what it means)
RANGES = [("top_n", 1, None, "the number of partners or groups shown"),
          ("share_threshold", 0.0, 100.0, "a percentage of imports"),
          ("hhi_threshold", 0.0, 1.0, "a Herfindahl–Hirschman index, 0-1")]


def check_parameters(config: Config) -> None:
    """Checks that need no data: comparison differs from partner, counts and thresholds in range."""
    p = config.parameters
    if p.get("partner") and p.get("partner") == p.get("reporter"):
        raise ParameterError(f"partner {p['partner']!r} is the reporter itself: choose a trading partner")
    if "engine" in p and p["engine"] not in ENGINES:
        raise ParameterError(f"unknown engine {p['engine']!r}: choose {' or '.join(ENGINES)} (where the HS6 indicators run)")
    for key, lo, hi, meaning in RANGES:
        if key not in p:
            continue
        v = p[key]
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ParameterError(f"parameter {key} must be a number ({meaning}), got {v!r}")
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            bounds = f"at least {lo:g}" if hi is None else f"between {lo:g} and {hi:g}"
            raise ParameterError(f"parameter {key} must be {bounds} ({meaning}), got {v:g}")


def suggest(code: str, valid: list[str]) -> str:
    """' (did you mean KOR, South Korea?)' for a near miss among ``valid`` codes or country names, else ''."""
    by_name = {display_name(c).upper(): c for c in valid}
    hits = difflib.get_close_matches(code.upper(), valid, n=1, cutoff=0.6) or \
        [by_name[m] for m in difflib.get_close_matches(code.upper(), list(by_name), n=1, cutoff=0.6)]
    return f" (did you mean {hits[0]}, {display_name(hits[0])}?)" if hits else ""


def _choices(codes: list[str], limit: int = 25, more: str = "") -> str:
    """"CHN (China), USA (United States), ... and 180 more" — the real choices, not a wall of codes."""
    shown = ", ".join(f"{c} ({display_name(c)})" for c in codes[:limit])
    return shown + (f" and {len(codes) - limit} more{more}" if len(codes) > limit else "")


def check_against_data(config: Config, trade_or_coverage) -> None:
    """Reporter, partner, comparison and years must be ones the loaded data hold: asked of the coverage
    (``tradebrief.coverage``), before any notebook runs. An error names the real choices for this
    reporter and partner: the reporters with partner detail, the partners holding both flows (largest
    first), the years holding the pair's data.

    Any reporter whose own reports are loaded is accepted; partners are countries or groups of countries
    (the EU), never the world total or an area "not elsewhere specified"."""
    from tradebrief.countries import area_kind, area_note
    from tradebrief.coverage import Coverage
    cov = trade_or_coverage if isinstance(trade_or_coverage, Coverage) else _coverage_of_trade(trade_or_coverage)
    p = config.parameters
    reporter = p.get("reporter")
    able = cov.briefing_reporters()
    if reporter not in cov.reporters():
        raise ParameterError(f"unknown reporter {reporter!r}{suggest(str(reporter), able)}: the loaded data hold partner detail "
                             f"for {_choices(able)}; add that country's own reports (e.g. a UN Comtrade download, see "
                             "`tradebrief fetch --help`) to use it")
    partners = cov.partners(reporter)
    if reporter not in able:
        held = f" and its trade with {_choices(partners)}" if partners else ""
        raise ParameterError(f"the loaded data hold only {display_name(reporter)}'s world totals{held}: a briefing needs a partner "
                             f"and a comparison; reporters with partner detail: {_choices(able)} (or add {display_name(reporter)}'s "
                             "own reports by partner, e.g. `tradebrief fetch comtrade --reporter " f"{reporter} ...`)")
    ranked = _by_size(cov, reporter, partners)
    more = f" (tradebrief coverage --reporter {reporter} lists them all)"
    if p.get("partner") and p.get("partner") == p.get("comparison"):
        others = [c for c in ranked if c != p["partner"]]
        raise ParameterError(f"comparison {p['comparison']!r} is the same as partner {p['partner']!r}: choose another country or "
                             f"group to compare {in_sentence(p['partner'])} with, e.g. {_choices(others, 5)}")
    for key in ("partner", "comparison"):
        code = p.get(key)
        if code is None or code in partners:
            continue
        if code == reporter:
            raise ParameterError(f"{key} {code!r} is the reporter itself: choose a trading partner of {display_name(reporter)}, "
                                 f"e.g. {_choices(ranked, 5)}")
        kind = area_kind(code) if code in {h.partner for h in cov.holdings if h.reporter == reporter} else None
        if kind is not None and kind not in ("country", "group"):
            note = area_note(code)
            raise ParameterError(f"{key} {code!r} ({display_name(code)}{'; ' + note if note else ''}) is not a country or a group of "
                                 f"countries, so the briefing cannot be about it; partners of {display_name(reporter)} with both "
                                 f"flows: {_choices(ranked, more=more)}")
        raise ParameterError(f"unknown {key} {code!r} for reporter {reporter}{suggest(str(code), partners)}; partners of "
                             f"{display_name(reporter)} with exports and imports in the data: {_choices(ranked, more=more)}")
    for key in ("start_year", "end_year"):
        if key in p and (isinstance(p[key], bool) or not isinstance(p[key], int)):
            raise ParameterError(f"parameter {key} must be a whole number, got {p[key]!r}")
    pair = [c for c in (p.get("partner"), p.get("comparison")) if c]
    ok = cov.pair_years(reporter, *pair)
    if not ok:
        raise ParameterError(f"no year of the loaded data holds {display_name(reporter)}'s trade with "
                             f"{' and '.join(in_sentence(c) for c in pair)}: choose another "
                             f"{'comparison' if len(pair) > 1 and cov.pair_years(reporter, pair[0]) else 'partner'}, e.g. {_choices(ranked, 5)}")
    if "start_year" in p and "end_year" in p:
        lo, hi = p["start_year"], p["end_year"]
        if lo > hi:
            raise ParameterError(f"start_year {lo} is after end_year {hi}; years holding the pair's data: {cov.describe_years(ok)}")
        if not set(range(lo, hi + 1)) <= set(ok):
            partial = cov.partial.get(reporter, [])
            raise ParameterError(cov.why_not_years(reporter, pair, lo, hi)
                                 + (f"; {' and '.join(partial)} {'is a partial year' if len(partial) == 1 else 'are partial years'}, "
                                    "never compared with full ones" if partial else "")
                                 + f"; e.g. --param start_year={_first_of_last_run(ok)} --param end_year={ok[-1]}")


def _first_of_last_run(years: list[int]) -> int:
    first = years[-1]
    while first - 1 in years:
        first -= 1
    return first


def _by_size(cov, reporter: str, partners: list[str]) -> list[str]:
    """Partners largest first by the reporter's latest total trade with them (alphabetical without a table)."""
    sizes = cov.sizes.get(reporter, {})
    return sorted(partners, key=lambda c: (-sizes.get(c, 0.0), c))


def _coverage_of_trade(trade):
    """A coverage of a bare trade table (tests and callers that hold no Dataset)."""
    import pandas as pd

    from tradebrief.coverage import Coverage
    from tradebrief.sources.dataset import Dataset
    empty = pd.DataFrame(columns=["source", "period", "rows", "note"])
    return Coverage.from_dataset(Dataset(trade=trade, fx=pd.DataFrame(columns=["base", "quote", "period", "frequency", "rate"]),
                                         files=[], supplied=empty, excluded=empty))
