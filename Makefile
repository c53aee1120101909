# The two set-up commands of the README: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench clean real-parts lock lock-upgrade

# The dependencies come from the lock, each file checked against its hash; the project itself
# is installed without resolving anything anew. No pip check here: after a requirement is added
# to pyproject.toml, `make lock` needs this venv before the lock has it (tests/unit/test_lock.py
# fails until it does).
$(STAMP): pyproject.toml requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --require-hashes -r requirements-dev.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

# One lock for Python 3.11 and every later version (--universal writes markers where a version
# or platform needs other packages). The dev lock is constrained by the runtime lock, so the
# tests run the versions the image installs. `make lock` keeps every pin pyproject.toml still
# allows; `make lock-upgrade` moves each to the newest release it allows.
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --quiet
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) $(LOCK_EXTRA) -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --constraint requirements.lock \
		$(LOCK_FLAGS) $(LOCK_EXTRA) -o requirements-dev.lock

lock-upgrade: LOCK_EXTRA := --upgrade
lock-upgrade: lock

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
