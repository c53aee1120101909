"""List items, the fields PATCH with If-Match, and versions through msgraph-sdk."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from kiota_abstractions.api_error import APIError
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph import GraphServiceClient
from msgraph.generated.models.field_value_set import FieldValueSet
from msgraph.generated.sites.item.lists.item.items.item.list_item_item_request_builder import (
    ListItemItemRequestBuilder,
)
from msgraph.generated.sites.item.lists.item.items.item.versions.versions_request_builder import (
    VersionsRequestBuilder,
)

from freigabe_devtools.graphsim import Tenant
from tests.simulator.conftest import APPROVER, GUEST


def items(graph: GraphServiceClient, tenant: Tenant) -> Any:
    """The SDK's request builder for the library's list items."""
    lib = tenant.library("Freigabe")
    return graph.sites.by_site_id(lib.site.id).lists.by_list_id(lib.list_id).items


def expand(expansion: str) -> RequestConfiguration[Any]:
    """A request configuration with ``$expand``."""
    query = ListItemItemRequestBuilder.ListItemItemRequestBuilderGetQueryParameters(
        expand=[expansion]
    )
    return RequestConfiguration(query_parameters=query)


async def test_get_item_with_fields(graph: GraphServiceClient, tenant: Tenant) -> None:
    """$expand=fields returns built-ins and set columns; unset columns are omitted."""
    item = await items(graph, tenant).by_list_item_id("2").get(expand("fields"))
    fields = item.fields.additional_data
    assert fields["FileLeafRef"] == "Dokument 2.docx"
    assert fields["Title"] == "Dokument 2"
    assert fields["_UIVersionString"] == "1.0"
    # the SDK's JSON parser turns ISO timestamps in additional_data into datetimes
    assert fields["Modified"] == datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    assert "Votum_DWV" not in fields
    assert fields["@odata.etag"] == item.e_tag
    assert item.last_modified_by.user.display_name == "Anna Berger"


async def test_get_item_with_field_selection(graph: GraphServiceClient, tenant: Tenant) -> None:
    """fields($select=...) limits the fields to those named (and the etag)."""
    item = (
        await items(graph, tenant)
        .by_list_item_id("1")
        .get(expand("fields($select=FreigabeStatus,Title)"))
    )
    assert set(item.fields.additional_data) == {"@odata.etag", "FreigabeStatus", "Title"}


async def test_unknown_item_is_404(graph: GraphServiceClient, tenant: Tenant) -> None:
    """An item id that does not exist answers 404 itemNotFound."""
    with pytest.raises(APIError) as caught:
        await items(graph, tenant).by_list_item_id("99").get()
    assert caught.value.response_status_code == 404
    assert caught.value.error.code == "itemNotFound"


async def test_patch_fields_writes_a_version_by_the_app(
    graph: GraphServiceClient, tenant: Tenant
) -> None:
    """A fields PATCH answers the full fieldValueSet and adds a version by the application."""
    doc = tenant.find("Freigabe", "Dokument 1.docx")
    body = FieldValueSet(
        additional_data={"FreigabeStatus": "Freigegeben", "AbstimmungFrist": "2026-12-01"}
    )
    answer = await items(graph, tenant).by_list_item_id("1").fields.patch(body)
    assert answer.additional_data["FreigabeStatus"] == "Freigegeben"
    assert answer.additional_data["_UIVersionString"] == "2.0"
    # the SDK's JSON parser turns ISO timestamps in additional_data into datetimes
    assert answer.additional_data["AbstimmungFrist"] == datetime(2026, 12, 1, tzinfo=UTC)
    latest = tenant.item(doc).current
    assert (latest.by.kind, latest.by.display_name) == ("application", "freigabe")
    assert latest.by.lookup_id == 1073741822


@pytest.mark.parametrize("source", ["listItem", "driveItem"])
async def test_if_match_guards_the_patch(
    graph: GraphServiceClient, tenant: Tenant, source: str
) -> None:
    """A current eTag (either style) lets the PATCH through; a stale one answers 412."""
    builder = items(graph, tenant).by_list_item_id("3")
    if source == "listItem":
        etag = (await builder.get()).e_tag
    else:
        etag = (await builder.drive_item.get()).e_tag
    config: RequestConfiguration[Any] = RequestConfiguration()
    config.headers.add("If-Match", etag)
    await builder.fields.patch(FieldValueSet(additional_data={"Title": "eins"}), config)
    with pytest.raises(APIError) as caught:
        await builder.fields.patch(FieldValueSet(additional_data={"Title": "zwei"}), config)
    assert caught.value.response_status_code == 412
    assert tenant.fields(tenant.find("Freigabe", "Dokument 3.docx"))["Title"] == "eins"


@pytest.mark.parametrize(
    "fields", [{"Unbekannt": "x"}, {"FreigabeStatus": "Vielleicht"}, {"Created": "2026-01-01"}]
)
async def test_invalid_patch_is_400(
    graph: GraphServiceClient, tenant: Tenant, fields: dict[str, Any]
) -> None:
    """Unknown or read-only fields and invalid choices answer 400 and change nothing."""
    with pytest.raises(APIError) as caught:
        await (
            items(graph, tenant)
            .by_list_item_id("4")
            .fields.patch(FieldValueSet(additional_data=fields))
        )
    assert caught.value.response_status_code == 400
    assert len(tenant.item(tenant.find("Freigabe", "Dokument 4.docx")).versions) == 1


async def test_versions_newest_first_with_fields(graph: GraphServiceClient, tenant: Tenant) -> None:
    """Versions come newest first, each with its author and its own field values."""
    doc = tenant.find("Freigabe", "Dokument 5.docx")
    tenant.set_fields(doc, {"FreigabeStatus": "Zur Abstimmung"}, by=APPROVER)
    tenant.set_fields(doc, {"Votum_DWV": "Zustimmung"}, by=GUEST)
    query = VersionsRequestBuilder.VersionsRequestBuilderGetQueryParameters(expand=["fields"])
    versions = (
        await items(graph, tenant)
        .by_list_item_id("5")
        .versions.get(RequestConfiguration(query_parameters=query))
    )
    assert [v.id for v in versions.value] == ["3.0", "2.0", "1.0"]
    newest = versions.value[0]
    assert newest.last_modified_by.user.additional_data["email"] == "jonas.keller@dwv.example"
    assert newest.fields.additional_data["Votum_DWV"] == "Zustimmung"
    assert "Votum_DWV" not in versions.value[1].fields.additional_data
    assert versions.value[2].fields.additional_data["FreigabeStatus"] == "Entwurf"
    plain = await items(graph, tenant).by_list_item_id("5").versions.get()
    assert plain.value[0].fields is None


async def test_list_items_page_with_skiptoken(graph: GraphServiceClient, tenant: Tenant) -> None:
    """The items collection pages by nextLink and skips deleted items."""
    tenant.delete(tenant.find("Freigabe", "Dokument 2.docx"), by=APPROVER)
    builder = items(graph, tenant)
    query = builder.ItemsRequestBuilderGetQueryParameters(top=2, expand=["fields"])
    page = await builder.get(RequestConfiguration(query_parameters=query))
    seen = [i.id for i in page.value]
    while page.odata_next_link:
        page = await builder.with_url(page.odata_next_link).get()
        seen += [i.id for i in page.value]
    assert seen == ["1", "3", "4", "5"]
