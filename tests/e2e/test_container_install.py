"""The image's install step (``tools/container-install.sh``) run outside a container engine."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
from packaging.utils import canonicalize_name

from tests import support
from tests.e2e.conftest import SimProcess

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "container-install.sh"
DOCKERFILE = ROOT / "Dockerfile"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
# uv takes seconds from its cache; on a fresh machine every locked file is downloaded first,
# which on a busy network may exceed pytest's default timeout of 120 s.
INSTALL_SECONDS = 400
# What a venv brings of itself, and the project, which is installed beside the lock.
_NOT_LOCKED = {"pip", "setuptools", "freigabe"}
_LIST_DISTRIBUTIONS = (
    "import importlib.metadata as m, json; "
    "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))"
)
_LIST_FILES = (
    "import importlib.metadata as m, json; "
    "print(json.dumps([str(f) for f in m.files('freigabe') or []]))"
)
# The service's import packages (pyproject.toml's packages.find), where no development module
# may be, and the development tools' names (devtools/: freigabe-devtools).
_SERVICE_PACKAGES = {"approval", "config", "integration", "jobs"}
_DEVELOPMENT_MODULES = {"demo", "preview", "graphsim"}


def _is_development_tool(path: PurePosixPath) -> bool:
    """Whether ``path`` (relative to site-packages) is part of the development tools: their
    package, distribution or editable hook, or a simulator, demo or preview module (or its
    bytecode) inside the service's packages."""
    if any(part.lower().replace("-", "_").startswith("freigabe_devtools") for part in path.parts):
        return True
    inside = path.parts[0] in _SERVICE_PACKAGES
    return inside and any(part.split(".")[0] in _DEVELOPMENT_MODULES for part in path.parts[1:])


def _copy_like_the_dockerfile(dest: Path) -> None:
    """Lay out ``dest`` as the Dockerfile's COPY lines lay out the image's source folder."""
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("COPY "):
            continue
        *sources, target = line.split()[1:]
        for source in sources:
            origin = ROOT / source
            into = dest / target
            if origin.is_dir():
                shutil.copytree(origin, into, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                into.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, into / origin.name)


def _install(venv: Path, source: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), str(venv), str(source)],
        capture_output=True,
        text=True,
        timeout=INSTALL_SECONDS,
        env={**os.environ, "PYTHON": sys.executable, "PIP_NO_INPUT": "1"},
        check=False,
    )


def test_dockerfile_runs_the_script_and_starts_the_worker() -> None:
    """The image installs through the shared script, probes /healthz and starts `freigabe run`."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "RUN bash tools/container-install.sh /opt/venv" in text
    assert "HEALTHCHECK" in text
    assert "/healthz" in text
    assert 'CMD ["freigabe", "run"]' in text
    assert "\nUSER freigabe\n" in text
    assert "[dev]" not in text
    copied = [line for line in text.splitlines() if line.startswith("COPY ")]
    assert copied
    assert not any("devtools" in line for line in copied)  # the development tools stay out


def _installed_versions(venv: Path) -> dict[str, str]:
    listed = subprocess.run(
        [str(venv / "bin" / "python"), "-c", _LIST_DISTRIBUTIONS],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    versions: dict[str, str] = json.loads(listed.stdout)
    return {canonicalize_name(name): version for name, version in versions.items()}


@dataclass(frozen=True)
class Installed:
    """A venv installed as the image is, from a source folder laid out as the Dockerfile's."""

    source: Path
    venv: Path
    stdout: str

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.venv / "bin" / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """One install for the module's tests (each takes its INSTALL_SECONDS timeout, as the
    first to ask for it runs the install)."""
    folder = tmp_path_factory.mktemp("container")
    source = folder / "src"
    _copy_like_the_dockerfile(source)
    venv = folder / "venv"
    done = _install(venv, source)
    assert done.returncode == 0, done.stdout + done.stderr
    return Installed(source, venv, done.stdout)


@pytest.mark.timeout(INSTALL_SECONDS + 60)
def test_fresh_venv_holds_the_locked_versions_and_runs_check(
    installed: Installed, sim: SimProcess, tmp_path: Path
) -> None:
    """A fresh install from the image's sources holds exactly the runtime lock's versions (no
    dev tools, nothing resolved anew) and reports the tenant ready."""
    assert f"freigabe, version {VERSION} in {installed.venv}" in installed.stdout
    versions = _installed_versions(installed.venv)
    assert versions["freigabe"] == VERSION
    locked = {name: version for name, version in versions.items() if name not in _NOT_LOCKED}
    assert locked == support.locked_pins(installed.source / "requirements.lock")
    config = support.write_config(
        tmp_path / "freigabe.yaml", support.config(sim.base_url, tmp_path / "state.sqlite")
    )
    check = installed.run("freigabe", "--config", str(config), "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Ergebnis: bereit" in check.stdout


@pytest.mark.timeout(INSTALL_SECONDS + 60)
def test_the_image_holds_no_development_tools(installed: Installed) -> None:
    """Neither the Graph simulator nor the demo nor the card preview is installed: not among
    the files of the freigabe distribution, nowhere in site-packages, not importable."""
    listed = installed.run("python", "-c", _LIST_FILES)
    assert listed.returncode == 0, listed.stderr
    files = [PurePosixPath(name) for name in json.loads(listed.stdout)]
    assert any(f.name == "cli.py" and f.parent.name == "jobs" for f in files)  # listed at all
    assert [str(f) for f in files if _is_development_tool(f)] == []
    site_packages = next((installed.venv / "lib").glob("python3.*/site-packages"))
    walked = [*site_packages.iterdir()]
    walked += [p for package in _SERVICE_PACKAGES for p in (site_packages / package).rglob("*")]
    assert (site_packages / "jobs" / "cli.py") in walked
    found = [PurePosixPath(path.relative_to(site_packages).as_posix()) for path in walked]
    assert [str(path) for path in found if _is_development_tool(path)] == []
    imported = installed.run("python", "-c", "import freigabe_devtools")
    assert imported.returncode == 1
    assert "No module named 'freigabe_devtools'" in imported.stderr


@pytest.mark.timeout(INSTALL_SECONDS + 60)
@pytest.mark.parametrize(
    "args",
    [("demo",), ("demo", "--out", "x"), ("simulator", "--port", "0"), ("simulator", "--help")],
    ids=["demo", "demo-out", "simulator", "simulator-help"],
)
def test_the_development_commands_say_where_they_are(
    installed: Installed, args: tuple[str, ...]
) -> None:
    """Without the development tools, `freigabe demo` and `freigabe simulator` are one line
    that says what they are and how to get them, and exit 2; --help does not list them."""
    done = installed.run("freigabe", *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"Error: freigabe {args[0]} is a development tool, not installed here: in a checkout "
        "of freigabe run `make demo`, or `pip install ./devtools` into this environment."
    ]
    listed = installed.run("freigabe", "--help")
    assert listed.returncode == 0, listed.stderr
    commands = listed.stdout.split("Commands:", 1)[1].split()
    assert "once" in commands
    assert "demo" not in commands
    assert "simulator" not in commands


def test_existing_venv_is_refused(tmp_path: Path) -> None:
    """The script insists on a fresh venv rather than installing over an old one."""
    venv = tmp_path / "venv"
    venv.mkdir()
    refused = _install(venv, ROOT)
    assert refused.returncode == 2
    assert "needs a fresh venv" in refused.stderr
    assert list(venv.iterdir()) == []
