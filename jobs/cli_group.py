"""The click group behind ``freigabe``: global options where people type them, commands in
the order of a first set-up.

People type ``freigabe once --config X`` as often as ``freigabe --config X once``. Each global
option is declared once (``GLOBAL_OPTIONS``); the root group takes it as it is, and every
command added to a ``SetupGroup``, nested groups included, gets a copy. A value given after
the subcommand replaces the group-level one (it is the later word on the line); the copy has
no environment variable or default of its own, so it never hides a value given before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource

__all__ = ["GLOBAL_OPTIONS", "SETUP_ORDER", "GlobalOption", "SetupGroup", "global_options"]

F = TypeVar("F", bound=Callable[..., Any])

SETUP_ORDER = ("check", "provision", "probe", "once", "run", "status", "audit")
"""What an administrator runs first, in that order; other commands follow alphabetically."""

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

    group_class = type  # nested groups (``audit``) are SetupGroups too

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        cmd.params.extend(option.for_command() for option in GLOBAL_OPTIONS)
        super().add_command(cmd, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        rank = {name: i for i, name in enumerate(SETUP_ORDER)}
        return sorted(self.commands, key=lambda name: (rank.get(name, len(rank)), name))
