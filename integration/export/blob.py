"""The export in an Azure Blob Storage container (``$web`` for a static website, or any).

A streamed write stages blocks of 4 MiB under a fresh block id prefix and commits the block
list with its Content-Type and Cache-Control in one request: until the commit the previous
content stays visible, and uncommitted blocks of an interrupted write are invisible (the
service discards them after a week). A copy streams the source through the same path, so
it needs no read access to the source URL from the service side. Retries are the storage
SDK's own policy; errors leave as ``ExportTargetError`` naming container and path only, never
the connection string, key or SAS token. A released file of an active type (``filetypes``:
html, svg, xml, js, ...) is stored as ``application/octet-stream`` with
``Content-Disposition: attachment``, so browsers download it instead of running it as part of
the export's site. Archived copies of withdrawn releases go to a second container, created
private: the public base URL maps to the first one only.
"""

from __future__ import annotations

import base64
import contextlib
import io
import secrets
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlparse

from azure.core.credentials import AzureNamedKeyCredential, AzureSasCredential
from azure.core.exceptions import AzureError, ResourceExistsError, ResourceNotFoundError
from azure.identity.aio import DefaultAzureCredential
from azure.storage.blob import BlobBlock, ContentSettings
from azure.storage.blob.aio import BlobClient, ContainerClient

from config.export import BlobTargetSettings
from integration.errors import ExportTargetError
from integration.export.filetypes import is_active
from integration.export.paths import check_path

__all__ = ["BLOCK_SIZE", "BlobTarget"]

BLOCK_SIZE = 4 * 1024 * 1024
# keeps the SDK's own buffers (single-shot gets and puts) at the block size as well
_CLIENT_LIMITS: dict[str, Any] = {
    "max_single_get_size": BLOCK_SIZE,
    "max_chunk_get_size": BLOCK_SIZE,
    "max_single_put_size": BLOCK_SIZE,
    "max_block_size": BLOCK_SIZE,
}


def _content_settings(path: str, content_type: str, cache_control: str) -> ContentSettings:
    if is_active(path):
        return ContentSettings(
            content_type="application/octet-stream",
            content_disposition="attachment",
            cache_control=cache_control,
        )
    return ContentSettings(content_type=content_type, cache_control=cache_control)


def _account_name(account_url: str) -> str:
    parsed = urlparse(account_url)
    host = parsed.hostname or ""
    # path-style endpoints (Azurite, custom domains) carry the account as the first segment
    if host in ("127.0.0.1", "localhost") or host.replace(".", "").isdigit():
        return parsed.path.strip("/").split("/")[0]
    return host.split(".")[0]


