"""`make` refuses a .venv of another Python instead of installing into a mixed one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _make(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        ["make", "-s", "-C", str(ROOT), "python-check", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    sys.stdout.write(done.stdout)
    return done


def test_a_venv_of_another_python_is_refused(tmp_path: Path) -> None:
    python = tmp_path / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("#!/bin/sh\necho 3.99\n")
    python.chmod(0o755)
    done = _make(f"VENV={tmp_path / 'venv'}", f"PYTHON={sys.executable}")
    assert done.returncode == 2
    assert "was made with Python 3.99" in done.stdout
    assert f"remove it (rm -rf {tmp_path / 'venv'}) or run make PYTHON=python3.99" in done.stdout


def test_a_python_that_does_not_run_is_named(tmp_path: Path) -> None:
    done = _make(f"VENV={tmp_path / 'none'}", "PYTHON=python3.0-not-here")
    assert done.returncode == 2
    assert "Python 'python3.0-not-here' does not run" in done.stdout


def test_the_venvs_own_python_passes(tmp_path: Path) -> None:
    assert _make(f"PYTHON={sys.executable}").returncode == 0
