"""Probe checks 6-7: how SharePoint names the author of a change, an app's and a person's.

The identitySets are read as Graph sends them (``integration.graph.shapes``): the SDK's
models would hide whether an ``application`` part or a ``userPrincipalName`` came along.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Mapping
from contextlib import aclosing
from datetime import datetime
from typing import Any

from integration.errors import GraphError
from integration.graph.identities import SHAREPOINT_APP, identity_of
from integration.graph.shapes import JsonPage, list_item_pages, version_pages
from jobs.probe_rows import DIFFERS, FAILS, OK, UNCHECKED, Row, failed
from jobs.probe_run import ProbeRun

__all__ = ["app_shape", "check_app_identity", "check_person_identity", "person_shape"]

_NOT_UPLOADED = "Hochladen gescheitert"


async def _first(pages: AsyncGenerator[JsonPage, None]) -> Mapping[str, Any] | None:
    """The first entry of a paged collection (the newest, for version histories)."""
    async with aclosing(pages) as reading:
        async for page in reading:
            return page.value[0] if page.value else None
    return None


def _part(identity_set: object, name: str) -> Mapping[str, Any] | None:
    part = identity_set.get(name) if isinstance(identity_set, Mapping) else None
    return part if isinstance(part, Mapping) else None


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def app_shape(identity_set: object) -> str:
    """How an identitySet names an app-only change, in the words of the seen column."""
    app = _part(identity_set, "application")
    user = _part(identity_set, "user")
    name = _text(user.get("displayName")) if user is not None else None
    if app is not None and user is None:
        return "nur application"
    if app is not None:
        return f"application + user „{name or '-'}“"
    if user is not None:
        return f"nur user „{name or '-'}“"
    return "ohne Urheber"


_APP = "Urheber einer App-Änderung"
_APP_WANT = "application + user „SharePoint App“"


async def check_app_identity(run: ProbeRun) -> Row:
    """6: an app-only write shows as ``{"application": {...}, "user": {"displayName":
    "SharePoint App"}}``, in some captures only the user part (pnp/pnpframework#437)."""
    up = run.file("text")
    if up is None or up.list_item_id is None:
        return Row("6", _APP, _APP_WANT, "-", UNCHECKED, _NOT_UPLOADED)
    try:
        newest = await _first(version_pages(run.gw, run.lib, up.list_item_id))
    except GraphError as err:
        return failed("6", _APP, _APP_WANT, err)
    raw = newest.get("lastModifiedBy") if newest is not None else None
    seen = app_shape(raw)
    who = identity_of(raw)
    own = run.settings.credential.client_id
    app = _part(raw, "application")
    app_id = _text(app.get("id")) if app is not None else None
    if who is None:
        return Row("6", _APP, _APP_WANT, seen, FAILS, "Versionen nennen keinen Urheber")
    if who.kind == "person":
        return Row(
            "6",
            _APP,
            _APP_WANT,
            f"als Person „{who.display_name or who.email or who.id}“",
            FAILS,
            "freigabe hielte seine eigenen Änderungen für die einer Person",
        )
    if own and app_id and app_id.casefold() != own.casefold():
        return Row(
            "6",
            _APP,
            _APP_WANT,
            f"{seen}, andere Anwendungs-ID",
            FAILS,
            "credential.client_id ist nicht die Anwendungs-ID, die SharePoint nennt: freigabe "
            "hielte seine eigenen Änderungen für die einer fremden App",
        )
    if seen == _APP_WANT:
        return Row("6", _APP, _APP_WANT, seen, OK)
    if app is not None:
        hint = "freigabe erkennt seine eigenen Änderungen an der application-Angabe"
    elif (who.display_name or "").casefold() == SHAREPOINT_APP:
        hint = "freigabe erkennt seine eigenen Änderungen am Namen „SharePoint App“"
    else:
        hint = "ein Urheber ohne id und E-Mail gilt freigabe als eigene Änderung"
    return Row("6", _APP, _APP_WANT, seen, DIFFERS, hint)


def _is_folder(item: Mapping[str, Any]) -> bool:
    kind = item.get("contentType")
    kind_id = kind.get("id") if isinstance(kind, Mapping) else None
    return isinstance(kind_id, str) and kind_id.upper().startswith("0X0120")


def _looks_like_person(identity_set: object) -> bool:
    """A person's change: a user part, no application part, not SharePoint's app user.

    Deliberately not ``identity_of``: a person named without id and mail must still be found
    here, so that check 7 can report that shape.
    """
    user = _part(identity_set, "user")
    if user is None or _part(identity_set, "application") is not None:
        return False
    return (_text(user.get("displayName")) or "").casefold() != SHAREPOINT_APP


def _when(item: Mapping[str, Any]) -> datetime | None:
    raw = item.get("lastModifiedDateTime")
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")) if isinstance(raw, str) else None
    except ValueError:
        return None


_SCAN_PAGES = 20  # 1000 list items: a scratch library has fewer, a big one has people enough


async def _newest_person_item(run: ProbeRun) -> str | None:
    """The list item id of the file a person changed last (among the first 1000 items)."""
    own = {up.list_item_id for up in run.scratch.files.values()}
    best: tuple[datetime, str] | None = None
    scanned = 0
    async with aclosing(list_item_pages(run.gw, run.lib, top=50)) as reading:
        async for page in reading:
            for item in page.value:
                lid = _text(item.get("id"))
                when = _when(item)
                if lid is None or when is None or lid in own or _is_folder(item):
                    continue
                if _looks_like_person(item.get("lastModifiedBy")) and (
                    best is None or when > best[0]
                ):
                    best = (when, lid)
            scanned += 1
            if scanned >= _SCAN_PAGES:
                break
    return best[1] if best is not None else None


def person_shape(identity_set: object) -> str:
    """Which of id, mail and UPN a person's identitySet carries, in the seen column's words."""
    user = _part(identity_set, "user") or {}
    has_id = _text(user.get("id")) is not None
    has_mail = _text(user.get("email")) is not None
    has_upn = _text(user.get("userPrincipalName")) is not None
    if has_upn:
        return "id, E-Mail und UPN" if has_id and has_mail else "mit UPN"
    if has_id and has_mail:
        return "id und E-Mail, keine UPN"
    if has_id:
        return "nur id"
    if has_mail:
        return "nur E-Mail"
    return "weder id noch E-Mail"


_PERSON = "Urheber einer Personen-Änderung"
_PERSON_WANT = "id und E-Mail, keine UPN"


async def check_person_identity(run: ProbeRun) -> Row:
    """7: a person shows as ``{"user": {"id", "email", "displayName"}}``: the Entra object id
    and the mail address, not the UPN; some answers carry only id and displayName
    (msgraph-metadata#814, msgraph-typescript-typings#116; GRAPH_NOTES.md corrections)."""
    try:
        lid = await _newest_person_item(run)
        newest = await _first(version_pages(run.gw, run.lib, lid)) if lid else None
    except GraphError as err:
        return failed("7", _PERSON, _PERSON_WANT, err)
    if lid is None or newest is None:
        return Row(
            "7",
            _PERSON,
            _PERSON_WANT,
            "-",
            UNCHECKED,
            "keine Datei, die zuletzt eine Person geändert hat",
        )
    seen = person_shape(newest.get("lastModifiedBy"))
    if seen in (_PERSON_WANT, "nur id"):
        return Row("7", _PERSON, _PERSON_WANT, seen, OK)
    if seen == "nur E-Mail":
        hint = "freigabe ordnet dann per E-Mail zu; Gäste mit anderer Adresse erkennt es so nicht"
        return Row("7", _PERSON, _PERSON_WANT, seen, DIFFERS, hint)
    if seen == "weder id noch E-Mail":
        return Row(
            "7",
            _PERSON,
            _PERSON_WANT,
            seen,
            FAILS,
            "freigabe kann Änderungen solcher Personen niemandem zuordnen: Stimmen zählen nicht",
        )
    return Row(
        "7",
        _PERSON,
        _PERSON_WANT,
        seen,
        DIFFERS,
        "freigabe liest die UPN nicht, es vergleicht per Objekt-ID (und E-Mail)",
    )
