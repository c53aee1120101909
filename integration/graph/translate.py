"""Translation of SDK, HTTP and identity errors into the project's error tree.

Only this module and the graph adapter know the library exception types; callers above the
adapter catch :mod:`integration.errors` types only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from azure.core.exceptions import AzureError, ClientAuthenticationError, ServiceRequestError
from kiota_abstractions.api_error import APIError

from integration.errors import (
    AccessDenied,
    AuthError,
    GraphError,
    GraphUnreachable,
    NotFound,
    PreconditionFailed,
    ResyncRequired,
    Throttled,
)

__all__ = ["error_for_status", "graph_errors"]

_BY_STATUS: dict[int, type[GraphError]] = {
    401: AuthError,
    403: AccessDenied,
    404: NotFound,
    410: ResyncRequired,
    412: PreconditionFailed,
    429: Throttled,
    503: Throttled,
}


def error_for_status(status: int, what: str, code: str | None = None) -> GraphError:
    """The error for an HTTP status answered to ``what`` (a short description of the call)."""
    kind = _BY_STATUS.get(status, GraphError)
    detail = f" ({code})" if code else ""
    return kind(f"{what}: Graph answered {status}{detail}", status=status, code=code)


def _code_of(err: APIError) -> str | None:
    inner = getattr(err, "error", None)
    code = getattr(inner, "code", None)
    return code if isinstance(code, str) else None


@asynccontextmanager
async def graph_errors(what: str, *, host: str) -> AsyncIterator[None]:
    """Translate whatever the SDK raises while doing ``what`` against ``host``."""
    try:
        yield
    except APIError as err:
        status = err.response_status_code or 0
        translated = error_for_status(status, what, _code_of(err))
        if isinstance(translated, ResyncRequired):
            headers = err.response_headers or {}
            location = next((v for k, v in headers.items() if k.lower() == "location"), None)
            translated.location = location
        raise translated from err
    except ClientAuthenticationError as err:
        raise AuthError(f"{what}: no access token could be obtained ({err.message})") from err
    except ServiceRequestError as err:
        raise AuthError(f"{what}: cannot reach the sign-in authority ({err.message})") from err
    except AzureError as err:
        raise AuthError(f"{what}: sign-in failed ({type(err).__name__})") from err
    except (httpx.ConnectError, httpx.ConnectTimeout) as err:
        raise GraphUnreachable(f"{what}: cannot connect to {host}") from err
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.ReadTimeout) as err:
        raise GraphUnreachable(
            f"{what}: connection to {host} broke off ({type(err).__name__})"
        ) from err
