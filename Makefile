# The README's commands. Each target creates .venv if it is missing and
# installs what it needs, so a fresh clone needs only Python 3.10+ and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python

.PHONY: help demo test lint typecheck unit docs bench fuzz mutation clean

help:
	@echo "make demo   - plan the bundled sample snapshot"
	@echo "make test   - lint, type-check and run the test suite"
	@echo "make docs   - build the documentation (warnings are errors)"
	@echo "make fuzz   - fuzz the codec with hostile input for 10 minutes"
	@echo "make bench  - run the benchmarks (BENCH_ARGS=--full for N = 1M)"
	@echo "make mutation - mutation-test the rule modules and print the score"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip

# Stamps re-run the install whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installed-docs: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[docs]'
	@touch $@

docs: $(VENV)/.installed-docs
	$(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,docs]'
	@touch $@ $(VENV)/.installed $(VENV)/.installed-docs

demo: $(VENV)/.installed
	$(BIN)/crmsync-rules plan

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy --strict src tests benchmarks

# Branch coverage gates: 100% for the modules pyproject.toml lists, 94% for
# the codec (docs/testing.md says why).
CODEC_COVERAGE ?= 94

unit: $(VENV)/.installed-dev
	$(PY) -m coverage erase
	$(PY) -m coverage run -m pytest
	$(PY) -m coverage report
	$(PY) -m coverage report --include='src/crmsync_rules/codec/*' \
		--fail-under=$(CODEC_COVERAGE)

test: lint typecheck unit docs

# Hostile-input fuzzing for ten minutes (not part of make test).
fuzz: $(VENV)/.installed-dev
	$(PY) tests/fuzz.py --minutes $(or $(MINUTES),10)

$(VENV)/.installed-bench: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	@touch $@ $(VENV)/.installed

# Not part of `make test`: minutes, not seconds. Writes benchmarks/results/.
bench: $(VENV)/.installed-bench
	$(PY) benchmarks/run.py $(BENCH_ARGS)

$(VENV)/.installed-mutation: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,mutation]'
	@touch $@ $(VENV)/.installed

# Mutation testing of the rule modules ([tool.mutmut] in pyproject.toml),
# from scratch; not part of `make test`: tens of minutes on two cores.
# MUTATION_JOBS sets the number of parallel workers.
MUTATION_JOBS ?= 2

mutation: $(VENV)/.installed-mutation
	rm -rf mutants
	@start=$$(date +%s); \
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/mutmut run --max-children $(MUTATION_JOBS) \
		|| exit 1; \
	$(BIN)/mutmut export-cicd-stats && \
	$(PY) tests/mutation_score.py --seconds $$(( $$(date +%s) - start ))

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis .coverage mutants
