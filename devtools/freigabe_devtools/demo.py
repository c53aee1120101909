"""``freigabe demo``: the service against a simulated alliance tenant, narrated.

The simulator runs on loopback inside this process, seeded from the demo scenario; the service
talks to it through the same msgraph-sdk code path it uses against Microsoft Graph. A script
plays the members' part between the cycles. Everything lands in the output folder: the
configuration the demo ran with, the state file and the log, so that every command can be
pointed at the demo's world afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml

from config import Settings, load_settings
from freigabe_devtools.graphsim import DEFAULT_TOKEN, SimulatorServer, Tenant, load_scenario
from freigabe_devtools.graphsim.__main__ import DEMO_SCENARIO
from freigabe_devtools.graphsim.saved import OffsetClock, save_tenant
from freigabe_devtools.preview import find_markdown, find_renderer, write_cards_page
from freigabe_devtools.serve import SAVED_TENANT
from integration.language import counted
from jobs.bootstrap import bootstrap
from jobs.logs import configure_logging
from jobs.report import events_table
from jobs.runtime import Runtime
from jobs.status_view import status_view
from jobs.sync import CycleReport
from jobs.table import render_table
from jobs.worker.status_page import render_status_page

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


def demo_config(
    base_url: str, state_path: Path, *, webhook: str, export: Path
) -> dict[str, object]:
    """The configuration of the demo's world, pointing at a simulator at ``base_url``."""
    return {
        "teams": {"webhooks": {"default": webhook}},
        "export": {
            "target": {"kind": "folder", "path": str(export), "public_base_url": export.as_uri()},
            "site_title": "Freigegebene Dokumente der Allianz Wasserbewusste Stadtentwicklung",
        },
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
        "process": {
            "steering_group": {"approvers": [CLARA]},
            "leadership": [
                {"activity": "AG Schwammstadt", "lead": "DWV", "valid_from": "2026-01-01"},
                {"activity": "Politische Arbeit", "lead": "KIV", "valid_from": "2026-01-01"},
            ],
        },
        "poll_interval_seconds": 30,
        "state_path": str(state_path),
        "log": {"format": "json", "level": "info"},
    }


def _documents_table(rt: Runtime) -> str:
    rows = []
    cols = rt.settings.columns
    for spec in rt.settings.libraries:
        for doc in sorted(rt.store.iter_snapshots(spec.key), key=lambda d: d.name):
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
        f"{counted(sum(lib.pages for lib in report.libraries), 'Delta-Seite', 'Delta-Seiten')}, "
        f"{counted(report.event_count, 'Ereignis', 'Ereignisse')}, "
        f"{counted(stats.total_round_trips, 'HTTP-Anfrage', 'HTTP-Anfragen')} "
        f"({counted(stats.total_operations, 'Graph-Operation', 'Graph-Operationen')})"
    )


async def _cycle(rt: Runtime, tenant: Tenant, echo: Echo, title: str) -> CycleReport:
    tenant.stats.reset()
    full = await rt.cycle()
    report = full.sync
    echo(f"\n== {title}: {_cycle_line(report, tenant)}")
    if report.events:
        echo(events_table(report.events, status_column=rt.settings.columns.status))
    for line in full.enforce.lines:
        echo(f"  Freigabeprozess: {line}")
    for line in full.publish.lines:
        echo(f"  Export: {line}")
    if full.notify.delivery.sent:
        echo(f"  Teams: {counted(full.notify.delivery.sent, 'Karte', 'Karten')} gepostet")
    return report


ANNA, TOBIAS = (
    "anna.berger@dwv.example",
    "tobias.wagner_blp.example#EXT#@allianzwasser.onmicrosoft.com",
)
LENA, SABINE = "lena.hoffmann@spv.example", "sabine.krueger@kiv.example"
MURAT, CLARA = (
    "murat.yilmaz_kiv.example#EXT#@allianzwasser.onmicrosoft.com",
    "clara.neumann@allianz-wasser.example",
)
SCHWAMM = ("Positionen", "Positionspapier Schwammstadt.docx")
WHG = ("Positionen", "Stellungnahme Novelle Wasserhaushaltsgesetz.docx")
HITZE = ("Positionen", "Positionspapier Hitzeschutz in Quartieren.docx")
TAGUNG = ("Positionen", "Tagungsprogramm 2027.docx")


