"""Who may vote for which organisation, and who belongs to the steering group."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from approval import Approvers, Deputy, Principals, principal_key

AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
GROUP = "0b6f2a1c-9d3e-4f57-8a21-5c6d7e8f9a0b"
APPROVERS = Approvers(
    {
        "VBA": Principals(
            users=frozenset({"Anna.Muster@Verband-A.de"}),
            groups=frozenset({GROUP.upper()}),
            deputies=(
                Deputy("vertretung@verband-a.de", AT - timedelta(days=1), AT + timedelta(days=1)),
            ),
        ),
        "VBB": Principals(users=frozenset({"bernd_verband-b.org#EXT#@alliance.onmicrosoft.com"})),
    },
    steering=Principals(users=frozenset({"chair@alliance.example"})),
)


@pytest.mark.parametrize(
    ("principal", "key"),
    [
        ("Anna.Muster@Verband-A.de", "anna.muster@verband-a.de"),
        ("anna.muster_verband-a.de#EXT#@alliance.onmicrosoft.com", "anna.muster@verband-a.de"),
        ("a_b_c.de#EXT#@t.onmicrosoft.com", "a_b@c.de"),
        ("odd#EXT#@t.onmicrosoft.com", "odd#ext#@t.onmicrosoft.com"),
        ("  bob@x.org ", "bob@x.org"),
    ],
)
def test_principal_key(principal: str, key: str) -> None:
    """Names compare case-insensitively and a guest name reduces to its invited address."""
    assert principal_key(principal) == key


@pytest.mark.parametrize(
    ("org", "voter", "groups", "at", "allowed"),
    [
        ("VBA", "anna.muster@verband-a.de", (), AT, True),
        ("VBA", "ANNA.MUSTER_verband-a.de#EXT#@alliance.onmicrosoft.com", (), AT, True),
        ("VBB", "bernd@verband-b.org", (), AT, True),
        ("VBB", "Bernd_Verband-B.org#ext#@alliance.onmicrosoft.com", (), AT, True),
        ("VBA", "someone@verband-a.de", (GROUP,), AT, True),
        ("VBA", "someone@verband-a.de", ("another-group",), AT, False),
        ("VBA", "vertretung@verband-a.de", (), AT, True),
        ("VBA", "vertretung@verband-a.de", (), AT - timedelta(days=2), False),
        ("VBA", "vertretung@verband-a.de", (), AT + timedelta(days=1), False),
        ("VBB", "anna.muster@verband-a.de", (), AT, False),
        ("VBC", "anna.muster@verband-a.de", (), AT, False),
        ("VBA", "  ", (GROUP,), AT, False),
    ],
)
def test_is_authorised(
    org: str, voter: str, groups: tuple[str, ...], at: datetime, allowed: bool
) -> None:
    """Named users, group members and deputies in their period may act for their org only."""
    assert APPROVERS.is_authorised(org, voter, groups, at) is allowed


@pytest.mark.parametrize(
    ("person", "steering"), [("Chair@Alliance.example", True), ("anna.muster@verband-a.de", False)]
)
def test_is_steering(person: str, steering: bool) -> None:
    """Only members of the steering group are recognised as such."""
    assert APPROVERS.is_steering(person, (), AT) is steering


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "covered"),
    [
        (None, None, True),
        (AT, None, True),
        (AT + timedelta(seconds=1), None, False),
        (None, AT, False),
        (None, AT + timedelta(seconds=1), True),
    ],
)
def test_deputy_period_is_half_open(
    valid_from: datetime | None, valid_until: datetime | None, covered: bool
) -> None:
    """A deputy acts from ``valid_from`` inclusive until ``valid_until`` exclusive."""
    assert Deputy("d@x.org", valid_from, valid_until).covers(AT) is covered


def test_deputy_period_must_not_end_before_it_starts() -> None:
    """An inverted deputy period is refused."""
    with pytest.raises(ValueError, match="ends before it starts"):
        Deputy("d@x.org", AT, AT - timedelta(days=1))
