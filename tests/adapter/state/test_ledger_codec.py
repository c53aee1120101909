"""The ledger's records as the state file keeps them: exact round trips of every typed
record, the JSON of today unchanged, and the rows of freigabe 0.2 still read."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from approval import (
    Choice,
    Ending,
    EndRound,
    NoticeKind,
    Notify,
    RecordAudit,
    RuleKind,
    Silence,
    StartRound,
    Tally,
    UpdateRound,
    Vote,
    VotedVersion,
    VoteRound,
    Withdraw,
)
from integration.errors import StateError
from integration.state.codec import canonical_json, decode_snapshot, load_object
from integration.state.ledger_codec import (
    notice_from_json,
    notice_to_json,
    release_from_json,
    release_to_json,
    round_from_json,
    round_to_json,
    tally_from_json,
    tally_to_json,
)
from integration.state.step_codec import decode_step, encode_step
from ports.ledger import Release, ReleaseRule, ReleaseVote, Step

from . import legacy_rows
from .test_codec import aware, offsets, optional_text, snapshots

codes = st.sampled_from(["DWV", "KIV", "SPV", "BLP", "Ä-Verband"])
code_tuples = st.lists(codes, max_size=3, unique=True).map(lambda c: tuple(sorted(c)))
choices = st.sampled_from(Choice)


# far enough from the ends of the calendar that a deadline after the opening exists
instants = st.datetimes(datetime(1900, 1, 1), datetime(2900, 1, 1), timezones=offsets)


@st.composite
def rounds(draw: st.DrawFn) -> VoteRound:
    opened = draw(instants)
    voters = draw(st.lists(codes, max_size=4, unique=True))
    return VoteRound(
        document_id=draw(st.text(min_size=1)),
        number=draw(st.integers(min_value=1, max_value=10_000)),
        version=VotedVersion(draw(st.text()), draw(st.text())),
        opened_at=opened,
        deadline=opened + draw(st.timedeltas(timedelta(seconds=1), timedelta(days=400))),
        lead_org=draw(codes),
        votes={org: Vote(org, draw(choices), draw(st.text()), draw(aware)) for org in voters},
    )


tallies = st.builds(
    Tally,
    approve=code_tuples,
    reject=code_tuples,
    abstain=code_tuples,
    silent=code_tuples,
    silence_as=st.none() | choices,
)
notices = st.builds(
    Notify,
    kind=st.sampled_from(NoticeKind),
    document_id=st.text(min_size=1),
    key=st.text(min_size=1),
    at=aware,
    round=st.none() | rounds(),
    actor=optional_text,
    org=st.none() | codes,
    choice=st.none() | choices,
    column=optional_text,
    reason=optional_text,
    missing=st.lists(st.text(), max_size=3).map(tuple),
    expected=st.none() | codes,
    tally=st.none() | tallies,
)
release_rules = st.builds(
    ReleaseRule,
    kind=st.sampled_from(RuleKind),
    veto=st.booleans(),
    silence=st.sampled_from(Silence),
    quorum=st.fractions(min_value=Fraction(1, 100), max_value=1),
)
release_votes = st.none() | st.builds(
    ReleaseVote, choice=choices, voter=optional_text, cast_at=st.none() | aware
)
releases = st.builds(
    Release,
    document_id=st.text(min_size=1),
    library=st.text(),
    name=st.text(),
    title=st.text(),
    summary=optional_text,
    document_type=optional_text,
    web_url=optional_text,
    version=st.builds(VotedVersion, st.text(), st.text()),
    round=st.integers(min_value=0, max_value=10_000),
    lead_org=codes,
    released_at=aware,
    rule=st.none() | release_rules,
    votes=st.dictionaries(codes, release_votes, max_size=4),
    tally=tallies,
    adopted_at=st.none() | aware,
)
audits = st.builds(
    RecordAudit,
    document_id=st.text(min_size=1),
    event=st.text(min_size=1),
    at=aware,
    actor=optional_text,
    details=st.dictionaries(st.text(), st.text(), max_size=3),
)
effects = st.one_of(
    rounds().map(StartRound),
    rounds().map(UpdateRound),
    st.builds(EndRound, rounds(), st.sampled_from(Ending), aware),
    releases,
    st.builds(Withdraw, st.text(min_size=1), optional_text, aware),
    notices,
    audits,
)
steps = st.builds(
    Step,
    library=st.text(min_size=1),
    document_id=st.text(min_size=1),
    processed=st.dictionaries(st.text(), optional_text, max_size=4),
    effects=st.lists(effects, max_size=6).map(tuple),
    snapshot=st.none() | snapshots,
)


def _stored(data: object) -> dict[str, object]:
    """``data`` as it reads back from the state file: through its canonical JSON text."""
    return load_object(canonical_json(data))


@settings(max_examples=60)
@given(rounds())
def test_round_round_trips(r: VoteRound) -> None:
    assert round_from_json(_stored(round_to_json(r))) == r


@settings(max_examples=60)
@given(tallies)
def test_tally_round_trips(t: Tally) -> None:
    assert tally_from_json(_stored(tally_to_json(t))) == t


@settings(max_examples=80)
@given(notices)
def test_notice_round_trips(n: Notify) -> None:
    """Every field of a notice comes back, the empty ones left out of the JSON too."""
    assert notice_from_json(_stored(notice_to_json(n))) == n


@settings(max_examples=80)
@given(releases)
def test_release_round_trips(r: Release) -> None:
    decoded = release_from_json(_stored(release_to_json(r)))
    assert decoded == r
    assert decoded.released_at.utcoffset() == r.released_at.utcoffset()


@settings(max_examples=60)
@given(steps)
def test_step_round_trips_with_its_effects_in_order(step: Step) -> None:
    assert decode_step(encode_step(step)) == step


def test_step_text_is_canonical() -> None:
    """One step, one text: what is announced is what a replay compares."""
    step = decode_step(legacy_rows.STEP_RELEASING)
    assert encode_step(decode_step(encode_step(step))) == encode_step(step)


# -- the JSON of today stays what 0.2 wrote ---------------------------------------------------


def _legacy_step() -> dict[str, list[list[object]]]:
    return load_object(legacy_rows.STEP_RELEASING)


def test_release_record_is_written_as_before() -> None:
    """A release the enforcer records today is the same JSON as 0.2's."""
    [[_, _, record]] = _legacy_step()["releases"]
    assert isinstance(record, dict)
    assert canonical_json(release_to_json(release_from_json(record))) == canonical_json(record)


