"""Benchmark: tradebrief build vs the plain pipeline on the same notebooks and data.

    python benchmarks/build.py            (or: make benchmark)

(a) naive: `papermill` CLI on each notebook in turn, `jupyter nbconvert --to html` on each,
    then the PDF step (WeasyPrint on each HTML);
(b) `tradebrief build` cold (empty build folder, dataset cache included);
(c) `tradebrief build` with nothing changed;
(d) after changing one parameter of one notebook;
(e) the product-dependence indicators on a synthetic 10-million-row HS panel: time and peak memory.
Last line: speedup_cold=<a/b> noop_s=<c> hs10m_s=<e>
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CONFIG = tomllib.loads((ROOT / "report" / "briefing.toml").read_text())


def run(cmd, **kw) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t


def naive(work: Path) -> float:
    from tradebrief.report.execute import declared_parameters
    params = dict(CONFIG["parameters"], cache_dir=str(work / "cache"))
    t = time.perf_counter()
    for name in CONFIG["briefing"]["notebooks"]:
        src = ROOT / "notebooks" / f"{name}.ipynb"
        declared = declared_parameters(src)
        args = [str(BIN / "papermill"), str(src), str(work / f"{name}.ipynb"), "--cwd", str(ROOT), "--no-progress-bar", "-k", "python3"]
        chosen = {k: v for k, v in params.items() if k in declared} | {"figures_path": str(work / f"{name}.csv")}
        args += ["-y", json.dumps(chosen)]
        subprocess.run(args, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for name in CONFIG["briefing"]["notebooks"]:
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(work / f"{name}.ipynb")], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for name in CONFIG["briefing"]["notebooks"]:
        subprocess.run([str(BIN / "python"), "-m", "weasyprint", str(work / f"{name}.html"), str(work / f"{name}.pdf")], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


HS_SCRIPT = """
import resource, sys, time
sys.path.insert(0, {bench!r})
from hs_panel import hs_panel
from tradebrief import indicators as ind
panel = hs_panel()
rss_data = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t = time.perf_counter()
dep = ind.import_dependence(panel, "JPN", "CHN", level=None)
tests = ind.dependency_tests(dep, "2024")
elapsed = time.perf_counter() - t
print(len(panel), len(dep), int(tests["dependent"].sum()), round(elapsed, 3), round(rss_data), round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
"""


def hs10m() -> tuple[int, int, int, float, float, float]:
    out = subprocess.run([sys.executable, "-c", HS_SCRIPT.format(bench=str(Path(__file__).parent))], check=True,
                         capture_output=True, text=True, cwd=ROOT).stdout.split()
    rows, groups, dependent, seconds, rss_data, rss_peak = out
    return int(rows), int(groups), int(dependent), float(seconds), float(rss_data), float(rss_peak)


def main() -> None:
    tb = [str(BIN / "tradebrief"), "build", "-q"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "naive").mkdir()
        a = naive(tmp / "naive")
        print(f"(a) naive papermill CLI x{len(CONFIG['briefing']['notebooks'])} + jupyter nbconvert + weasyprint: {a:6.2f} s")
        out = tmp / "tb"
        b = run(tb + ["--out", str(out)])
        print(f"(b) tradebrief build, cold (2 workers, dataset cache built): {b:6.2f} s   speed-up {a / b:.2f}x")
        c = run(tb + ["--out", str(out)])
        print(f"(c) tradebrief build, nothing changed:                        {c:6.2f} s")
        events = tmp / "events.toml"
        shutil.copy(ROOT / "report" / "events.toml", events)
        d = run(tb + ["--out", str(out), "--param", f"events_file={events}"])
        nb_time = run(tb + ["--out", str(tmp / "one"), "--config", str(_one_notebook_config(tmp))])
        print(f"(d) tradebrief build, one parameter of product_dependence changed: {d:6.2f} s "
              f"(that notebook alone, cold, with assembly: {nb_time:.2f} s)")
    rows, groups, dependent, e, rss_data, rss_peak = hs10m()
    print(f"(e) product dependence on a synthetic HS panel: {rows:,} rows -> {groups:,} product-years, {dependent} flagged; "
          f"{e:.2f} s; peak RSS {rss_peak:,.0f} MB (of which the panel itself {rss_data:,.0f} MB)")
    print(f"speedup_cold={a / b:.2f} noop_s={c:.2f} hs10m_s={e:.2f}")


def _one_notebook_config(tmp: Path) -> Path:
    text = (ROOT / "report" / "briefing.toml").read_text()
    import re
    text = re.sub(r"^notebooks = \[.*\]$", 'notebooks = ["product_dependence"]', text, flags=re.M)
    path = tmp / "one.toml"
    path.write_text(text)
    return path


if __name__ == "__main__":
    main()
