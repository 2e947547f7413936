"""A reporter's own currency beside US dollars (issue 22 item 4): Germany's UN Comtrade dollars in euros.

Expected values are computed here from the raw files with the csv module: Germany's exports to and imports from
China in 2022 (``primaryValue``, all goods, breakdowns at their totals) from the shipped Comtrade Plus download,
and the euro rate of 2022 by hand from the ECB's daily file (column USD = US dollars per euro). The briefing
converts dollars to euros with the year's mean of the daily euros per dollar (1 ÷ the USD column, averaged:
``sources.ecb`` crosses first, then averages) and shows the rate as the ECB quotes the pair, dollars per euro.
"""
from __future__ import annotations

import csv
import html as htmllib
import math
import re
from statistics import mean

import pandas as pd
import pytest
from conftest import DATA, ROOT

from tradebrief.indicators.currency import convert, home_currency, home_values, quoted_rate
from tradebrief.prose import bilateral

COMTRADE = DATA / "comtrade" / "china_germany_usa_all_partners_2022.csv"
ECB = DATA / "fx" / "eurofxref-hist.csv"


def germany_china_2022() -> dict[str, float]:
    """Germany's exports (X) to and imports (M) from China in 2022, US dollars, read with the csv module."""
    out = {}
    with open(COMTRADE, newline="", encoding="cp1252") as fh:
        for r in csv.DictReader(fh):
            if (r["reporterISO"], r["partnerISO"], r["cmdCode"], r["partner2Code"], r["motCode"], r["customsCode"]) == \
                    ("DEU", "CHN", "TOTAL", "0", "0", "C00"):
                out[r["flowCode"]] = float(r["primaryValue"])
    assert set(out) == {"X", "M"}
    return out


def ecb_daily_usd_per_eur(year: int) -> list[float]:
    with open(ECB, newline="", encoding="utf-8") as fh:
        return [float(r["USD"]) for r in csv.DictReader(fh) if r["Date"].startswith(f"{year}-") and r["USD"] not in ("N/A", "")]


def expected_2022() -> dict[str, float]:
    raw, daily = germany_china_2022(), ecb_daily_usd_per_eur(2022)
    assert len(daily) == 257   # the ECB's TARGET business days of 2022
    usd_per_eur = mean(daily)   # the ECB's own annual average of its daily quotation
    return {"total": (raw["X"] + raw["M"]) / usd_per_eur, "balance": (raw["X"] - raw["M"]) / usd_per_eur,
            "usd_per_eur": usd_per_eur}


def test_the_currency_a_country_uses_comes_from_cldr():
    assert home_currency("DEU", 2022) == "EUR" and home_currency("JPN", 2025) == "JPY" and home_currency("CHN") == "CNY"
    assert home_currency("HRV", 2022) == "HRK" and home_currency("HRV", 2023) == "EUR"   # Croatia joined the euro in 2023
    assert home_currency("WLD") is None and home_currency("EU") is None


def test_germany_2022_in_euros_from_the_raw_files(dataset):
    e = expected_2022()
    # by hand: 319,986,354,559 dollars ÷ 1.0530 dollars per euro (the ECB's published 2022 average) ≈ €303.9 billion
    assert round(e["total"] / 1e9, 1) == 303.9 and round(e["usd_per_eur"], 4) == 1.0530
    from tradebrief import indicators as ind
    values = ind.trade_values(dataset.trade, "DEU", currency="USD", start=2022, end=2022).query("partner == 'CHN'")
    fx = ind.annual_rates(dataset.fx)
    table = home_values(values, fx, "EUR")
    rate, unit = quoted_rate(table["per_usd"], ind.rates_for(fx, "EUR")["method"], "EUR")
    assert unit == "USD per EUR"
    row = table.assign(home_rate=rate).set_index("period").loc["2022"]
    assert math.isclose(row["total_home"], e["total"], rel_tol=1e-9)
    assert math.isclose(row["balance_home"], e["balance"], rel_tol=1e-9)
    assert math.isclose(row["home_rate"], e["usd_per_eur"], rel_tol=1e-9)
    words = bilateral.in_home_currency(table.assign(home_rate=rate), unit, "DEU", "CHN", "EUR", "USD", "European Central Bank (ECB)")
    assert words.text == ("In euros, bilateral trade was **€304 billion in 2022**, at the European Central Bank's average rate "
                          "for the year, 1.05 US dollars per euro.")
    quoted = {(q.indicator, q.unit): q.value for q in words.quotes}
    assert math.isclose(quoted[("trade_value", "EUR")], e["total"], rel_tol=1e-9)
    assert quoted[("exchange_rate", "USD per EUR")] == round(e["usd_per_eur"], 4)
    flows = convert(values, fx, "EUR").set_index("flow")["value"]   # exports and imports too, for key_figures
    assert math.isclose(flows["export"] - flows["import"], e["balance"], rel_tol=1e-9)


def _frame(periods, totals, rates):
    return pd.DataFrame({"period": periods, "total_home": totals, "home_rate": rates})


