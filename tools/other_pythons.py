"""Run the unit suite (tests/unit) under every other supported Python found on this machine.

``python -m tools.other_pythons 3.12 3.13`` finds each interpreter (on PATH, else in pyenv's
versions folder: a pyenv shim answers "command not found" for a version that is installed but
not selected), keeps one venv per version under ``.venv/pythons/`` (rebuilt when
pyproject.toml, devtools/pyproject.toml or the lock changes: an install takes minutes, a run
seconds), and runs the suites side by side. Like make's venv, each holds the development tools
(devtools/) beside the service: the suite imports them (the card preview; tests/conftest.py
and tests/support.py use the simulator's tokens). A version that is not installed is named
and skipped; exit 1 when a suite fails.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

__all__ = ["find_interpreter", "main"]

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".venv" / "pythons"
LOCK = "requirements-dev.lock"
DEVTOOLS = ROOT / "devtools"


def _version_of(python: str) -> str | None:
    try:
        done = subprocess.run(  # noqa: S603 - an interpreter path found by this tool
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def find_interpreter(version: str) -> str | None:
    """A working ``python<version>``: on PATH first, then pyenv's installed versions."""
    candidates = [shutil.which(f"python{version}")]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates += sorted(str(p) for p in pyenv.glob(f"{version}.*/bin/python{version}"))
    return next((c for c in candidates if c and _version_of(c) == version), None)


def _venv(version: str, python: str) -> Path:
    """The cached venv for ``version`` with the project's dev dependencies installed."""
    venv = CACHE / version
    stamp = venv / ".installed"
    digest = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes()
        + (DEVTOOLS / "pyproject.toml").read_bytes()
        + (ROOT / LOCK).read_bytes()
    ).hexdigest()
    if stamp.is_file() and stamp.read_text() == digest:
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([python, "-m", "venv", str(venv)], check=True)  # noqa: S603 - found above
    # The versions make installs (the lock holds them for every supported Python), through the
    # dev lock's uv: pip took a minute of CPU per venv, uv takes seconds, inside make test.
    # No bytecode compiled at install, unlike make's venv: the unit suite is one process that
    # compiles what it imports (about 1 s), compiling the whole SDK took 17 s of CPU per venv.
    uv = [str(Path(sys.executable).parent / "uv"), "pip", "install", "-q"]
    target = ["--python", str(venv / "bin" / "python")]
    subprocess.run([*uv, *target, "--require-hashes", "-r", LOCK], check=True, cwd=ROOT)  # noqa: S603
    subprocess.run([*uv, *target, "--no-deps", "-e", str(ROOT)], check=True, cwd=ROOT)  # noqa: S603
    subprocess.run([*uv, *target, "--no-deps", "-e", str(DEVTOOLS)], check=True, cwd=ROOT)  # noqa: S603
    stamp.write_text(digest)
    return venv


def main(versions: list[str]) -> int:
    found: dict[str, str] = {}
    for version in versions:
        python = find_interpreter(version)
        if python is None:
            print(f"Python {version}: not installed here, skipped", flush=True)
        else:
            found[version] = python
    # installs side by side too: each is mostly waiting on downloads
    with ThreadPoolExecutor() as pool:
        venvs = dict(zip(found, pool.map(_venv, found, found.values()), strict=True))
    runs = {
        version: subprocess.Popen(  # noqa: S603 - our venv's interpreter
            [str(venv / "bin" / "python"), "-m", "pytest", "tests/unit", "-q", "-n", "0"],
            cwd=ROOT,
        )
        for version, venv in venvs.items()
    }
    failed = [version for version, run in runs.items() if run.wait() != 0]
    for version in runs:
        print(f"Python {version}: unit suite {'FAILED' if version in failed else 'passed'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
