"""Which sections a briefing holds, decided from the coverage of the loaded data before any notebook runs.

Each section states what it needs in ``report/sections.toml`` (data, not code); this module knows what
each need means and words the reason a section is left out, for the cover's "Not in this briefing" list.
Pure Python on the coverage (no pandas), so a build with nothing to run decides in milliseconds.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tradebrief.errors import ParameterError
from tradebrief.names import name, possessive, the, years


@dataclass
class Plan:
    included: list[str]
    omitted: list[dict] = field(default_factory=list)   # {"name", "title", "reason"}


def _pair(cov, p) -> str | None:
    missing = [c for c in (p["partner"], p.get("comparison")) if c and not cov.pair_years(p["reporter"], c)]
    return f"the loaded data do not list {the(missing[0])} among {possessive(p['reporter'])} partners" if missing else None


def _two_years(cov, p) -> str | None:
    if p["start_year"] >= p["end_year"]:
        return f"a shift in export destinations needs at least two years; this briefing covers {p['end_year']} only"
    return None


def _product_groups(cov, p) -> str | None:
    if not cov.has_products(p["reporter"], p["partner"], p["end_year"]):
        return (f"the loaded data have no commodity groups of {possessive(p['reporter'])} imports from {the(p['partner'])} "
                f"in {p['end_year']}")
    return None


def _partner_reports(cov, p) -> str | None:
    if not cov.reports_of(p["partner"], p["reporter"], p["start_year"], p["end_year"]):
        return (f"{possessive(p['partner'])} own all-goods reports of its trade with {the(p['reporter'])} for "
                f"{years(p['start_year'], p['end_year'])} are not loaded")
    return None


def _latest_months(cov, p) -> str | None:
    """Months after the data's last full year (a partial year a file's card declares, or monthly data), in a
    briefing that ends with that year: the latest months follow the last full year, not an earlier one."""
    reporter, end = p["reporter"], int(p["end_year"])
    full = cov.world_years(reporter)
    if full and end < max(full):
        return (f"the latest months follow the data's last full year, {max(full)}, and this briefing ends in {end}")
    later = [y for y in cov.partial.get(reporter, []) if int(str(y)[:4]) > end] + cov.months_after(reporter, end)
    if not later:
        return f"the loaded data hold no months of {possessive(reporter)} trade after {end}"
    return None


def _hs_panel(cov, p) -> str | None:
    """An HS6 panel: the release the parameter hs_panel names, or a CEPII BACI release placed under the
    data folder (``sources.baci_files.find_release``; file names only, so nothing heavy is imported)."""
    from tradebrief.paths import project_root
    from tradebrief.sources.baci_files import find_release
    if p.get("hs_panel"):
        return None
    data_dir = Path(p.get("data_dir") or "data")
    if not data_dir.is_absolute():
        data_dir = (project_root() or Path.cwd()) / data_dir
    if find_release(data_dir):
        return None
    return ("no HS6 trade panel, such as CEPII's BACI, is loaded: set the parameter hs_panel to a release's folder, "
            "or unzip a release into the data folder")


def _claims(cov, p) -> str | None:
    """The claims notebook tests the claims about this pair whose years lie within the briefing's
    (``indicators.claims.claims_for``; read here with tomllib alone, so no pandas is imported)."""
    from tradebrief.paths import read_toml
    path = p.get("claims_file")
    if not path or not Path(path).exists():
        return "no claims file is given (parameter claims_file)"
    pair = [p["reporter"].upper(), p["partner"].upper()]
    held = [c for c in read_toml(Path(path), "claims file").get("claim", [])
            if [str(x).upper() for x in c.get("pair", [])] == pair and len(c.get("years", [])) == 2
            and p["start_year"] <= c["years"][0] and c["years"][1] <= p["end_year"]]
    if not held:
        return (f"no published claims about {name(p['reporter'])}–{name(p['partner'])} trade in "
                f"{years(p['start_year'], p['end_year'])} are in the claims file")
    return None


NEEDS = {"pair": _pair, "two_years": _two_years, "product_groups": _product_groups, "partner_reports": _partner_reports,
         "latest_months": _latest_months, "hs_panel": _hs_panel, "claims": _claims}


def read_sections(path: Path) -> dict[str, dict]:
    from tradebrief.paths import read_toml
    sections = read_toml(Path(path), "sections file")
    for section, spec in sections.items():
        unknown = [n for n in spec.get("needs", []) if n not in NEEDS]
        if unknown:
            raise ParameterError(f"{path}: section {section!r} needs {unknown[0]!r}, which is not one of {', '.join(NEEDS)}")
    return sections


def plan(notebooks: list[str], parameters: dict, cov, sections: dict[str, dict]) -> Plan:
    """The sections of this briefing, in order, and those left out with the reason (the first unmet need)."""
    out = Plan([])
    for nb in notebooks:
        spec = sections.get(nb, {})
        reason = next((r for need in spec.get("needs", []) if (r := NEEDS[need](cov, parameters))), None)
        if reason is None:
            out.included.append(nb)
        else:
            out.omitted.append({"name": nb, "title": spec.get("title", nb), "reason": reason})
    return out
