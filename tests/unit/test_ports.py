"""The ports hold records and Protocols only: the standard library and the release core.

import-linter forbids a list of packages (pyproject.toml); this reads every import, so a
dependency nobody thought to list cannot slip in either.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import ports
from tests.unit.approval.test_purity import imported_roots

PACKAGE = Path(ports.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_imports_only_the_standard_library_and_the_core(module: Path) -> None:
    roots = imported_roots(ast.parse(module.read_text(encoding="utf-8")))
    allowed = {"approval", "ports", "."}
    foreign = {r for r in roots if r not in sys.stdlib_module_names and r not in allowed}
    assert not foreign, f"{module.name} imports {sorted(foreign)}"
