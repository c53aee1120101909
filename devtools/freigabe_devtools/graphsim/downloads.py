"""Pre-authenticated download URLs, as SharePoint hands out behind ``/content`` redirects.

A URL names the drive, the item, the version and the rendition ("" for the file itself,
``pdf`` for its conversion) and carries an expiry and an HMAC made with
the tenant's key, so it needs no Authorization header and cannot be forged or edited.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import timedelta

from freigabe_devtools.graphsim.messages import GraphProblem
from freigabe_devtools.graphsim.model import Item, Library, Version
from freigabe_devtools.graphsim.tenant import Tenant

__all__ = ["DOWNLOAD_PREFIX", "download_url", "resolve_download"]

DOWNLOAD_PREFIX = "/_sim/download/"
_VALID_FOR = timedelta(hours=1)


def _sign(tenant: Tenant, payload: str) -> str:
    return hmac.new(tenant.download_key, payload.encode(), hashlib.sha256).hexdigest()[:40]


def download_url(
    tenant: Tenant,
    origin: str,
    drive_id: str,
    item_id: str,
    version: int,
    *,
    rendition: str = "",
) -> str:
    """An absolute URL on ``origin`` serving that version's bytes (or its ``rendition``)
    for one hour."""
    expires = int((tenant.now() + _VALID_FOR).timestamp())
    payload = f"{drive_id}|{item_id}|{version}|{expires}|{rendition}"
    token = base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")
    return f"{origin}{DOWNLOAD_PREFIX}{token}.{_sign(tenant, payload)}"


def resolve_download(tenant: Tenant, token: str) -> tuple[Library, Item, Version, str]:
    """The file version and rendition a download token names; GraphProblem 401/404 when
    invalid or gone."""
    encoded, _, signature = token.partition(".")
    try:
        payload = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
        drive_id, item_id, version, expires, rendition = payload.split("|")
    except ValueError:
        raise GraphProblem(401, "unauthenticated", "The download link is not valid.") from None
    if not hmac.compare_digest(signature, _sign(tenant, payload)):
        raise GraphProblem(401, "unauthenticated", "The download link is not valid.")
    if tenant.now().timestamp() > int(expires):
        raise GraphProblem(401, "unauthenticated", "The download link has expired.")
    lib = tenant.drives.get(drive_id)
    item = lib.by_item_id.get(item_id) if lib is not None else None
    if lib is None or item is None or item.deleted or not 1 <= int(version) <= len(item.versions):
        raise GraphProblem(404, "itemNotFound", "The file no longer exists.")
    return lib, item, item.versions[int(version) - 1], rendition
