"""One ``freigabe probe`` run: what the checks share, and what they created for clean-up."""

from __future__ import annotations

from dataclasses import dataclass, field

from config import Settings
from integration.graph.client import GraphGateway
from integration.graph.files import UploadedFile
from ports.libraries import ResolvedLibrary

__all__ = ["ProbeRun", "Scratch"]


@dataclass(slots=True)
class Scratch:
    """Everything the probe created in the tenant; clean-up removes it all.

    Attributes:
        files: the uploaded files, by role (``text``, ``office``).
        column_id: the temporary hyperlink column's id, once created.
        column_name: its internal name.
        subscription_id: a subscription not yet deleted.
    """

    files: dict[str, UploadedFile] = field(default_factory=dict)
    column_id: str | None = None
    column_name: str | None = None
    subscription_id: str | None = None


@dataclass(slots=True)
class ProbeRun:
    """The library under test and what the checks learn on the way.

    Attributes:
        gw: the gateway, built from the configuration.
        lib: the scratch library.
        settings: the configuration.
        suffix: the random part of every name the probe creates.
        roles: the token's application roles, or None when the token is no JWT.
        scratch: what was created so far.
        text_etag: the current eTag of the text file's list item (after the probe's writes).
        text_writes: how many field writes on the text file Graph accepted (each a version).
        user_read: whether the app may read users (None: not known).
    """

    gw: GraphGateway
    lib: ResolvedLibrary
    settings: Settings
    suffix: str
    roles: list[str] | None = None
    scratch: Scratch = field(default_factory=Scratch)
    text_etag: str | None = None
    text_writes: int = 0
    user_read: bool | None = None

    def file(self, role: str) -> UploadedFile | None:
        """The uploaded file of ``role``, if its upload worked and it has a list item."""
        up = self.scratch.files.get(role)
        return up if up is not None and up.list_item_id else None
