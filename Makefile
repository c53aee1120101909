# The two set-up commands of the README: `make demo` and `make test`.
# The first Python that runs, oldest supported first (a pyenv shim of a version that is not
# selected exists but fails, hence the test run); `make PYTHON=python3.13` picks one.
PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3; do \
	$$p -c '' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Besides the venv's own Python, the unit suite runs under these where they are installed.
OTHER_PYTHONS ?= 3.12 3.13
PY_VERSION := import sys; print("%d.%d" % sys.version_info[:2])

.PHONY: demo test checks lint typecheck pytest pythons python-check bench clean real-parts lock lock-upgrade

# A venv of another Python than PYTHON would mix versions on the next install: refuse it.
python-check:
	@want=$$($(PYTHON) -c '$(PY_VERSION)' 2>/dev/null) || { \
		echo "Python '$(PYTHON)' does not run: install python3.11, 3.12 or 3.13, or set PYTHON=..."; exit 2; }; \
	if [ -x $(BIN)/python ]; then have=$$($(BIN)/python -c '$(PY_VERSION)'); \
		if [ "$$have" != "$$want" ]; then \
			echo "$(VENV) was made with Python $$have, but PYTHON=$(PYTHON) is $$want:"; \
			echo "remove it (rm -rf $(VENV)) or run make PYTHON=python$$have"; exit 2; fi; fi

# The dependencies come from the lock, each file checked against its hash; the project itself
# is installed without resolving anything anew. No pip check here: after a requirement is added
# to pyproject.toml, `make lock` needs this venv before the lock has it (tests/unit/test_lock.py
# fails until it does). pip installs only uv, from the lock's own entry for it (its lines up to
# the last hash); uv installs the rest in seconds where pip took about a minute. Bytecode is
# compiled at install: uv does not by default, and where PYTHONDONTWRITEBYTECODE is set (as
# on CI machines) every process would compile the SDK anew, about a second each. The
# development tools (devtools/: the Graph simulator, `freigabe demo` and `freigabe simulator`,
# the card preview) are a distribution of their own, installed after the service; the image
# (tools/container-install.sh) has only the service.
$(STAMP): pyproject.toml devtools/pyproject.toml requirements-dev.lock | python-check
	$(PYTHON) -m venv $(VENV)
	awk '/^uv==/ {p = 1} p {print; if ($$0 !~ /\\$$/) exit}' requirements-dev.lock > $(VENV)/uv.lock
	$(BIN)/pip install -q --require-hashes --no-deps -r $(VENV)/uv.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --compile-bytecode --require-hashes \
		-r requirements-dev.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e ./devtools
	touch $(STAMP)

# One lock for Python 3.11 and every later version (--universal writes markers where a version
# or platform needs other packages). The dev lock is constrained by the runtime lock, so the
# tests run the versions the image installs. `make lock` keeps every pin pyproject.toml still
# allows; `make lock-upgrade` moves each to the newest release it allows. The dev lock holds the
# development tools' requirements too (devtools/pyproject.toml); the freigabe they require is
# this checkout (its [tool.uv.sources]), resolved from here and not written into the lock.
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --quiet
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) $(LOCK_EXTRA) -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml devtools/pyproject.toml --extra dev \
		--constraint requirements.lock --no-emit-package freigabe \
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

# Three workers on two cores: the suite starts real processes (CLI, simulator, Azurite,
# Chromium) and waits on them (Retry-After seconds, kill points, deadlines), so the workers
# together keep about 1.8 cores busy; two left half of the waiting idle (measured: 609 s of
# tests in 231 s with three). Whole files go to one worker, in the order tests/conftest.py
# gives them (heaviest first), not re-sorted by their test counts.
pytest: $(STAMP) real-parts
	$(BIN)/pytest -n 3 --dist loadfile --no-loadscope-reorder

# The unit suite under the other Pythons, beside the full suite: it mostly waits on its own.
pythons: $(STAMP)
	$(BIN)/python -m tools.other_pythons $(OTHER_PYTHONS)

# The checks first (they fail fast), beside the real parts (npm, about 20 s in a fresh
# clone); then the other Pythons' unit suites beside the full suite, which mostly waits on
# its processes.
test:
	$(MAKE) -j2 checks real-parts
	$(MAKE) -j2 pytest pythons

checks: lint typecheck

bench: $(STAMP)
	$(BIN)/python -m tools.bench

clean:
	rm -rf $(VENV) demo-out bench-out
