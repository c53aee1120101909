"""Global options before or after the subcommand, the set-up order of --help, --version."""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import click
import pytest

from jobs.cli import cli
from tests import support
from tests.e2e.conftest import FREIGABE, run_cli

# every command that reads the configuration, with the arguments it needs besides --config
_COMMANDS = [
    ("once",),
    ("run",),
    ("check",),
    ("status",),
    ("provision", "--dry-run"),
    ("probe", "lib0"),
    ("audit", "verify"),
    ("simulator",),
]


def _subcommand(group: click.Group, name: str) -> click.Command:
    """``name`` of ``group`` as the command line finds it (registered ones too: demo, simulator
    come from freigabe-devtools through the entry-point group)."""
    command = group.get_command(click.Context(group), name)
    assert command is not None, name
    return command


def _leaf_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    paths: set[tuple[str, ...]] = set()
    for name in group.list_commands(click.Context(group)):
        command = _subcommand(group, name)
        if isinstance(command, click.Group):
            paths |= _leaf_paths(command, (*prefix, name))
        else:
            paths.add((*prefix, name))
    return paths


def test_every_command_takes_the_global_options() -> None:
    """Also a command added later, or by the development tools: each has its own copy of every
    group-level option."""
    assert {c[:2] if c[0] == "audit" else c[:1] for c in _COMMANDS} <= _leaf_paths(cli)
    for path in _leaf_paths(cli):
        command: click.Command = cli
        for name in path:
            assert isinstance(command, click.Group)
            command = _subcommand(command, name)
        assert "--config" in {o for p in command.params for o in p.opts}, path


@pytest.mark.parametrize("command", _COMMANDS, ids=lambda c: " ".join(c))
def test_config_after_the_subcommand_is_read(command: tuple[str, ...], tmp_path: Path) -> None:
    """The file named after the command is the one loaded (a missing one: exit 2 naming it)."""
    missing = tmp_path / "after.yaml"
    result = run_cli(*command, "--config", str(missing))
    assert result.returncode == 2, result.stderr
    assert f"Configuration error in {missing}" in result.stderr


def test_the_later_config_wins(tmp_path: Path) -> None:
    before, after = tmp_path / "before.yaml", tmp_path / "after.yaml"
    given_twice = run_cli("--config", str(before), "once", "--config", str(after))
    from_env = run_cli("once", "--config", str(after), env={"FREIGABE_CONFIG": str(before)})
    only_env = run_cli("status", env={"FREIGABE_CONFIG": str(before)})
    assert f"Configuration error in {after}" in given_twice.stderr
    assert f"Configuration error in {after}" in from_env.stderr
    assert f"Configuration error in {before}" in only_env.stderr


def test_commands_work_with_config_after_them(config_file: Path) -> None:
    once = run_cli("once", "--config", str(config_file))
    status = run_cli("status", "--config", str(config_file))
    audit = run_cli("audit", "verify", "--config", str(config_file))
    assert once.returncode == 0, once.stderr
    assert status.returncode == 0, status.stderr
    assert "Letzter Zyklus" in status.stdout
    assert audit.returncode == 0, audit.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_unreachable_hint_names_a_command_that_works(tmp_path: Path) -> None:
    """The hint's command, pasted as printed, serves on the configuration's port."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/v1.0"
    path = support.write_config(
        tmp_path / "c.yaml", support.config(base, tmp_path / "state.sqlite")
    )
    failed = run_cli("once", "--config", str(path))
    assert failed.returncode == 1
    hinted = failed.stderr.split("start one with `", 1)[1].split("`", 1)[0]
    assert hinted == f"freigabe simulator --config {shlex.quote(str(path))}"
    args = [FREIGABE, *shlex.split(hinted)[1:]]
    server = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        assert server.stdout.readline().strip() == base
    finally:
        server.terminate()
        _, err = server.communicate(timeout=10)
        sys.stderr.write(err)


def test_help_lists_commands_in_set_up_order() -> None:
    result = run_cli("--help")
    listed = result.stdout.split("Commands:", 1)[1].splitlines()
    names = [line.split()[0] for line in listed if line.strip()]
    first = ["check", "provision", "probe", "once", "run", "status", "audit"]
    assert names[: len(first)] == first
    assert names[len(first) :] == sorted(set(cli.list_commands(click.Context(cli))) - set(first))
    assert {"demo", "simulator"} <= set(names)  # the development tools, installed by make


def test_version_is_the_package_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"freigabe, version {version('freigabe')}"
