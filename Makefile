# Curbside entry points: `make run`, `make test`, `make lint`, `make bench`.
# The venv is built once and refreshed only when pyproject.toml changes.
#
# llama-cpp-python is compiled once per machine into a wheelhouse outside the
# checkout and installed from there, never by pip's own source build: pip would
# build with llama.cpp's default GGML_NATIVE=ON, and a native build dies with
# "Illegal instruction" on a CPU that differs from the build machine, and even
# on the build machine when a VM advertises Intel AMX it does not let a process
# use (seen here: `tileloadd` in libggml-cpu.so). The portable build carries
# every x86 CPU variant and picks the best one at run time.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.curbside-installed

.PHONY: run test lint bench model clean llama-wheel train-deid package smoke lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

LLAMA_VERSION    := 0.3.36
WHEELHOUSE       ?= $(HOME)/.cache/curbside/wheelhouse/llama-$(LLAMA_VERSION)-portable
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON
LLAMA_WHEEL      := $(WHEELHOUSE)/.built

## llama-wheel: build the portable llama-cpp-python wheel once (about 15 min on 2 cores)
llama-wheel: $(LLAMA_WHEEL)
# One build per machine at a time: a second checkout's make waits on the lock
# and then finds the wheel built (the recipe checks again under the lock).
$(LLAMA_WHEEL):
	mkdir -p $(WHEELHOUSE)
	flock $(WHEELHOUSE).lock sh -c 'test -f $@ || { \
	  CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PYTHON) -m pip wheel --no-cache-dir --no-deps \
	    --no-binary llama-cpp-python llama-cpp-python==$(LLAMA_VERSION) -w $(WHEELHOUSE) \
	  && touch $@; }'


$(STAMP): pyproject.toml $(LLAMA_WHEEL) | $(BIN)/python
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install $(WHEELHOUSE)/llama_cpp_python-$(LLAMA_VERSION)-*.whl
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

## lint: ruff (style, imports), mypy (types in app/ and ui/), import-linter (layering),
## actionlint (release workflow; with shellcheck when installed), shellcheck (install scripts)
lint: $(STAMP) importroot
	$(BIN)/ruff check app ui tests packaging
	$(BIN)/ruff format --check app ui tests packaging
	MYPYPATH=$(IMPORT_ROOT) $(BIN)/mypy -p curbside
	PYTHONPATH=$(IMPORT_ROOT) $(BIN)/lint-imports
	$(BIN)/actionlint .github/workflows/*.yml
	@if command -v shellcheck >/dev/null; then shellcheck $(SHELL_SCRIPTS); \
	else echo "shellcheck not installed: install scripts not checked"; fi

## train-deid: rebuild the PHI guard's clinical vocabulary, word lists and name model (a few minutes)
# All outputs are committed; rebuilding with the pinned `train` extra gives the
# same bytes (tests/app/deid/test_name_model.py, test_lexicon.py rebuild and compare).
# Order matters: the word lists include the vocabulary, the model reads both.
train-deid: $(STAMP)
	$(BIN)/python -m curbside.deid.train.build_vocab
	$(BIN)/python -m curbside.deid.train.build_lexicon
	$(BIN)/python -m curbside.deid.train.fit

## bench: performance figures as JSON (not part of make test)
bench: model
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.benchmarks

# ---- Packaging (packaging/README.md) ---------------------------------------
# The bundle carries the same portable llama-cpp-python wheel as the venv
# (built once per machine by the llama-wheel rule above), so packaging
# compiles nothing.
SHELL_SCRIPTS := packaging/linux/install.sh packaging/linux/uninstall.sh packaging/macos/sign_and_notarize.sh

## package: PyInstaller one-folder bundle + dist/curbside-*-linux-*.tar.gz (default model inside)
package: model
	$(PYTHON) packaging/bundle.py \
	  --llama-wheel "$$(ls $(WHEELHOUSE)/llama_cpp_python-$(LLAMA_VERSION)-*.whl | head -n 1)"

## smoke: smoke-test the built bundle (fails, not skips, when none was built)
smoke: $(STAMP)
	CURBSIDE_REQUIRE_BUNDLE=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:cacheprovider tests/packaging/test_bundle_smoke.py

## lock: re-pin the bundle's dependencies, with hashes (after changing pyproject.toml)
lock: $(STAMP)
	$(BIN)/python -m pip install -q 'uv>=0.5,<1'
	$(BIN)/uv pip compile -q pyproject.toml --extra package --universal --python-version 3.11 \
	  --generate-hashes -o packaging/requirements.lock
	$(BIN)/uv pip compile -q packaging/build-requirements.in --universal --python-version 3.11 \
	  --generate-hashes -o packaging/build-requirements.lock

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache *.egg-info
