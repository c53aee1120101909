"""The lock files: complete for pyproject.toml and devtools/pyproject.toml, hashed, one set of
versions for both; the changelog's newest release is the version pyproject.toml gives, and the
development tools carry the same."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests import support

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
DEVTOOLS = tomllib.loads((ROOT / "devtools" / "pyproject.toml").read_text(encoding="utf-8"))
# what the development tools need besides the service, which is this checkout, not a pin
DEVTOOLS_NEEDS = [
    line
    for line in DEVTOOLS["project"]["dependencies"]
    if canonicalize_name(Requirement(line).name) != PROJECT["name"]
]
RUNTIME = ROOT / "requirements.lock"
DEV = ROOT / "requirements-dev.lock"
# A pin line, then its hashes: pip's --require-hashes refuses a pin without one.
_PIN_WITH_HASH = re.compile(r"^\S[^\n]*==[^\n]* \\\n    --hash=sha256:[0-9a-f]{64}", re.MULTILINE)
_PIN = re.compile(r"^[^\s#][^\n]*==", re.MULTILINE)


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [
        (RUNTIME, PROJECT["dependencies"]),
        (DEV, PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"]),
        (DEV, DEVTOOLS_NEEDS),
    ],
    ids=["runtime", "dev", "devtools"],
)
def test_every_requirement_of_pyproject_is_locked(lock: Path, requirements: list[str]) -> None:
    """A requirement added or narrowed in pyproject.toml without `make lock` fails here."""
    pins = support.locked_pins(lock)
    unmet = []
    for line in requirements:
        requirement = Requirement(line)
        pinned = pins.get(canonicalize_name(requirement.name))
        if pinned is None or not requirement.specifier.contains(pinned, prereleases=True):
            unmet.append(f"{line} (locked: {pinned})")
    assert unmet == [], "run `make lock`"


def test_dev_lock_pins_the_runtime_versions() -> None:
    """The tests run the versions the image installs (the dev lock is constrained by it)."""
    runtime = support.locked_pins(RUNTIME)
    dev = support.locked_pins(DEV)
    assert {name: dev.get(name) for name in runtime} == runtime


@pytest.mark.parametrize("lock", [RUNTIME, DEV], ids=["runtime", "dev"])
def test_every_pin_carries_its_hashes(lock: Path) -> None:
    """Each pinned file is checked against a hash when installed."""
    text = lock.read_text(encoding="utf-8")
    assert len(_PIN_WITH_HASH.findall(text)) == len(_PIN.findall(text)) > 0


def test_changelog_names_the_projects_version_as_its_newest_release() -> None:
    """`freigabe --version` (pyproject's version) and CHANGELOG.md's newest release agree."""
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(\d[^\]]*)\]", changelog, re.MULTILINE)
    assert releases[0] == PROJECT["version"]


def test_the_development_tools_go_with_this_version_of_the_service() -> None:
    """devtools/ carries the service's version and requires exactly it, from this checkout
    (`make lock` resolves it there, never from an index); the dev lock does not pin it."""
    project = DEVTOOLS["project"]
    assert project["name"] == "freigabe-devtools"
    assert project["version"] == PROJECT["version"]
    service = [Requirement(line) for line in project["dependencies"]]
    service = [r for r in service if canonicalize_name(r.name) == PROJECT["name"]]
    assert [str(r.specifier) for r in service] == [f"=={PROJECT['version']}"]
    assert DEVTOOLS["tool"]["uv"]["sources"]["freigabe"] == {"path": "..", "editable": True}
    assert (
        DEVTOOLS["build-system"]
        == tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    )
    assert PROJECT["name"] not in support.locked_pins(DEV)
