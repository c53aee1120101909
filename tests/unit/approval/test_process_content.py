"""Content edits: during a round (restart or freeze) and after a release (new draft)."""

from __future__ import annotations

from datetime import timedelta

from approval import (
    Choice,
    Ending,
    EndRound,
    NoticeKind,
    Notify,
    OnEdit,
    Publish,
    RevertReason,
    SetFields,
    StartRound,
    Status,
    UpdateRound,
    VotedVersion,
)

from .factories import (
    COLUMNS,
    DOC,
    LABEL,
    T0,
    VERSION,
    a_round,
    approver,
    by,
    draft,
    observe,
    one,
    only,
    policy,
    rule,
    run,
    voting,
)

NOW = T0 + timedelta(hours=2)
NEW_HASH = "bmV1ZXIgaW5oYWx0"


def test_edit_during_a_round_restarts_it() -> None:
    """New content ends the round and opens the next on the new hash with votes cleared."""
    round_ = a_round({"VBA": Choice.APPROVE, "VBB": Choice.ABSTAIN})
    fields = voting(round_, **{COLUMNS.protocol: "alte Zeile"})
    effects = run(observe(fields, fields, content_hash=NEW_HASH), round_)
    ended = one(effects, EndRound)
    assert (ended.round, ended.ending) == (round_, Ending.RESTARTED)
    started = one(effects, StartRound).round
    assert (started.number, started.version, started.votes) == (
        2,
        VotedVersion(LABEL, NEW_HASH),
        {},
    )
    assert (started.lead_org, started.opened_at) == ("VBA", NOW)
    values = one(effects, SetFields).values
    assert (values["Votum_VBA"], values["Votum_VBB"]) == (None, None)
    assert values[COLUMNS.version_under_vote] == str(VotedVersion(LABEL, NEW_HASH))
    protocol = values[COLUMNS.protocol]
    assert protocol is not None
    assert protocol.startswith("02.03.2026 11:00 Inhalt geändert, Runde 2 eröffnet")
    assert "alte Zeile" not in protocol
    notice = one(effects, Notify)
    assert (notice.kind, notice.key) == (NoticeKind.ROUND_RESTARTED, f"{DOC}/2/round_restarted")


def test_votes_with_an_edit_do_not_count_for_the_new_round() -> None:
    """A vote observed together with a content edit is cleared with the restart."""
    round_ = a_round()
    observation = observe(
        voting(round_),
        voting(round_, Votum_VBB="Zustimmung"),
        changed_by={"Votum_VBB": by(approver("VBB"))},
        content_hash=NEW_HASH,
    )
    effects = run(observation, round_)
    assert one(effects, StartRound).round.votes == {}
    assert one(effects, SetFields).values["Votum_VBB"] is None
    assert not only(effects, UpdateRound)


def test_frozen_round_ignores_the_edit() -> None:
    """Under freeze an edit leaves the round bound to the voted content."""
    round_ = a_round({"VBA": Choice.APPROVE})
    fields = voting(round_)
    frozen = policy(rule=rule(on_edit=OnEdit.FREEZE))
    assert run(observe(fields, fields, content_hash=NEW_HASH), round_, the_policy=frozen) == ()


def test_frozen_round_releases_the_voted_content_and_leaves_a_draft() -> None:
    """Released under freeze after an edit: the voted hash is published, the edit is a draft."""
    round_ = a_round({"VBA": Choice.APPROVE, "VBB": Choice.APPROVE})
    observation = observe(
        voting(round_),
        voting(round_, Votum_VBC="Enthaltung"),
        changed_by={"Votum_VBC": by(approver("VBC"))},
        content_hash=NEW_HASH,
    )
    frozen = policy(rule=rule(on_edit=OnEdit.FREEZE))
    effects = run(observation, round_, the_policy=frozen)
    assert one(effects, Publish).version == VERSION
    assert one(effects, SetFields).values[COLUMNS.status] == Status.DRAFT
    kinds = [n.kind for n in only(effects, Notify)]
    assert kinds == [NoticeKind.VOTE_CAST, NoticeKind.RELEASED, NoticeKind.NEW_DRAFT]


def test_released_document_edited_becomes_a_new_draft() -> None:
    """Editing a released document makes it a draft; the public copy is left alone."""
    fields = draft(
        **{COLUMNS.status: Status.RELEASED.value, COLUMNS.version_under_vote: str(VERSION)}
    )
    effects = run(observe(fields, fields, content_hash=NEW_HASH))
    assert one(effects, SetFields).values[COLUMNS.status] == Status.DRAFT
    assert one(effects, Notify).kind is NoticeKind.NEW_DRAFT
    assert not only(effects, Publish)


def test_released_document_unchanged_stays_released() -> None:
    """A released document whose content is the voted content needs nothing."""
    fields = draft(
        **{COLUMNS.status: Status.RELEASED.value, COLUMNS.version_under_vote: str(VERSION)}
    )
    assert run(observe(fields, fields)) == ()


def test_lead_is_fixed_during_a_round() -> None:
    """Changing the lead during a round is reverted to the round's lead."""
    round_ = a_round()
    observation = observe(
        voting(round_),
        voting(round_, **{COLUMNS.lead: "VBC"}),
        changed_by={COLUMNS.lead: by(approver("VBC"))},
    )
    effects = run(observation, round_)
    assert one(effects, SetFields).values[COLUMNS.lead] == "VBA"
    assert one(effects, Notify).reason == RevertReason.ROUND_FIXED


def test_change_of_another_column_is_no_event() -> None:
    """Editing an ordinary column during a round has no effect."""
    round_ = a_round()
    observation = observe(voting(round_), voting(round_, Zusammenfassung="Neu gefasst"))
    assert run(observation, round_) == ()
