"""The click group behind ``freigabe``: global options where people type them, commands in
the order of a first set-up.

People type ``freigabe once --config X`` as often as ``freigabe --config X once``. Each global
option is declared once (``GLOBAL_OPTIONS``); the root group takes it as it is, and every
command added to a ``SetupGroup``, nested groups included, gets a copy. A value given after
the subcommand replaces the group-level one (it is the later word on the line); the copy has
no environment variable or default of its own, so it never hides a value given before.

Other distributions add commands through the entry-point group ``freigabe.commands``
(``COMMANDS_GROUP``): freigabe-devtools (``devtools/``) adds ``demo`` and ``simulator``. The
service never imports them; ``RootGroup`` looks them up only for a name it does not know
itself or for ``--help``, and loads a command only when it is asked for or listed. Without the
development tools, ``freigabe demo`` and ``freigabe simulator`` say how to get them (exit 2).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.core import ParameterSource

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = [
    "COMMANDS_GROUP",
    "DEVELOPMENT_COMMANDS",
    "GLOBAL_OPTIONS",
    "SETUP_ORDER",
    "GlobalOption",
    "RootGroup",
    "SetupGroup",
    "global_options",
]

F = TypeVar("F", bound=Callable[..., Any])

SETUP_ORDER = ("check", "provision", "probe", "once", "run", "status", "audit")
"""What an administrator runs first, in that order; other commands follow alphabetically."""

COMMANDS_GROUP = "freigabe.commands"
"""The entry-point group whose entries (name = ``module:command``) become ``freigabe`` commands."""

DEVELOPMENT_COMMANDS = ("demo", "simulator")
"""The commands of freigabe-devtools, named even where it is not installed."""

_NOT_INSTALLED = (
    "Error: freigabe {name} is a development tool, not installed here: in a checkout of "
    "freigabe run `make demo`, or `pip install ./devtools` into this environment."
)

# Options only the group-level copy has: a subcommand's copy must not fill in a value the
# user did not type there.
_GROUP_ONLY = frozenset({"envvar", "show_envvar", "default", "show_default"})


@dataclass(frozen=True, slots=True)
class GlobalOption:
    """One option of the root group; ``name`` is the attribute of the context object it sets."""

    decls: tuple[str, ...]
    name: str
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def for_command(self) -> click.Option:
        attrs = {k: v for k, v in self.attrs.items() if k not in _GROUP_ONLY}
        return click.Option([*self.decls, self.name], expose_value=False, callback=_store, **attrs)


def _store(ctx: click.Context, param: click.Parameter, value: object) -> None:
    if param.name is None:
        return
    if ctx.get_parameter_source(param.name) is not ParameterSource.COMMANDLINE:
        return
    setattr(ctx.find_root().obj, param.name, value)


GLOBAL_OPTIONS: Sequence[GlobalOption] = (
    GlobalOption(
        ("--config",),
        "config_path",
        {
            "type": click.Path(path_type=Path, dir_okay=False),
            "envvar": "FREIGABE_CONFIG",
            "show_envvar": True,
            "help": "YAML configuration file (before or after the command).",
        },
    ),
)


def global_options(fn: F) -> F:
    """Give the root group's callback every global option (it receives them by ``name``)."""
    for option in reversed(GLOBAL_OPTIONS):
        fn = click.option(*option.decls, option.name, **option.attrs)(fn)
    return fn


class SetupGroup(click.Group):
    """A group whose commands accept the global options and list in ``SETUP_ORDER``."""

    group_class: type[click.Group | type] | None = type  # nested groups (``audit``) too

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        cmd.params.extend(option.for_command() for option in GLOBAL_OPTIONS)
        super().add_command(cmd, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return _in_setup_order(self.commands)


def _in_setup_order(names: Iterable[str]) -> list[str]:
    rank = {name: i for i, name in enumerate(SETUP_ORDER)}
    return sorted(names, key=lambda name: (rank.get(name, len(rank)), name))


class RootGroup(SetupGroup):
    """The ``freigabe`` group: its own commands, then those registered in ``COMMANDS_GROUP``."""

    group_class = SetupGroup  # ``audit``: the registered commands are the root's alone
    _registered: dict[str, EntryPoint] | None = None

    def registered(self) -> dict[str, EntryPoint]:
        """The entry points of ``COMMANDS_GROUP`` by name (read once: a scan of every
        installed distribution's metadata, which a command the group knows never pays)."""
        if self._registered is None:
            from importlib.metadata import entry_points

            self._registered = {ep.name: ep for ep in entry_points(group=COMMANDS_GROUP)}
        return self._registered

    def list_commands(self, ctx: click.Context) -> list[str]:
        return _in_setup_order({*self.commands, *self.registered()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        known = super().get_command(ctx, cmd_name)
        if known is not None:
            return known
        point = self.registered().get(cmd_name)
        if point is None:
            if cmd_name not in DEVELOPMENT_COMMANDS:
                return None
            return _refusal(cmd_name, _NOT_INSTALLED.format(name=cmd_name))
        try:
            command = point.load()
        except ImportError as err:
            return _refusal(cmd_name, f"Error: freigabe {cmd_name} does not load: {err}")
        if not isinstance(command, click.Command):
            return _refusal(cmd_name, f"Error: {point.value} is not a click command")
        self.add_command(command, cmd_name)
        return command


def _refusal(name: str, message: str) -> click.Command:
    """A hidden command that takes any arguments (``--help`` too), prints ``message`` to
    stderr and exits 2."""

    def refuse() -> None:
        click.echo(message, err=True)
        click.get_current_context().exit(2)

    return click.Command(
        name,
        callback=refuse,
        hidden=True,
        add_help_option=False,
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    )
