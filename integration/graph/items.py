"""Reading list item fields of changed files, grouped in ``$batch`` requests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import quote

from approval.documents import FieldValue
from integration.graph.batch import BatchRequest, send_batches
from integration.graph.client import GraphGateway
from ports.documents import ListItemFields
from ports.libraries import ResolvedLibrary

__all__ = ["field_values", "item_path", "read_fields"]


def item_path(lib: ResolvedLibrary, list_item_id: str) -> str:
    """The Graph path of a list item, relative to the version root."""
    return (
        f"/sites/{quote(lib.site_id, safe=',')}/lists/{quote(lib.list_id)}"
        f"/items/{quote(list_item_id)}"
    )


def field_values(raw: object) -> dict[str, FieldValue]:
    if not isinstance(raw, dict):
        return {}
    out: dict[str, FieldValue] = {}
    for key, value in raw.items():
        if isinstance(value, str | int | float | bool) or value is None:
            out[str(key)] = value
        elif isinstance(value, list):
            out[str(key)] = [str(v) for v in value]
        elif isinstance(value, datetime):
            # the SDK parses date-time columns; keep Graph's wire form so both paths agree
            out[str(key)] = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        elif isinstance(value, dict) and "Url" in value:
            out[str(key)] = str(value["Url"])
    return out


async def read_fields(
    gw: GraphGateway,
    lib: ResolvedLibrary,
    list_item_ids: Sequence[str],
    field_names: Sequence[str],
) -> dict[str, ListItemFields]:
    """Fields of the given list items; an item that vanished meanwhile is simply absent."""
    select = ",".join(field_names)
    requests = [
        BatchRequest(id=lid, url=f"{item_path(lib, lid)}?$expand=fields($select={select})")
        for lid in dict.fromkeys(list_item_ids)
    ]
    answers = await send_batches(gw, requests)
    out: dict[str, ListItemFields] = {}
    for lid, resp in answers.items():
        if resp.status == 404:
            continue
        if (err := resp.error(f"fields of item {lid} in {lib.key}")) is not None:
            raise err
        body = resp.body or {}
        out[lid] = ListItemFields(
            list_item_id=lid,
            etag=body.get("eTag"),
            fields=field_values(body.get("fields")),
        )
    return out