def test_notices_are_written_as_before() -> None:
    """A notice as the notices table keeps it is the same JSON as 0.2's."""
    stored = _legacy_step()["notices"]
    assert len(stored) == 3
    for _, _, _, data in stored:
        assert isinstance(data, dict)
        assert canonical_json(notice_to_json(notice_from_json(data))) == canonical_json(data)


# -- rows of freigabe 0.2 ---------------------------------------------------------------------

AT = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
OPENED = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
ROUND_2 = VoteRound(
    "doc-1",
    2,
    VotedVersion("3.0", "hash=="),
    OPENED,
    OPENED + timedelta(days=7),
    "DWV",
    {
        "DWV": Vote("DWV", Choice.APPROVE, "anna@dwv.example", OPENED + timedelta(hours=1)),
        "KIV": Vote("KIV", Choice.ABSTAIN, "kai@kiv.example", OPENED + timedelta(hours=2)),
    },
)
TALLY = Tally(("DWV",), (), ("KIV",), ("SPV",), Choice.REJECT)


def test_step_of_0_2_is_read_with_every_effect() -> None:
    """A step a crash left pending under 0.2 reads as the effects it was made of."""
    step = decode_step(legacy_rows.STEP_RELEASING)
    assert (step.library, step.document_id) == ("vorstand", "doc-1")
    assert step.processed == {"FreigabeStatus": "Freigegeben", "AbstimmungFrist": None}
    assert step.effects == (
        EndRound(ROUND_2, Ending.RELEASED, AT),
        Release(
            document_id="doc-1",
            library="vorstand",
            name="Leitfaden.docx",
            title="Leitfaden",
            summary="Kurz",
            document_type="Leitfaden",
            web_url="https://sp.example/Leitfaden.docx",
            version=VotedVersion("3.0", "hash=="),
            round=2,
            lead_org="DWV",
            released_at=AT,
            rule=ReleaseRule(RuleKind.MAJORITY, False, Silence.BLOCK, Fraction(1, 2)),
            votes={
                "DWV": ReleaseVote(Choice.APPROVE, "anna@dwv.example", OPENED + timedelta(hours=1)),
                "KIV": ReleaseVote(Choice.ABSTAIN, "kai@kiv.example", OPENED + timedelta(hours=2)),
                "SPV": None,
            },
            tally=TALLY,
        ),
        Notify(NoticeKind.RELEASED, "doc-1", "released/doc-1/2", AT, round=ROUND_2, tally=TALLY),
        Notify(
            NoticeKind.VOTE_CAST,
            "doc-1",
            "vote/doc-1/2/KIV",
            AT,
            round=ROUND_2,
            actor="kai@kiv.example",
            org="KIV",
            choice=Choice.ABSTAIN,
        ),
        Notify(
            NoticeKind.MISSING_METADATA,
            "doc-1",
            "missing/doc-1",
            AT,
            missing=("Zusammenfassung", "Dokumenttyp"),
            reason="x",
        ),
        RecordAudit("doc-1", "approval.released", AT, None, {"round": "2", "version": "3.0"}),
    )
    snapshot = _legacy_step()["snapshot"]
    assert isinstance(snapshot, str)
    assert step.snapshot == decode_snapshot(snapshot)


