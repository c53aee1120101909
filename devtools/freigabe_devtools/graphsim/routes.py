"""The Graph routes the simulator answers, literal segments before ``{id}`` ones.

``root:/{id}:`` and ``{id}:/{id}:`` are drive path references (``root:/a b.docx:``), split
into two segments by ``routing.split_path``. Writes are authorised at the site's ``write``
level, deleting a column at ``manage`` (``permissions``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from freigabe_devtools.graphsim import (
    api_delta,
    api_directory,
    api_drive,
    api_files,
    api_items,
    api_mail,
    api_sites,
    api_subscriptions,
    permissions,
)
from freigabe_devtools.graphsim.context import Call
from freigabe_devtools.graphsim.messages import SimResponse
from freigabe_devtools.graphsim.routing import Router

__all__ = ["Handler", "build_router"]

Handler = Callable[[Call], SimResponse | Awaitable[SimResponse]]

_LIST = "/sites/{id}/lists/{id}"
_ITEM = _LIST + "/items/{id}"
_DRIVE_ITEM = "/drives/{id}/items/{id}"

_ROUTES: tuple[tuple[str, str, Handler], ...] = (
    ("GET", "/sites/{id}", api_sites.get_site),
    ("GET", "/sites/{id}/lists", api_sites.list_lists),
    ("GET", "/sites/{id}/drives", api_sites.list_site_drives),
    ("GET", "/sites/{id}/permissions", permissions.list_permissions),
    ("POST", "/sites/{id}/permissions", permissions.create_permission),
    ("PATCH", "/sites/{id}/permissions/{id}", permissions.update_permission),
    ("GET", _LIST, api_sites.get_list),
    ("GET", _LIST + "/drive", api_sites.get_list_drive),
    ("GET", _LIST + "/columns", api_sites.list_columns),
    ("POST", _LIST + "/columns", api_sites.create_column),
    ("GET", _LIST + "/columns/{id}", api_sites.get_column),
    ("PATCH", _LIST + "/columns/{id}", api_sites.update_column),
    ("DELETE", _LIST + "/columns/{id}", api_sites.delete_column),
    ("GET", _LIST + "/items", api_items.list_items),
    ("GET", _LIST + "/items/delta", api_delta.list_delta),
    ("GET", _ITEM, api_items.get_list_item),
    ("GET", _ITEM + "/fields", api_items.get_fields),
    ("PATCH", _ITEM + "/fields", api_items.patch_fields),
    ("GET", _ITEM + "/driveItem", api_items.get_list_item_drive_item),
    ("GET", _ITEM + "/versions", api_items.list_item_versions),
    ("GET", _ITEM + "/versions/{id}", api_items.get_list_item_version),
    ("GET", "/drives/{id}", api_sites.get_drive),
    ("GET", "/drives/{id}/root", api_drive.get_root),
    ("GET", "/drives/{id}/root/delta", api_delta.drive_delta),
    ("PUT", "/drives/{id}/root:/{id}:/content", api_files.put_content_by_path),
    ("PUT", "/drives/{id}/items/{id}:/{id}:/content", api_files.put_content_by_path),
    ("GET", _DRIVE_ITEM, api_drive.get_drive_item),
    ("DELETE", _DRIVE_ITEM, api_files.delete_drive_item),
    ("GET", _DRIVE_ITEM + "/content", api_drive.get_content),
    ("PUT", _DRIVE_ITEM + "/content", api_files.put_content),
    ("GET", _DRIVE_ITEM + "/listItem", api_drive.get_drive_item_list_item),
    ("GET", _DRIVE_ITEM + "/versions", api_drive.list_drive_item_versions),
    ("GET", _DRIVE_ITEM + "/versions/{id}/content", api_drive.get_version_content),
    ("GET", "/users/{id}", api_directory.get_user),
    ("POST", "/users/{id}/sendMail", api_mail.send_mail),
    ("GET", "/groups/{id}", api_directory.get_group),
    ("GET", "/groups/{id}/members", api_directory.list_group_members),
    ("GET", "/groups/{id}/transitiveMembers", api_directory.list_transitive_members),
    ("GET", "/subscriptions", api_subscriptions.list_subscriptions),
    ("POST", "/subscriptions", api_subscriptions.create_subscription),
    ("GET", "/subscriptions/{id}", api_subscriptions.get_subscription),
    ("PATCH", "/subscriptions/{id}", api_subscriptions.renew_subscription),
    ("DELETE", "/subscriptions/{id}", api_subscriptions.delete_subscription),
)


def build_router() -> Router[Handler]:
    """A router holding every Graph route of the simulator."""
    router: Router[Handler] = Router()
    for method, template, handler in _ROUTES:
        router.add(method, template, handler)
    return router
