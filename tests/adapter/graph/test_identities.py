"""identitySets as SharePoint Online sends them: people by id and mail, apps as "SharePoint App"."""

from __future__ import annotations

import json
from typing import Any

import pytest
from kiota_serialization_json.json_parse_node import JsonParseNode
from msgraph.generated.models.identity_set import IdentitySet

from integration.graph.identities import identity_of
from ports.documents import Identity

PERSON = {"user": {"id": "6f1c", "email": "kai.berger@nabu.de", "displayName": "Kai Berger"}}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (PERSON, Identity("person", "6f1c", "kai.berger@nabu.de", "Kai Berger")),
        (
            {"user": {"id": "6f1c", "displayName": "Kai Berger"}},
            Identity("person", "6f1c", None, "Kai Berger"),
        ),
        (
            {"user": {"email": "kai.berger@nabu.de", "displayName": "Kai Berger"}},
            Identity("person", None, "kai.berger@nabu.de", "Kai Berger"),
        ),
        (
            {
                "application": {"id": "3c7e", "displayName": "freigabe"},
                "user": {"displayName": "SharePoint App"},
            },
            Identity("app", "3c7e", None, "freigabe"),
        ),
        (
            {"user": {"email": "", "displayName": "SharePoint App"}},
            Identity("app", None, None, "SharePoint App"),
        ),
        (
            {"user": {"displayName": "System Account"}},
            Identity("app", None, None, "System Account"),
        ),
        ({"user": {}}, None),
        ({}, None),
        (None, None),
    ],
    ids=[
        "person",
        "person-id-only",
        "person-mail-only",
        "sharepoint-app",
        "sharepoint-app-user-only",
        "no-id-no-mail",
        "empty-user",
        "empty",
        "none",
    ],
)
def test_identity_sets_from_json(raw: Any, expected: Identity | None) -> None:
    """Each captured shape is read as the party it is; nobody becomes a person by accident."""
    assert identity_of(raw) == expected


def test_identity_sets_from_the_sdk_model() -> None:
    """The SDK's parsed IdentitySet reads the same as its JSON (mail rides in additional data)."""
    node = JsonParseNode(json.loads(json.dumps(PERSON)))
    parsed: IdentitySet | None = node.get_object_value(IdentitySet)
    assert identity_of(parsed) == identity_of(PERSON)
    app = JsonParseNode({"user": {"email": "", "displayName": "SharePoint App"}})
    assert identity_of(app.get_object_value(IdentitySet)) == Identity(
        "app", None, None, "SharePoint App"
    )
