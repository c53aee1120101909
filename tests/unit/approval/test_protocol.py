"""The German protocol lines."""

from __future__ import annotations

from datetime import timedelta, timezone

import pytest

from approval import (
    Choice,
    NoticeKind,
    Notify,
    Reason,
    RevertReason,
    Tally,
    describe,
    describe_tally,
)
from approval.protocol import MAX_LINES, append

from .factories import DOC, T0, a_round

TZ = timezone(timedelta(hours=1))


MISSING = Notify(NoticeKind.MISSING_METADATA, DOC, "k", T0, missing=("Dokumenttyp", "Thema"))
CAST = Notify(NoticeKind.VOTE_CAST, DOC, "k", T0, a_round(), "a@x", "VBA", Choice.APPROVE)
REVERTED = Notify(
    NoticeKind.CHANGE_REVERTED, DOC, "k", T0, column="Votum_VBB", reason=RevertReason.TOO_LATE
)
CONTRADICTED = Notify(
    NoticeKind.LEAD_CONTRADICTION, DOC, "k", T0, org="VBC", expected="VBA", reason="not_table_lead"
)
REJECTED = Notify(
    NoticeKind.REJECTED,
    DOC,
    "k",
    T0,
    a_round(),
    reason=Reason.QUORUM_MISSED,
    tally=Tally(("VBA",), (), (), ("VBB", "VBC"), Choice.ABSTAIN),
)


@pytest.mark.parametrize(
    ("notice", "line"),
    [
        (MISSING, "02.03.2026 10:00 Zurück zum Entwurf, es fehlt: Dokumenttyp, Thema"),
        (CAST, "02.03.2026 10:00 Votum VBA: Zustimmung (a@x)"),
        (
            REVERTED,
            "02.03.2026 10:00 Änderung an Votum_VBB von unbekannt zurückgesetzt: "
            "Frist bereits abgelaufen",
        ),
        (
            CONTRADICTED,
            "02.03.2026 10:00 Zurück zum Entwurf, Federführung VBC: laut Lenkungskreis "
            "federführend ist VBA",
        ),
        (
            REJECTED,
            "02.03.2026 10:00 Abgelehnt: Quorum nicht erreicht (Zustimmung: VBA; Ablehnung: –; "
            "Enthaltung: –; ohne Votum: VBB, VBC (zählt als Enthaltung))",
        ),
    ],
)
def test_describe(notice: Notify, line: str) -> None:
    """Each notice reads as one German line, stamped in the alliance's time zone."""
    assert describe(notice, TZ) == line


@pytest.mark.parametrize(
    ("notice", "line"),
    [
        (MISSING, "2026-03-02 10:00 Back to draft, missing: Dokumenttyp, Thema"),
        (CAST, "2026-03-02 10:00 Vote VBA: Zustimmung (a@x)"),
        (
            CONTRADICTED,
            "2026-03-02 10:00 Back to draft, lead VBC: the steering group's lead is VBA",
        ),
        (
            REJECTED,
            "2026-03-02 10:00 Rejected: quorum not reached (Zustimmung: VBA; Ablehnung: –; "
            "Enthaltung: –; not voted: VBB, VBC (counts as Enthaltung))",
        ),
    ],
)
def test_describe_in_english(notice: Notify, line: str) -> None:
    """In English each notice reads as one English line; the vote values stay the tenant's."""
    assert describe(notice, TZ, "en") == line


def test_round_notice_without_round_is_refused() -> None:
    """A notice about a round that carries none is a programming error."""
    with pytest.raises(ValueError, match="lacks the round"):
        describe(Notify(NoticeKind.SUBMITTED, DOC, "k", T0), TZ)


def test_tally_without_silence_rule() -> None:
    """Before the deadline the silent are listed without what they count as."""
    text = describe_tally(Tally((), ("VBB",), (), ("VBA",)))
    assert text == "Zustimmung: –; Ablehnung: VBB; Enthaltung: –; ohne Votum: VBA"


def test_append_keeps_the_latest_lines() -> None:
    """The protocol keeps only its latest lines and drops blank ones."""
    old = "\n".join(f"Zeile {i}" for i in range(MAX_LINES))
    kept = append(old + "\n\n", ["neu"]).splitlines()
    assert (len(kept), kept[0], kept[-1]) == (MAX_LINES - 1, "Zeile 2", "neu")


def test_append_to_empty_protocol() -> None:
    """An empty protocol becomes the new lines."""
    assert append(None, ["a", "b"]) == "a\nb"
