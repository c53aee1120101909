"""End-to-end: the ``freigabe`` CLI as a separate process against a simulator process."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import support

FREIGABE = str(Path(sys.executable).with_name("freigabe"))


class SimProcess:
    """A simulator served by ``python -m freigabe_devtools.graphsim`` in its own process."""

    def __init__(self, proc: subprocess.Popen[str], base_url: str) -> None:
        self.proc = proc
        self.base_url = base_url
        self.root_url = base_url.removesuffix("/v1.0")

    def control(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.root_url + path, data=data, method=method)  # noqa: S310 - loopback only
        req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 - loopback only
            raw = resp.read()
        return json.loads(raw) if raw else None

    def set_fields(self, name: str, fields: dict[str, Any], *, by: str) -> None:
        """A member edits the fields of ``name`` in the first library, through the control plane."""
        action = {
            "action": "set_fields",
            "library": "Bibliothek 0",
            "name": name,
            "by": by,
            "fields": fields,
        }
        self.control("POST", "/_sim/actions", action)


@contextlib.contextmanager
def serve_scenario(tmp_path: Path, data: dict[str, Any]) -> Iterator[SimProcess]:
    """A simulator process serving the scenario ``data`` until the block ends."""
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(yaml.safe_dump(data, allow_unicode=True))
    command = [sys.executable, "-m", "freigabe_devtools.graphsim", "--scenario", str(scenario)]
    proc = subprocess.Popen([*command, "--port", "0"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    base_url = proc.stdout.readline().strip()
    try:
        yield SimProcess(proc, base_url)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[SimProcess]:
    with serve_scenario(tmp_path, support.scenario(documents=3)) as served:
        yield served


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``freigabe ARGS`` and capture its output.

    The output is echoed into the test's own capture too, where the suite-wide secret search
    of ``tests/conftest.py`` sees it.
    """
    result = subprocess.run(
        [FREIGABE, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    return result


@pytest.fixture
def config_file(sim: SimProcess, tmp_path: Path) -> Path:
    return support.write_config(
        tmp_path / "freigabe.yaml", support.config(sim.base_url, tmp_path / "state.sqlite")
    )


@pytest.fixture
def world_factory(tmp_path: Path) -> Iterator[Any]:
    """Opens worlds (``tests.e2e.real_tenant.World``) with the given app roles; closes them."""
    from tests.e2e import real_tenant  # it builds on this module's helpers

    opened: list[Any] = []

    def make(roles: list[str]) -> Any:
        context = serve_scenario(tmp_path, real_tenant.real_scenario(roles))
        sim = context.__enter__()
        opened.append(context)
        state = tmp_path / "state.sqlite"
        data = support.config(sim.base_url, state)
        data["credential"]["client_id"] = support.APP_ID
        config = support.write_config(tmp_path / "c.yaml", data)
        return real_tenant.World(sim, config, state)

    yield make
    for context in opened:
        context.__exit__(None, None, None)
