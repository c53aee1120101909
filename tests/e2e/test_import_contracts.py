"""The import contracts catch what they forbid: a copy of the code with one forbidden import
fails `lint-imports` on the contract that forbids it, one case per contract; the unchanged
copy passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("approval", "config", "integration", "jobs", "ports")
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


# One forbidden import per contract in pyproject.toml: (module written into the copy, the
# line it gets, the contract that must break). A module that exists gets the line appended.
LEAKS = {
    "core-imports-ports": (
        "approval/leak.py",
        "import ports.libraries\n",
        "The release core is pure",
    ),
    "ports-import-an-adapter": (
        "ports/leak.py",
        "import integration.state.store\n",
        "The ports know nothing but the core",
    ),
    "config-imports-an-adapter": (
        "config/leak.py",
        "import integration.teams.cards\n",
        "The configuration imports no adapter",
    ),
    "adapter-imports-adapter": (
        "integration/teams/leak.py",
        "import integration.graph.mail\n",
        "Adapters do not import each other",
    ),
    "stage-imports-graph": (
        "jobs/enforce.py",
        "import integration.graph.content\n",
        "The stages reach SharePoint only through its port",
    ),
    "adapter-imports-jobs": (
        "integration/state/leak.py",
        "import jobs.runtime\n",
        "Adapters do not import the jobs that compose them",
    ),
    "service-imports-simulator": (
        "jobs/leak.py",
        "from freigabe_devtools.graphsim import Tenant\n",
        "The service does not know the development tools",
    ),
    # only the layers hold the shared modules below the configuration and the adapters
    "shared-module-imports-config": (
        "integration/text.py",
        "import config.settings\n",
        "Each part imports only the parts below it",
    ),
}


def _contract_names() -> list[str]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        contracts = tomllib.load(file)["tool"]["importlinter"]["contracts"]
    return [str(contract["name"]) for contract in contracts]


def test_every_contract_has_a_forbidden_import_case() -> None:
    assert sorted(contract for _, _, contract in LEAKS.values()) == sorted(_contract_names())


@pytest.mark.parametrize(("module", "line", "contract"), LEAKS.values(), ids=LEAKS.keys())
def test_a_forbidden_import_breaks_its_contract(
    tree: Path, module: str, line: str, contract: str
) -> None:
    leak = tree / module
    before = leak.read_text(encoding="utf-8") if leak.exists() else None
    leak.write_text((before or "") + line, encoding="utf-8")
    try:
        broken = _lint(tree)
    finally:
        if before is None:
            leak.unlink()
        else:
            leak.write_text(before, encoding="utf-8")
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert f"{contract} BROKEN" in broken.stdout, broken.stdout


def test_the_unchanged_copy_keeps_every_contract(tree: Path) -> None:
    kept = _lint(tree)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    assert "BROKEN" not in kept.stdout