Step = Callable[[Tenant], str]


def _set(tenant: Tenant, doc: tuple[str, str], fields: dict[str, Any], by: str) -> None:
    tenant.set_fields(tenant.find(*doc), fields, by=by)


def _submissions(tenant: Tenant) -> str:
    _set(tenant, HITZE, {"FreigabeStatus": "Zur Abstimmung"}, LENA)
    _set(tenant, SCHWAMM, {"FreigabeStatus": "Zur Abstimmung"}, ANNA)
    _set(tenant, TAGUNG, {"FreigabeStatus": "Zur Abstimmung"}, LENA)
    _set(
        tenant,
        WHG,
        {
            "Zusammenfassung": "Stellungnahme der Allianz zur Novelle des WHG.",
            "FreigabeStatus": "Zur Abstimmung",
        },
        SABINE,
    )
    return (
        "Vier Dokumente werden zur Abstimmung gestellt; beim Hitzeschutz-Papier fehlt "
        "die Zusammenfassung"
    )


def _first_votes(tenant: Tenant) -> str:
    _set(tenant, SCHWAMM, {"Votum_DWV": "Zustimmung"}, ANNA)
    _set(tenant, SCHWAMM, {"Votum_BLP": "Zustimmung"}, TOBIAS)
    _set(tenant, SCHWAMM, {"Votum_SPV": "Zustimmung"}, SABINE)  # KIV's approver, not SPV's
    _set(tenant, SCHWAMM, {"Votum_KIV": "Zustimmung"}, MURAT)
    _set(tenant, WHG, {"Votum_DWV": "Ablehnung"}, ANNA)
    for voter, org in ((ANNA, "DWV"), (TOBIAS, "BLP"), (LENA, "SPV"), (MURAT, "KIV")):
        _set(tenant, TAGUNG, {f"Votum_{org}": "Zustimmung"}, voter)
    return (
        "Alle stimmen dem Tagungsprogramm zu; Voten zum Schwammstadt-Papier "
        "(Sabine Krüger, KIV, stimmt unbefugt für SPV); "
        "DWV lehnt die WHG-Stellungnahme ab"
    )


def _release_and_edit(tenant: Tenant) -> str:
    _set(tenant, SCHWAMM, {"Votum_SPV": "Zustimmung"}, LENA)
    tenant.edit_content(
        tenant.find(*WHG),
        "Stellungnahme Novelle WHG\nFassung 2: Einwände des DWV eingearbeitet.\n".encode(),
        by=SABINE,
    )
    return (
        "SPV stimmt dem Schwammstadt-Papier zu; die WHG-Stellungnahme wird während der "
        "Abstimmung überarbeitet"
    )


def _second_round(tenant: Tenant) -> str:
    _set(tenant, WHG, {"Votum_DWV": "Ablehnung"}, ANNA)
    _set(tenant, WHG, {"Votum_BLP": "Zustimmung"}, TOBIAS)
    _set(tenant, WHG, {"Votum_SPV": "Zustimmung"}, LENA)
    _set(tenant, WHG, {"Votum_KIV": "Zustimmung"}, SABINE)
    return "Zweite Runde zur WHG-Stellungnahme: DWV lehnt wieder ab; 15 Tage vergehen"


def _withdrawal(tenant: Tenant) -> str:
    _set(tenant, SCHWAMM, {"FreigabeStatus": "Zurückgezogen"}, ANNA)
    return "Der DWV (Federführung) zieht das Schwammstadt-Papier zurück"


