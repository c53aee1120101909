"""driveItem and listItem delta through msgraph-sdk: paging, increments, deletes, resync."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from kiota_abstractions.api_error import APIError
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph import GraphServiceClient
from msgraph.generated.drives.item.items.item.delta.delta_request_builder import (
    DeltaRequestBuilder,
)
from msgraph.generated.sites.item.lists.item.items.delta.delta_request_builder import (
    DeltaRequestBuilder as ListDeltaRequestBuilder,
)

from freigabe_devtools.graphsim import Tenant
from tests.simulator.conftest import APPROVER


def drive_delta(graph: GraphServiceClient, tenant: Tenant) -> Any:
    """The SDK's request builder for the library's driveItem delta."""
    drive_id = tenant.library("Freigabe").drive_id
    return graph.drives.by_drive_id(drive_id).items.by_drive_item_id("root").delta


async def sync(builder: Any, link: str | None = None, **options: Any) -> tuple[list[Any], str]:
    """Follow nextLinks to the deltaLink; returns all items and the deltaLink."""
    items: list[Any] = []
    headers = options.pop("headers", {})
    query = DeltaRequestBuilder.DeltaRequestBuilderGetQueryParameters(**options)
    config: RequestConfiguration[Any] = RequestConfiguration(query_parameters=query)
    for name, value in headers.items():
        config.headers.add(name, value)
    page = await (builder.with_url(link).get(config) if link else builder.get(config))
    while True:
        items.extend(page.value)
        if page.odata_delta_link:
            return items, page.odata_delta_link
        page = await builder.with_url(page.odata_next_link).get(config)


async def test_first_delta_pages_through_everything(
    graph: GraphServiceClient, tenant: Tenant
) -> None:
    """With $top=2, nextLinks lead to a deltaLink; root and every file appear exactly once."""
    builder = drive_delta(graph, tenant)
    first = await builder.get(
        RequestConfiguration(
            query_parameters=DeltaRequestBuilder.DeltaRequestBuilderGetQueryParameters(top=2)
        )
    )
    assert len(first.value) == 2
    assert first.odata_next_link.startswith("http://127.0.0.1:")
    items, delta_link = await sync(builder, top=2)
    assert items[0].root is not None
    names = [i.name for i in items[1:]]
    assert sorted(names) == [f"Dokument {n}.docx" for n in range(1, 6)]
    assert "token=" in delta_link
    assert all(i.c_tag is None for i in items)
    # nothing was downloaded yet, so SharePoint lists no content hash
    assert all(i.file.hashes is None for i in items[1:])
    assert items[1].sharepoint_ids.list_item_id == "1"


async def test_incremental_delta_shows_changed_item_and_root(
    graph: GraphServiceClient, tenant: Tenant
) -> None:
    """After an edit, the next delta lists that file and its parent root, nothing else."""
    builder = drive_delta(graph, tenant)
    _, link = await sync(builder)
    doc = tenant.find("Freigabe", "Dokument 3.docx")
    tenant.set_fields(doc, {"FreigabeStatus": "Zur Abstimmung"}, by=APPROVER)
    items, link2 = await sync(builder, link)
    assert [(i.id, i.root is not None) for i in items] == [
        (tenant.library("Freigabe").root_id, True),
        (doc.item_id, False),
    ]
    assert items[1].last_modified_by.user.display_name == "Anna Berger"
    assert (await sync(builder, link2))[0] == []


async def test_delta_exclude_parent_header(graph: GraphServiceClient, tenant: Tenant) -> None:
    """With the deltaExcludeParent header the root folder is left out."""
    builder = drive_delta(graph, tenant)
    _, link = await sync(builder)
    doc = tenant.find("Freigabe", "Dokument 1.docx")
    tenant.edit_content(doc, b"neu", by=APPROVER)
    items, _ = await sync(builder, link, headers={"deltaExcludeParent": "true"})
    assert [i.id for i in items] == [doc.item_id]


async def test_each_item_once_at_its_last_change(graph: GraphServiceClient, tenant: Tenant) -> None:
    """An item changed twice appears once, after items changed in between."""
    builder = drive_delta(graph, tenant)
    _, link = await sync(builder)
    first = tenant.find("Freigabe", "Dokument 1.docx")
    second = tenant.find("Freigabe", "Dokument 2.docx")
    tenant.set_fields(first, {"Title": "a"}, by=APPROVER)
    tenant.set_fields(second, {"Title": "b"}, by=APPROVER)
    tenant.rename(first, "Erstes.docx", by=APPROVER)
    items, _ = await sync(builder, link, headers={"deltaExcludeParent": "1"})
    assert [(i.id, i.name) for i in items] == [
        (second.item_id, "Dokument 2.docx"),
        (first.item_id, "Erstes.docx"),
    ]


async def test_deleted_item_has_deleted_facet_and_no_name(
    graph: GraphServiceClient, tenant: Tenant
) -> None:
    """A delete shows as {id, deleted, parentReference} without name; a full delta omits it."""
    builder = drive_delta(graph, tenant)
    _, link = await sync(builder)
    doc = tenant.find("Freigabe", "Dokument 4.docx")
    tenant.delete(doc, by=APPROVER)
    items, _ = await sync(builder, link)
    gone = [i for i in items if i.id == doc.item_id]
    assert len(gone) == 1
    assert gone[0].deleted.state == "deleted"
    assert gone[0].name is None
    assert gone[0].parent_reference.drive_id == doc.drive_id
    everything, _ = await sync(builder)
    assert doc.item_id not in {i.id for i in everything}


async def test_expired_token_answers_410_with_location(
    graph: GraphServiceClient, tenant: Tenant
) -> None:
    """After expiry, an old deltaLink answers 410 resyncRequired with a fresh URL."""
    builder = drive_delta(graph, tenant)
    _, link = await sync(builder)
    tenant.expire_delta_tokens("Freigabe")
    with pytest.raises(APIError) as caught:
        await sync(builder, link)
    error = caught.value
    assert error.response_status_code == 410
    assert error.error.code == "resyncRequired"
    location = {k.lower(): v for k, v in (error.response_headers or {}).items()}["location"]
    assert location.endswith(f"/drives/{tenant.library('Freigabe').drive_id}/root/delta")
    items, _ = await sync(builder, location)
    assert len(items) == 6


async def test_token_latest_gives_empty_page_and_link(
    graph: GraphServiceClient, tenant: Tenant, server: Any
) -> None:
    """token=latest returns no items and a deltaLink from which only new changes follow."""
    builder = drive_delta(graph, tenant)
    url = f"{server.base_url}/drives/{tenant.library('Freigabe').drive_id}/root/delta?token=latest"
    items, link = await sync(builder, url)
    assert items == []
    doc = tenant.find("Freigabe", "Dokument 2.docx")
    tenant.set_fields(doc, {"Title": "neu"}, by=APPROVER)
    changed, _ = await sync(builder, link, headers={"deltaExcludeParent": "1"})
    assert [i.id for i in changed] == [doc.item_id]


def list_delta(graph: GraphServiceClient, tenant: Tenant) -> Any:
    """The SDK's request builder for the library's listItem delta."""
    lib = tenant.library("Freigabe")
    return graph.sites.by_site_id(lib.site.id).lists.by_list_id(lib.list_id).items.delta


@pytest.mark.parametrize("honoured", [True, False])
async def test_list_item_delta_fields(
    graph: GraphServiceClient, tenant: Tenant, honoured: bool
) -> None:
    """listItem delta expands fields, unless the tenant quirk says it ignores the expansion."""
    tenant.quirks.list_item_delta_fields = honoured
    query = ListDeltaRequestBuilder.DeltaRequestBuilderGetQueryParameters(
        expand=["fields($select=FreigabeStatus)"]
    )
    page = await list_delta(graph, tenant).get(RequestConfiguration(query_parameters=query))
    assert [i.id for i in page.value] == ["1", "2", "3", "4", "5"]
    first = page.value[0]
    if honoured:
        assert first.fields.additional_data["FreigabeStatus"] == "Entwurf"
        assert "Title" not in first.fields.additional_data
    else:
        assert first.fields is None
    assert page.odata_delta_link.split("?")[0].endswith("/items/delta")


async def test_list_item_delta_reports_deletes(graph: GraphServiceClient, tenant: Tenant) -> None:
    """An incremental listItem delta lists deleted items with a deleted facet."""
    builder = list_delta(graph, tenant)
    link = (await builder.get()).odata_delta_link
    tenant.delete(tenant.find("Freigabe", "Dokument 5.docx"), by=APPROVER)
    page = await builder.with_url(link).get()
    assert [(i.id, i.deleted.state) for i in page.value] == [("5", "deleted")]


async def test_select_keeps_named_properties_and_id(
    http: httpx.AsyncClient, tenant: Tenant
) -> None:
    """$select limits delta items to the named properties plus id (and deleted)."""
    lib = tenant.library("Freigabe")
    page = (await http.get(f"/v1.0/drives/{lib.drive_id}/root/delta?$select=name,file")).json()
    assert all(set(i) <= {"id", "name", "file"} for i in page["value"])
    assert "%24select=name%2Cfile" in page["@odata.deltaLink"]


async def test_prefer_header_can_exclude_the_parent(
    http: httpx.AsyncClient, tenant: Tenant
) -> None:
    """deltaExcludeParent is also honoured inside a Prefer header."""
    lib = tenant.library("Freigabe")
    link = (await http.get(f"/v1.0/drives/{lib.drive_id}/root/delta")).json()["@odata.deltaLink"]
    doc = tenant.find("Freigabe", "Dokument 1.docx")
    tenant.set_fields(doc, {"Title": "x"}, by=APPROVER)
    page = (await http.get(link, headers={"Prefer": "deltaExcludeParent"})).json()
    assert [i["id"] for i in page["value"]] == [doc.item_id]


async def test_change_during_paging_is_not_lost(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """An item changed while a sweep pages is skipped there and comes with the next delta."""
    lib = tenant.library("Freigabe")
    page = (await http.get(f"/v1.0/drives/{lib.drive_id}/root/delta?$top=3")).json()
    seen = [i["id"] for i in page["value"]]
    late = tenant.find("Freigabe", "Dokument 5.docx")
    tenant.set_fields(late, {"Title": "später"}, by=APPROVER)
    while "@odata.nextLink" in page:
        page = (await http.get(page["@odata.nextLink"])).json()
        seen += [i["id"] for i in page["value"]]
    assert late.item_id not in seen
    assert len(seen) == 5
    following = (await http.get(page["@odata.deltaLink"])).json()
    assert [i["id"] for i in following["value"]] == [lib.root_id, late.item_id]
