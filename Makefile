# Curbside entry points: `make run`, `make test`, `make lint`, `make bench`.
# The venv is built once and refreshed only when pyproject.toml changes, so
# llama-cpp-python (compiled from source, ~10 min on 2 cores) is not rebuilt;
# pip's wheel cache serves it to any new venv.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.curbside-installed

.PHONY: run test lint bench model clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e '.[test]'
	touch $@

## model: fetch the embedded default model if missing (verifies size and SHA-256)
model: $(STAMP)
	$(BIN)/curbside models fetch

## run: create the venv, install, fetch the default model, launch the app
run: model
	$(BIN)/curbside

## test: the whole suite, headless
test: model
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

## lint: ruff (style, imports) and mypy (types in app/)
lint: $(STAMP)
	$(BIN)/ruff check app ui tests
	$(BIN)/ruff format --check app ui tests
	$(BIN)/mypy app

## bench: performance figures as JSON (not part of make test)
bench: model
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
