"""Graph v1.0 JSON shapes of the simulated resources.

Shapes follow the documented resources (site, list, drive, driveItem, listItem,
fieldValueSet, listItemVersion, driveItemVersion) and SharePoint's habits: delta items carry
no ``cTag``, deleted driveItems carry no ``name``, empty fields are omitted, a content's hash
shows only once it was downloaded, identities are shaped as ``identities`` says. Whatever a
quirk decides is read from the ``Quirks`` passed in.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from datetime import datetime

from freigabe_devtools.graphsim.columns import JsonValue
from freigabe_devtools.graphsim.identities import identity_set
from freigabe_devtools.graphsim.ids import format_etag
from freigabe_devtools.graphsim.model import Item, Library, Quirks, Site, Version

__all__ = [
    "CONTENT_TYPE_ID",
    "deleted_drive_item_json",
    "deleted_list_item_json",
    "drive_item_json",
    "drive_json",
    "fields_json",
    "file_url",
    "iso",
    "list_item_json",
    "list_item_version_json",
    "list_json",
    "root_json",
    "site_json",
]

Json = dict[str, JsonValue]
CONTENT_TYPE_ID = "0x0101008A3D7C3F1B2E4C4A9E5D6F7A8B9C0D1E"
"""The id of the libraries' one content type, "Document"."""
_CONTENT_TYPE = {"id": CONTENT_TYPE_ID, "name": "Document"}


def iso(moment: datetime) -> str:
    """Graph's timestamp format: UTC, seconds, ``Z``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def site_json(site: Site) -> Json:
    """The site resource."""
    return {
        "id": site.id,
        "name": site.name,
        "displayName": site.display_name,
        "description": "",
        "webUrl": site.web_url,
        "createdDateTime": iso(site.created_at),
        "lastModifiedDateTime": iso(site.created_at),
        "siteCollection": {"hostname": site.hostname},
    }


def list_json(lib: Library) -> Json:
    """The list resource of a document library."""
    return {
        "id": lib.list_id,
        "name": lib.name,
        "displayName": lib.name,
        "description": "",
        "webUrl": lib.web_url,
        "createdDateTime": iso(lib.created_at),
        "lastModifiedDateTime": iso(lib.created_at),
        "parentReference": {"siteId": lib.site.id},
        "list": {"contentTypesEnabled": False, "hidden": False, "template": "documentLibrary"},
    }


def drive_json(lib: Library) -> Json:
    """The drive resource of a document library."""
    return {
        "id": lib.drive_id,
        "name": lib.name,
        "description": "",
        "driveType": "documentLibrary",
        "webUrl": lib.web_url,
        "createdDateTime": iso(lib.created_at),
        "lastModifiedDateTime": iso(lib.created_at),
    }


def _parent(lib: Library) -> Json:
    return {
        "driveType": "documentLibrary",
        "driveId": lib.drive_id,
        "id": lib.root_id,
        "siteId": lib.site.id,
    }


def _sharepoint_ids(lib: Library, item: Item | None) -> Json:
    ids: Json = {
        "listId": lib.list_id,
        "siteId": lib.site.collection_id,
        "siteUrl": lib.site.web_url,
        "webId": lib.site.web_id,
    }
    if item is not None:
        ids["listItemId"] = str(item.list_item_id)
        ids["listItemUniqueId"] = item.unique_id
    return ids


def file_url(lib: Library, name: str) -> str:
    """The file's address in the library."""
    return f"{lib.web_url}/{name.replace(' ', '%20')}"


def root_json(lib: Library) -> Json:
    """The library's root folder driveItem."""
    return {
        "id": lib.root_id,
        "name": "root",
        "eTag": format_etag(lib.root_unique_id, lib.root_etag_n, drive_item=True),
        "createdDateTime": iso(lib.created_at),
        "lastModifiedDateTime": iso(lib.created_at),
        "webUrl": lib.web_url,
        "size": 0,
        "parentReference": {"driveType": "documentLibrary", "driveId": lib.drive_id},
        "folder": {"childCount": len(lib.by_name)},
        "root": {},
        "sharepointIds": _sharepoint_ids(lib, None),
    }


def _file_facet(version: Version, quirks: Quirks) -> Json:
    """The file facet; its hash only once the content was downloaded (unless quirk is off)."""
    mime = mimetypes.guess_type(version.name)[0] or "application/octet-stream"
    if version.content.downloaded or not quirks.hash_after_download:
        return {"mimeType": mime, "hashes": {"quickXorHash": version.content.quickxor}}
    return {"mimeType": mime}