class BlobTarget:
    """An ``ExportTarget`` on one Blob container; its archive is a second, private one."""

    def __init__(
        self, container: ContainerClient, archive: ContainerClient, *, closing: Any = None
    ) -> None:
        """Use ``container`` and ``archive``; ``closing`` is a credential to close with them."""
        self._container = container
        self._archive = archive
        self._archive_ready = False
        self._closing = closing

    @classmethod
    def from_settings(cls, settings: BlobTargetSettings) -> BlobTarget:
        """A target on the container ``settings`` name, with their one credential."""
        names = (settings.container, settings.archive_container)
        if settings.connection_string is not None:
            secret = settings.connection_string.get_secret_value()
            public, archive = (
                ContainerClient.from_connection_string(secret, name, **_CLIENT_LIMITS)
                for name in names
            )
            return cls(public, archive)
        credential: Any
        if settings.account_key is not None:
            key = settings.account_key.get_secret_value()
            credential = AzureNamedKeyCredential(_account_name(settings.account_url), key)
        elif settings.sas_token is not None:
            credential = AzureSasCredential(settings.sas_token.get_secret_value().lstrip("?"))
        else:
            credential = DefaultAzureCredential()
        public, archive = (
            ContainerClient(settings.account_url, name, credential=credential, **_CLIENT_LIMITS)
            for name in names
        )
        closing = credential if isinstance(credential, DefaultAzureCredential) else None
        return cls(public, archive, closing=closing)

    @contextmanager
    def _errors(
        self, action: str, path: str, container: ContainerClient | None = None
    ) -> Iterator[None]:
        try:
            yield
        except AzureError as err:
            status = getattr(err, "status_code", None)
            code = getattr(err, "error_code", None)
            name = (container or self._container).container_name
            raise ExportTargetError(
                f"blob container {name}: cannot {action} {path}"
                f" ({type(err).__name__}, status {status}, code {code})"
            ) from err

    def _blob(self, path: str, container: ContainerClient | None = None) -> BlobClient:
        return (container or self._container).get_blob_client(check_path(path))

    async def ensure_container(self) -> None:
        """Create the container if it does not exist (``$web`` exists once the static
        website is enabled)."""
        with self._errors("create", "the container"):
            try:
                await self._container.create_container()
            except ResourceExistsError:
                return

    async def put_stream(
        self, path: str, chunks: AsyncIterator[bytes], content_type: str, cache_control: str
    ) -> None:
        """See ``ExportTarget.put_stream``."""
        settings = _content_settings(path, content_type, cache_control)
        await self._stage(self._container, path, chunks, settings)

    async def _stage(
        self,
        container: ContainerClient,
        path: str,
        chunks: AsyncIterator[bytes],
        settings: ContentSettings,
    ) -> None:
        blob = self._blob(path, container)
        prefix = secrets.token_hex(8)
        block_ids: list[BlobBlock] = []
        buffer = bytearray()

        async def stage(data: bytes) -> None:
            block_id = base64.b64encode(f"{prefix}-{len(block_ids):08d}".encode()).decode()
            with self._errors("write", path, container):
                # a stream, not bytes: aiohttp warns that a large bytes body blocks the loop
                await blob.stage_block(block_id, io.BytesIO(data), length=len(data))
            block_ids.append(BlobBlock(block_id=block_id))

        async for chunk in chunks:
            buffer += chunk
            while len(buffer) >= BLOCK_SIZE:
                await stage(bytes(buffer[:BLOCK_SIZE]))
                del buffer[:BLOCK_SIZE]
        if buffer or not block_ids:
            await stage(bytes(buffer))
        with self._errors("write", path, container):
            await blob.commit_block_list(block_ids, content_settings=settings)

    async def put_bytes(
        self, path: str, data: bytes, content_type: str, cache_control: str
    ) -> None:
        """See ``ExportTarget.put_bytes``."""
        settings = _content_settings(path, content_type, cache_control)
        blob = self._blob(path)
        with self._errors("write", path):
            await blob.upload_blob(data, overwrite=True, content_settings=settings)

    async def copy(self, source: str, path: str, content_type: str, cache_control: str) -> None:
        """See ``ExportTarget.copy``."""
        origin = self._blob(source)
        check_path(path)
        with self._errors("read", source):
            try:
                download = await origin.download_blob()
            except ResourceNotFoundError as err:
                raise ExportTargetError(
                    f"blob container {self._container.container_name}: {source} does not exist"
                ) from err

        async def chunks() -> AsyncIterator[bytes]:
            with self._errors("read", source):
                async for chunk in download.chunks():
                    yield chunk

        await self.put_stream(path, chunks(), content_type, cache_control)

    async def get_bytes(self, path: str) -> bytes | None:
        """See ``ExportTarget.get_bytes``."""
        blob = self._blob(path)
        with self._errors("read", path):
            try:
                download = await blob.download_blob()
            except ResourceNotFoundError:
                return None
            return await download.readall()

    async def delete(self, path: str) -> None:
        """See ``ExportTarget.delete``."""
        blob = self._blob(path)
        with self._errors("delete", path):
            try:
                await blob.delete_blob(delete_snapshots="include")
            except ResourceNotFoundError:
                return

    async def archive(self, path: str) -> None:
        """See ``ExportTarget.archive``; the blob keeps its content settings there."""
        origin = self._blob(path)
        with self._errors("read", path):
            try:
                download = await origin.download_blob()
            except ResourceNotFoundError:
                return  # archived before
        if not self._archive_ready:
            with (
                self._errors("create", "the container", self._archive),
                contextlib.suppress(ResourceExistsError),
            ):
                # private: no public access level is set
                await self._archive.create_container()
            self._archive_ready = True

        async def chunks() -> AsyncIterator[bytes]:
            with self._errors("read", path):
                async for chunk in download.chunks():
                    yield chunk

        settings = download.properties.content_settings
        await self._stage(self._archive, path, chunks(), settings)
        await self.delete(path)

    async def exists(self, path: str) -> bool:
        """See ``ExportTarget.exists``."""
        blob = self._blob(path)
        with self._errors("inspect", path):
            return bool(await blob.exists())

    async def list(self, prefix: str) -> list[str]:
        """See ``ExportTarget.list``."""
        start = f"{check_path(prefix)}/"
        with self._errors("list", prefix):
            return sorted([b.name async for b in self._container.list_blobs(start)])

    async def discard_partials(self) -> None:
        """Nothing to do: uncommitted blocks are invisible and expire on their own."""

    async def aclose(self) -> None:
        """Close the container clients (and a ``DefaultAzureCredential`` they opened)."""
        await self._container.close()
        await self._archive.close()
        if self._closing is not None:
            await self._closing.close()
