"""The README's shell blocks run as written, in order, against a fresh demo.

Blocks marked ``<!-- readme-test: needs ... a real tenant -->`` are skipped (they deploy to a
tenant and a container runtime this machine does not have); every other line must be one the
runner below knows how to run, so a new README command cannot go untested by accident.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from tests import support

REPO = Path(__file__).resolve().parents[2]
_BLOCK = re.compile(r"(?:<!-- readme-test: (?P<mark>[^>]*) -->\n)?```sh\n(?P<body>.*?)```", re.S)
# `make test` is the run this test is part of; running it here would recurse
_NOT_HERE = {"make test"}


def _commands(readme: str) -> tuple[list[str], list[str]]:
    """The lines to run (continuations joined, comments cut) and the skipped blocks' marks."""
    lines: list[str] = []
    skipped: list[str] = []
    for block in _BLOCK.finditer(readme):
        mark = block["mark"]
        if mark is not None:
            assert mark.startswith("needs "), mark
            assert mark.endswith("a real tenant"), mark
            skipped.append(mark)
            continue
        for line in block["body"].replace("\\\n", " ").splitlines():
            command = line.split("  #", 1)[0].strip()
            if command and command not in _NOT_HERE:
                lines.append(command)
    return lines, skipped


def _scratch_checkout(tmp_path: Path) -> Path:
    """A folder where `make demo` finds this checkout's Makefile and its ready .venv."""
    for name in ("Makefile", "pyproject.toml", "devtools", "requirements-dev.lock", ".venv"):
        (tmp_path / name).symlink_to(REPO / name)
    return tmp_path


def test_readme_commands_run_in_order_against_the_demo(tmp_path: Path) -> None:
    lines, skipped = _commands((REPO / "README.md").read_text(encoding="utf-8"))
    assert lines[0] == "make demo"
    assert len(skipped) == 2  # compose and Kubernetes
    cwd = _scratch_checkout(tmp_path)
    env = {**os.environ, "PYTHON": sys.executable}
    background: list[subprocess.Popen[str]] = []
    try:
        for command in lines:
            if command == "kill %1":
                background[0].send_signal(signal.SIGTERM)
                assert background[0].wait(timeout=30) == 0, command
                continue
            if command.endswith("&"):
                words = shlex.split(command.removesuffix("&"))
                process = subprocess.Popen(words, cwd=cwd, env=env, text=True)
                background.append(process)
                config = yaml.safe_load((cwd / "demo-out/freigabe.yaml").read_text("utf-8"))
                port = urlsplit(config["graph"]["base_url"]).port
                assert port is not None
                support.wait_for_port(port, process, what=command, timeout=30)
                continue
            done = subprocess.run(
                shlex.split(command), cwd=cwd, env=env, capture_output=True, text=True, timeout=120
            )
            sys.stdout.write(f"$ {command}\n{done.stdout}{done.stderr}")
            assert done.returncode == 0, f"{command}\n{done.stdout}{done.stderr}"
            if command.endswith(" once --config demo-out/freigabe.yaml"):
                # the tenant the demo left: nothing new, no 400 for a token from another world
                assert "0 neue Ereignisse" in done.stdout, done.stdout
    finally:
        for process in background:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
    assert background
    assert all(p.returncode == 0 for p in background)
    assert (cwd / "demo-out/simulator-tenant.pickle").exists()
    # the status page the worker would serve, as the demo left the state
    status_page = (cwd / "demo-out/status.html").read_text(encoding="utf-8")
    assert "<h2>Letzte Entscheidungen</h2>" in status_page
    assert "freigegeben" in status_page
