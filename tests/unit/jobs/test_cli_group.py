"""Commands another distribution registers (freigabe-devtools: demo, simulator) are found
through the entry-point group, loaded only when asked for, and named when they are missing."""

from __future__ import annotations

from importlib.metadata import EntryPoint
from pathlib import Path
from types import SimpleNamespace

import click
import pytest
from click.testing import CliRunner

from jobs.cli_group import COMMANDS_GROUP, DEVELOPMENT_COMMANDS, RootGroup, global_options

_MISSING = (
    "Error: freigabe {} is a development tool, not installed here: in a checkout of freigabe "
    "run `make demo`, or `pip install ./devtools` into this environment."
)


@click.command()
@click.pass_obj
def hello(obj: SimpleNamespace) -> None:
    """Say hello and name the configuration."""
    click.echo(f"hello {obj.config_path}")


def _root() -> RootGroup:
    @click.group(cls=RootGroup)
    @global_options
    @click.pass_context
    def root(ctx: click.Context, config_path: Path | None) -> None:
        ctx.obj = SimpleNamespace(config_path=config_path)

    @root.command()
    def once() -> None:
        """One cycle."""

    assert isinstance(root, RootGroup)
    return root


def _registered(monkeypatch: pytest.MonkeyPatch, **points: str) -> list[str]:
    """Let the entry-point group hold ``points`` (name=module:attribute) and nothing else;
    the returned list records each group asked for."""
    asked: list[str] = []

    def entry_points(*, group: str) -> list[EntryPoint]:
        asked.append(group)
        return [EntryPoint(name, value, group) for name, value in points.items()]

    monkeypatch.setattr("importlib.metadata.entry_points", entry_points)
    return asked


def _invoke(root: RootGroup, *args: str) -> click.testing.Result:
    return CliRunner().invoke(root, list(args), prog_name="freigabe")


@pytest.mark.parametrize(
    "args",
    [("demo",), ("demo", "--out", "x"), ("simulator", "--help"), ("simulator", "--config", "c")],
    ids=["demo", "demo-out", "simulator-help", "simulator-config"],
)
def test_a_missing_development_command_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    _registered(monkeypatch)
    result = _invoke(_root(), *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [_MISSING.format(args[0])]


def test_without_the_development_tools_help_lists_only_the_service(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _registered(monkeypatch)
    result = _invoke(_root(), "--help")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line]
    assert names == ["once"]
    assert set(DEVELOPMENT_COMMANDS).isdisjoint(names)


def test_an_unknown_command_stays_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    _registered(monkeypatch)
    result = _invoke(_root(), "dmeo")
    assert result.exit_code == 2
    assert "No such command 'dmeo'" in result.stderr


def test_a_registered_command_is_listed_and_takes_the_global_options(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked = _registered(monkeypatch, hello=f"{__name__}:hello")
    root = _root()
    listed = _invoke(root, "--help")
    assert "hello  Say hello and name the configuration." in listed.stdout
    ran = _invoke(root, "hello", "--config", "after.yaml")
    assert ran.exit_code == 0, ran.output
    assert ran.stdout == "hello after.yaml\n"
    assert asked == [COMMANDS_GROUP]  # read once per process


def test_a_known_command_does_not_read_the_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    """`freigabe run` and the other service commands pay no metadata scan."""
    asked = _registered(monkeypatch)
    assert _invoke(_root(), "once").exit_code == 0
    assert asked == []


def test_a_registered_command_that_does_not_import_is_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _registered(monkeypatch, demo="freigabe_devtools_not_here.cli:demo")
    result = _invoke(_root(), "demo")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: freigabe demo does not load: No module named 'freigabe_devtools_not_here'"
    ]
