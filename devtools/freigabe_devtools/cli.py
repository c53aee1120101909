"""``freigabe demo`` and ``freigabe simulator``, registered in the entry-point group
``freigabe.commands`` (devtools/pyproject.toml), which ``jobs.cli`` reads.

``freigabe --help`` imports this module to list the commands' help lines: it imports click and
``jobs.cli`` only, everything else when a command runs.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import click

from integration.errors import UsageError
from jobs.cli import Session, guarded, run_async

__all__ = ["demo", "simulator"]


@click.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("demo-out"),
    show_default=True,
    help="Folder for everything the demo produces.",
)
@guarded
def demo(out: Path) -> None:
    """Run the service against a simulated alliance tenant and narrate what it sees."""
    from freigabe_devtools.demo import run_demo

    run_async(run_demo(out, echo=click.echo))


@click.command()
@click.option("--scenario", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--tenant",
    "saved",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A tenant saved by `freigabe demo`, served and saved again on stop. Default: "
    "simulator-tenant.pickle beside --config, when it exists.",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=None, help="Default: the port of graph.base_url.")
@click.pass_obj
@guarded
def simulator(
    session: Session, scenario: Path | None, saved: Path | None, host: str, port: int | None
) -> None:
    """Serve the Graph simulator on loopback (the demo's alliance unless --scenario is given)."""
    from freigabe_devtools.serve import SAVED_TENANT, serve_simulator

    if scenario is not None and saved is not None:
        raise UsageError("--scenario and --tenant name two tenants: pass one of them")
    if session.config_path is not None:
        if port is None:
            port = urlsplit(session.load().graph_base_url).port
        beside = session.config_path.parent / SAVED_TENANT
        if scenario is None and saved is None and beside.exists():
            saved = beside
    run_async(
        serve_simulator(
            scenario=scenario,
            saved=saved,
            host=host,
            port=8765 if port is None else port,
            note=lambda line: click.echo(line, err=True),
        )
    )