def test_one_year_reads_as_one_sentence_and_years_without_a_rate_are_said():
    one = bilateral.in_home_currency(_frame(["2022"], [204.4e9], [1.0507]), "USD per EUR", "DEU", "CHN", "EUR", "USD",
                                     "European Central Bank (ECB)")
    assert one.text == ("In euros, bilateral trade was **€204 billion in 2022**, at the European Central Bank's average rate for "
                        "the year, 1.05 US dollars per euro.")
    some = bilateral.in_home_currency(_frame(["2023", "2024", "2025"], [210e9, None, None], [1.0813, None, None]), "USD per EUR",
                                      "DEU", "CHN", "EUR", "USD", "European Central Bank (ECB)")
    assert some.text == ("In euros, bilateral trade was **€210 billion in 2023**, at the European Central Bank's average rate for "
                         "the year, 1.08 US dollars per euro. No euro rate is loaded for 2024 and 2025, so those years are shown "
                         "in US dollars only.")
    none = bilateral.in_home_currency(_frame(["2026"], [None], [None]), "USD per EUR", "DEU", "CHN", "EUR", "USD", "")
    assert none.text == "No euro rate is loaded for 2026, so that year is shown in US dollars only." and not none.quotes
    cross = bilateral.in_home_currency(_frame(["2022"], [2.2e12], [6.7261]), "CNY per USD", "CHN", "JPN", "CNY", "USD",
                                       "European Central Bank (ECB)")
    assert cross.text.endswith("6.73 Chinese yuan per US dollar.") and "CN¥2.20 trillion in 2022" in cross.text


def test_headings_name_the_second_currency_only_when_shown():
    assert bilateral.heading("DEU", "CHN", "USD", "EUR") == "Germany's trade with China in US dollars and euros"
    assert bilateral.heading("JPN", "CHN", "JPY", "JPY") == "Japan's trade with China in Japanese yen and US dollars"
    assert bilateral.table_caption("DEU", "CHN", "USD", "EUR") == "Germany–China trade in US dollars and euros"
    assert bilateral.intro("DEU", "CHN", "USD", "EUR").text == (
        "Exports, imports, total and balance with China, in US dollars as Germany's statistics report them; total and "
        "balance also in euros, Germany's currency, at the annual average exchange rate of each year.")


def _section_text(out) -> str:
    raw = (out / "briefing.html").read_text(encoding="utf-8")
    start = raw.index('id="sec-bilateral"')
    raw = raw[start:raw.index("</section>", start)]
    raw = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", raw, flags=re.S)
    raw = re.sub(r'<details class="method"[^>]*>.*?</details>', " ", raw, flags=re.S)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", raw)))


@pytest.mark.slow
def test_the_germany_briefing_shows_euros_computed_from_the_raw_files(tmp_path):
    from tradebrief.report.build import BuildOptions, build
    build(BuildOptions(root=ROOT, out_dir=tmp_path, progress=False, formats=("html",),
                       overrides=["reporter=DEU", "partner=CHN", "comparison=USA", "start_year=2022", "end_year=2022"]))
    e = expected_2022()
    text = _section_text(tmp_path)
    assert "Germany's trade with China in US dollars and euros" in text
    assert (f"In euros, bilateral trade was €{e['total'] / 1e9:.0f} billion in 2022 , at the European Central Bank's average "
            f"rate for the year, {e['usd_per_eur']:.2f} US dollars per euro.") in text
    # the table: US$ then € columns (units in the headers) and the rate, in that order
    assert "Total (US$ bn) Balance (US$ bn) Total (€ bn) Balance (€ bn) USD per EUR" in text
    raw = germany_china_2022()
    # three significant figures as the text prints amounts: 113, 207, 320 and 304 billion; the balances −93.3 and −88.8
    assert (f"2022 {raw['X'] / 1e9:,.0f} {raw['M'] / 1e9:,.0f} {(raw['X'] + raw['M']) / 1e9:,.0f} "
            f"−{(raw['M'] - raw['X']) / 1e9:,.1f} {e['total'] / 1e9:,.0f} −{-e['balance'] / 1e9:,.1f} {e['usd_per_eur']:.2f}") in text
    kf = pd.read_csv(tmp_path / "key_figures.csv", dtype=str, keep_default_na=False).set_index(["indicator", "flow", "unit"])
    assert math.isclose(float(kf.loc[("trade_value", "total", "EUR"), "value"]), e["total"], rel_tol=1e-9)
    assert kf.loc[("trade_value", "total", "EUR"), "headline"] == "yes"
    assert math.isclose(float(kf.loc[("balance", "balance", "EUR"), "value"]), e["balance"], rel_tol=1e-9)
    assert float(kf.loc[("exchange_rate", "none", "USD per EUR"), "value"]) == round(e["usd_per_eur"], 4)
    assert ("exchange_rate", "none", "USD per USD") not in kf.index   # a dollar per dollar is no rate
