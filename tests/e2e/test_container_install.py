"""The image's install step (``tools/container-install.sh``) run outside a container engine."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

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


@pytest.mark.timeout(INSTALL_SECONDS + 60)
def test_fresh_venv_holds_the_locked_versions_and_runs_check(
    sim: SimProcess, tmp_path: Path
) -> None:
    """A fresh install from the image's sources holds exactly the runtime lock's versions (no
    dev tools, nothing resolved anew) and reports the tenant ready."""
    source = tmp_path / "src"
    _copy_like_the_dockerfile(source)
    venv = tmp_path / "venv"
    installed = _install(venv, source)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert f"freigabe, version {VERSION} in {venv}" in installed.stdout
    versions = _installed_versions(venv)
    assert versions["freigabe"] == VERSION
    locked = {name: version for name, version in versions.items() if name not in _NOT_LOCKED}
    assert locked == support.locked_pins(source / "requirements.lock")
    config = support.write_config(
        tmp_path / "freigabe.yaml", support.config(sim.base_url, tmp_path / "state.sqlite")
    )
    check = subprocess.run(
        [str(venv / "bin" / "freigabe"), "--config", str(config), "check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Ergebnis: bereit" in check.stdout


def test_existing_venv_is_refused(tmp_path: Path) -> None:
    """The script insists on a fresh venv rather than installing over an old one."""
    venv = tmp_path / "venv"
    venv.mkdir()
    refused = _install(venv, ROOT)
    assert refused.returncode == 2
    assert "needs a fresh venv" in refused.stderr
    assert list(venv.iterdir()) == []
