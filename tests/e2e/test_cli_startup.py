"""Commands that need no Graph start without loading the Graph SDK, Azure or aiohttp.

The SDK's import costs about half a second of CPU; `--help` and the state-only commands are
what people type while they look around or while Graph is down, so they must not pay it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from integration.state import StateStore
from tests import support

# Runs the console entry point as the `freigabe` script does, then names the top-level
# packages of the heavy dependencies that ended up loaded.
_PROBE = """
import json, sys
sys.argv = ["freigabe", *sys.argv[1:]]
from jobs.cli import main
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"msgraph", "msgraph_core", "azure",
    "aiohttp", "kiota_abstractions", "kiota_http", "httpx"})
devtools = sorted(m for m in sys.modules if m.split(".")[0] == "freigabe_devtools")
print("\\nLOADED " + json.dumps({"exit": code, "heavy": heavy, "devtools": devtools}))
"""


def _loaded(*args: str) -> tuple[list[str], str]:
    """The heavy packages ``freigabe ARGS`` loaded, and its output; the command must succeed."""
    report, output = _report(*args)
    return report["heavy"], output


def _report(*args: str) -> tuple[dict[str, Any], str]:
    """What ``freigabe ARGS`` loaded (``heavy``, ``devtools``), and its output."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    last = result.stdout.rstrip().rsplit("\n", 1)[-1]
    assert last.startswith("LOADED "), result.stdout + result.stderr
    report = json.loads(last.removeprefix("LOADED "))
    output = result.stdout + result.stderr
    assert report["exit"] in (0, None), output
    return report, output


@pytest.fixture
def config_with_state(tmp_path: Path) -> Path:
    state = tmp_path / "state.sqlite"
    StateStore.open(state).close()
    # nothing listens there: a command that tried Graph would fail, not pass by luck
    return support.write_config(
        tmp_path / "freigabe.yaml", support.config("http://127.0.0.1:9/v1.0", state, libraries=2)
    )


def test_help_loads_no_graph_azure_or_aiohttp() -> None:
    loaded, output = _loaded("--help")
    assert "Commands:" in output
    assert loaded == []


def test_help_lists_the_development_commands_without_loading_the_simulator() -> None:
    """The development tools' commands are listed from their light module (freigabe_devtools.cli);
    the simulator and the demo load when one of them runs."""
    report, output = _report("--help")
    commands = output.split("Commands:", 1)[1].split()
    assert {"demo", "simulator"} <= set(commands)
    assert report["devtools"] == ["freigabe_devtools", "freigabe_devtools.cli"]


@pytest.mark.parametrize(
    "command", [("status",), ("audit", "verify")], ids=["status", "audit-verify"]
)
def test_state_only_commands_load_no_graph_azure_or_aiohttp(
    config_with_state: Path, command: tuple[str, ...]
) -> None:
    loaded, output = _loaded(*command, "--config", str(config_with_state))
    assert "Traceback" not in output, output
    assert loaded == []
