# One command to build the brief, one to test: `make brief`, `make test`.
# Both set up everything first (system packages where needed, .venv, the package).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Running needs only the package (make brief); the tests add the dev extra (Playwright, mypy,
# Dask, ...), about three times the size.
RUNTIME := $(VENV)/.runtime
INSTALLED := $(VENV)/.installed

.PHONY: setup brief test lint format golden bench clean

$(RUNTIME): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME)

$(INSTALLED): $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

setup: $(INSTALLED)
	scripts/system-deps.sh test
	scripts/browser-deps.sh

## brief: build out/brief.pdf, out/brief.html and out/brief.json from seeds/ (the whole brief
## every time: no memory of the days before, see the README)
brief: $(RUNTIME)
	scripts/system-deps.sh runtime
	$(BIN)/briefing build seeds --out out --no-history

## test: lint, type-check and run the whole test suite
test: setup lint
	$(BIN)/pytest

lint: $(INSTALLED)
	$(BIN)/ruff check briefing tests benchmarks
	$(BIN)/ruff format --check briefing tests benchmarks
	$(BIN)/mypy

format: $(INSTALLED)
	$(BIN)/ruff check --fix briefing tests benchmarks
	$(BIN)/ruff format briefing tests benchmarks

## golden: refresh the golden files after an intended change to the rendered brief
golden: $(INSTALLED)
	$(BIN)/pytest tests/test_golden.py --update-golden

## bench: print quality figures and speed ratios against sumy's own summarizers
bench: $(INSTALLED)
	$(BIN)/python benchmarks/quality.py
	$(BIN)/python benchmarks/summarizers.py

clean:
	rm -rf $(VENV) build dist *.egg-info out/brief.* out/.brief
