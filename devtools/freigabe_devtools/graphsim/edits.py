"""The changes a file can undergo, shared by the Python API and the HTTP handlers.

Each function checks first and mutates after, so a refused change leaves no trace. Every
change advances the eTag, appends the item to its library's change log and touches the root
folder (whose eTag and childCount move with its children).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from freigabe_devtools.graphsim.columns import FieldError, JsonValue, normalise
from freigabe_devtools.graphsim.content import Content
from freigabe_devtools.graphsim.model import Item, Library, Principal, Version

__all__ = [
    "NameConflict",
    "check_name",
    "create",
    "delete",
    "merge_fields",
    "new_version",
    "write_fields",
]

_ILLEGAL_NAME_CHARS = frozenset('"*:<>?/\\|')


class NameConflict(ValueError):
    """A file or column with that name exists already."""


def check_name(lib: Library, name: str, item: Item | None) -> None:
    """Refuse an invalid name (FieldError) or one another live file has (NameConflict)."""
    if not name.strip() or name != name.strip() or _ILLEGAL_NAME_CHARS & set(name):
        raise FieldError(f"The file name '{name}' is not valid.")
    holder = lib.by_name.get(name.lower())
    if holder is not None and holder is not item:
        raise NameConflict(f"A file named '{name}' already exists.")


def merge_fields(
    lib: Library, base: Mapping[str, JsonValue], updates: Mapping[str, JsonValue]
) -> dict[str, JsonValue]:
    """``base`` with ``updates`` applied; None or "" clears a field. Names are case-sensitive."""
    merged = dict(base)
    for key, value in updates.items():
        if key.startswith("@"):
            continue  # annotations such as @odata.etag ride along in echoed bodies
        col = lib.columns.get(key.lower())
        if col is None or col.name != key or key == "FileLeafRef":
            raise FieldError(f"Field '{key}' is not recognized")
        stored = normalise(col, value)
        if stored is None:
            merged.pop(key, None)
        else:
            merged[key] = stored
    return merged


def create(lib: Library, item_id: str, unique_id: str, first: Version) -> Item:
    """Add a new file whose first version is ``first`` (its name must have been checked)."""
    item = Item(item_id, len(lib.by_number) + 1, unique_id, first)
    lib.by_item_id[item_id] = item
    lib.by_number.append(item)
    lib.by_name[first.name.lower()] = item
    _touch(lib, item)
    return item


def new_version(
    lib: Library,
    item: Item,
    by: Principal,
    at: datetime,
    *,
    name: str | None = None,
    fields: Mapping[str, JsonValue] | None = None,
    content: Content | None = None,
) -> Version:
    """Append a version that differs from the current one in what is given."""
    cur = item.current
    version = Version(
        number=cur.number + 1,
        name=cur.name if name is None else name,
        content=cur.content if content is None else content,
        by=by,
        at=at,
        fields=cur.fields if fields is None else fields,
    )
    item.versions.append(version)
    item.etag_n += 1
    if content is not None:
        item.ctag_n += 1
    _touch(lib, item)
    return version


def write_fields(
    lib: Library, item: Item, updates: Mapping[str, JsonValue], by: Principal, at: datetime
) -> Version:
    """Apply a partial fieldValueSet as one new version; ``FileLeafRef`` renames the file."""
    name = item.name
    if "FileLeafRef" in updates:
        wanted = updates["FileLeafRef"]
        if not isinstance(wanted, str):
            raise FieldError("Field 'FileLeafRef': a string is expected.")
        check_name(lib, wanted, item)
        name = wanted
    rest = {k: v for k, v in updates.items() if k != "FileLeafRef"}
    values = merge_fields(lib, item.current.fields, rest)
    if name != item.name:
        del lib.by_name[item.name.lower()]
        lib.by_name[name.lower()] = item
    return new_version(lib, item, by, at, name=name, fields=values)


def delete(lib: Library, item: Item) -> None:
    """Move the file to the recycle bin: gone from lookups, reported deleted by delta."""
    item.deleted = True
    del lib.by_name[item.name.lower()]
    item.etag_n += 1
    _touch(lib, item)


def _touch(lib: Library, item: Item) -> None:
    lib.log.record(item)
    lib.root_etag_n += 1
