# One task runner; CI calls the same targets. Everything installs into .venv from a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
RUN_STAMP := $(VENV)/.run-deps
DEV_STAMP := $(VENV)/.dev-deps

# The lowest and the newest Python that pyproject.toml declares: `make test-pythons` (and CI)
# runs the suite on each, in its own .venv-X.Y.
PYTHONS := 3.10 3.13

.PHONY: run install test test-long lint eval bench dist-check test-print test-pythons clean help

help:
	@echo "make run        install into .venv and answer: cllkb ask \"what if trial fails\""
	@echo "make test       lint (ruff) and run the test suite"
	@echo "make test-long  the same with long property-test runs"
	@echo "make install    install cllkb into .venv"
	@echo "make lint       ruff check"
	@echo "make eval       retrieval quality: hit@1, hit@3, MRR against plain BM25"
	@echo "make bench      start-up, first run, query latency and scale figures"
	@echo "make dist-check build sdist + wheel, install in a fresh venv, smoke-test"
	@echo "make test-print print every HTML handout with headless Chromium; check pages"
	@echo "make test-pythons run the tests on Python $(PYTHONS) (each in .venv-X.Y)"
	@echo "make clean      remove .venv, build output and caches"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	@touch $@

$(DEV_STAMP): pyproject.toml $(RUN_STAMP)
	$(PIP) install -e '.[dev]'
	@touch $@

install: $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/cllkb ask "what if trial fails"

lint: $(DEV_STAMP)
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest -q -n auto

# The same suite with long property-test runs (hypothesis profile "long").
test-long: lint
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -q -n auto

eval: $(DEV_STAMP)
	$(BIN)/python -m tests.eval.run_eval

bench: $(DEV_STAMP)
	$(BIN)/python -m bench.run

dist-check: $(DEV_STAMP)
	$(BIN)/python -m bench.dist_check

# Needs Debian's chromium and poppler-utils (.ci/run installs them with apt).
test-print: $(DEV_STAMP)
	$(BIN)/python -m tests.print_check

test-pythons:
	@set -e; for v in $(PYTHONS); do \
	  py=$$(.ci/python-for $$v); echo "== Python $$v ($$py)"; \
	  [ -x .venv-$$v/bin/python ] || $$py -m venv .venv-$$v; \
	  .venv-$$v/bin/python -m pip --disable-pip-version-check -q install -e '.[dev]'; \
	  .venv-$$v/bin/python -m pytest -q -n auto -p no:cacheprovider; \
	done

clean:
	rm -rf $(VENV) .venv-* build dist *.egg-info .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
