"""Briefing parameters: ``report/briefing.toml`` plus ``--param NAME=VALUE`` overrides,
checked against the data before any notebook runs."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from tradebrief.countries import AGGREGATES, display_name
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
        return f"{display_name(p['reporter'])}'s trade dependence on {display_name(p['partner'])}"

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
# (parameter, lowest, highest, what it means)
RANGES = [("top_n", 1, None, "the number of partners or groups shown"),
          ("share_threshold", 0.0, 100.0, "a percentage of imports"),
          ("hhi_threshold", 0.0, 1.0, "a Herfindahl–Hirschman index, 0-1")]


def check_parameters(config: Config) -> None:
    """Checks that need no data: comparison differs from partner, counts and thresholds in range."""
    p = config.parameters
    if p.get("partner") and p.get("partner") == p.get("comparison"):
        raise ParameterError(f"comparison {p['comparison']!r} is the same as partner {p['partner']!r}: "
                             "choose another country to compare with, e.g. --param comparison=USA")
    if p.get("partner") and p.get("partner") == p.get("reporter"):
        raise ParameterError(f"partner {p['partner']!r} is the reporter itself: choose a trading partner")
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
    """' (did you mean KOR?)' for a near miss among ``valid`` codes or country names, else ''."""
    by_name = {display_name(c).upper(): c for c in valid}
    hits = difflib.get_close_matches(code.upper(), valid, n=1, cutoff=0.6) or \
        [by_name[m] for m in difflib.get_close_matches(code.upper(), list(by_name), n=1, cutoff=0.6)]
    return f" (did you mean {hits[0]}, {display_name(hits[0])}?)" if hits else ""


def check_partners(config: Config, trade) -> None:
    """Partner and comparison must be countries the reporter's data list; near misses get a suggestion.
    Call after ``check_against_data`` has checked the reporter."""
    p = config.parameters
    rows = trade[(trade["reporter"] == p["reporter"]) & (trade["frequency"] == "A") & (trade["product"] == "TOTAL")
                 & trade["flow"].isin(["export", "import"])]
    partners = sorted({str(x) for x in rows["partner"].unique()} - AGGREGATES - {str(p["reporter"])})
    for key in ("partner", "comparison"):
        if key in p and p[key] not in partners:
            raise ParameterError(f"unknown {key} {p[key]!r} for reporter {p['reporter']}{suggest(str(p[key]), partners)}; valid: "
                                 + ", ".join(f"{c} ({display_name(c)})" for c in partners))


def check_against_data(config: Config, trade) -> None:
    """Reporter, partners and year range must exist in the data; one line, valid choices listed.

    Any reporter whose own reports are loaded is accepted (a Comtrade download may hold several);
    partners are countries only: non-country areas (World, EU, "nes" areas ...) cannot be chosen.
    """
    p = config.parameters
    reporters = sorted(str(r) for r in trade["reporter"].unique())
    reporter = p.get("reporter")
    if reporter not in reporters:
        raise ParameterError(f"unknown reporter {reporter!r}: the loaded data cover reporters "
                             + ", ".join(f"{c} ({display_name(c)})" for c in reporters)
                             + "; add that country's own reports (e.g. a UN Comtrade download) to use it")
    rows = trade[(trade["reporter"] == reporter) & (trade["frequency"] == "A") & (trade["product"] == "TOTAL")]
    check_partners(config, trade)
    years = sorted({int(x) for x in rows["period"].unique()})
    for key in ("start_year", "end_year"):
        if key in p and not isinstance(p[key], int):
            raise ParameterError(f"parameter {key} must be a whole number, got {p[key]!r}")
    if "start_year" in p and "end_year" in p:
        lo, hi = p["start_year"], p["end_year"]
        if lo > hi:
            raise ParameterError(f"start_year {lo} is after end_year {hi}")
        if lo < years[0] or hi > years[-1]:
            raise ParameterError(f"year range {lo}-{hi} is outside the data: full years {years[0]}-{years[-1]} "
                                 "(partial years are excluded; see the data appendix)")