def test_step_of_0_2_with_an_opened_round_and_a_withdrawal() -> None:
    step = decode_step(legacy_rows.STEP_OPENING_AND_WITHDRAWING)
    opened = VoteRound(
        "doc-2", 1, VotedVersion("1.0", "h2"), OPENED, OPENED + timedelta(days=7), "SPV"
    )
    assert step == Step(
        library="vorstand",
        document_id="doc-2",
        processed={"FreigabeStatus": "Zurückgezogen"},
        effects=(StartRound(opened), Withdraw("doc-2", None, AT)),
    )


def test_adopted_record_of_0_2_is_read() -> None:
    """Taken over from an export: no rule, no voters, "keine Stimme" as no vote; what the
    store noted beside the release (sha256, verified_by) is not part of it."""
    release = release_from_json(load_object(legacy_rows.RECORD_ADOPTED))
    assert release == Release(
        document_id="doc-3",
        library="vorstand",
        name="Satzung.pdf",
        title="Satzung",
        summary=None,
        document_type="Ordnung",
        web_url=None,
        version=VotedVersion("4.0", "sha256:ab12"),
        round=0,
        lead_org="SPV",
        released_at=datetime(2024, 11, 5, 14, 0, tzinfo=UTC),
        rule=None,
        votes={
            "DWV": ReleaseVote(Choice.APPROVE),
            "KIV": None,
            "SPV": ReleaseVote(Choice.REJECT),
        },
        tally=Tally(("DWV",), ("SPV",), (), ("KIV",)),
        adopted_at=AT,
    )


def test_record_from_before_the_summary_is_read() -> None:
    release = release_from_json(load_object(legacy_rows.RECORD_BEFORE_SUMMARY))
    assert (release.summary, release.document_type) == (None, None)
    assert release.title == "Alt"
    assert release.released_at == datetime(2024, 12, 2, 7, 15, tzinfo=UTC)
    assert release.rule == ReleaseRule(RuleKind.CONSENSUS, True, Silence.BLOCK, Fraction(1, 2))
    assert release.tally == Tally(("DWV", "KIV"), (), (), ())
    assert release.adopted_at is None


def test_record_without_a_title_is_titled_by_its_name() -> None:
    record = load_object(legacy_rows.RECORD_BEFORE_SUMMARY)
    del record["title"]
    assert release_from_json(record).title == "Alt.docx"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("round", "1"),
        ("round", True),
        ("name", 7),
        ("released_at", "gestern"),
        ("rule", {"kind": "los"}),
        ("votes", {"DWV": {"choice": "vielleicht"}}),
        ("tally", {"approve": "DWV"}),
    ],
)
def test_record_of_another_shape_is_refused(key: str, value: object) -> None:
    """A value of the wrong type or word raises: the store reports the row as damaged."""
    record = {**load_object(legacy_rows.RECORD_BEFORE_SUMMARY), key: value}
    with pytest.raises((KeyError, TypeError, ValueError, StateError)):
        release_from_json(json.loads(json.dumps(record)))


@pytest.mark.parametrize(
    "text",
    [
        '{"format": 3, "library": "x"}',
        '{"format": 2, "library": "v", "document_id": "d", "processed": {},'
        ' "effects": [{"effect": "reboot"}], "snapshot": null}',
        '{"format": 2, "library": "v", "document_id": "d", "processed": {"a": 1},'
        ' "effects": [], "snapshot": null}',
    ],
    ids=["newer-format", "unknown-effect", "processed-number"],
)
def test_step_of_another_shape_is_refused(text: str) -> None:
    with pytest.raises(StateError, match="a pending step"):
        decode_step(text)