async def run_demo(out: Path, *, echo: Echo) -> Settings:
    """Run the demo; return the settings it ran with (written to ``out/freigabe.yaml``)."""
    out.mkdir(parents=True, exist_ok=True)
    state = out / "freigabe.sqlite"
    for stale in (state, Path(f"{state}-wal"), Path(f"{state}-shm")):
        stale.unlink(missing_ok=True)
    clock = OffsetClock()
    tenant = load_scenario(DEMO_SCENARIO, clock=clock)
    async with SimulatorServer(tenant) as server:
        config_path = out / "freigabe.yaml"
        config_path.write_text(
            "# Written by `freigabe demo`: the demo's world. The simulator listens only while the\n"
            f"# demo runs; `freigabe simulator --config {config_path}` serves it again, as the\n"
            f"# demo left it ({SAVED_TENANT} beside this file).\n"
            + yaml.safe_dump(
                demo_config(
                    server.base_url,
                    state.resolve(),
                    webhook=f"{server.root_url}/_sim/webhooks/allianz",
                    export=(out / "export").resolve(),
                ),
                allow_unicode=True,
                sort_keys=False,
            ),
            encoding="utf-8",
        )
        settings = load_settings(config_path, environ={})
        with (out / "freigabe.log").open("w", encoding="utf-8") as log_file:
            configure_logging(fmt="json", level="info", stream=log_file)
            echo(
                f"Graph-Simulator: {server.base_url} (Allianz mit 4 Organisationen, 2 Bibliotheken)"
            )
            async with bootstrap(settings, clock=clock) as rt:
                await _cycle(rt, tenant, echo, "Erster Abgleich")
                echo("\nGefundene Dokumente:")
                echo(_documents_table(rt))
                story: list[tuple[Step, float]] = [
                    (_submissions, 0),
                    (_first_votes, 0),
                    (_release_and_edit, 0),
                    (_second_round, 15),
                    (_withdrawal, 0),
                ]
                for number, (act, days) in enumerate(story, start=2):
                    echo(f"\n-- {act(tenant)}")
                    clock.offset += timedelta(days=days)
                    await _cycle(rt, tenant, echo, f"Zyklus {number}")
                await _cycle(rt, tenant, echo, "Eigene Schreibvorgänge kommen per Delta zurück")
                await _cycle(rt, tenant, echo, "Leerlauf (keine Änderung)")
                tenant.expire_delta_tokens("Best Practice")
                _set(
                    tenant,
                    ("Best Practice", "Leitfaden Regenwassermanagement.docx"),
                    {"Aktivitaet": "Sammlung best practices"},
                    ANNA,
                )
                echo("\n-- Delta-Token von 'Best Practice' abgelaufen (410), ein Feld geändert")
                await _cycle(rt, tenant, echo, "Abgleich nach Resync")
                # the page the worker serves under /status (with its token), as a file
                status_page = out / "status.html"
                view = status_view(settings, rt.store)
                status_page.write_text(render_status_page(view, settings), encoding="utf-8")
                audit = rt.store.verify_audit()
                echo(
                    f"\nAudit-Protokoll: {audit.entries} Einträge, Hash-Kette "
                    + ("intakt" if audit.ok else "VERLETZT")
                )
            cards = server.app.webhooks.messages("allianz")
            page = write_cards_page(
                out / "teams", cards, renderer=find_renderer(), markdown=find_markdown()
            )
            for number, card in enumerate(cards, start=1):
                (out / "teams" / f"{number:02d}.json").write_text(
                    json.dumps(card, ensure_ascii=False, indent=2), encoding="utf-8"
                )
    save_tenant(tenant, out / SAVED_TENANT)
    echo(f"\nTeams-Karten: {len(cards)} gepostet, Ansicht: {page}")
    echo(f"Öffentlicher Export: {(out / 'export' / 'index.html').resolve()}")
    pdfs = sorted(p.name for p in (out / "export" / "dokumente").glob("*.pdf"))
    echo(f"PDF-Fassungen (von Graph umgewandelt): {', '.join(pdfs) or 'keine'}")
    echo(f"Statusseite (im Worker: GET /status mit Token): {status_page.resolve()}")
    echo(
        f"\nAusgabe: {out}/ (freigabe.yaml, freigabe.sqlite, freigabe.log, status.html, teams/, "
        f"export/, "
        f"{SAVED_TENANT})"
    )
    echo(f"Weiter: freigabe --config {config_path} status")
    return settings
