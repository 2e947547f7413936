"""Live download from the UN Comtrade API (optional; needs network access and the 'fetch' extra).

The answer is written exactly as Comtrade Plus returns it (the same columns as the website's CSV
export), so ``tradebrief validate`` and the Comtrade Plus loader read it like a manual download.
Beside it goes a metadata card ``<file>.meta.toml`` with the query and the time of access.

The query is checked before any request (codes against the reference lists shipped in
``tradebrief/reference/``, years against what UN Comtrade holds), and every request is retried on
429 and 5xx answers with exponential backoff by urllib3's ``Retry`` (``http.retrying``). The ECB's
exchange rates are fetched by ``tradebrief.fetch_ecb``.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from tradebrief.countries import WORLD, comtrade_partners, comtrade_reporters
from tradebrief.download import comtrade_transport
from tradebrief.errors import TradebriefError

#: The keyless preview answers at most this many records per call.
PREVIEW_CAP = 500
#: Records asked for per call with a subscription key (the API's documented ceiling is higher;
#: a call that returns exactly this many is split like a preview call).
FULL_CAP = 100_000
#: Seconds between preview calls: the public endpoint throttles rapid callers.
PREVIEW_PAUSE = 1.0
#: At most this many periods in one call (the API's limit on the ``period`` list).
PERIODS_PER_CALL = 12
FLOWS = ("M", "X")
KEY_VARIABLE = "COMTRADE_KEY"
WORLD_CODE = "0"
#: Columns an answer must have to be a Comtrade Plus final-data table.
REQUIRED = ("period", "reporterCode", "flowCode", "partnerCode", "primaryValue")


class ComtradeError(TradebriefError):
    """The API could not be reached, refused the query, or answered something unusable."""


@dataclass(frozen=True)
class Query:
    periods: tuple[str, ...]
    flows: tuple[str, ...]
    partners: tuple[str, ...] | None  # None = every partner, World included

    def describe(self) -> str:
        who = "all partners" if self.partners is None else (
            f"partners {','.join(self.partners)}" if len(self.partners) <= 3 else f"{len(self.partners)} partners")
        return f"period {','.join(self.periods)}, flow {','.join(self.flows)}, {who}"


@dataclass
class FetchResult:
    path: Path
    card: Path
    records: int
    calls: int
    full_api: bool
    truncated: list[Query] = field(default_factory=list)

    def warnings(self) -> list[str]:
        cap = FULL_CAP if self.full_api else PREVIEW_CAP
        return [f"the call for {q.describe()} returned the cap of {cap} records and cannot be split further; "
                "records beyond the cap are missing" + ("" if self.full_api else f" (set {KEY_VARIABLE} for the full API)")
                for q in self.truncated]


#: UN Comtrade's HS data begin with the Harmonized System, in 1988.
FIRST_HS_YEAR = 1988


def parse_years(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?", text or "")
    if not m:
        raise ComtradeError(f"--years must be a year or a range such as 2020-2024, got {text!r}")
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    if last < first:
        raise ComtradeError(f"--years {text}: the last year comes before the first")
    this_year = dt.date.today().year
    if first < FIRST_HS_YEAR or last > this_year:
        raise ComtradeError(f"--years {text}: UN Comtrade's HS data cover {FIRST_HS_YEAR}-{this_year} at most")
    return first, last


def _closest(text: str, areas) -> list[str]:
    """'KOR (Rep. of Korea)' style suggestions for a mistyped code: codes close to it, and areas whose
    name contains it or is close to it (difflib, the standard library's fuzzy matcher)."""
    import difflib
    text = text.strip()
    by_code = {a.code: a.name for a in areas}
    names = {a.name.lower(): a.code for a in areas}
    hits = difflib.get_close_matches(text.upper(), list(by_code), n=3, cutoff=0.6)
    hits += [code for name, code in names.items() if len(text) >= 3 and text.lower() in name]
    hits += [names[n] for n in difflib.get_close_matches(text.lower(), list(names), n=3, cutoff=0.6)]
    return [f"{c} ({by_code[c]})" for c in dict.fromkeys(hits)][:6]


def check_area(code: str, role: str) -> str:
    """The upper-cased ISO code if UN Comtrade lists it as a ``role`` ('reporter' or 'partner'), checked
    against the reference list shipped with tradebrief, before any request; else an error with the
    close matches."""
    table = comtrade_reporters() if role == "reporter" else comtrade_partners()
    areas = [a for a in table.values() if a.code and a.code != WORLD]
    wanted = (code or "").strip().upper()
    if wanted in {a.code for a in areas}:
        return wanted
    close = _closest(code or "", areas)
    option = "--reporter" if role == "reporter" else "--partner"
    raise ComtradeError(f"{code!r} is not a {role} in UN Comtrade's reference list ({option} takes an ISO 3166 "
                        f"alpha-3 code, e.g. DEU, CHN, JPN)" + (f"; did you mean {', '.join(close)}?" if close else ""))


def periods_for(first: int, last: int, freq: str) -> list[str]:
    """Comtrade period codes: ``2024`` for a year, ``202403`` for a month."""
    if freq == "A":
        return [str(y) for y in range(first, last + 1)]
    if freq == "M":
        return [f"{y}{m:02d}" for y in range(first, last + 1) for m in range(1, 13)]
    raise ComtradeError(f"--freq must be A (annual) or M (monthly), got {freq!r}")


def _api():
    try:
        import comtradeapicall
    except ImportError:
        raise ComtradeError("live fetching needs the optional packages: pip install 'tradebrief[fetch]'") from None
    return comtradeapicall


def _call(what: str, fn, **kwargs):
    """Run one comtradeapicall function. The package prints its errors and returns None rather than
    raising, so its printed text is captured and turned into the message of one error."""
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed), comtrade_transport():
            answer = fn(**kwargs)
    except Exception as exc:  # the package lets some network and JSON errors through
        raise ComtradeError(f"UN Comtrade did not answer the {what}: {_one_line(str(exc) or type(exc).__name__)}") from None
    if answer is None:
        said = _one_line(printed.getvalue()) or "no answer"
        raise ComtradeError(f"UN Comtrade did not answer the {what} ({said}); check the network connection"
                            + ("" if "key" not in said.lower() else f" and {KEY_VARIABLE}"))
    return answer


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def reference(category: str) -> pd.DataFrame:
    """One of Comtrade's published reference tables ('reporter', 'partner'), as the package reads it."""
    api = _api()
    table = _call(f"request for its {category} reference list", api.getReference, category=category)
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise ComtradeError(f"UN Comtrade's {category} reference list came back empty")
    return table


