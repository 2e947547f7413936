"""The claims section's sentences (tradebrief.prose.claims) on hand-made verdict frames."""
from __future__ import annotations

import pandas as pd
from prose_numbers import unaccounted

from tradebrief.prose import claims as prose

COLUMNS = ["id", "claim", "published", "url", "value", "found", "verdict", "note"]


def verdicts(*rows) -> pd.DataFrame:
    return pd.DataFrame([{"id": i, "claim": f"claim {i}", "published": pub, "url": "", "value": None, "found": "–", "verdict": v,
                          "note": ""} for i, v, pub in rows], columns=COLUMNS)


def test_tally_counts_each_verdict_and_one_claim_is_singular():
    v = verdicts(("a", "supported", "The Times, 2024"))
    p = prose.tally(v, "USA", "CHN", 2022, 2022)
    assert p.text == "**1** supported, **0** partly, **0** not supported, **0** no data — of 1 claim."
    assert {(f.indicator, f.period): f.value for f in p.quotes} == {
        ("claims_supported", "2022"): 1, ("claims_partly", "2022"): 0, ("claims_not_supported", "2022"): 0,
        ("claims_no_data", "2022"): 0, ("claims_tested", "2022"): 1}
    assert unaccounted(p, 2022, 2022) == []


def test_tally_of_several_claims_over_a_span():
    v = verdicts(("a", "supported", "X"), ("b", "no data", "X"), ("c", "not supported", "Y"))
    p = prose.tally(v, "JPN", "CHN", 2009, 2024)
    assert p.text == "**1** supported, **0** partly, **1** not supported, **1** no data — of 3 claims."
    assert {f.period for f in p.quotes} == {"2009-2024"}


def test_one_source_only_when_every_claim_has_the_same_publication():
    assert prose.one_source(verdicts(("a", "supported", "The Times, 2024"), ("b", "partly", "The Times, 2024"))).text == \
        "Every claim below is taken from The Times, 2024."
    assert not prose.one_source(verdicts(("a", "supported", "X"), ("b", "partly", "Y")))


def test_introduction_and_omission_read_with_articles():
    assert prose.introduction("USA", "PHL", "report/claims.toml").text.startswith(
        "Published statements about the United States' trade with the Philippines, each tested")
    assert prose.none_listed("CHN", "USA", 2022, 2022) == "no published claims about trade between China and the United States in 2022 are in the claims file"


def test_verdict_figures_take_each_claims_years():
    claims = [{"id": "a", "years": [2024, 2024]}, {"id": "b", "years": [2010, 2025]}]
    p = prose.verdict_figures(verdicts(("a", "supported", "X"), ("b", "no data", "X")), claims, "JPN", "CHN")
    assert [(f.id, f.period, f.value) for f in p.quotes] == [("a", "2024", "supported"), ("b", "2010-2025", "no data")]
    assert p.text == ""
