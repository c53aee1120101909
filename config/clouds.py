"""The Microsoft clouds freigabe can run in, and where Graph and Entra sign-in live in each."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import SplitResult, urlsplit

__all__ = [
    "Cloud",
    "CloudEndpoints",
    "checked_url",
    "host_of",
    "is_loopback_host",
    "normalise_graph_base_url",
]

GRAPH_VERSION_PATH = "/v1.0"


@dataclass(frozen=True, slots=True)
class CloudEndpoints:
    """Where one cloud's services answer.

    Attributes:
        graph_root: scheme and host of Microsoft Graph, without a version path.
        authority_host: the Entra ID sign-in host (what azure-identity calls ``authority``).
    """

    graph_root: str
    authority_host: str


class Cloud(StrEnum):
    """A Microsoft cloud: the global service or one of the national clouds."""

    GLOBAL = "global"
    US_GOV = "us_gov"
    US_GOV_DOD = "us_gov_dod"
    CHINA = "china"

    @property
    def endpoints(self) -> CloudEndpoints:
        """The Graph root and sign-in host of this cloud."""
        return _ENDPOINTS[self]


# Both US government clouds sign in at the same host; only Graph differs (L4 vs L5).
_ENDPOINTS = {  # see learn.microsoft.com/graph/deployments
    Cloud.GLOBAL: CloudEndpoints("https://graph.microsoft.com", "login.microsoftonline.com"),
    Cloud.US_GOV: CloudEndpoints("https://graph.microsoft.us", "login.microsoftonline.us"),
    Cloud.US_GOV_DOD: CloudEndpoints("https://dod-graph.microsoft.us", "login.microsoftonline.us"),
    Cloud.CHINA: CloudEndpoints(
        "https://microsoftgraph.chinacloudapi.cn", "login.chinacloudapi.cn"
    ),
}


def is_loopback_host(host: str) -> bool:
    """Whether ``host`` names this machine: 127.0.0.0/8, ::1 or localhost."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_of(url: str) -> str:
    """``host[:port]`` of an absolute URL (IPv6 hosts keep their brackets)."""
    return urlsplit(url).netloc.rpartition("@")[2]


def checked_url(url: str, *, example: str) -> SplitResult:
    """``url`` split, if it is an absolute http(s) URL freigabe may talk to or be reached at:
    no user-info, query or fragment, https unless on loopback, a valid port.

    Raises:
        ValueError: with a message fit for a person; it never repeats the URL, which might
            carry a password in its user-info part.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"must be an absolute http(s) URL such as {example}")
    if parts.username is not None or parts.password is not None:
        raise ValueError("must not contain a user name or password")
    if parts.query or parts.fragment:
        raise ValueError("must not contain a query (?) or fragment (#)")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ValueError("must use https (plain http only for 127.0.0.1, ::1 or localhost)")
    try:
        parts.port  # noqa: B018 -- urlsplit checks the port only when it is read
    except ValueError:
        raise ValueError("has an invalid port number") from None
    return parts


def normalise_graph_base_url(url: str) -> str:
    """``url`` without a trailing slash, if it can serve as Graph's v1.0 base URL
    (see :func:`checked_url` for the rules and the error)."""
    parts = checked_url(url, example="https://graph.microsoft.com/v1.0")
    path = parts.path.rstrip("/")
    if not path.endswith(GRAPH_VERSION_PATH):
        raise ValueError(f"must end with {GRAPH_VERSION_PATH}, the Graph API version freigabe uses")
    return f"{parts.scheme}://{parts.netloc}{path}"
