"""Which SharePoint document libraries freigabe watches."""

from __future__ import annotations

from pydantic import Field, model_validator

from config.base import Section
from config.fields import Guid, Hostname, LibraryKey, SiteId, SitePath, Text, reject, slugify
from config.process import RuleSettings

__all__ = ["LibraryRef", "LibrarySettings", "SiteRef"]


class SiteRef(Section):
    """A SharePoint site: by host name and path, or by its Graph id (exactly one form).

    Attributes:
        hostname: e.g. ``allianz-wasser.sharepoint.com``.
        path: server-relative path, e.g. ``/sites/allianz``.
        id: Graph site id ``host,site-collection-guid,web-guid``.
    """

    hostname: Hostname | None = None
    path: SitePath | None = None
    id: SiteId | None = None

    @model_validator(mode="after")
    def _one_form(self) -> SiteRef:
        by_path = self.hostname is not None or self.path is not None
        if self.id is not None and by_path:
            reject("SiteRef", [((), "give either hostname and path, or id, not both")])
        elif self.id is None and not by_path:
            reject("SiteRef", [((), "give either hostname and path, or id")])
        elif self.id is None:
            missing = "path" if self.path is None else "hostname" if self.hostname is None else ""
            if missing:
                reject("SiteRef", [((missing,), "required unless the site is given by id")])
        return self


class LibraryRef(Section):
    """A document library of the site: by display name or by list id (exactly one form).

    Attributes:
        name: the library's display name, e.g. ``Positionen``.
        id: the library's list id (a GUID).
    """

    name: Text | None = None
    id: Guid | None = None

    @model_validator(mode="after")
    def _one_form(self) -> LibraryRef:
        if (self.name is None) == (self.id is None):
            reject("LibraryRef", [((), "give either name or id, not both or neither")])
        return self

    @property
    def label(self) -> str:
        """The name, or the id when the library is given by id."""
        return self.name if self.name is not None else str(self.id)


class LibrarySettings(Section):
    """One watched library.

    Attributes:
        key_override: the ``key`` written in the file, if any; use :attr:`key`.
        site: the site that holds the library.
        library: the library within the site.
        channel: key of the notification channel for this library, if any.
        rule: this library's decision rule, replacing ``process.rule``.
    """

    key_override: LibraryKey | None = Field(default=None, alias="key")
    site: SiteRef
    library: LibraryRef
    channel: Text | None = None
    rule: RuleSettings | None = None

    @property
    def key(self) -> str:
        """The library's stable key: as configured, or derived from the library's name."""
        return self.key_override or slugify(self.library.label)

    @model_validator(mode="after")
    def _has_key(self) -> LibrarySettings:
        if not self.key:
            reject(
                "LibrarySettings",
                [(("key",), "required: no key can be derived from the library name")],
            )
        return self
