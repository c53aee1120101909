"""How ``freigabe probe`` names the identitySets it sees, and how it orders its rows."""

from __future__ import annotations

from typing import Any

import pytest

from jobs.probe_identities import app_shape, person_shape
from jobs.probe_rows import DIFFERS, OK, Row, render_rows

ID = "48d31887-5fad-4d73-a9f5-3c356e68a038"


@pytest.mark.parametrize(
    ("user", "shape"),
    [
        ({"id": ID, "email": "a@x.example", "displayName": "A"}, "id und E-Mail, keine UPN"),
        ({"id": ID, "displayName": "A"}, "nur id"),
        (
            {"id": ID, "email": "a@x.example", "userPrincipalName": "a@x.example"},
            "id, E-Mail und UPN",
        ),
        ({"email": "a@x.example", "displayName": "A"}, "nur E-Mail"),
        ({"id": " ", "email": "", "displayName": "A"}, "weder id noch E-Mail"),
    ],
)
def test_person_shapes(user: dict[str, Any], shape: str) -> None:
    """Which of id, mail and UPN a person's identitySet carries; blanks count as absent."""
    assert person_shape({"user": user}) == shape


@pytest.mark.parametrize(
    ("identity_set", "shape"),
    [
        (
            {"application": {"id": ID}, "user": {"displayName": "SharePoint App"}},
            "application + user „SharePoint App“",
        ),
        ({"user": {"email": "", "displayName": "SharePoint App"}}, "nur user „SharePoint App“"),
        ({"application": {"id": ID, "displayName": "freigabe"}}, "nur application"),
        (None, "ohne Urheber"),
    ],
)
def test_app_shapes(identity_set: object, shape: str) -> None:
    """The three shapes SharePoint gives an app-only change, and none."""
    assert app_shape(identity_set) == shape


def test_rows_are_printed_in_check_order_with_the_hints_of_the_others() -> None:
    """9a and 9b sit between 8 and 10 whatever order they ran in; ok rows carry no hint."""
    rows = [
        Row("10", "zehn", "e", "s", OK, "unused"),
        Row("9b", "neun b", "e", "s", DIFFERS, "Hinweis b"),
        Row("8", "acht", "e", "s", OK),
        Row("9a", "neun a", "e", "s", OK),
    ]
    out = render_rows(rows)
    titles = [line.split()[1] for line in out.splitlines()[2:6]]
    assert titles == ["acht", "neun", "neun", "zehn"]
    assert out.splitlines()[3].strip().startswith("9a")
    assert out.split("Hinweise:\n")[1] == "9b neun b: Hinweis b"