def _current(table: pd.DataFrame) -> pd.DataFrame:
    """Entries still in force (no expiry date), newest first."""
    out = table
    if "entryExpiredDate" in out.columns:
        out = out[out["entryExpiredDate"].isna() | (out["entryExpiredDate"].astype(str).str.strip() == "")]
    if "entryEffectiveDate" in out.columns:
        out = out.sort_values("entryEffectiveDate", ascending=False)
    return out


def code_for(iso3: str, table: pd.DataFrame, code_col: str, iso_col: str, role: str) -> str:
    """Comtrade's numeric code (M49 or Comtrade's own) for an ISO 3166 alpha-3 code."""
    iso3 = iso3.strip().upper()
    if code_col not in table.columns or iso_col not in table.columns:
        raise ComtradeError(f"UN Comtrade's {role} reference list lacks the columns {code_col}/{iso_col}")
    hits = table[table[iso_col].astype(str).str.upper() == iso3]
    current = _current(hits)
    pick = current if not current.empty else hits
    if pick.empty:
        raise ComtradeError(f"{iso3!r} is not a {role} in UN Comtrade's reference list "
                            "(use the ISO 3166 alpha-3 code, e.g. DEU, CHN, JPN)")
    return str(int(pick.iloc[0][code_col]))


def all_partner_codes(table: pd.DataFrame) -> tuple[str, ...]:
    """Every single partner area of the reference list plus World, for splitting 'all partners' into
    chunks. Groups other than World are left out: asking for them would add sums to the table."""
    single = table
    if "isGroup" in table.columns:
        single = table[~table["isGroup"].fillna(False).astype(bool)]
    codes = {str(int(c)) for c in single["PartnerCode"].dropna()} | {WORLD_CODE}
    return tuple(sorted(codes, key=int))


def _halves(items: tuple[str, ...]) -> list[tuple[str, ...]]:
    mid = len(items) // 2
    return [items[:mid], items[mid:]]


