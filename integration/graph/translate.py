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
from integration.graph.throttle import retry_after_seconds

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


# The next step, as far as the status alone tells it; a caller that knows what was asked for
# (integration.graph.sites: which site, which library) passes a more precise one.
_NEXT_STEP = {
    401: "the access token was refused: check that tenant_id, client_id and the secret or "
    "certificate belong to one app registration, and that cloud matches the tenant",
    403: "the app lacks an application permission or, with Sites.Selected, a grant on the "
    "site: `freigabe check` shows the roles the token carries",
}
# A refused write after the reads went through: what is missing is the right to change.
_WRITE_DENIED = (
    "the app may read but not change this: ask an admin for Sites.ReadWrite.All or, with "
    "Sites.Selected, a write grant on the site (Sites.Read.All and a read grant only read); "
    "`freigabe check` shows the roles the token carries"
)
_SIGN_IN = (
    "check tenant_id, client_id and the client secret or certificate of the app registration "
    "(an expired secret is the usual cause)"
)
_AUTHORITY = (
    "allow outbound HTTPS to it (DNS, proxy, firewall) and check that cloud matches the tenant"
)


def error_for_status(
    status: int,
    what: str,
    code: str | None = None,
    *,
    step: str | None = None,
    write: bool = False,
    retry_after: float | None = None,
) -> GraphError:
    """The error for an HTTP status answered to ``what`` (a short description of the call),
    ending in ``step``, what to do next (by default what the status, and for a 403 whether
    the request was a ``write``, suggests); a ``Throttled`` one carries ``retry_after``."""
    kind = _BY_STATUS.get(status, GraphError)
    detail = f" ({code})" if code else ""
    step = step or (_WRITE_DENIED if write and status == 403 else _NEXT_STEP.get(status))
    tail = f": {step}" if step else ""
    err = kind(f"{what}: Graph answered {status}{detail}{tail}", status=status, code=code)
    if isinstance(err, Throttled):
        err.retry_after = retry_after
    return err


def _first_line(message: object) -> str:
    # azure-identity's messages go on with trace and correlation ids over several lines
    return str(message).strip().splitlines()[0] if str(message).strip() else ""


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
        headers = err.response_headers or {}
        wait = retry_after_seconds(headers)
        translated = error_for_status(status, what, _code_of(err), retry_after=wait)
        if isinstance(translated, ResyncRequired):
            location = next((v for k, v in headers.items() if k.lower() == "location"), None)
            translated.location = location
        raise translated from err
    except ClientAuthenticationError as err:
        raise AuthError(
            f"{what}: sign-in refused ({_first_line(err.message)}): {_SIGN_IN}"
        ) from err
    except ServiceRequestError as err:
        raise AuthError(
            f"{what}: cannot reach the sign-in authority ({_first_line(err.message)}): {_AUTHORITY}"
        ) from err
    except AzureError as err:
        raise AuthError(f"{what}: sign-in failed ({type(err).__name__})") from err
    except (httpx.ConnectError, httpx.ConnectTimeout) as err:
        raise GraphUnreachable(
            f"{what}: cannot connect to {host}: check graph.base_url and that this machine "
            f"may open HTTPS connections to {host} (DNS, proxy, firewall)"
        ) from err
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.ReadTimeout) as err:
        raise GraphUnreachable(
            f"{what}: connection to {host} broke off ({type(err).__name__}): "
            f"if it keeps happening, check proxies and firewalls between here and {host}"
        ) from err
