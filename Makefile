# The two set-up commands of the README: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench clean real-parts

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/freigabe demo --out demo-out

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy .

# Chromium (Debian package) and, from npm, Azurite and the Adaptive Cards renderer: the
# tests run these real parts and fail, not skip, without them.
real-parts:
	bash tools/install-real-parts.sh

# Two workers: the suite starts real processes (CLI, simulator, Azurite, Chromium) and waits
# on them, so it parallelises well even on two cores. Whole files go to one worker, in the
# order tests/conftest.py gives them (heaviest first), not re-sorted by their test counts.
pytest: $(STAMP) real-parts
	$(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python -m tools.bench

clean:
	rm -rf $(VENV) demo-out bench-out
