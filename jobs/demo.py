"""``freigabe demo``: the service against a simulated alliance tenant, narrated.

The simulator runs on loopback inside this process, seeded from the demo scenario; the service
talks to it through the same msgraph-sdk code path it uses against Microsoft Graph. A script
plays the members' part between the cycles. Everything lands in the output folder: the
configuration the demo ran with, the state file and the log, so that every command can be
pointed at the demo's world afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from config import Settings, load_settings
from integration.graphsim import DEFAULT_TOKEN, SimulatorServer, Tenant, load_scenario
from integration.graphsim.__main__ import DEMO_SCENARIO
from jobs.logs import configure_logging
from jobs.report import events_table
from jobs.runtime import Runtime, open_runtime
from jobs.sync import CycleReport
from jobs.table import render_table

__all__ = ["DEMO_ORGANISATIONS", "demo_config", "run_demo"]

_HOST = "allianz-wasser.sharepoint.com"
_GROUPS = "a1d0c0de-000{}-4d57-8a11-00000000000{}"

DEMO_ORGANISATIONS = (
    ("DWV", "Deutscher Wasserverband"),
    ("BLP", "Bund Landschaftsplanung"),
    ("SPV", "Stadtplanungsvereinigung"),
    ("KIV", "Kommunaler Infrastrukturverband"),
)

Echo = Callable[[str], None]


def demo_config(base_url: str, state_path: Path) -> dict[str, object]:
    """The configuration of the demo's world, pointing at a simulator at ``base_url``."""
    return {
        "cloud": "global",
        "credential": {"mode": "static_token", "static_token": DEFAULT_TOKEN},
        "graph": {"base_url": base_url, "timeout_seconds": 10, "max_retries": 3},
        "libraries": [
            {
                "key": "positionen",
                "site": {"hostname": _HOST, "path": "/sites/allianz"},
                "library": {"name": "Positionen"},
            },
            {
                "key": "best-practice",
                "site": {"hostname": _HOST, "path": "/sites/allianz"},
                "library": {"name": "Best Practice"},
            },
        ],
        "organisations": [
            {"code": code, "name": name, "groups": [_GROUPS.format(i, i)]}
            for i, (code, name) in enumerate(DEMO_ORGANISATIONS, start=1)
        ],
        "poll_interval_seconds": 30,
        "state_path": str(state_path),
        "log": {"format": "json", "level": "info"},
    }


def _documents_table(rt: Runtime) -> str:
    rows = []
    cols = rt.settings.columns
    for spec in rt.settings.libraries:
        for doc in rt.store.iter_snapshots(spec.key):
            rows.append(
                (
                    spec.key,
                    doc.name,
                    doc.fields.get(cols.status) or "-",
                    doc.fields.get(cols.lead) or "-",
                    doc.version or "-",
                )
            )
    return render_table(["Bibliothek", "Dokument", "Status", "Federführung", "Version"], rows)


def _cycle_line(report: CycleReport, tenant: Tenant) -> str:
    stats = tenant.stats
    return (
        f"{sum(lib.pages for lib in report.libraries)} Delta-Seiten, "
        f"{len(report.events)} Ereignisse, {stats.total_round_trips} HTTP-Anfragen "
        f"({stats.total_operations} Graph-Operationen)"
    )


async def _cycle(rt: Runtime, tenant: Tenant, echo: Echo, title: str) -> CycleReport:
    tenant.stats.reset()
    report = await rt.watcher.cycle()
    echo(f"\n== {title}: {_cycle_line(report, tenant)}")
    if report.events:
        echo(events_table(report.events))
    return report


def _members_work(tenant: Tenant) -> None:
    """What the members do in Teams between two cycles."""
    schwamm = tenant.find("Positionen", "Positionspapier Schwammstadt.docx")
    tenant.edit_content(
        schwamm,
        b"Positionspapier Schwammstadt\nFassung 2: mit Abschnitt zu Finanzierungsmodellen.\n",
        by="anna.berger@dwv.example",
    )
    hitze = tenant.find("Positionen", "Positionspapier Hitzeschutz in Quartieren.docx")
    tenant.set_fields(hitze, {"FreigabeStatus": "Zur Abstimmung"}, by="lena.hoffmann@spv.example")
    tenant.add_document(
        "/sites/allianz",
        "Positionen",
        "Positionspapier Starkregenrisikomanagement.docx",
        b"Entwurf eines gemeinsamen Positionspapiers zum Starkregenrisikomanagement.\n",
        {"FreigabeStatus": "Entwurf", "Federfuehrung": "KIV", "Dokumenttyp": "Positionspapier"},
        by="sabine.krueger@kiv.example",
    )
    tagung = tenant.find("Positionen", "Tagungsprogramm 2027.docx")
    tenant.rename(
        tagung, "Tagungsprogramm Jahrestagung 2027.docx", by="clara.neumann@allianz-wasser.example"
    )
    fortbildung = tenant.find("Best Practice", "Fortbildung Starkregenvorsorge.pptx")
    tenant.delete(fortbildung, by="sabine.krueger@kiv.example")


async def run_demo(out: Path, *, echo: Echo) -> Settings:
    """Run the demo; return the settings it ran with (written to ``out/freigabe.yaml``)."""
    out.mkdir(parents=True, exist_ok=True)
    state = out / "freigabe.sqlite"
    for stale in (state, Path(f"{state}-wal"), Path(f"{state}-shm")):
        stale.unlink(missing_ok=True)
    tenant = load_scenario(DEMO_SCENARIO)
    async with SimulatorServer(tenant) as server:
        config_path = out / "freigabe.yaml"
        config_path.write_text(
            "# Written by `freigabe demo`: the demo's world. The simulator listens only while the\n"
            "# demo runs; `freigabe --config demo-out/freigabe.yaml simulator` serves it again.\n"
            + yaml.safe_dump(
                demo_config(server.base_url, state.resolve()), allow_unicode=True, sort_keys=False
            ),
            encoding="utf-8",
        )
        settings = load_settings(config_path, environ={})
        with (out / "freigabe.log").open("w", encoding="utf-8") as log_file:
            configure_logging(fmt="json", level="info", stream=log_file)
            echo(
                f"Graph-Simulator: {server.base_url} (Allianz mit 4 Organisationen, 2 Bibliotheken)"
            )
            async with open_runtime(settings) as rt:
                await _cycle(rt, tenant, echo, "Erster Abgleich")
                echo("\nGefundene Dokumente:")
                echo(_documents_table(rt))
                _members_work(tenant)
                echo(
                    "\n-- Mitglieder arbeiten in Teams: Inhalt geändert, zur Abstimmung gestellt, "
                    "neu hochgeladen, umbenannt, gelöscht"
                )
                await _cycle(rt, tenant, echo, "Zweiter Abgleich")
                await _cycle(rt, tenant, echo, "Leerlauf (keine Änderung)")
                tenant.expire_delta_tokens("Best Practice")
                leitfaden = tenant.find("Best Practice", "Leitfaden Regenwassermanagement.docx")
                tenant.set_fields(
                    leitfaden,
                    {"Aktivitaet": "Sammlung best practices"},
                    by="anna.berger@dwv.example",
                )
                echo("\n-- Delta-Token von 'Best Practice' abgelaufen (410), ein Feld geändert")
                await _cycle(rt, tenant, echo, "Abgleich nach Resync")
    echo(f"\nAusgabe: {out}/ (freigabe.yaml, freigabe.sqlite, freigabe.log)")
    echo(f"Weiter: freigabe --config {config_path} status")
    return settings
