"""Settings of the public export: where it goes, how it is reached, what it keeps.

The root settings embed ``ExportSettings`` as their ``export`` section; nothing here reads
the environment.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator

from config.base import Section

__all__ = [
    "DEFAULT_ALLOWED_EXTENSIONS",
    "BlobTargetSettings",
    "ExportSettings",
    "FolderTargetSettings",
    "default_archive_folder",
    "default_export_folder",
]

DEFAULT_ALLOWED_EXTENSIONS = frozenset(
    {
        "pdf",
        "docx", "dotx", "xlsx", "xltx", "pptx", "potx", "ppsx",  # Office
        "doc", "xls", "ppt",  # older Office files, still how many members save
        "odt", "ods", "odp",  # OpenDocument
        "txt", "csv",  # plain text
        "png", "jpg", "jpeg", "gif", "webp",  # images that hold no script
    }
)  # fmt: skip
"""What the alliance publishes: documents and images. Not by default: the active types
(``integration.export.filetypes``), the macro-enabled Office types (docm, xlsm, pptm, ...: a
position paper needs no macro), RTF (embeds OLE objects), archives and programs."""

# what ``integration.export.paths.extension`` can give: an entry of any other shape would
# never match a file
_EXTENSION = re.compile(r"[a-z0-9]{1,10}")


def default_export_folder(state_path: Path) -> Path:
    """The export folder when none is named: "export" beside the state file.

    Beside the state file because that folder is the one a container keeps on its volume.
    """
    return state_path.parent / "export"


def default_archive_folder(export_folder: Path) -> Path:
    """The archive of withdrawn releases when none is named: ``<export folder>-archiv``.

    A sibling, not a subfolder: whatever serves the export folder does not serve it, and it
    stays on the same volume.
    """
    return export_folder.with_name(f"{export_folder.name}-archiv")


def _no_trailing_slash(url: str) -> str:
    return url.rstrip("/")


class FolderTargetSettings(Section):
    """A local folder that a web server serves at ``public_base_url``.

    Attributes:
        kind: always ``folder``.
        path: the export root; created when missing. The loader fills in
            :func:`default_export_folder` when the configuration names none.
        public_base_url: the URL at which the web server serves ``path``.
        archive_path: where versioned copies of withdrawn releases go when they are kept
            (``keep_archive``); outside ``path``, so the web server does not serve them.
            None: :func:`default_archive_folder` of ``path``.
    """

    kind: Literal["folder"] = "folder"
    path: Path
    public_base_url: str
    archive_path: Path | None = None

    @model_validator(mode="after")
    def _trim(self) -> Self:
        object.__setattr__(self, "public_base_url", _no_trailing_slash(self.public_base_url))
        archive = self.archive_path
        if archive is not None and archive.resolve().is_relative_to(self.path.resolve()):
            raise ValueError("archive_path lies inside path: the web server would serve it")
        return self


class BlobTargetSettings(Section):
    """An Azure Blob Storage container (by default the static website container ``$web``).

    Exactly one way to authenticate: ``connection_string``, ``account_key``, ``sas_token``
    or ``use_default_credential`` (``DefaultAzureCredential``: managed or workload identity).

    Attributes:
        kind: always ``blob``.
        account_url: e.g. ``https://allianz.blob.core.windows.net``; ignored for the
            endpoint when a connection string names one.
        container: the container the export lives in.
        connection_string: a storage connection string (secret).
        account_key: the storage account key (secret); the account name is taken from
            ``account_url``.
        sas_token: a SAS token with read, write, delete and list rights (secret).
        use_default_credential: authenticate with ``DefaultAzureCredential``.
        public_base_url: where the public reads the container, e.g. the static website URL.
        archive_container: the container versioned copies of withdrawn releases go to when
            they are kept (``keep_archive``); created private (no public access) if missing,
            so the public base URL, which maps to ``container``, does not serve them.
    """

    kind: Literal["blob"] = "blob"
    account_url: str = ""
    container: str = "$web"
    connection_string: SecretStr | None = None
    account_key: SecretStr | None = None
    sas_token: SecretStr | None = None
    use_default_credential: bool = False
    public_base_url: str
    archive_container: str = "freigabe-archiv"

    @model_validator(mode="after")
    def _one_credential(self) -> Self:
        chosen = [
            name
            for name, given in (
                ("connection_string", self.connection_string is not None),
                ("account_key", self.account_key is not None),
                ("sas_token", self.sas_token is not None),
                ("use_default_credential", self.use_default_credential),
            )
            if given
        ]
        if len(chosen) != 1:
            raise ValueError(
                "set exactly one of connection_string, account_key, sas_token,"
                f" use_default_credential (got {', '.join(chosen) or 'none'})"
            )
        if self.archive_container == self.container:
            raise ValueError("archive_container is the public container: it would be served")
        if self.connection_string is None and not self.account_url:
            raise ValueError("account_url is required unless a connection_string is given")
        object.__setattr__(self, "public_base_url", _no_trailing_slash(self.public_base_url))
        return self


class ExportSettings(Section):
    """The public export.

    Attributes:
        target: the folder or Blob container the export is written to.
        keep_archive: keep the versioned copy of a superseded release public, and that of
            a withdrawn release in the target's archive (outside the public root).
        site_title: the heading of ``index.html`` and the title of the feed; None: "Freigegebene
            Dokumente", or "Released documents" when the language is English.
        allowed_extensions: the file types published (extensions without the dot); a
            released file of another type is refused and recorded as that document's
            problem (``filetypes``).
        pdf: publish beside each released Office document the PDF SharePoint makes of the
            voted content (Graph's conversion), listed in manifest, index and feed.
    """

    target: Annotated[FolderTargetSettings | BlobTargetSettings, Field(discriminator="kind")]
    keep_archive: bool = True
    site_title: str | None = None
    allowed_extensions: tuple[str, ...] = tuple(sorted(DEFAULT_ALLOWED_EXTENSIONS))
    pdf: bool = True

    @field_validator("allowed_extensions")
    @classmethod
    def _extensions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError(
                "lists no type, so nothing could be published; leave it out for the defaults"
            )
        normalised = set()
        for entry in value:
            ext = entry.strip().lower().removeprefix(".")
            if not _EXTENSION.fullmatch(ext):
                raise ValueError(
                    f"{entry!r} is not a file extension: up to 10 letters a-z or digits, without"
                    " the dot, e.g. pdf or docx"
                )
            normalised.add(ext)
        return tuple(sorted(normalised))
