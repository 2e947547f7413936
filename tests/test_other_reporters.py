"""Briefings for reporters other than Japan, from the shipped UN Comtrade Plus download alone
(data/comtrade/china_germany_usa_all_partners_2022.csv, cp1252-encoded, no hand edits): Germany–China
and China–Japan, 2022. Expected values are computed here from the raw file with the csv module."""
from __future__ import annotations

import csv
import html as htmllib
import re
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

RAW_FILE = ROOT / "data" / "comtrade" / "china_germany_usa_all_partners_2022.csv"
NAMES = {"DEU": "Germany", "CHN": "China", "JPN": "Japan", "USA": "the United States"}


def _raw():
    """value[reporter][flow][partnerISO] in US dollars (primaryValue), all goods, breakdowns at their totals."""
    out = defaultdict(lambda: defaultdict(dict))
    desc = {}
    with open(RAW_FILE, newline="", encoding="cp1252") as fh:
        for row in csv.DictReader(fh):
            if row["cmdCode"] != "TOTAL" or row["partner2Code"] != "0" or row["motCode"] != "0" or row["customsCode"] != "C00":
                continue
            out[row["reporterISO"]][row["flowCode"]][row["partnerISO"]] = float(row["primaryValue"])
            desc[row["partnerISO"]] = row["partnerDesc"]
    return out, desc


RAW, DESC = _raw()


def is_area(iso: str) -> bool:
    """Comtrade's non-country partner areas: World, "... nes", bunkers, free zones, special categories."""
    d = DESC[iso]
    return iso == "W00" or bool(re.search(r"\bnes\b|Bunkers|Free Zones|Special Categories|Areas", d))


def total_share(reporter: str, partner: str) -> float:
    x, m = RAW[reporter]["X"], RAW[reporter]["M"]
    return 100 * (x.get(partner, 0) + m.get(partner, 0)) / (x["W00"] + m["W00"])


def top_export_destination(reporter: str) -> str:
    x = RAW[reporter]["X"]
    return max((p for p in x if not is_area(p)), key=x.get)


def _build(tmp_path_factory, name, overrides):
    from tradebrief.report.build import BuildOptions, build
    out = tmp_path_factory.mktemp(name)
    build(BuildOptions(root=ROOT, out_dir=out, overrides=overrides, progress=False, formats=("html",)))
    return out


def _text(out: Path) -> str:
    raw = (out / "briefing.html").read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", raw, flags=re.S)
    raw = re.sub(r'<details class="method"[^>]*>.*?</details>', " ", raw, flags=re.S)
    raw = re.sub(r'<p class="omitted">.*?</p>', " ", raw, flags=re.S)   # the list of sections left out names them
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", raw)))


PAIRS = {"germany_china": ("DEU", "CHN", "USA"), "china_japan": ("CHN", "JPN", "USA")}


@pytest.fixture(scope="module", params=list(PAIRS))
def pair(request, tmp_path_factory):
    reporter, partner, comparison = PAIRS[request.param]
    out = _build(tmp_path_factory, request.param, [f"reporter={reporter}", f"partner={partner}", f"comparison={comparison}",
                                                    "start_year=2022", "end_year=2022"])
    return reporter, partner, comparison, out


def test_title_and_currency_follow_the_reporter(pair):
    reporter, partner, _, out = pair
    html = (out / "briefing.html").read_text(encoding="utf-8")
    title = f"{NAMES[reporter]}'s trade dependence on {NAMES[partner]}"
    assert re.search(r'class="doc-title"[^>]*>([^<]*)<', html).group(1).replace("&#39;", "'") == title
    text = _text(out)
    # Comtrade reports in US dollars; only the mirror section, which reads the partner's own (yen) reports, may say yen
    own = re.sub(r"Mirror statistics:.*?(?=Data appendix)", " ", text)
    assert "US$" in text and not re.search(r"(?<!CN)¥", own) and "yen" not in own   # CN¥: China's yuan, beside its dollars
    assert "Japan's trade dependence on China" not in text


def test_share_and_top_destination_match_the_raw_file(pair):
    reporter, partner, comparison, out = pair
    text = _text(out)
    assert f"{NAMES[partner]} took {total_share(reporter, partner):.1f}% of {NAMES[reporter]}'s total trade" in text
    kf = pd.read_csv(out / "key_figures.csv", dtype=str, keep_default_na=False)
    top = kf[(kf.indicator == "top_destination") & (kf.period == "2022")]["value"]
    assert set(top) == {top_export_destination(reporter)}


def test_non_country_areas_are_never_ranked(pair):
    reporter, _, _, out = pair
    kf = pd.read_csv(out / "key_figures.csv", dtype=str, keep_default_na=False)
    ranked = set(kf[kf.indicator == "rank"]["partner"])
    assert ranked and not {p for p in ranked if p in DESC and is_area(p)}
    html = (out / "briefing.html").read_text(encoding="utf-8")
    shares = html[html.index('id="sec-partner_shares"'):html.index("</section>", html.index('id="sec-partner_shares"'))]
    tables = " ".join(re.findall(r"<table.*?</table>", re.sub(r'<details class="method"[^>]*>.*?</details>', " ", shares, flags=re.S), flags=re.S))
    assert "United States" in tables   # the rankings are there ...
    assert not re.search(r"\bnes\b|Bunkers|Free Zones", tables)   # ... and hold countries only
    if reporter == "CHN":   # China reports Taiwan as "Other Asia, nes": counted in the world total, listed in the appendix
        assert "Other Asia, nes" in _text(out)


def test_no_claim_case_study_or_one_year_shift_of_another_pair(pair):
    _, _, _, out = pair
    text = _text(out)
    assert "seafood" not in text.lower() and "Claims ledger" not in text
    assert "The shift in export destinations" not in text   # one year: no change of leader can be measured
    omitted = re.search(r'<p class="omitted">(.*?)</p>', (out / "briefing.html").read_text(encoding="utf-8"), flags=re.S).group(1)
    assert "The shift in export destinations (a shift in export destinations needs at least two years" in htmllib.unescape(omitted)
    assert "between 2022 and 2022" not in text
