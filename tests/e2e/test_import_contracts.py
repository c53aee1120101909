"""The import contracts catch what they forbid: a copy of the code with one forbidden import
fails `lint-imports`, the unchanged copy passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("approval", "config", "integration", "jobs")
# the development tools' import package, inside its own distribution's folder
DEVTOOLS = Path("devtools") / "freigabe_devtools"


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            "PATH": str(LINT_IMPORTS.parent),
            "PYTHONPATH": os.pathsep.join([str(tree), str(tree / DEVTOOLS.parent)]),
        },
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("contracts")
    shutil.copy2(ROOT / "pyproject.toml", copy)
    for package in (*PACKAGES, DEVTOOLS):
        shutil.copytree(
            ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return copy


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("approval/leak.py", "import integration.state\n", "The release core is pure"),
        (
            "integration/state/leak.py",
            "import jobs.runtime\n",
            "Adapters do not import the jobs that compose them",
        ),
        (
            "jobs/leak.py",
            "from freigabe_devtools.graphsim import Tenant\n",
            "The service does not know the development tools",
        ),
        (
            "config/leak.py",
            "import freigabe_devtools.preview\n",
            "The service does not know the development tools",
        ),
    ],
    ids=[
        "core-imports-adapter",
        "adapter-imports-jobs",
        "jobs-import-simulator",
        "config-imports-preview",
    ],
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
