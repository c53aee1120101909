"""One headless Chromium driven over the DevTools protocol, for many pages in a row.

Chromium is started with ``--remote-debugging-pipe``: it reads protocol commands from file
descriptor 3 and writes answers and events to 4, each message JSON ended by a NUL byte. One
browser start then serves every page of a test, instead of one start (about two seconds)
per ``--screenshot``.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import pytest

__all__ = ["HEADLESS", "Browser", "chromium"]

_TIMEOUT = 60.0

HEADLESS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run")
"""The flags every test's Chromium starts with (a container has no GPU and no sandbox)."""


def chromium() -> str:
    """The Chromium on the PATH; the test fails (never skips) without it."""
    path = shutil.which("chromium")
    if path is None:
        pytest.fail("chromium is not on PATH: run tools/install-real-parts.sh to install it")
    return path


class Browser:
    """A headless Chromium with one page, its size set like ``--window-size``."""

    def __init__(
        self, chromium: str, flags: Sequence[str], profile: Path, width: int, height: int
    ) -> None:
        to_browser, commands = os.pipe()
        answers, from_browser = os.pipe()
        # the browser's ends go to 3 and 4; above 10 first, so no redirection below clobbers one
        child_in = fcntl.fcntl(to_browser, fcntl.F_DUPFD, 10)
        child_out = fcntl.fcntl(from_browser, fcntl.F_DUPFD, 10)
        os.close(to_browser)
        os.close(from_browser)
        shell = f'exec "$0" "$@" 3<&{child_in} 4>&{child_out} {child_in}<&- {child_out}>&-'
        argv = [*flags, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"]
        try:
            self.proc = subprocess.Popen(
                ["bash", "-c", shell, chromium, *argv],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(child_in, child_out),
            )
        finally:
            os.close(child_in)
            os.close(child_out)
        self._commands = commands
        self._answers = answers
        self._buffer = b""
        self._events: list[dict[str, Any]] = []
        self._last_id = 0
        target = self._send("Target.createTarget", url="about:blank")["targetId"]
        attached = self._send("Target.attachToTarget", targetId=target, flatten=True)
        self._session: str = attached["sessionId"]
        self.command("Page.enable")
        self.command(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Ask the browser to quit; kill it if it does not."""
        if self.proc.poll() is None:
            try:
                self._send("Browser.close")
                self.proc.wait(timeout=10)
            except (OSError, TimeoutError, EOFError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait(timeout=10)
        os.close(self._commands)
        os.close(self._answers)

    def command(self, method: str, **params: Any) -> dict[str, Any]:
        """Send ``method`` to the page; its result."""
        return self._send(method, session=self._session, **params)

    def open(self, url: str) -> None:
        """Navigate to ``url`` and wait for its load event."""
        self.command("Page.navigate", url=url)
        self._wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        return self.command("Runtime.evaluate", expression=expression)["result"].get("value")

    def screenshot(self) -> bytes:
        """The page as PNG."""
        return base64.b64decode(self.command("Page.captureScreenshot", format="png")["data"])

    def _send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + _TIMEOUT
        while True:
            received = self._receive(deadline)
            if received.get("id") == self._last_id:
                if "error" in received:
                    raise RuntimeError(f"{method}: {received['error']}")
                result: dict[str, Any] = received["result"]
                return result
            self._events.append(received)

    def _wait_for(self, event: str) -> None:
        for index, seen in enumerate(self._events):
            if seen.get("method") == event and seen.get("sessionId") == self._session:
                del self._events[index]
                return
        deadline = time.monotonic() + _TIMEOUT
        while True:
            received = self._receive(deadline)
            if received.get("method") == event and received.get("sessionId") == self._session:
                return
            self._events.append(received)

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._answers], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer within 60 s")
            chunk = os.read(self._answers, 1 << 16)
            if not chunk:
                raise EOFError(f"Chromium closed the pipe (exit code {self.proc.poll()})")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        received: dict[str, Any] = json.loads(message)
        return received
