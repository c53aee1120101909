"""Column definitions of a document library and the field values they accept.

Field values are stored in the form Graph returns them (choice/text/note as strings,
dateTime as ISO 8601 with ``Z``, hyperlink as ``{"Url", "Description"}``), so reads need no
conversion. ``normalise`` is the single gate every write passes, from HTTP or from Python.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

__all__ = [
    "BUILTIN_COLUMNS",
    "ColumnDef",
    "ColumnKind",
    "FieldError",
    "JsonValue",
    "column_from_graph",
    "column_json",
    "column_patched",
    "kind_from_spec",
    "normalise",
]

JsonValue = Any
"""A value as it appears in Graph JSON."""

ColumnKind = Literal[
    "choice", "text", "note", "dateTime", "hyperlink", "number", "boolean", "person", "computed"
]
_KINDS: tuple[ColumnKind, ...] = (
    "choice", "text", "note", "dateTime", "hyperlink", "number", "boolean", "person", "computed"
)  # fmt: skip


class FieldError(ValueError):
    """A field write was refused; the message is what Graph would say."""


@dataclass(frozen=True, slots=True)
class ColumnDef:
    """One column of a list.

    Attributes:
        name: the internal name, the key in ``fields``.
        kind: the value type.
        display_name: the name people see.
        choices: allowed values of a choice column.
        allow_text_entry: a choice column also takes values outside ``choices``.
        date_only: a dateTime column shows only the date.
        read_only: Graph refuses writes (built-ins such as Modified).
        hidden: not shown in forms.
        column_id: the column's GUID (built-ins have SharePoint's fixed ones).
        max_length: longest accepted text (single-line text only).
        description: the text forms show under the column's name.
    """

    name: str
    kind: ColumnKind
    display_name: str
    choices: tuple[str, ...] = ()
    allow_text_entry: bool = False
    date_only: bool = False
    read_only: bool = False
    hidden: bool = False
    column_id: str = ""
    max_length: int = 255
    description: str = ""


BUILTIN_COLUMNS: tuple[ColumnDef, ...] = (
    ColumnDef("Title", "text", "Title", column_id="fa564e0f-0c70-4ab9-b863-0177e6ddd247"),
    ColumnDef("FileLeafRef", "text", "Name", column_id="8553196d-ec8d-4564-9861-3dbe931050c8"),
    ColumnDef(
        "Modified", "dateTime", "Modified", read_only=True,
        column_id="28cf69c5-fa48-462a-b5cd-27b6f9d2bd5f",
    ),
    ColumnDef(
        "Created", "dateTime", "Created", read_only=True,
        column_id="8c06beca-0777-48f7-91c7-6da68bc07b69",
    ),
    ColumnDef(
        "Author", "person", "Created By", read_only=True,
        column_id="1df5e554-ec7e-46a6-901d-d85a3881cb18",
    ),
    ColumnDef(
        "Editor", "person", "Modified By", read_only=True,
        column_id="d31655d1-1d5b-4511-95a1-7a09e9b75bf2",
    ),
    ColumnDef(
        "_UIVersionString", "computed", "Version", read_only=True, hidden=True,
        column_id="dce8262a-3ae9-45aa-aab4-83bd75fb738a",
    ),
)  # fmt: skip


def column_json(col: ColumnDef, *, hyperlink_facet: bool) -> dict[str, JsonValue]:
    """The columnDefinition resource of ``col``.

    SharePoint lists a hyperlink column without any type facet; ``hyperlink_facet`` adds the
    documented ``hyperlinkOrPicture`` (``Quirks.hyperlink_facet``).
    """
    body: dict[str, JsonValue] = {
        "columnGroup": "Core Document Columns"
        if col.column_id and col.read_only
        else "Custom Columns",
        "description": col.description,
        "displayName": col.display_name,
        "enforceUniqueValues": False,
        "hidden": col.hidden,
        "id": col.column_id,
        "indexed": False,
        "name": col.name,
        "readOnly": col.read_only,
        "required": col.name == "FileLeafRef",
    }
    if col.kind == "choice":
        body["choice"] = {
            "allowTextEntry": col.allow_text_entry,
            "choices": list(col.choices),
            "displayAs": "dropDownMenu",
        }
    elif col.kind in ("text", "note"):
        multi = col.kind == "note"
        body["text"] = {
            "allowMultipleLines": multi,
            "appendChangesToExistingText": False,
            "linesForEditing": 6 if multi else 0,
            "maxLength": 63999 if multi else col.max_length,
        }
    elif col.kind == "dateTime":
        body["dateTime"] = {
            "displayAs": "default",
            "format": "dateOnly" if col.date_only else "dateTime",
        }
    elif col.kind == "hyperlink":
        if hyperlink_facet:
            body["hyperlinkOrPicture"] = {"isPicture": False}
    elif col.kind == "number":
        body["number"] = {"decimalPlaces": "automatic", "displayAs": "number"}
    elif col.kind == "boolean":
        body["boolean"] = {}
    elif col.kind == "person":
        body["personOrGroup"] = {"allowMultipleSelection": False, "chooseFromType": "peopleOnly"}
    else:
        body["calculated"] = {"format": "text", "outputType": "text"}
    return body


def column_from_graph(body: Mapping[str, JsonValue], column_id: str) -> ColumnDef:
    """A column from a POSTed columnDefinition; raises FieldError when it is unusable."""
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise FieldError("The column name is required.")
    display = body.get("displayName") or name
    if not isinstance(display, str):
        raise FieldError("displayName must be a string.")
    description = _string(body, "description", "")
    choices: tuple[str, ...] = ()
    allow_text_entry = date_only = False
    kind: ColumnKind
    if isinstance(choice := body.get("choice"), Mapping):
        listed = choice.get("choices", [])
        if not isinstance(listed, list) or not all(isinstance(c, str) for c in listed):
            raise FieldError("choice.choices must be a list of strings.")
        kind, choices = "choice", tuple(listed)
        allow_text_entry = bool(choice.get("allowTextEntry", False))
    elif isinstance(text := body.get("text"), Mapping):
        kind = "note" if text.get("allowMultipleLines") else "text"
    elif isinstance(when := body.get("dateTime"), Mapping):
        kind, date_only = "dateTime", when.get("format") == "dateOnly"
    elif isinstance(body.get("hyperlinkOrPicture"), Mapping):
        kind = "hyperlink"
    elif isinstance(body.get("number"), Mapping):
        kind = "number"
    elif isinstance(body.get("boolean"), Mapping):
        kind = "boolean"
    else:
        raise FieldError("The column type is missing or not supported by the simulator.")
    return ColumnDef(
        name=name,
        kind=kind,
        display_name=display,
        choices=choices,
        allow_text_entry=allow_text_entry,
        date_only=date_only,
        column_id=column_id,
        description=description,
    )


def _string(body: Mapping[str, JsonValue], key: str, default: str) -> str:
    value = body.get(key, default)
    if not isinstance(value, str):
        raise FieldError(f"{key} must be a string.")
    return value


_FACET_KINDS = {
    "choice": ("choice",),
    "text": ("text", "note"),
    "dateTime": ("dateTime",),
    "hyperlinkOrPicture": ("hyperlink",),
    "number": ("number",),
    "boolean": ("boolean",),
}


def column_patched(col: ColumnDef, body: Mapping[str, JsonValue]) -> ColumnDef:
    """``col`` after a PATCH with ``body`` (Microsoft Learn "Update columnDefinition": a list
    column takes any property but ``id``); raises FieldError when the simulator cannot apply it.

    ``choice.choices`` replaces the list as a whole and values items hold stay as they are
    (SharePoint keeps what was chosen). Changing the type facet is refused: real Graph is not
    documented to convert a column's values, so freigabe never asks for it.
    """
    if "id" in body and body["id"] != col.column_id:
        raise FieldError("The id of a column cannot be changed.")
    if col.read_only:
        raise FieldError(f"Column '{col.name}' is read-only.")
    for facet, kinds in _FACET_KINDS.items():
        if facet in body and col.kind not in kinds:
            raise FieldError(f"Column '{col.name}' is not a {facet} column; its type stays.")
    changed = dataclasses.replace(
        col,
        display_name=_string(body, "displayName", col.display_name) or col.display_name,
        description=_string(body, "description", col.description),
    )
    choice = body.get("choice")
    if choice is None:
        return changed
    if not isinstance(choice, Mapping):
        raise FieldError("choice must be an object.")
    listed = choice.get("choices", list(col.choices))
    if not isinstance(listed, list) or not all(isinstance(c, str) for c in listed):
        raise FieldError("choice.choices must be a list of strings.")
    allow = choice.get("allowTextEntry", col.allow_text_entry)
    if not isinstance(allow, bool):
        raise FieldError("choice.allowTextEntry must be true or false.")
    return dataclasses.replace(changed, choices=tuple(listed), allow_text_entry=allow)


def kind_from_spec(kind: str) -> ColumnKind:
    """The kind named in a scenario (``hyperlink`` also as ``url``); raises FieldError."""
    aliases = {"url": "hyperlink", "datetime": "dateTime", "date": "dateTime", "bool": "boolean"}
    resolved = aliases.get(kind, kind)
    for known in _KINDS:
        if known == resolved:
            return known
    raise FieldError(f"Unknown column type {kind!r}.")


def _iso_utc(value: JsonValue, name: str) -> str:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day, tzinfo=UTC)
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise FieldError(f"Field '{name}': '{value}' is not a valid date.") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
    else:
        raise FieldError(f"Field '{name}': a date is expected.")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def normalise(col: ColumnDef, value: JsonValue) -> JsonValue:
    """The stored form of ``value`` for ``col``; None means empty (field omitted on reads).

    Raises FieldError with Graph's wording when the value does not fit the column.
    """
    name = col.name
    if col.read_only or col.kind in ("person", "computed"):
        raise FieldError(f"Field '{name}' is read-only")
    if value is None or value == "":
        return None
    if col.kind in ("choice", "text", "note"):
        if not isinstance(value, str):
            raise FieldError(f"Field '{name}': a string is expected.")
        if col.kind == "choice" and not col.allow_text_entry and value not in col.choices:
            raise FieldError(f"Field '{name}': '{value}' is not one of the choices.")
        if col.kind == "text" and len(value) > col.max_length:
            raise FieldError(f"Field '{name}': the value exceeds {col.max_length} characters.")
        return value
    if col.kind == "dateTime":
        return _iso_utc(value, name)
    if col.kind == "hyperlink":
        if isinstance(value, str):
            return {"Description": value, "Url": value}
        if isinstance(value, Mapping) and isinstance(value.get("Url"), str):
            return {
                "Description": str(value.get("Description") or value["Url"]),
                "Url": value["Url"],
            }
        raise FieldError(f"Field '{name}': a URL or {{Url, Description}} is expected.")
    if col.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FieldError(f"Field '{name}': a number is expected.")
        return value
    if not isinstance(value, bool):
        raise FieldError(f"Field '{name}': true or false is expected.")
    return value
