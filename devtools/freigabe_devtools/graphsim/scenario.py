"""Seed a tenant from a scenario: a YAML or JSON file, or the same structure as a dict.

    tenant: {id: GUID, hostname: contoso.sharepoint.com, name: Contoso, seed: any}
    tokens: {sim-token: {roles: [Sites.ReadWrite.All], app_id: GUID, app_name: freigabe,
                         jwt: false}}
    quirks: {paging: false, user_identity: upn, ...}   (see Quirks; typed, checked)
    users: [{upn: ..., display_name: ..., mail: ..., id: ...}]
    groups: [{id: ..., display_name: ..., members: [upn, ...]}]
    sites:
      - path: /sites/x
        display_name: ...
        grants: [{app_id: GUID | app: app_name, roles: [read|write|manage|fullcontrol]}]
        libraries:
          - name: Freigabe
            columns: [{name: ..., type: choice|text|note|dateTime|date|hyperlink|number|boolean,
                       choices: [...], display_name: ..., format: dateOnly}]
            documents:
              - {name: ..., content: "text" | content_base64: "..." | size: N,
                 fields: {...}, by: upn,
                 edits: [{by: upn, fields: {...}, content: "..." | size: N, rename: "..."}]}
            generate: {count: N, size: 2048, fields: {...}, by: upn, prefix: Dokument}

Without ``tokens`` the default token ``sim-token`` (Sites.ReadWrite.All) is accepted. With
``jwt: true`` the token accepted is not the key itself but ``permissions.mint_jwt(key, ...)``
of the token's roles, application id and the tenant id: JWT-shaped, like Entra ID's. Site
``grants`` count for tokens with ``Sites.Selected``.
``by`` defaults to the first user; ``app:<app_name>`` names an application.

``quirks`` switches SharePoint Online's real behaviour (every default) to a friendlier one:
bools take true/false, the others one of their listed strings (``user_identity``: email,
id_only, upn; ``app_identity``: sharepoint_app, user_only, application); an unknown name or a
wrong value is a ScenarioError. ``freigabe_devtools.graphsim.quirks.Quirks`` documents each one.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from freigabe_devtools.graphsim.columns import ColumnDef, kind_from_spec
from freigabe_devtools.graphsim.content import Content, GeneratedContent
from freigabe_devtools.graphsim.directory import DEFAULT_TOKEN
from freigabe_devtools.graphsim.model import DocumentHandle, Library, Site
from freigabe_devtools.graphsim.permissions import grant_site, mint_jwt
from freigabe_devtools.graphsim.quirks import set_quirks
from freigabe_devtools.graphsim.tenant import Tenant

__all__ = ["ScenarioError", "column_from_spec", "content_from_spec", "load_scenario"]


class ScenarioError(ValueError):
    """The scenario cannot be loaded; the message names the place."""


_SECTIONS = frozenset({"tenant", "tokens", "quirks", "users", "groups", "sites"})


def _read(source: Path | str | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(source, Mapping):
        return source
    path = Path(source)
    text = path.read_text(encoding="utf-8")
    json_file = path.suffix.lower() == ".json"
    try:
        data = json.loads(text) if json_file else yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as err:
        raise ScenarioError(f"{path}: not valid {'JSON' if json_file else 'YAML'}: {err}") from err
    if not isinstance(data, Mapping):
        raise ScenarioError(f"{path}: the scenario must be a mapping")
    # a misspelt section would otherwise be ignored and serve a tenant without it
    unknown = sorted(set(data) - _SECTIONS)
    if unknown:
        known = ", ".join(sorted(_SECTIONS))
        raise ScenarioError(f"{path}: unknown key {unknown[0]!r} (known: {known})")
    return data


def column_from_spec(spec: Mapping[str, Any]) -> ColumnDef:
    """A column from its scenario entry."""
    kind_name = str(spec.get("type", "text"))
    return ColumnDef(
        name=str(spec["name"]),
        kind=kind_from_spec(kind_name),
        display_name=str(spec.get("display_name") or spec["name"]),
        choices=tuple(str(c) for c in spec.get("choices", ())),
        allow_text_entry=bool(spec.get("allow_text_entry", False)),
        date_only=kind_name == "date" or spec.get("format") == "dateOnly",
    )


def content_from_spec(tenant: Tenant, spec: Mapping[str, Any]) -> bytes | Content:
    """A file's content from a scenario entry or a control-plane action: ``size`` (generated
    bytes), ``content_base64`` (binary, e.g. an Office package) or ``content`` (text)."""
    if "size" in spec:
        return GeneratedContent(seed=tenant.ids.number(), size=int(spec["size"]))
    if "content_base64" in spec:
        return base64.b64decode(str(spec["content_base64"]), validate=True)
    return str(spec.get("content", "")).encode("utf-8")


def _document(tenant: Tenant, site: Site, lib: Library, spec: Mapping[str, Any], by: str) -> None:
    handle = tenant.add_document(
        site,
        lib.name,
        str(spec["name"]),
        content_from_spec(tenant, spec),
        spec.get("fields") or {},
        by=spec.get("by", by),
    )
    for edit in spec.get("edits", ()):
        _edit(tenant, handle, edit, by)


def _edit(tenant: Tenant, handle: DocumentHandle, edit: Mapping[str, Any], by: str) -> None:
    who = edit.get("by", by)
    if "content" in edit or "size" in edit:
        tenant.edit_content(handle, content_from_spec(tenant, edit), by=who)
    if edit.get("fields"):
        tenant.set_fields(handle, edit["fields"], by=who)
    if edit.get("rename"):
        tenant.rename(handle, str(edit["rename"]), by=who)


def _site(tenant: Tenant, spec: Mapping[str, Any], by: str) -> None:
    site = tenant.add_site(
        str(spec["path"]),
        str(spec.get("display_name", spec["path"])),
        hostname=spec.get("hostname"),
    )
    for grant in spec.get("grants", ()):
        app_id = grant.get("app_id") or tenant.directory.principal(f"app:{grant['app']}").id
        grant_site(tenant, site, grant["roles"], app_id=str(app_id), app_name=grant.get("app", ""))
    for lib_spec in spec.get("libraries", ()):
        columns = [column_from_spec(c) for c in lib_spec.get("columns", ())]
        lib = tenant.add_library(site, str(lib_spec["name"]), columns)
        for doc in lib_spec.get("documents", ()):
            _document(tenant, site, lib, doc, by)
        if generate := lib_spec.get("generate"):
            tenant.bulk_add(
                lib,
                int(generate["count"]),
                size=int(generate.get("size", 2048)),
                fields=generate.get("fields"),
                by=generate.get("by", by or None),
                prefix=str(generate.get("prefix", "Dokument")),
            )


def load_scenario(
    source: Path | str | Mapping[str, Any], *, clock: Callable[[], datetime] | None = None
) -> Tenant:
    """A tenant seeded from ``source``; ScenarioError says where the scenario is wrong."""
    data = _read(source)
    head = data.get("tenant") or {}
    options: dict[str, Any] = {
        "hostname": head.get("hostname", "contoso.sharepoint.com"),
        "name": head.get("name", "Contoso"),
        "tenant_id": head.get("id"),
        "seed": head.get("seed"),
    }
    if clock is not None:
        options["clock"] = clock
    tenant = Tenant(**options)
    step = "tokens"
    try:
        for token, grant in (data.get("tokens") or {DEFAULT_TOKEN: {}}).items():
            added = tenant.directory.add_token(
                str(token),
                roles=grant.get("roles", ["Sites.ReadWrite.All"]),
                app_id=grant.get("app_id"),
                app_name=grant.get("app_name", "freigabe"),
            )
            if grant.get("jwt"):
                minted = mint_jwt(
                    str(token),
                    roles=added.roles,
                    app_id=added.app.id,
                    tenant_id=tenant.tenant_id,
                    app_name=added.app.display_name,
                )
                tenant.directory.tokens[minted] = tenant.directory.tokens.pop(str(token))
        step = "quirks"
        set_quirks(tenant.quirks, data.get("quirks") or {})
        step = "users"
        for user in data.get("users", ()):
            tenant.directory.add_user(
                str(user["upn"]),
                str(user.get("display_name", user["upn"])),
                mail=user.get("mail"),
                user_id=user.get("id"),
            )
        step = "groups"
        for group in data.get("groups", ()):
            tenant.directory.add_group(
                str(group["display_name"]), group.get("members", ()), group_id=group.get("id")
            )
        first = tenant.directory.users()
        default_by = (first[0].upn or "") if first else ""
        for index, site in enumerate(data.get("sites", ())):
            step = f"sites[{index}]"
            _site(tenant, site, default_by)
    except ScenarioError:
        raise
    except (KeyError, ValueError, TypeError, AttributeError) as err:
        raise ScenarioError(f"{step}: {err}") from err
    return tenant
