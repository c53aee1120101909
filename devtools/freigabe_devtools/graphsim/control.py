"""The control plane under ``/_sim/`` (no authorisation): counters, faults, actions, items.

See ``freigabe_devtools.graphsim.app`` for the list of endpoints. Actions address files by library
and name, so another process (the CLI's demo, an end-to-end test) can script the tenant.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from freigabe_devtools.graphsim.columns import FieldError
from freigabe_devtools.graphsim.edits import NameConflict
from freigabe_devtools.graphsim.faults import FaultRule
from freigabe_devtools.graphsim.messages import GraphProblem, SimRequest, SimResponse, json_response
from freigabe_devtools.graphsim.model import DocumentHandle, Item
from freigabe_devtools.graphsim.quirks import quirks_json, set_quirks
from freigabe_devtools.graphsim.render import iso
from freigabe_devtools.graphsim.scenario import content_from_spec
from freigabe_devtools.graphsim.tenant import Tenant

__all__ = ["handle_control", "item_summary"]


def item_summary(item: Item) -> dict[str, Any]:
    """What tests in another process need to know about a file."""
    return {
        "item_id": item.item_id,
        "list_item_id": str(item.list_item_id),
        "name": item.name,
        "deleted": item.deleted,
        "version": item.current.label,
        "quickXorHash": item.current.content.quickxor,
        "locked_by": item.locked_by.upn if item.locked_by is not None else None,
        "fields": dict(item.current.fields),
        "versions": [
            {
                "label": v.label,
                "by": v.by.upn or f"app:{v.by.display_name}",
                "at": iso(v.at),
                "name": v.name,
                "fields": dict(v.fields),
            }
            for v in item.versions
        ],
    }


def _act(tenant: Tenant, spec: Mapping[str, Any]) -> Any:
    action = spec.get("action")
    by = spec.get("by", "")
    library = str(spec.get("library", ""))
    if action == "expire_delta_tokens":
        tenant.expire_delta_tokens(library)
        return {"expired": library}
    if action == "add_document":
        site = spec.get("site") or tenant.library(library).site
        handle = tenant.add_document(
            site,
            library,
            str(spec["name"]),
            content_from_spec(tenant, spec),
            spec.get("fields") or {},
            by=by,
        )
        return item_summary(tenant.item(handle))
    handle = tenant.find(library, str(spec.get("name", "")))
    steps: dict[str, Callable[[DocumentHandle], object]] = {
        "edit_content": lambda h: tenant.edit_content(h, content_from_spec(tenant, spec), by=by),
        "set_fields": lambda h: tenant.set_fields(h, spec.get("fields") or {}, by=by),
        "rename": lambda h: tenant.rename(h, str(spec.get("new_name", "")), by=by),
        "delete": lambda h: tenant.delete(h, by=by),
        "mark_downloaded": tenant.mark_downloaded,
        "lock": lambda h: tenant.lock(h, by=by),
        "unlock": tenant.unlock,
    }
    step = steps.get(str(action))
    if step is None:
        raise GraphProblem(400, "invalidRequest", f"Unknown action {action!r}.")
    step(handle)
    return item_summary(tenant.item(handle))


def _items(tenant: Tenant, query: Mapping[str, str]) -> Any:
    lib = tenant.library(query.get("library", ""))
    name = query.get("name")
    items = [lib.by_name[name.lower()]] if name and name.lower() in lib.by_name else []
    chosen = items if name else [i for i in lib.by_number if not i.deleted]
    return {"library": lib.name, "value": [item_summary(i) for i in chosen]}


def handle_control(tenant: Tenant, request: SimRequest) -> SimResponse:
    """Answer a ``/_sim/...`` request (the download URL is handled by the app)."""
    route = (request.method, request.path.rstrip("/"))
    query = dict(parse_qsl(request.query))
    try:
        if route == ("GET", "/_sim/stats"):
            return json_response(tenant.stats.snapshot())
        if route == ("POST", "/_sim/stats/reset"):
            tenant.stats.reset()
            return SimResponse(status=204)
        if route == ("GET", "/_sim/faults"):
            rules = [dataclasses.asdict(rule) for rule in tenant.faults.active()]
            return json_response({"value": rules})
        if route == ("POST", "/_sim/faults"):
            rule_id = tenant.faults.add(FaultRule.from_json(request.json()))
            return json_response({"id": rule_id}, status=201)
        if route == ("DELETE", "/_sim/faults"):
            tenant.faults.clear()
            return SimResponse(status=204)
        if route == ("GET", "/_sim/quirks"):
            return json_response(quirks_json(tenant.quirks))
        if route == ("POST", "/_sim/quirks"):
            set_quirks(tenant.quirks, request.json())
            return SimResponse(status=204)
        if route == ("POST", "/_sim/actions"):
            return json_response(_act(tenant, request.json()))
        if route == ("GET", "/_sim/items"):
            return json_response(_items(tenant, query))
    except KeyError as err:
        raise GraphProblem(404, "itemNotFound", str(err.args[0] if err.args else err)) from None
    except NameConflict as err:
        raise GraphProblem(409, "nameAlreadyExists", str(err)) from None
    except (FieldError, ValueError, TypeError, AttributeError) as err:
        raise GraphProblem(400, "invalidRequest", str(err)) from None
    raise GraphProblem(404, "itemNotFound", f"No control endpoint {route[0]} {route[1]}.")
