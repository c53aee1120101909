"""The work behind ``freigabe status``: the state file's view, without Graph.

Nothing here imports the Graph adapter: ``status`` starts in a fraction of a second and works
where Graph is unreachable.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from config import Settings
from integration.language import Language, Text, time_in
from integration.state import StateStore
from integration.state.outbox import Outbox
from integration.state.problems import ProblemStore
from integration.state.publications import PublicationRepository
from integration.state.rounds import RoundStore
from integration.teams.problems import STAGE_WORDS
from jobs import messages as m
from jobs.adopt import adopted
from jobs.state import open_state_readonly
from jobs.table import render_table

__all__ = ["status", "status_text"]


def _heads(texts: Sequence[Text], lang: Language) -> list[str]:
    return [text(lang) for text in texts]


def _when(at: datetime, tz: ZoneInfo, lang: Language) -> str:
    return time_in(at.astimezone(tz), lang)


def _rounds_table(settings: Settings, store: StateStore) -> str:
    tz, lang = ZoneInfo(settings.process.timezone), settings.language
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
                _when(r.deadline, tz, lang),
                f"{len(r.votes)}/{len(settings.org_codes)}",
                voted,
            )
        )
    if not rows:
        return m.OPEN_ROUNDS_NONE(lang)
    table = render_table(_heads(m.ROUND_HEADINGS, lang), rows)
    return f"{m.OPEN_ROUNDS_TABLE(lang)}\n{table}"


def status(settings: Settings) -> str:
    """The state file's view of every library, without asking Graph or writing anything.

    Read-only, in one snapshot: works beside a running worker and on a read-only folder.
    """
    if settings.state_url is None and not settings.state_path.exists():
        return m.NO_STATE(settings.language, path=settings.state_path)
    with open_state_readonly(settings) as store, store.snapshot():
        return status_text(settings, store)


def status_text(settings: Settings, store: StateStore) -> str:
    """Open rounds, libraries, publications and the Teams outbox, as the state holds them."""
    tz, lang = ZoneInfo(settings.process.timezone), settings.language
    rounds = _rounds_table(settings, store)
    rows = []
    for spec in settings.libraries:
        lib = store.get_library(spec.key)
        cursor = store.get_cursor(spec.key)
        sync = (
            m.NEVER if cursor is None else (m.SYNC_CURRENT if cursor.complete else m.SYNC_RUNNING)
        )
        rows.append(
            (
                spec.key,
                lib.display_name if lib else "?",
                store.count_snapshots(spec.key),
                sync(lang),
            )
        )
    last = store.get_meta("last_cycle_at") or m.NEVER(lang)
    outbox = _outbox_lines(store, lang)
    problems = _problem_lines(store, tz, lang)
    table = render_table(_heads(m.LIBRARY_HEADINGS, lang), rows)
    return (
        f"{rounds}\n\n{table}\n\n{_release_lines(store, tz, lang)}\n"
        f"{outbox}\n\n{problems}\n\n{m.LAST_CYCLE(lang, when=last)}"
    )


def _problem_lines(store: StateStore, tz: ZoneInfo, lang: Language) -> str:
    """Documents held up at a stage: what failed, since when, how often."""
    problems = ProblemStore(store).all()
    if not problems:
        return m.STUCK_NONE(lang)
    rows = [
        (
            p.name,
            STAGE_WORDS[p.stage](lang),
            f"{p.status} {p.code or ''}".strip() if p.status else "-",
            p.attempts,
            _when(p.first_at, tz, lang),
            p.message,
        )
        for p in problems
    ]
    table = render_table(_heads(m.STUCK_CLI_HEADINGS, lang), rows)
    return f"{m.STUCK_TABLE(lang)}\n{table}"


def _release_lines(store: StateStore, tz: ZoneInfo, lang: Language) -> str:
    """Released, and of those published (a failed publication shows under the stuck ones),
    and what was taken over from an existing export."""
    releases = RoundStore(store).current_releases()
    published = PublicationRepository(store).entries().keys() & releases.keys()
    documents = m.DOCUMENTS(lang, len(releases))
    lines = [m.RELEASED_LINE(lang, documents=documents, published=len(published))]
    taken = adopted(releases.values())
    if taken:
        last = max(r.adopted_at for r in taken if r.adopted_at is not None)
        lines.append(
            m.ADOPTED_LINE(
                lang, documents=m.DOCUMENTS(lang, len(taken)), when=_when(last, tz, lang)
            )
        )
    return "\n".join(lines)


def _outbox_lines(store: StateStore, lang: Language) -> str:
    """The Teams outbox: what waits, and every notification given up on, with its reason."""
    outbox = Outbox(store)
    counts = outbox.counts()
    head = m.OUTBOX_LINE(
        lang,
        pending=counts.pending,
        sending=counts.sending,
        sent=counts.sent,
        failed=counts.failed,
    )
    failures = outbox.failures(limit=20)
    if not failures:
        return head
    rows = [(f.kind, f.key, f.attempts, time_in(f.failed_at, lang), f.error) for f in failures]
    table = render_table(_heads(m.OUTBOX_HEADINGS, lang), rows)
    return f"{head}\n{table}"
