"""A configured library after its Graph ids were looked up."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ResolvedLibrary"]


@dataclass(frozen=True, slots=True)
class ResolvedLibrary:
    """A configured library after its Graph ids were looked up.

    The Graph adapter resolves it; the state store keeps it, so a restart need not ask Graph
    again while the configuration is the same.

    Attributes:
        key: the configuration key of the library.
        site_id: the Graph site id.
        list_id: the SharePoint list id of the document library.
        drive_id: the Graph drive id of the same library.
        web_url: link to the library in SharePoint.
        display_name: the library's name as SharePoint shows it.
        config_fingerprint: digest of the configuration the ids were resolved from; a different
            fingerprint means the configuration changed and the ids must be resolved again.
    """

    key: str
    site_id: str
    list_id: str
    drive_id: str
    web_url: str
    display_name: str
    config_fingerprint: str
