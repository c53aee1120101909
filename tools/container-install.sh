#!/usr/bin/env bash
# The container image's install step, shared by the Dockerfile and
# tests/e2e/test_container_install.py: no container engine runs on the build machines, so the
# test runs exactly what the image build runs.
#
# Usage: tools/container-install.sh [VENV] [SOURCE]
#   VENV    where the fresh virtual environment goes (default /opt/venv); it must not exist.
#   SOURCE  the project folder holding pyproject.toml (default: this script's project).
#   PYTHON  the interpreter the venv is made from (default python3).
#
# Installs the runtime dependencies only (no [dev] extra) exactly as requirements.lock pins
# them (every file checked against its hash), then the project itself without resolving
# anything anew, and proves the entry point starts: the image's CMD is `freigabe run`, so
# `freigabe --help` failing here fails the build instead of the first container start. Only
# the service: the development tools (devtools/: the Graph simulator, the demo, the card
# preview) are not installed; `make` adds them to the dev venv.
#
# The installer is uv, at the version and hashes requirements-dev.lock pins for it, in a
# throwaway venv (the image does not keep it): pip took about two minutes for the lock, uv a
# few seconds, as in `make`.
set -euo pipefail

venv="${1:-/opt/venv}"
source_dir="${2:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
python="${PYTHON:-python3}"

if [[ -e "$venv" ]]; then
    # A venv reused across builds could hide a dependency that a fresh install lacks.
    echo "container-install: $venv exists; the install needs a fresh venv" >&2
    exit 2
fi
for needed in pyproject.toml requirements.lock requirements-dev.lock; do
    if [[ ! -f "$source_dir/$needed" ]]; then
        echo "container-install: no $needed in $source_dir" >&2
        exit 2
    fi
done

export PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1
installer=$(mktemp -d)
trap 'rm -rf "$installer"' EXIT
# uv's entry of the dev lock: its line and the hash lines that continue it
awk '/^uv==/ {p = 1} p {print; if ($0 !~ /\\$/) exit}' "$source_dir/requirements-dev.lock" \
    > "$installer/uv.txt"
"$python" -m venv "$installer/venv"
"$installer/venv/bin/python" -m pip install --quiet --require-hashes --no-deps \
    -r "$installer/uv.txt"
# Bytecode compiled into the image: it runs with PYTHONDONTWRITEBYTECODE, so without it every
# `freigabe` started in the container would compile the SDK anew (about a second each).
uv=("$installer/venv/bin/uv" pip install --quiet --python "$venv/bin/python" --compile-bytecode)

"$python" -m venv "$venv"
"${uv[@]}" --require-hashes -r "$source_dir/requirements.lock"
"${uv[@]}" --no-deps "$source_dir"
# --no-deps trusts the lock to hold every dependency: a requirement added to pyproject.toml
# without `make lock` fails here, not at the first import in production.
"$venv/bin/python" -m pip check

"$venv/bin/freigabe" --help >/dev/null
echo "container-install: $("$venv/bin/freigabe" --version) in $venv"