def drive_item_json(lib: Library, item: Item, quirks: Quirks, *, ctag: bool = False) -> Json:
    """A file's driveItem; ``ctag`` adds the cTag (direct reads only, never delta)."""
    cur = item.current
    body: Json = {
        "id": item.item_id,
        "name": cur.name,
        "eTag": format_etag(item.unique_id, item.etag_n, drive_item=True),
        "size": cur.content.size,
        "createdDateTime": iso(item.versions[0].at),
        "lastModifiedDateTime": iso(cur.at),
        "webUrl": file_url(lib, cur.name),
        "createdBy": identity_set(item.versions[0].by, quirks),
        "lastModifiedBy": identity_set(cur.by, quirks),
        "parentReference": _parent(lib),
        "file": _file_facet(cur, quirks),
        "fileSystemInfo": {
            "createdDateTime": iso(item.versions[0].at),
            "lastModifiedDateTime": iso(cur.at),
        },
        "sharepointIds": _sharepoint_ids(lib, item),
    }
    if ctag:
        body["cTag"] = f'"c:{{{item.unique_id.upper()}}},{item.ctag_n}"'
    return body


def deleted_drive_item_json(lib: Library, item: Item) -> Json:
    """A deleted file as delta reports it in SharePoint: no name, a ``deleted`` facet."""
    return {"id": item.item_id, "deleted": {"state": "deleted"}, "parentReference": _parent(lib)}


def deleted_list_item_json(item: Item) -> Json:
    """A deleted list item as listItem delta reports it."""
    return {"id": str(item.list_item_id), "deleted": {"state": "deleted"}}


def fields_json(
    lib: Library, item: Item, version: Version, select: Iterable[str] | None = None
) -> Json:
    """The fieldValueSet of ``item`` at ``version``: built-ins, then set columns only."""
    first = item.versions[0]
    fields: Json = {
        "@odata.etag": format_etag(item.unique_id, item.etag_n, drive_item=False),
        "id": str(item.list_item_id),
        "ContentType": "Document",
        "Created": iso(first.at),
        "Modified": iso(version.at),
        "AuthorLookupId": str(first.by.lookup_id),
        "EditorLookupId": str(version.by.lookup_id),
        "FileLeafRef": version.name,
        "LinkFilename": version.name,
        "DocIcon": version.name.rpartition(".")[2] if "." in version.name else "",
        "FileSizeDisplay": str(version.content.size),
        "ItemChildCount": "0",
        "FolderChildCount": "0",
        "_UIVersionString": version.label,
    }
    fields.update(version.fields)
    if select is not None:
        wanted = set(select) | {"@odata.etag"}
        fields = {k: v for k, v in fields.items() if k in wanted}
    return fields


def list_item_json(
    lib: Library,
    item: Item,
    quirks: Quirks,
    *,
    fields: bool = False,
    select: Iterable[str] | None = None,
) -> Json:
    """A listItem; ``fields`` expands the fieldValueSet (optionally only ``select``)."""
    cur = item.current
    etag = format_etag(item.unique_id, item.etag_n, drive_item=False)
    body: Json = {
        "@odata.etag": etag,
        "id": str(item.list_item_id),
        "eTag": etag,
        "createdDateTime": iso(item.versions[0].at),
        "lastModifiedDateTime": iso(cur.at),
        "webUrl": file_url(lib, cur.name),
        "createdBy": identity_set(item.versions[0].by, quirks),
        "lastModifiedBy": identity_set(cur.by, quirks),
        "parentReference": {"id": lib.root_unique_id, "siteId": lib.site.id},
        "contentType": dict(_CONTENT_TYPE),
        "sharepointIds": _sharepoint_ids(lib, item),
    }
    if fields:
        body["fields"] = fields_json(lib, item, cur, select)
    return body


def list_item_version_json(
    lib: Library,
    item: Item,
    version: Version,
    quirks: Quirks,
    *,
    fields: bool,
    select: Iterable[str] | None,
) -> Json:
    """A listItemVersion; ``fields`` expands the field values of that version."""
    body: Json = {
        "id": version.label,
        "lastModifiedDateTime": iso(version.at),
        "lastModifiedBy": identity_set(version.by, quirks),
        "published": {"level": "published", "versionId": version.label},
    }
    if fields:
        body["fields"] = fields_json(lib, item, version, select)
    return body
