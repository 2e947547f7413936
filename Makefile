# tradebrief: two commands on a fresh machine (Python 3.11, pip, make).
#   make report   builds report/build/briefing.html, briefing.pdf and key_figures.csv
#   make test     runs the test suite
# Both create .venv from pyproject.toml on first use.

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP_FLAGS ?= --quiet --disable-pip-version-check

.PHONY: report test venv clean benchmark help

help:
	@echo "make report   build the briefing (report/build/briefing.html, .pdf, key_figures.csv)"
	@echo "make test     run the tests"
	@echo "make benchmark time tradebrief against plain papermill + nbconvert"
	@echo "make clean    remove report/build"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) --upgrade pip 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(BIN)/python -m pip install $(PIP_FLAGS) -e '.[test,fetch]' 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(BIN)/python -c "import tradebrief, pandas, papermill, weasyprint" 
	touch $@

venv: $(STAMP)

report: $(STAMP)
	$(BIN)/tradebrief build $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

benchmark: $(STAMP)
	$(BIN)/python benchmarks/build.py

clean:
	rm -rf report/build
