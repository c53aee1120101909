"""The import contracts catch what they forbid: a copy of the code with one forbidden import
fails `lint-imports`, the unchanged copy passes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("approval", "config", "integration", "jobs", "ports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": str(LINT_IMPORTS.parent), "PYTHONPATH": str(tree)},
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("contracts")
    shutil.copy2(ROOT / "pyproject.toml", copy)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return copy


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("approval/leak.py", "import integration.state\n", "The release core is pure"),
        (
            "ports/leak.py",
            "import integration.state\n",
            "The ports know the core and the standard library only",
        ),
        (
            "integration/state/leak.py",
            "import jobs.runtime\n",
            "Adapters do not import the jobs that compose them",
        ),
    ],
    ids=["core-imports-adapter", "port-imports-adapter", "adapter-imports-jobs"],
)
def test_a_forbidden_import_breaks_its_contract(
    tree: Path, module: str, line: str, contract: str
) -> None:
    leak = tree / module
    leak.write_text(line, encoding="utf-8")
    try:
        broken = _lint(tree)
    finally:
        leak.unlink()
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert f"{contract} BROKEN" in broken.stdout


def test_the_unchanged_copy_keeps_every_contract(tree: Path) -> None:
    kept = _lint(tree)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    assert "BROKEN" not in kept.stdout
