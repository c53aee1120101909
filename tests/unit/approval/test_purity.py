"""The release core stays pure: standard library only, no clock of its own, explicit surface."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import approval

PACKAGE = Path(approval.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))
CLOCKS = {"now", "utcnow", "today", "time", "monotonic", "perf_counter"}


def imported_roots(tree: ast.AST) -> set[str]:
    """The top-level names of every module ``tree`` imports (relative imports as ``.``)."""
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            roots.add("." if node.level else (node.module or "").split(".")[0])
    return roots


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_imports_only_the_standard_library(module: Path) -> None:
    """Every import in the package is of the standard library or of the package itself."""
    roots = imported_roots(ast.parse(module.read_text(encoding="utf-8")))
    foreign = {r for r in roots if r not in sys.stdlib_module_names and r not in {"approval", "."}}
    assert not foreign, f"{module.name} imports {sorted(foreign)}"


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_reads_no_clock(module: Path) -> None:
    """No module asks for the current time; time is always passed in."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    calls = [
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    ]
    assert not CLOCKS.intersection(calls), f"{module.name} reads a clock"


def test_import_check_catches_a_foreign_import() -> None:
    """The import walk sees third-party and relative imports (the check can fail)."""
    tree = ast.parse("import httpx.client\nfrom msgraph import x\nfrom . import y\nimport os")
    assert imported_roots(tree) == {"httpx", "msgraph", ".", "os"}


def test_public_surface_is_explicit_and_complete() -> None:
    """``__all__`` is sorted, and every name in it exists in the package."""
    assert list(approval.__all__) == sorted(approval.__all__)
    missing = [name for name in approval.__all__ if not hasattr(approval, name)]
    assert not missing
