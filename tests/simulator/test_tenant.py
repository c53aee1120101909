"""The tenant's Python API: versions, eTags, renames, deletes and field validation."""

from __future__ import annotations

import pytest

from freigabe_devtools.graphsim import FieldError, NameConflict, Tenant
from tests.simulator.conftest import APPROVER, GUEST, FakeClock


def test_every_change_is_a_new_version(tenant: Tenant, clock: FakeClock) -> None:
    """Content edits, field writes and renames each add a version with its own snapshot."""
    doc = tenant.find("Freigabe", "Dokument 1.docx")
    clock.advance(60)
    tenant.set_fields(doc, {"FreigabeStatus": "Zur Abstimmung"}, by=APPROVER)
    tenant.edit_content(doc, b"neu", by=GUEST)
    tenant.rename(doc, "Umbenannt.docx", by=APPROVER)
    versions = tenant.item(doc).versions
    assert [v.label for v in versions] == ["1.0", "2.0", "3.0", "4.0"]
    assert versions[0].fields["FreigabeStatus"] == "Entwurf"
    assert versions[1].fields["FreigabeStatus"] == "Zur Abstimmung"
    assert versions[2].by.upn == GUEST
    assert versions[2].content.read() == b"neu"
    assert versions[1].at > versions[0].at
    assert versions[3].name == "Umbenannt.docx"


def test_etag_moves_on_every_change_ctag_on_content_only(tenant: Tenant) -> None:
    """eTag counts all changes; cTag only content changes."""
    doc = tenant.find("Freigabe", "Dokument 2.docx")
    item = tenant.item(doc)
    tenant.set_fields(doc, {"Title": "Neu"}, by=APPROVER)
    assert (item.etag_n, item.ctag_n) == (2, 1)
    tenant.edit_content(doc, b"x", by=APPROVER)
    assert (item.etag_n, item.ctag_n) == (3, 2)


def test_rename_and_delete_update_lookup(tenant: Tenant) -> None:
    """find() follows renames and forgets deleted files."""
    doc = tenant.find("Freigabe", "Dokument 3.docx")
    tenant.rename(doc, "Neu.docx", by=APPROVER)
    assert tenant.find("Freigabe", "neu.DOCX") == doc
    with pytest.raises(KeyError):
        tenant.find("Freigabe", "Dokument 3.docx")
    tenant.delete(doc, by=APPROVER)
    assert tenant.item(doc).deleted
    with pytest.raises(KeyError):
        tenant.find("Freigabe", "Neu.docx")


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"Unbekannt": "x"}, FieldError),
        ({"freigabestatus": "Entwurf"}, FieldError),
        ({"FreigabeStatus": "Vielleicht"}, FieldError),
        ({"Modified": "2026-01-01T00:00:00Z"}, FieldError),
        ({"AbstimmungFrist": "morgen"}, FieldError),
        ({"FileLeafRef": "Dokument 4.docx"}, NameConflict),
        ({"FileLeafRef": "a/b.docx"}, FieldError),
    ],
)
def test_invalid_writes_are_refused_without_trace(
    tenant: Tenant, fields: dict[str, object], error: type[Exception]
) -> None:
    """A refused write raises and creates no version."""
    doc = tenant.find("Freigabe", "Dokument 5.docx")
    with pytest.raises(error):
        tenant.set_fields(doc, fields, by=APPROVER)
    assert len(tenant.item(doc).versions) == 1


@pytest.mark.parametrize(
    ("column", "value", "stored"),
    [
        ("AbstimmungFrist", "2026-12-01", "2026-12-01T00:00:00Z"),
        ("AbstimmungFrist", "2026-12-01T10:00:00+01:00", "2026-12-01T09:00:00Z"),
        (
            "OeffentlicherLink",
            "https://x.example/a",
            {"Description": "https://x.example/a", "Url": "https://x.example/a"},
        ),
        ("FreigabeProtokoll", "Zeile 1\nZeile 2", "Zeile 1\nZeile 2"),
    ],
)
def test_values_are_stored_as_graph_returns_them(
    tenant: Tenant, column: str, value: object, stored: object
) -> None:
    """Dates become UTC ISO strings with Z, hyperlinks {Url, Description}."""
    doc = tenant.find("Freigabe", "Dokument 1.docx")
    tenant.set_fields(doc, {column: value}, by=APPROVER)
    assert tenant.fields(doc)[column] == stored


def test_clearing_a_field_removes_it(tenant: Tenant) -> None:
    """None or "" clears a field, so it is absent afterwards."""
    doc = tenant.find("Freigabe", "Dokument 1.docx")
    tenant.set_fields(doc, {"FreigabeStatus": None, "Title": ""}, by=APPROVER)
    assert "FreigabeStatus" not in tenant.fields(doc)
    assert "Title" not in tenant.fields(doc)


def test_unknown_actor_is_an_error(tenant: Tenant) -> None:
    """Mutations by someone not in the directory fail loudly."""
    doc = tenant.find("Freigabe", "Dokument 1.docx")
    with pytest.raises(KeyError):
        tenant.set_fields(doc, {"Title": "x"}, by="nobody@example.org")


def test_guest_mail_is_derived_from_upn(tenant: Tenant) -> None:
    """A guest's mail is the address encoded in its #EXT# UPN."""
    assert tenant.directory.user(GUEST).email == "jonas.keller@dwv.example"


def test_expire_delta_tokens_bumps_epoch(tenant: Tenant) -> None:
    """Expiring tokens moves the library's log to a new epoch."""
    lib = tenant.library("Freigabe")
    tenant.expire_delta_tokens(lib.drive_id)
    assert lib.log.epoch == 1


def test_bulk_add_generates_cheap_files(tenant: Tenant) -> None:
    """bulk_add numbers files on from the existing ones and generates content lazily."""
    added = tenant.bulk_add("Freigabe", 1000, size=4096, fields={"FreigabeStatus": "Entwurf"})
    lib = tenant.library("Freigabe")
    last = lib.by_number[-1]
    assert (added, len(lib.by_name)) == (1000, 1005)
    assert last.name == "Dokument 001005.docx"
    assert last.current.fields["FreigabeStatus"] == "Entwurf"
    assert len(last.current.content.read()) == 4096
    assert last.current.content.read() != lib.by_number[-2].current.content.read()
