"""Shared fixtures. Generated test data live here (tmp_path); nothing synthetic goes to data/."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def dataset_cache(tmp_path_factory):
    """The session's dataset cache folder: tests that build from the shipped data point their build here."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def dataset(dataset_cache):
    from tradebrief.sources import load_dataset
    return load_dataset(DATA, cache_dir=dataset_cache)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """One full build of the briefing from the shipped data into a temporary folder."""
    from tradebrief.report.build import BuildOptions, build
    out = tmp_path_factory.mktemp("build")
    result = build(BuildOptions(root=ROOT, out_dir=out, progress=False))
    return out, result


def tool_missing(reason: str) -> None:
    """A test whose tool (browser, chromedriver, poppler) is absent: skipped on a workstation, but under CI
    (``CI`` set), where .ci/run installs every tool, a failure: CI must never pass by skipping."""
    import os
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI installs it, so this test must run there")
    pytest.skip(reason)


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of data/ for tests that add or break files."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    return dst


# Tests that build a briefing or drive a browser take seconds to minutes each: they form the "slow" tier
# (`make test-slow`); `make test` runs the rest in under three minutes, and CI runs both. A test that asks for
# a Spark session (the `spark` fixture of test_engines: ~30 s to start and warm) is slow too; DuckDB's stay fast.
# test_briefing_params marks its build tests one by one (and its build fixtures are listed here), so its unit
# tests of money, percent, ticks, tables, key figures and parameter checks run in `make test`.
SLOW_MODULES = {"test_browser", "test_build_trust", "test_other_reporters"}
SLOW_FIXTURES = {"built", "end2020", "korea", "thresholds", "default", "case", "pdf", "spark"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        params = {name.strip() for m in item.iter_markers("parametrize") if not m.kwargs.get("indirect")
                  for name in (m.args[0].split(",") if isinstance(m.args[0], str) else m.args[0])}   # arguments, not fixtures
        if module in SLOW_MODULES or SLOW_FIXTURES & (set(getattr(item, "fixturenames", ())) - params):
            item.add_marker(pytest.mark.slow)
