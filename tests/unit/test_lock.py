"""The lock files: complete for pyproject.toml, hashed, one set of versions for both; the
changelog's newest release is the version pyproject.toml gives."""

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
    ],
    ids=["runtime", "dev"],
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
