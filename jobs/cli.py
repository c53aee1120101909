"""The ``freigabe`` command line.

Exit codes: 0 done, 1 the work failed (Graph, state), 2 the configuration or the command line
is wrong. Errors are one clear message each, never a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shlex
import signal
import sys
from collections.abc import Callable, Coroutine, Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar

import click

from integration.errors import (
    ConfigError,
    FreigabeError,
    GraphUnreachable,
    Problem,
    UsageError,
)
from jobs.cli_group import RootGroup, global_options

if TYPE_CHECKING:
    from config import Settings

__all__ = ["Session", "cli", "guarded", "main", "run_async"]

P = ParamSpec("P")
T = TypeVar("T")


def _fail(message: str, code: int) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


def _unreachable_hint(session: Session | None, err: GraphUnreachable) -> str:
    # Only a refused connection means nothing listens; one that broke off mid-request had a peer.
    settings = session.settings if session else None
    if settings is None or not settings.graph_is_loopback or "cannot connect" not in str(err):
        return ""
    # a loaded settings object implies a config path: name the very command to paste
    config = shlex.quote(str(session.config_path)) if session else "<file>"
    return (
        f"\nNothing answers at {settings.graph_base_url}. A configuration written by "
        "`freigabe demo` points at the demo's simulator, which runs only while the demo "
        f"runs; start one with `freigabe simulator --config {config}`."
    )


class Session:
    """What the group hands to its commands: the config path and, once loaded, the settings.

    ``config_path`` is set by the group's ``--config`` and again by a subcommand's copy of it
    (``jobs.cli_group``), which is why that attribute is named like the option.
    """

    def __init__(self, config_path: Path | None) -> None:
        self.config_path = config_path
        self.settings: Settings | None = None

    def load(self) -> Settings:
        if self.config_path is None:
            raise ConfigError(
                [Problem("", "no configuration: pass --config FILE or set FREIGABE_CONFIG")]
            )
        # imported here, as every command's work is: `--help` and `--version` need neither
        from config import load_settings
        from jobs.logs import configure_logging

        self.settings = load_settings(self.config_path, os.environ)
        configure_logging(fmt=self.settings.log.format, level=self.settings.log.level)
        return self.settings


def guarded(fn: Callable[P, T]) -> Callable[P, T]:
    """Turn the project's errors into one message and the documented exit code."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        session = click.get_current_context().find_object(Session)
        try:
            return fn(*args, **kwargs)
        except ConfigError as err:
            where = f" in {session.config_path}" if session and session.config_path else ""
            lines = "\n".join(f"  - {p}" for p in err.problems)
            _fail(f"Configuration error{where}:\n{lines}", 2)
        except UsageError as err:
            _fail(f"Error: {err}", 2)
        except GraphUnreachable as err:
            hint = _unreachable_hint(session, err)
            _fail(f"Error: {err}{hint}", 1)
        except FreigabeError as err:
            _fail(f"Error: {err}", 1)

    return wrapper


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro``; SIGTERM cancels it as Ctrl-C does, then exits 143.

    Python's own SIGTERM ends the process at once: a publication under way would leave its
    hidden temporary in the export until the next start. Cancelled, every ``finally`` runs
    (the temporary is removed, the state store closed). ``run`` replaces the handler with its
    own graceful stop while it runs.
    """
    import asyncio

    async def cancellable() -> T:
        task = asyncio.current_task()
        assert task is not None  # inside asyncio.run
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, task.cancel)
        try:
            return await coro
        finally:
            loop.remove_signal_handler(signal.SIGTERM)

    try:
        return asyncio.run(cancellable())
    except asyncio.CancelledError:
        _fail("Stopped by SIGTERM.", 128 + signal.SIGTERM)


@click.group(cls=RootGroup, context_settings={"help_option_names": ["-h", "--help"]})
@global_options
@click.version_option(package_name="freigabe")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None) -> None:
    """freigabe: the release process of an alliance of equal member organisations."""
    ctx.obj = Session(config_path)


@cli.command()
@click.pass_obj
@guarded
def once(session: Session) -> None:
    """Run one sync cycle over every watched library and print what changed."""
    settings = session.load()  # first: a configuration error needs none of the imports below
    from jobs.commands import once as run_once

    text, ok = run_async(run_once(settings))
    click.echo(text)
    if not ok:
        sys.exit(1)


@cli.command()
@click.option("--dry-run", is_flag=True, help="Only list what would be adopted; change nothing.")
@click.pass_obj
@guarded
def adopt(session: Session, dry_run: bool) -> None:
    """Take documents released before freigabe watched as releases, and publish them."""
    settings = session.load()
    from jobs.commands import adopt as run_adopt

    click.echo(run_async(run_adopt(settings, dry_run=dry_run)))


@cli.command()
@click.pass_obj
@guarded
def run(session: Session) -> None:
    """Run the worker: sync every poll interval, serve /healthz, /readyz and /metrics."""
    settings = session.load()
    from jobs.worker import run_worker

    run_async(run_worker(settings))


@cli.command()
@click.pass_obj
@guarded
def check(session: Session) -> None:
    """Validate the configuration, resolve every library, report columns and strategies."""
    settings = session.load()
    from jobs.check import run_check

    text, ok = run_async(run_check(settings))
    click.echo(text)
    if not ok:
        sys.exit(1)


@cli.command()
@click.pass_obj
@guarded
def status(session: Session) -> None:
    """Show the state of every watched library from the state file (no Graph access)."""
    settings = session.load()
    from jobs.status import status as show_status

    click.echo(show_status(settings))


@cli.command()
@click.option("--dry-run", is_flag=True, help="Only show what would be created.")
@click.pass_obj
@guarded
def provision(session: Session, dry_run: bool) -> None:
    """Create the release process's missing columns in every watched library."""
    settings = session.load()
    from jobs.provision import run_provision

    text, _ = run_async(run_provision(settings, dry_run=dry_run))
    click.echo(text)


