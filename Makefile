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

# The installed import name is `curbside` (app/) with `curbside.ui` (ui/). Type
# checkers and import-linter read packages from disk by import name, so they get
# a tree of symlinks that spells the same layout: build/importroot/curbside/.
IMPORT_ROOT := build/importroot

.PHONY: importroot
importroot:
	@rm -rf $(IMPORT_ROOT) && mkdir -p $(IMPORT_ROOT)/curbside
	@for entry in app/*; do ln -s "$$PWD/$$entry" $(IMPORT_ROOT)/curbside/; done
	@ln -s "$$PWD/ui" $(IMPORT_ROOT)/curbside/ui

## lint: ruff (style, imports), mypy (types in app/ and ui/), import-linter (layering)
lint: $(STAMP) importroot
	$(BIN)/ruff check app ui tests
	$(BIN)/ruff format --check app ui tests
	MYPYPATH=$(IMPORT_ROOT) $(BIN)/mypy -p curbside
	PYTHONPATH=$(IMPORT_ROOT) $(BIN)/lint-imports

## bench: performance figures as JSON (not part of make test)
bench: model
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.benchmarks

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache *.egg-info
