"""List item reads and writes the release process needs: version history, conditional field
writes, group membership for approver checks, and column creation for ``provision``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph.generated.models.field_value_set import FieldValueSet
from msgraph.generated.models.identity_set import IdentitySet

from approval.documents import FieldValue
from integration.graph.client import GraphGateway
from integration.graph.items import field_values
from integration.graph.models import ListItemFields
from integration.graph.translate import graph_errors
from integration.state.records import ResolvedLibrary

__all__ = [
    "ItemVersion",
    "create_column",
    "group_member_keys",
    "item_versions",
    "update_fields",
]


@dataclass(frozen=True, slots=True)
class ItemVersion:
    """One entry of a list item's version history.

    Attributes:
        label: the version label, e.g. ``"3.0"``.
        modified_at: when this version was made.
        principal: who made it: a user's mail or principal name (guests: their mail), or
            ``app:<name>`` for an application; None when Graph does not say.
        fields: the column values of this version.
    """

    label: str
    modified_at: datetime | None
    principal: str | None
    fields: Mapping[str, FieldValue]


def _principal(identity: IdentitySet | None) -> str | None:
    if identity is None:
        return None
    user = identity.user
    if user is not None:
        extra = user.additional_data or {}
        for key in ("userPrincipalName", "email"):
            value = extra.get(key)
            if isinstance(value, str) and value:
                return value
        return str(user.display_name or user.id) if (user.display_name or user.id) else None
    app = identity.application
    if app is not None:
        return f"app:{app.display_name or app.id}"
    return None


def _item(gw: GraphGateway, lib: ResolvedLibrary, list_item_id: str) -> Any:
    return (
        gw.sdk.sites.by_site_id(lib.site_id)
        .lists.by_list_id(lib.list_id)
        .items.by_list_item_id(list_item_id)
    )


async def item_versions(
    gw: GraphGateway, lib: ResolvedLibrary, list_item_id: str
) -> list[ItemVersion]:
    """The version history of a list item with its fields, newest first (one request)."""
    builder = _item(gw, lib, list_item_id).versions
    config: RequestConfiguration[Any] = RequestConfiguration()
    config.query_parameters = builder.VersionsRequestBuilderGetQueryParameters(expand=["fields"])
    async with graph_errors(f"versions of item {list_item_id} in {lib.key}", host=gw.host):
        answer = await builder.get(config)
    out = []
    for version in (answer.value if answer else None) or []:
        raw = version.fields.additional_data if version.fields is not None else {}
        out.append(
            ItemVersion(
                label=str(version.id),
                modified_at=version.last_modified_date_time,
                principal=_principal(version.last_modified_by),
                fields=field_values(raw),
            )
        )
    return out


async def update_fields(
    gw: GraphGateway,
    lib: ResolvedLibrary,
    list_item_id: str,
    values: Mapping[str, str | None],
    *,
    etag: str,
) -> ListItemFields:
    """Write ``values`` only if the item still has ``etag`` (else ``PreconditionFailed``)."""
    builder = _item(gw, lib, list_item_id).fields
    config: RequestConfiguration[Any] = RequestConfiguration()
    config.headers.add("If-Match", etag)
    body = FieldValueSet(additional_data=dict(values))
    async with graph_errors(f"write of item {list_item_id} in {lib.key}", host=gw.host):
        answer = await builder.patch(body, config)
    raw = answer.additional_data if answer is not None else {}
    new_etag = raw.get("@odata.etag")
    return ListItemFields(
        list_item_id=list_item_id,
        etag=str(new_etag) if new_etag else None,
        fields=field_values(raw),
    )


async def group_member_keys(gw: GraphGateway, group_id: str) -> frozenset[str]:
    """Mail addresses and principal names of a group's transitive members, lower-cased."""
    builder = gw.sdk.groups.by_group_id(group_id).transitive_members
    config: RequestConfiguration[Any] = RequestConfiguration()
    config.query_parameters = builder.TransitiveMembersRequestBuilderGetQueryParameters(
        select=["id", "userPrincipalName", "mail"], top=999
    )
    keys: set[str] = set()
    async with graph_errors(f"members of group {group_id}", host=gw.host):
        answer = await builder.get(config)
        while answer is not None:
            for member in answer.value or []:
                extra = member.additional_data or {}
                for key in ("userPrincipalName", "mail"):
                    value = getattr(member, key.lower(), None) or extra.get(key)
                    if isinstance(value, str) and value:
                        keys.add(value.casefold())
            link = answer.odata_next_link
            answer = await builder.with_url(gw.checked_link(link)).get() if link else None
    return frozenset(keys)


async def create_column(gw: GraphGateway, lib: ResolvedLibrary, column: Mapping[str, Any]) -> None:
    """Create a column from its Graph JSON definition (``POST .../columns``)."""
    await gw.post_json(
        f"/sites/{lib.site_id}/lists/{lib.list_id}/columns",
        dict(column),
        what=f"create column {column.get('name')} in {lib.key}",
    )
