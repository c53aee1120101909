"""A 403 after the site resolved says which grant the refused request needs."""

from __future__ import annotations

import pytest

from freigabe_devtools.graphsim import Tenant
from integration.errors import AccessDenied
from integration.graph.listitems import update_fields
from tests.adapter.graph.conftest import RuntimeFactory


async def test_a_refused_write_asks_for_a_write_grant(
    tenant: Tenant, runtime: RuntimeFactory
) -> None:
    async with runtime() as rt:
        await rt.cycle()  # resolves the library: reading is allowed
        lib = await rt.watcher.resolved(rt.settings.libraries[0])
        tenant.faults.add(
            kind="status", endpoint="PATCH /sites/{id}/lists/{id}/items/{id}/fields", status=403
        )
        with pytest.raises(AccessDenied) as refused:
            await update_fields(rt.graph, lib, "1", {"Title": "x"}, etag='"x,1"')
    message = str(refused.value)
    assert f"write of item 1 in lib0 ({lib.web_url}): Graph answered 403" in message
    assert "a write grant on the site" in message
