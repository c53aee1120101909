"""The Graph simulator as a child process, and the control-plane calls the benchmark makes."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import quote

import httpx

from tools.bench.tenant import AUTHOR, HOSTNAME, SITE_PATH, TOKEN

__all__ = ["Counts", "Simulator"]

_TIMEOUT_S = 60.0  # per control-plane call; generous, since a slow machine is no failure


@dataclass(frozen=True, slots=True)
class Counts:
    """What the simulator counted since its last reset.

    Attributes:
        round_trips: HTTP requests received (a ``$batch`` is one).
        operations: Graph operations (each request inside a ``$batch`` is one).
        by_route: operations per endpoint key, sorted by key.
    """

    round_trips: int
    operations: int
    by_route: tuple[tuple[str, int], ...]


class Simulator:
    """``python -m freigabe_devtools.graphsim`` serving one scenario file; stopped on exit.

    ``base_url`` is the Graph base URL (``.../v1.0``); control-plane calls go to its root.
    """

    def __init__(self, scenario_path: Path, *, cwd: Path) -> None:
        self._http = httpx.Client(timeout=_TIMEOUT_S)
        self._proc = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, "-m", "freigabe_devtools.graphsim", "--scenario", str(scenario_path)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=cwd,
        )
        assert self._proc.stdout is not None
        # The simulator prints its URL only once the scenario is loaded and it listens.
        self.base_url = self._proc.stdout.readline().strip()
        if not self.base_url.startswith("http://127.0.0.1:"):
            self.close()
            raise RuntimeError(f"the simulator did not start (first line {self.base_url!r})")
        self.root_url = self.base_url.removesuffix("/v1.0")

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the process (SIGTERM, then SIGKILL if it lingers) and close the client."""
        self._http.close()
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()

    def _control(self, method: str, path: str, body: Any = None) -> Any:
        resp = self._http.request(method, self.root_url + path, json=body)
        resp.raise_for_status()
        return resp.json() if resp.content else None

    def reset_stats(self) -> None:
        """Start counting round trips and operations from zero."""
        self._control("POST", "/_sim/stats/reset")

    def counts(self) -> Counts:
        """Round trips and operations since the last reset."""
        stats = self._control("GET", "/_sim/stats")
        by_route = tuple(sorted((str(k), int(v)) for k, v in stats["operations"].items()))
        return Counts(int(stats["total_round_trips"]), int(stats["total_operations"]), by_route)

    def set_fields(self, library: str, name: str, fields: dict[str, str]) -> None:
        """Change a file's fields as its author would in SharePoint."""
        action = {
            "action": "set_fields",
            "library": library,
            "name": name,
            "by": AUTHOR,
            "fields": fields,
        }
        self._control("POST", "/_sim/actions", action)

    def site_id(self) -> str:
        """The Graph id of the benchmark's site (one Graph request, made before any reset)."""
        resp = self._http.get(
            f"{self.base_url}/sites/{HOSTNAME}:{quote(SITE_PATH)}",
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        resp.raise_for_status()
        return str(resp.json()["id"])
