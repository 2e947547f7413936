# tradebrief: two commands on a fresh machine (Python 3.11, pip, make).
#   make report   builds report/build/briefing.html, briefing.pdf (the brief), briefing-methods.pdf and key_figures.csv
#   make test     runs the test suite
# Both create .venv on first use and install the exact versions in requirements.lock
# (hash-checked), then tradebrief itself without touching those pins.

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP_FLAGS ?= --quiet --disable-pip-version-check
PIP_QUIET := 2>&1 | { grep -v "^WARNING: Location" || true; }

.PHONY: report test test-slow test-all venv lock clean benchmark help notebooks-params

help:
	@echo "make report    build the briefing (report/build/briefing.html, briefing.pdf, briefing-methods.pdf, key_figures.csv)"
	@echo "make test      lint and run the fast tests (random order)"
	@echo "make test-slow run the end-to-end tests: briefing builds, browser (CI runs both)"
	@echo "make benchmark time tradebrief against plain papermill + nbconvert"
	@echo "make notebooks-params  rewrite the notebooks' parameters cells from report/briefing.toml"
	@echo "make lock      re-resolve requirements.lock from pyproject.toml (needs network)"
	@echo "make clean     remove report/build"

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) --require-hashes --no-deps -r requirements.lock $(PIP_QUIET)
	$(BIN)/python -m pip install $(PIP_FLAGS) --no-deps -e . $(PIP_QUIET)
	$(BIN)/python -c "import tradebrief, pandas, papermill, weasyprint"
	touch $@

venv: $(STAMP)

report: $(STAMP)
	$(BIN)/tradebrief build $(ARGS)

# Two tiers (tests/conftest.py marks the slow one): `make test` lints and runs every test that needs no
# briefing build, browser or Spark session (under three minutes); `make test-slow` runs the end-to-end tests
# (briefing builds, the browser at two sizes, DuckDB/Spark parity with Spark really running). CI runs both.
test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

test-slow: $(STAMP)
	$(BIN)/python -m pytest -m slow $(PYTEST_ARGS)

test-all: test test-slow

benchmark: $(STAMP)
	$(BIN)/python benchmarks/build.py

# Maintainers only: the lock is resolved with uv for every platform (Python 3.11),
# and environment.yml is regenerated from it so the two never disagree.
lock:
	$(PYTHON) -m pip install $(PIP_FLAGS) uv
	$(PYTHON) -m uv pip compile pyproject.toml --extra test --extra fetch --extra spark \
	    --python-version 3.11 --universal --generate-hashes -o requirements.lock
	$(BIN)/python -m tradebrief.envfile requirements.lock > environment.yml

# After changing report/briefing.toml's [parameters]: the notebooks declare each parameter with its default and
# comment (for papermill -p and --help-notebook); tests/test_notebook_parameters.py checks they match.
notebooks-params: $(STAMP)
	$(BIN)/python -m tradebrief.paramcells

clean:
	rm -rf report/build
