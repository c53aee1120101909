"""An httpx transport that answers from the simulator in-process (no sockets).

``httpx.AsyncClient(transport=SimulatorTransport(tenant), base_url=...)`` behaves like a
client talking to ``SimulatorServer``; a ``drop`` fault raises ``httpx.RemoteProtocolError``
just as a connection closed without a response does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from freigabe_devtools.graphsim.app import SimulatorApp
from freigabe_devtools.graphsim.content import Streamable
from freigabe_devtools.graphsim.messages import ConnectionDropped, SimRequest
from freigabe_devtools.graphsim.tenant import Tenant

__all__ = ["SimulatorTransport"]


class _ContentStream(httpx.AsyncByteStream):
    def __init__(self, content: Streamable) -> None:
        self._content = content

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._content.chunks():
            yield chunk


class SimulatorTransport(httpx.AsyncBaseTransport):
    """Routes every request of an httpx client to a ``SimulatorApp`` for ``tenant``."""

    def __init__(self, tenant: Tenant | SimulatorApp) -> None:
        self.app = tenant if isinstance(tenant, SimulatorApp) else SimulatorApp(tenant)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request (see ``httpx.AsyncBaseTransport``)."""
        url = request.url
        sim_request = SimRequest(
            method=request.method,
            path=url.raw_path.partition(b"?")[0].decode("ascii"),
            query=url.query.decode("ascii"),
            headers=dict(request.headers),
            body=await request.aread(),
            origin=f"{url.scheme}://{url.netloc.decode('ascii')}",
        )
        try:
            response = await self.app.handle(sim_request)
        except ConnectionDropped:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            ) from None
        stream: httpx.AsyncByteStream = (
            _ContentStream(response.stream)
            if response.stream is not None
            else httpx.ByteStream(response.body)
        )
        headers = [*response.headers, ("Content-Length", str(response.length))]
        return httpx.Response(response.status, headers=headers, stream=stream, request=request)
