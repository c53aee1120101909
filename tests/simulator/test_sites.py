"""Sites, lists, drives and columns through msgraph-sdk."""

from __future__ import annotations

from typing import Any

import pytest
from kiota_abstractions.api_error import APIError
from msgraph import GraphServiceClient
from msgraph.generated.models.choice_column import ChoiceColumn
from msgraph.generated.models.column_definition import ColumnDefinition

from freigabe_devtools.graphsim import Tenant


@pytest.mark.parametrize(
    "reference", ["contoso.sharepoint.com:/sites/allianz:", "contoso.sharepoint.com:/sites/allianz"]
)
async def test_site_by_path(graph: GraphServiceClient, tenant: Tenant, reference: str) -> None:
    """A site is found by hostname and server-relative path, with or without trailing colon."""
    site = await graph.sites.by_site_id(reference).get()
    assert site.id == tenant.site("/sites/allianz").id
    assert site.display_name == "Allianz"
    assert site.web_url == "https://contoso.sharepoint.com/sites/allianz"


async def test_site_by_id_and_unknown_site(graph: GraphServiceClient, tenant: Tenant) -> None:
    """The composite id finds the site; an unknown path is a 404 with Graph's error body."""
    site_id = tenant.site("/sites/allianz").id
    assert (await graph.sites.by_site_id(site_id).get()).name == "allianz"
    with pytest.raises(APIError) as caught:
        await graph.sites.by_site_id("contoso.sharepoint.com:/sites/fehlt:").get()
    assert caught.value.response_status_code == 404


async def test_lists_and_drive(graph: GraphServiceClient, tenant: Tenant) -> None:
    """Lists are document libraries; a list is found by display name; its drive matches."""
    lib = tenant.library("Freigabe")
    site = graph.sites.by_site_id(lib.site.id)
    lists = await site.lists.get()
    assert [(x.id, x.list_.template) for x in lists.value] == [(lib.list_id, "documentLibrary")]
    by_name = await site.lists.by_list_id("Freigabe").get()
    assert by_name.id == lib.list_id
    drive = await site.lists.by_list_id(lib.list_id).drive.get()
    assert (drive.id, drive.name, drive.drive_type) == (lib.drive_id, "Freigabe", "documentLibrary")
    drives = await site.drives.get()
    assert [d.id for d in drives.value] == [lib.drive_id]
    direct = await graph.drives.by_drive_id(lib.drive_id).get()
    assert direct.id == lib.drive_id


@pytest.mark.parametrize("facet", [False, True])
async def test_columns_include_read_only_builtins(
    graph: GraphServiceClient, tenant: Tenant, facet: bool
) -> None:
    """Columns list built-ins and custom ones with their type facet; hyperlinks only by quirk."""
    tenant.quirks.hyperlink_facet = facet
    lib = tenant.library("Freigabe")
    columns = await graph.sites.by_site_id(lib.site.id).lists.by_list_id(lib.list_id).columns.get()
    by_name: dict[str, Any] = {c.name: c for c in columns.value}
    assert by_name["Modified"].read_only is True
    assert by_name["_UIVersionString"].hidden is True
    assert by_name["FreigabeStatus"].choice.choices == ["Entwurf", "Zur Abstimmung", "Freigegeben"]
    assert by_name["FreigabeProtokoll"].text.allow_multiple_lines is True
    assert by_name["AbstimmungFrist"].date_time.format == "dateOnly"
    link = by_name["OeffentlicherLink"]
    if facet:
        assert link.hyperlink_or_picture.is_picture is False
    else:
        assert link.hyperlink_or_picture is None
        assert (link.text, link.choice, link.calculated) == (None, None, None)


async def test_create_column_then_conflict(graph: GraphServiceClient, tenant: Tenant) -> None:
    """POST columns answers 201 with the column; the same name again is 409."""
    lib = tenant.library("Freigabe")
    columns = graph.sites.by_site_id(lib.site.id).lists.by_list_id(lib.list_id).columns
    body = ColumnDefinition(
        name="Votum_KIV", choice=ChoiceColumn(choices=["Zustimmung", "Ablehnung"])
    )
    created = await columns.post(body)
    assert created.name == "Votum_KIV"
    assert created.id
    assert lib.columns["votum_kiv"].choices == ("Zustimmung", "Ablehnung")
    with pytest.raises(APIError) as caught:
        await columns.post(body)
    assert caught.value.response_status_code == 409
    assert caught.value.error.code == "nameAlreadyExists"


async def test_update_column_replaces_choices_and_keeps_item_values(
    graph: GraphServiceClient, tenant: Tenant
) -> None:
    """PATCH of a column answers 200 with it; the choices list is replaced as a whole, the
    description and display name change, and an item keeps a value no longer offered."""
    lib = tenant.library("Freigabe")
    col = lib.columns["freigabestatus"]
    item = lib.by_number[0]
    columns = graph.sites.by_site_id(lib.site.id).lists.by_list_id(lib.list_id).columns
    body = ColumnDefinition(
        display_name="Freigabestatus",
        description="Stand der Freigabe",
        choice=ChoiceColumn(choices=["Zur Abstimmung", "Freigegeben"]),
    )
    updated = await columns.by_column_definition_id(col.column_id).patch(body)
    assert updated.choice.choices == ["Zur Abstimmung", "Freigegeben"]
    assert (updated.display_name, updated.description) == ("Freigabestatus", "Stand der Freigabe")
    assert lib.columns["freigabestatus"].choices == ("Zur Abstimmung", "Freigegeben")
    assert item.versions[-1].fields["FreigabeStatus"] == "Entwurf"


async def test_update_column_refuses_a_type_change_and_an_unknown_column(
    graph: GraphServiceClient, tenant: Tenant
) -> None:
    """A choice facet on a note column is 400 (its type stays); an unknown id is 404."""
    lib = tenant.library("Freigabe")
    columns = graph.sites.by_site_id(lib.site.id).lists.by_list_id(lib.list_id).columns
    note = lib.columns["freigabeprotokoll"]
    body = ColumnDefinition(choice=ChoiceColumn(choices=["A"]))
    with pytest.raises(APIError) as caught:
        await columns.by_column_definition_id(note.column_id).patch(body)
    assert caught.value.response_status_code == 400
    assert lib.columns["freigabeprotokoll"].kind == "note"
    with pytest.raises(APIError) as missing:
        await columns.by_column_definition_id("00000000-0000-0000-0000-000000000000").patch(body)
    assert missing.value.response_status_code == 404