@cli.command()
@click.option(
    "--site",
    metavar="HOSTNAME:/sites/PATH",
    help="Site of a library that is not configured (a scratch library).",
)
@click.argument("library", metavar="LIBRARY")
@click.pass_obj
@guarded
def probe(session: Session, site: str | None, library: str) -> None:
    """Check in a scratch LIBRARY how the tenant behaves; remove everything created.

    LIBRARY is the key of a configured library or a library's name (in the site of --site,
    else of the first configured library). Exit 0 when every assumption holds, else 1.
    """
    from jobs.probe import run_probe

    settings = session.load()
    if not run_async(run_probe(settings, library=library, site=site, echo=click.echo)):
        sys.exit(1)


@cli.group()
def audit() -> None:
    """The hash-chained audit log."""


@audit.command("verify")
@click.option(
    "--manifest",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also hold the log against the audit head in this export manifest.json.",
)
@click.pass_obj
@guarded
def audit_verify(session: Session, manifest: Path | None) -> None:
    """Check that no audit entry was altered or removed (read-only: works beside the worker)."""
    settings = session.load()
    from jobs.audit_verify import verify_audit

    text, ok = verify_audit(settings, manifest)
    click.echo(text)
    if not ok:
        sys.exit(1)


@cli.group()
def state() -> None:
    """Where the state is kept."""


@state.command("migrate")
@click.option(
    "--from",
    "source",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The state file to move (no worker may be running on it).",
)
@click.option(
    "--to",
    "url",
    default=None,
    help="postgresql://user@host:5432/db, empty; default state_url. No password here.",
)
@click.pass_obj
@guarded
def state_migrate(session: Session, source: Path, url: str | None) -> None:
    """Move a state file into PostgreSQL, audit log and outbox included, and verify it."""
    settings = session.load()
    from jobs.state_migrate import migrate_state

    text, ok = migrate_state(settings, source, url)
    click.echo(text)
    if not ok:
        sys.exit(1)


@audit.command("show")
@click.option(
    "--json",
    "json_lines",
    is_flag=True,
    help="JSON lines: one object per entry (seq, at, kind, subject, payload, prev_hash, hash).",
)
@click.pass_obj
@guarded
def audit_show(session: Session, json_lines: bool) -> None:
    """Print the audit log, oldest entry first (read-only: works beside a running worker)."""
    settings = session.load()
    from jobs.audit_log import audit_lines

    _write_lines(audit_lines(settings, json_lines=json_lines))


def _write_lines(lines: Generator[str, None, None], batch: int = 1000) -> None:
    """Write ``lines`` to stdout in batches; a reader that stops early (``| head``) ends it."""
    with contextlib.closing(lines):
        try:
            chunk: list[str] = []
            for line in lines:
                chunk.append(line)
                if len(chunk) == batch:
                    sys.stdout.write("\n".join(chunk) + "\n")
                    chunk.clear()
            if chunk:
                sys.stdout.write("\n".join(chunk) + "\n")
            sys.stdout.flush()
        except BrokenPipeError:
            # the interpreter's last flush at exit would fail again and print a traceback
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)


@cli.command()
@click.argument("file", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.pass_obj
@guarded
def backup(session: Session, file: Path, force: bool) -> None:
    """Write a consistent copy of the state file to FILE (works while the worker runs).

    Exit 1 when the copy fails SQLite's quick_check (the state file itself is damaged).
    """
    settings = session.load()
    from jobs.backup import backup as write_backup

    text, ok = write_backup(settings, file, force=force)
    click.echo(text)
    if not ok:
        sys.exit(1)


def main() -> None:
    cli(prog_name="freigabe")


if __name__ == "__main__":
    main()
