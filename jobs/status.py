"""The work behind ``freigabe status``: the state file's view, without Graph.

Nothing here imports the Graph adapter: ``status`` starts in a fraction of a second and works
where Graph is unreachable.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from config import Settings
from integration.state import StateStore
from integration.state.outbox import Outbox
from integration.state.problems import ProblemStore
from integration.state.publications import PublicationRepository
from integration.state.rounds import RoundStore
from integration.teams.problems import STAGE_WORDS
from jobs.adopt import adopted
from jobs.state import open_state_readonly
from jobs.table import render_table

__all__ = ["status", "status_text"]


def _rounds_table(settings: Settings, store: StateStore) -> str:
    tz = ZoneInfo(settings.process.timezone)
    rows = []
    for open_ in RoundStore(store).open_rounds():
        r = open_.round
        doc = store.get_snapshots(open_.library, [r.document_id]).get(r.document_id)
        voted = " ".join(
            f"{org}:{r.votes[org].choice.value[:4]}" if org in r.votes else f"{org}:-"
            for org in settings.org_codes
        )
        rows.append(
            (
                doc.name if doc else r.document_id,
                r.lead_org,
                r.deadline.astimezone(tz).strftime("%d.%m.%Y %H:%M"),
                f"{len(r.votes)}/{len(settings.org_codes)}",
                voted,
            )
        )
    if not rows:
        return "Offene Abstimmungen: keine"
    table = render_table(["Dokument", "Federführung", "Frist", "Stimmen", "Voten"], rows)
    return f"Offene Abstimmungen:\n{table}"


def status(settings: Settings) -> str:
    """The state file's view of every library, without asking Graph or writing anything.

    Read-only, in one snapshot: works beside a running worker and on a read-only folder.
    """
    if settings.state_url is None and not settings.state_path.exists():
        return (
            f"Noch kein Zustand: {settings.state_path} gibt es noch nicht; "
            "`freigabe once` oder der Worker legt die Datei an."
        )
    with open_state_readonly(settings) as store, store.snapshot():
        return status_text(settings, store)


def status_text(settings: Settings, store: StateStore) -> str:
    """Open rounds, libraries, publications and the Teams outbox, as the state holds them."""
    rounds = _rounds_table(settings, store)
    rows = []
    for spec in settings.libraries:
        lib = store.get_library(spec.key)
        cursor = store.get_cursor(spec.key)
        sync = "noch nie" if cursor is None else ("aktuell" if cursor.complete else "läuft")
        rows.append(
            (spec.key, lib.display_name if lib else "?", store.count_snapshots(spec.key), sync)
        )
    last = store.get_meta("last_cycle_at") or "noch nie"
    outbox = _outbox_lines(store)
    problems = _problem_lines(store, ZoneInfo(settings.process.timezone))
    table = render_table(["Bibliothek", "Name", "Dokumente", "Abgleich"], rows)
    return (
        f"{rounds}\n\n{table}\n\n{_release_lines(store, ZoneInfo(settings.process.timezone))}\n"
        f"{outbox}\n\n{problems}\n\nLetzter Zyklus: {last}"
    )


def _problem_lines(store: StateStore, tz: ZoneInfo) -> str:
    """Documents held up at a stage: what failed, since when, how often."""
    problems = ProblemStore(store).all()
    if not problems:
        return "Hängende Dokumente: keine"
    rows = [
        (
            p.name,
            STAGE_WORDS[p.stage],
            f"{p.status} {p.code or ''}".strip() if p.status else "-",
            p.attempts,
            p.first_at.astimezone(tz).strftime("%d.%m.%Y %H:%M"),
            p.message,
        )
        for p in problems
    ]
    table = render_table(["Dokument", "Schritt", "Antwort", "Versuche", "Seit", "Fehler"], rows)
    return f"Hängende Dokumente (werden in jedem Zyklus erneut versucht):\n{table}"


def _release_lines(store: StateStore, tz: ZoneInfo) -> str:
    """Released, and of those published (a failed publication shows under the stuck ones),
    and what was taken over from an existing export."""
    releases = RoundStore(store).current_releases()
    published = PublicationRepository(store).entries().keys() & releases.keys()
    lines = [f"Freigegeben: {len(releases)} Dokumente, davon veröffentlicht: {len(published)}"]
    taken = adopted(releases.values())
    if taken:
        last = max(r.adopted_at for r in taken if r.adopted_at is not None)
        lines.append(
            f"Aus dem vorhandenen Export übernommen: {len(taken)} Dokumente "
            f"(am {last.astimezone(tz).strftime('%d.%m.%Y %H:%M')}, der Zustand kannte sie nicht)"
        )
    return "\n".join(lines)


def _outbox_lines(store: StateStore) -> str:
    """The Teams outbox: what waits, and every notification given up on, with its reason."""
    outbox = Outbox(store)
    counts = outbox.counts()
    head = (
        f"Teams-Ausgang: {counts.pending} wartend, {counts.sending} in Zustellung, "
        f"{counts.sent} zugestellt, {counts.failed} endgültig fehlgeschlagen"
    )
    failures = outbox.failures(limit=20)
    if not failures:
        return head
    rows = [
        (f.kind, f.key, f.attempts, f.failed_at.strftime("%d.%m.%Y %H:%M"), f.error)
        for f in failures
    ]
    table = render_table(["Art", "Schlüssel", "Versuche", "Aufgegeben", "Grund"], rows)
    return f"{head}\n{table}"