def fetch_comtrade(reporter: str, partner: str = "all", years: str = "2020-2024", freq: str = "A",
                   out: Path | None = None, key: str | None = None, pause: float | None = None) -> FetchResult:
    """Download the reporter's trade in all goods (HS TOTAL) with one partner or all, write it in the
    Comtrade Plus columns and a metadata card. ``key`` defaults to the COMTRADE_KEY environment
    variable; without a key the preview is used and its 500-record cap is met by splitting the query
    (per period, per flow, then per chunk of partners)."""
    freq = (freq or "A").upper()
    first, last = parse_years(years)
    periods = periods_for(first, last, freq)
    reporter = check_area(reporter, "reporter")   # every check before the first request
    if (partner or "all").strip().lower() not in ("all", "*", WORLD.lower()):
        check_area(partner, "partner")
    key = key or os.environ.get(KEY_VARIABLE) or None
    full = key is not None
    cap = FULL_CAP if full else PREVIEW_CAP
    pause = (0.0 if full else PREVIEW_PAUSE) if pause is None else pause
    api = _api()

    reporter = reporter.strip().upper()
    reporter_code = code_for(reporter, reference("reporter"), "reporterCode", "reporterCodeIsoAlpha3", "reporter")
    partner = (partner or "all").strip()
    partner_ref: pd.DataFrame | None = None
    if partner.lower() in ("all", "*"):
        partner, partners = "all", None
    elif partner.upper() == WORLD:  # Comtrade's World has no ISO code (W00 in its list)
        partner, partners = WORLD, (WORLD_CODE,)
    else:
        partner = partner.upper()
        partner_ref = reference("partner")
        partners = (code_for(partner, partner_ref, "PartnerCode", "PartnerCodeIsoAlpha3", "partner area"), WORLD_CODE)

    fn_name = "getFinalData" if full else "previewFinalData"
    fn = getattr(api, fn_name)
    calls = 0
    truncated: list[Query] = []

    def ask(q: Query) -> pd.DataFrame:
        nonlocal calls
        if calls and pause:
            time.sleep(pause)
        calls += 1
        args = dict(typeCode="C", freqCode=freq, clCode="HS", period=",".join(q.periods), reporterCode=reporter_code,
                    cmdCode="TOTAL", flowCode=",".join(q.flows),
                    partnerCode=None if q.partners is None else ",".join(q.partners),
                    # breakdowns at their totals, so the rows add up without double counting
                    partner2Code="0", customsCode="C00", motCode="0",
                    maxRecords=cap, format_output="JSON", aggregateBy=None, breakdownMode="classic",
                    countOnly=None, includeDesc=True)
        if full:
            args["subscription_key"] = key
        answer = _call(f"query for {reporter} ({q.describe()})", fn, **args)
        if not isinstance(answer, pd.DataFrame):
            raise ComtradeError(f"UN Comtrade answered the query for {reporter} with {type(answer).__name__}, not a table")
        return answer

    def collect(q: Query) -> list[pd.DataFrame]:
        nonlocal partner_ref
        got = ask(q)
        if len(got) < cap:
            return [got]
        if len(q.periods) > 1:
            return [f for part in _halves(q.periods) for f in collect(replace(q, periods=part))]
        if len(q.flows) > 1:
            return [f for flow in q.flows for f in collect(replace(q, flows=(flow,)))]
        if q.partners is None:
            if partner_ref is None:
                partner_ref = reference("partner")
            q = replace(q, partners=all_partner_codes(partner_ref))
        if len(q.partners) > 1:
            return [f for part in _halves(q.partners) for f in collect(replace(q, partners=part))]
        truncated.append(q)
        return [got]

    step = 1 if not full else PERIODS_PER_CALL
    frames = [f for i in range(0, len(periods), step)
              for f in collect(Query(tuple(periods[i:i + step]), FLOWS, partners))]
    frames = [f for f in frames if not f.empty]
    if not frames:
        raise ComtradeError(f"UN Comtrade has no records for {reporter} with "
                            f"{'any partner' if partner == 'all' else partner} in {years} (frequency {freq})")
    table = pd.concat(frames, ignore_index=True)
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise ComtradeError(f"UN Comtrade's answer lacks the column(s) {missing}; the API may have changed")

    out = Path(out) if out else Path("data/comtrade") / f"comtrade_{reporter}_{partner}_{first}-{last}_{freq}.csv"
    result = FetchResult(path=out, card=out.with_name(out.name + ".meta.toml"), records=len(table), calls=calls,
                         full_api=full, truncated=truncated)
    accessed = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    query = (f"comtradeapicall.{fn_name}(typeCode='C', freqCode='{freq}', clCode='HS', cmdCode='TOTAL', "
             f"flowCode='M,X', reporterCode='{reporter_code}' ({reporter}), "
             f"partnerCode={'all' if partners is None else repr(','.join(partners))}, "
             f"partner2Code='0', customsCode='C00', motCode='0', period={periods[0]}..{periods[-1]})")
    notes = (f"Query: {query}; {calls} call(s) at {accessed}, {len(table)} records"
             + (f", with a subscription key ({KEY_VARIABLE})" if full else ", keyless preview (500 records per call, query split to stay below it)")
             + "".join(f". WARNING: {w}" for w in result.warnings()) + ".")
    card = {"publisher": "United Nations Statistics Division, UN Comtrade",
            "title": f"UN Comtrade final data, HS total, {reporter} with {'all partners' if partner == 'all' else partner}, "
                     f"{years} ({'annual' if freq == 'A' else 'monthly'})",
            "url": "https://comtradeplus.un.org/", "accessed": accessed, "licence": "UN Comtrade terms of use",
            "unit": "USD", "reporter": reporter}
    if partner != "all":
        card["partner"] = partner
    card["notes"] = notes
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(out, index=False, encoding="utf-8")
        # json.dumps writes a valid TOML basic string (same escapes)
        result.card.write_text("".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in card.items()),
                               encoding="utf-8")
    except OSError as exc:
        raise ComtradeError(f"cannot write {out}: {exc.strerror or exc}") from None
    return result
