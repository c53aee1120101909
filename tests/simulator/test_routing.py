"""Path decoding and route matching accept what the SDK and hand-written URLs send."""

from __future__ import annotations

import pytest

from freigabe_devtools.graphsim.routes import build_router
from freigabe_devtools.graphsim.routing import split_path


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "/sites/contoso.sharepoint.com%3A%2Fsites%2Fallianz%3A",
            ["sites", "contoso.sharepoint.com:/sites/allianz:"],
        ),
        (
            "/sites/contoso.sharepoint.com:/sites/allianz:/lists",
            ["sites", "contoso.sharepoint.com:/sites/allianz:", "lists"],
        ),
        (
            "/sites/contoso.sharepoint.com:/sites/allianz",
            ["sites", "contoso.sharepoint.com:/sites/allianz"],
        ),
        (
            "/sites/h%2Ca%2Cb/lists/L/items/delta()",
            ["sites", "h,a,b", "lists", "L", "items", "delta"],
        ),
        ("/drives/b%21x-y_z/items/root/delta()", ["drives", "b!x-y_z", "root", "delta"]),
        ("/drives/b!x/items/01ABC/content", ["drives", "b!x", "items", "01ABC", "content"]),
        ("/drives/b!x/root:/a b.docx:/content", ["drives", "b!x", "root:", "a b.docx:", "content"]),
        (
            "/drives/b%21x/items/root%3A%2Fa%20%C3%BC.docx%3A/content",
            ["drives", "b!x", "root:", "a ü.docx:", "content"],
        ),
        (
            "/drives/b!x/items/01P:/Neu.docx:/content",
            ["drives", "b!x", "items", "01P:", "Neu.docx:", "content"],
        ),
        (
            "/drives/b!x/items/01P%3A%2FNeu.docx%3A/content",
            ["drives", "b!x", "items", "01P:", "Neu.docx:", "content"],
        ),
    ],
)
def test_split_path(raw: str, expected: list[str]) -> None:
    """Encoded and unencoded spellings decode to the same segments."""
    assert split_path(raw) == expected


@pytest.mark.parametrize(
    ("method", "raw", "key"),
    [
        ("GET", "/sites/h,a,b/lists/L/items/delta", "GET /sites/{id}/lists/{id}/items/delta"),
        ("GET", "/sites/h,a,b/lists/L/items/7", "GET /sites/{id}/lists/{id}/items/{id}"),
        (
            "PATCH",
            "/sites/h,a,b/lists/L/items/7/fields",
            "PATCH /sites/{id}/lists/{id}/items/{id}/fields",
        ),
        ("GET", "/drives/b!x/items/root/delta()", "GET /drives/{id}/root/delta"),
        (
            "GET",
            "/drives/b!x/items/01A/versions/2.0/content",
            "GET /drives/{id}/items/{id}/versions/{id}/content",
        ),
        ("PUT", "/drives/b!x/root:/a b.txt:/content", "PUT /drives/{id}/root:/{id}:/content"),
        (
            "PUT",
            "/drives/b!x/items/01P%3A%2Fa.txt%3A/content",
            "PUT /drives/{id}/items/{id}:/{id}:/content",
        ),
        ("PUT", "/drives/b!x/items/01A/content", "PUT /drives/{id}/items/{id}/content"),
        ("DELETE", "/drives/b!x/items/01A", "DELETE /drives/{id}/items/{id}"),
        (
            "DELETE",
            "/sites/h,a,b/lists/L/columns/c1",
            "DELETE /sites/{id}/lists/{id}/columns/{id}",
        ),
    ],
)
def test_endpoint_keys(method: str, raw: str, key: str) -> None:
    """Requests map to their normalised endpoint key; literal segments win over ids."""
    found = build_router().route(method, split_path(raw))
    assert found is not None
    assert found[0].key == key


def test_path_reference_captures_parent_and_name() -> None:
    """``{id}:`` template segments capture the path reference's parts without the colon."""
    found = build_router().route("PUT", split_path("/drives/b!x/items/01P:/a b.txt:/content"))
    assert found is not None
    assert found[1] == ("b!x", "01P", "a b.txt")


def test_unknown_method_is_told_apart() -> None:
    """A known path with an unsupported method is recognised as such (405, not 400)."""
    router = build_router()
    segments = split_path("/sites/h,a,b/lists/L/items/7")
    assert router.route("DELETE", segments) is None
    assert router.allows(segments)
