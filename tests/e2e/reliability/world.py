"""One simulated tenant in its own process, the configuration pointing at it, and the runs.

``World.once()`` is ``freigabe once`` to completion; ``World.killed_once(after)`` starts one and
sends SIGKILL once the simulator has seen ``after`` more Graph round trips from it, unless it
ended first.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from tests import support
from tests.e2e.conftest import FREIGABE, SimProcess
from tests.e2e.reliability.story import LIBRARY, Step

__all__ = ["CHANNEL", "ROOT", "World"]

ROOT = Path(__file__).resolve().parents[3]
CHANNEL = "kanal"
_POLL = 0.03


def _error_line(stderr: str) -> str | None:
    """The CLI's one-line error message among the JSON log lines, if there is one."""
    return next((line for line in stderr.splitlines() if line.startswith("Error: ")), None)


class World:
    """A simulator process and a state folder; close() stops the simulator."""

    def __init__(self, folder: Path, state_url: str | None = None) -> None:
        """``state_url`` puts the state in that PostgreSQL database instead of a file."""
        folder.mkdir(parents=True)
        self.folder = folder
        scenario = folder / "scenario.yaml"
        scenario.write_text(yaml.safe_dump(support.scenario(documents=4), allow_unicode=True))
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "freigabe_devtools.graphsim",
                "--scenario",
                str(scenario),
                "--port",
                "0",
            ],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert proc.stdout is not None
        self.sim = SimProcess(proc, proc.stdout.readline().strip())
        data = support.config(self.sim.base_url, folder / "state.sqlite")
        data["teams"] = {"webhooks": {"default": f"{self.sim.root_url}/_sim/webhooks/{CHANNEL}"}}
        data["export"] = {
            "target": {
                "kind": "folder",
                "path": str(folder / "export"),
                "public_base_url": "https://allianz.example/freigaben",
            }
        }
        data["log"] = {"format": "json", "level": "info"}
        if state_url is not None:
            del data["state_path"]
            data["state_url"] = state_url
        self.data = data
        self.config = support.write_config(folder / "freigabe.yaml", data)
        self.runs = 0

    def close(self) -> None:
        self.sim.proc.terminate()
        self.sim.proc.wait(timeout=10)
        assert self.sim.proc.stdout is not None
        self.sim.proc.stdout.close()

    def act(self, step: Step) -> None:
        """Send the step's actions to the simulator."""
        for action in step.actions:
            self.sim.control("POST", "/_sim/actions", action)

    def fault(self, **rule: Any) -> None:
        """Add a fault rule (see ``freigabe_devtools.graphsim.faults``)."""
        self.sim.control("POST", "/_sim/faults", rule)

    def clear_faults(self) -> None:
        self.sim.control("DELETE", "/_sim/faults")

    def items(self) -> list[dict[str, Any]]:
        """The simulator's summaries of the library's live files."""
        found: list[dict[str, Any]] = self.sim.control(
            "GET", f"/_sim/items?library={LIBRARY.replace(' ', '%20')}"
        )["value"]
        return found

    def webhook(self) -> dict[str, Any]:
        """What the Teams channel received: ``value``, ``received``, ``duplicates``."""
        summary: dict[str, Any] = self.sim.control("GET", f"/_sim/webhooks/{CHANNEL}")
        return summary

    def round_trips(self) -> int:
        """HTTP requests the simulator has received under ``/v1.0`` and for downloads."""
        trips: int = self.sim.control("GET", "/_sim/stats")["total_round_trips"]
        return trips

    def _log(self) -> Path:
        self.runs += 1
        return self.folder / f"run-{self.runs:03d}.log"

    def once(self, *command: str, may_fail: bool = False) -> subprocess.CompletedProcess[str]:
        """Run one cycle to its end (``freigabe once``, or ``command`` when given).

        Unless ``may_fail``, it must exit 0; if it fails, it must exit 1 with a message
        and no traceback.
        """
        argv = list(command) or [FREIGABE, "--config", str(self.config), "once"]
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=90, check=False, cwd=ROOT
        )
        self._log().write_text(done.stderr, encoding="utf-8")
        if may_fail and done.returncode == 1:
            assert "Traceback" not in done.stderr, done.stderr
            assert _error_line(done.stderr), done.stderr
        else:
            assert done.returncode == 0, done.stdout + done.stderr
        return done

    def killed_once(self, after: int, linger: float = 0.0) -> bool:
        """Start ``freigabe once``; SIGKILL it ``linger`` s after its ``after``-th request arrived.

        True when the kill cut it off; False when it had ended by itself (successfully).
        """
        start = self.round_trips()
        with self._log().open("wb") as log:
            proc = subprocess.Popen(
                [FREIGABE, "--config", str(self.config), "once"],
                stdout=subprocess.DEVNULL,
                stderr=log,
                cwd=ROOT,
            )
        deadline = time.monotonic() + 60
        while self.round_trips() - start < after and proc.poll() is None:
            assert time.monotonic() < deadline, "freigabe once made no progress"
            time.sleep(_POLL)
        time.sleep(linger)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        code = proc.wait(timeout=10)
        assert code in (0, -signal.SIGKILL), f"freigabe once failed, see {log.name}"
        return code != 0
