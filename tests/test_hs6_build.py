"""A briefing built with a CEPII BACI release unzipped into its data folder (issue 23, items 1 and 7).

TEST DATA: the generated release of tests/test_engines.py (random values, real-looking codes) with long
product descriptions in BACI's style, put flat into a copy of data/ as CEPII's zip unpacks; hs_panel empty.
"""
from __future__ import annotations

import json
import re
import shutil

import pytest

from tradebrief.report.build import BuildOptions, build

pytestmark = pytest.mark.slow   # a full build

LONG = {"870323": "Vehicles; spark-ignition internal combustion reciprocating piston engine, cylinder capacity over 1500 "
                  "but not over 3000cc, not powered by an electric motor (other than those of heading no. 8702)",
        "850760": "Electric accumulators; lithium-ion, including separators, whether or not rectangular (including square)"}


@pytest.fixture(scope="module")
def built_with_release(tmp_path_factory, root):
    from test_engines import PRODUCTS, generated_release
    work = tmp_path_factory.mktemp("hs6-build")
    data = work / "data"
    shutil.copytree(root / "data", data)
    generated_release(data)
    (data / "product_codes_HS22_V202501.csv").write_text("code,description\n" + "".join(
        f'{p},"{LONG.get(p, "Machines and mechanical appliances; for the maintenance of railway or tramway track, " + p)}"\n'
        for p in PRODUCTS))
    result = build(BuildOptions(root=root, out_dir=work / "out", formats=("html",), progress=False,
                                overrides=[f"data_dir={data}"]))
    return work / "out", result


def test_a_release_in_the_data_folder_does_not_break_the_build(built_with_release):
    out, result = built_with_release
    assert result.assembled and (out / "briefing.html").exists()   # no "not a recognised data format"
    assert "product_hs6" in result.executed   # planned: the section's need (an HS6 panel) is met by the release


def _outputs(notebook: dict) -> list[str]:
    texts = []
    for cell in notebook["cells"]:
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            texts.append("".join(o.get("text") or data.get("text/plain") or ""))
            texts.append("".join(data.get("text/html") or ""))
    return texts


def test_the_hs6_section_from_the_release_reads_cleanly(built_with_release):
    out, _ = built_with_release
    notebook = json.loads((out / "notebooks" / "product_hs6.ipynb").read_text())
    texts = _outputs(notebook)
    assert "Largest HS6 imports" in (out / "briefing.html").read_text()
    assert "None" not in [t.strip() for t in texts]   # no stray None under the table
    names = re.findall(r"<td>([^<]*…)</td>", "".join(texts)) + re.findall(r"(?:Highest|lowest shown): \d{6} ([^.]*?) at", "".join(texts))
    assert names, "no shortened product name found"
    for n in names:   # cut between words: what precedes the ellipsis is whole words of the description
        kept = n.rstrip("…")
        full = next(d for d in (*LONG.values(), "Machines and mechanical appliances; for the maintenance of railway or tramway track")
                    if d.startswith(kept))
        assert not full[len(kept)].isalnum()


def test_the_world_section_equals_a_computation_from_the_raw_csvs(built_with_release):
    """Issue 23 item 4: the world picture's key figures against the generated CSVs read with the csv module."""
    import csv

    from test_world_engines import raw_totals
    out, result = built_with_release
    assert "world" in result.executed
    with open(out / "key_figures.csv", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["indicator"].startswith("world_")]
    year = 2023   # the release's last year (the briefing's end_year, 2025, is later)
    totals = {k: v for k, v in raw_totals(out.parent / "data").items() if k[0] == year and k[2] != "S19"}
    ranked = {k: v for k, v in totals.items() if k[2] not in ("CHN", "USA")}
    shares = {(r["reporter"], r["partner"], r["flow"]): float(r["value"]) for r in rows if r["indicator"] == "world_partner_share"}
    expected = {(e, p, flow): 100 * v[i] / v[0] for (_, flow, e), v in totals.items() for i, p in ((1, "CHN"), (2, "USA")) if e != p}
    assert shares.keys() == expected.keys()
    for key, value in expected.items():
        assert shares[key] == pytest.approx(value, abs=1e-4), key
    leads = {r["flow"]: int(r["value"]) for r in rows if r["indicator"] == "world_partner_leads"}
    assert leads == {flow: sum(v[1] > v[2] for (_, f, _), v in ranked.items() if f == flow) for flow in ("import", "export")}
    japan = 100 * ranked[(year, "import", "JPN")][1] / ranked[(year, "import", "JPN")][0]
    rank = 1 + sum(100 * v[1] / v[0] > japan for (_, f, _), v in ranked.items() if f == "import")
    (quoted,) = [r for r in rows if r["indicator"] == "world_rank"]
    assert (quoted["reporter"], quoted["partner"], quoted["flow"], quoted["period"]) == ("JPN", "CHN", "import", str(year))
    assert int(quoted["value"]) == rank and quoted["headline"] == "yes"
    html = (out / "briefing.html").read_text()
    assert "Japan among all" in html and "economies, by the share of their imports from China, 2023" in html
    assert "None" not in [t.strip() for t in _outputs(json.loads((out / "notebooks" / "world.ipynb").read_text()))]
