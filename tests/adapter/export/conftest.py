"""Export targets on a folder and on Azurite, a state store, and a loopback web server."""

from __future__ import annotations

import socket
import subprocess
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from config.export import DEFAULT_ALLOWED_EXTENSIONS, BlobTargetSettings
from integration.export import BlobTarget, ExportTarget, FolderTarget, Publisher, SiteOptions
from integration.state import StateStore
from integration.state.publications import PublicationRepository
from tests import support

ROOT = Path(__file__).resolve().parents[3]
AZURITE = ROOT / "tools" / "real-parts" / "node_modules" / ".bin" / "azurite-blob"
# Azurite's documented development account key (public, the same on every machine)
DEV_ACCOUNT_KEY = (
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)
BASE_URL = "https://export.allianz.example"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def azurite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Blob endpoint of an Azurite started for this session on loopback."""
    if not AZURITE.exists():
        pytest.fail(f"Azurite is missing ({AZURITE}): run tools/install-real-parts.sh")
    port = free_port()
    location = tmp_path_factory.mktemp("azurite")
    command = [str(AZURITE), "--blobHost", "127.0.0.1", "--blobPort", str(port)]
    command += ["--location", str(location), "--silent", "--skipApiVersionCheck"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        support.wait_for_port(port, process, what="Azurite", timeout=30)
        yield f"http://127.0.0.1:{port}/devstoreaccount1"
    finally:
        process.terminate()
        try:
            # a graceful stop waits for idle keep-alive connections; no need to wait long
            process.wait(timeout=3)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def blob_settings(endpoint: str, container: str | None = None) -> BlobTargetSettings:
    """A fresh container (or ``container``) with an archive container of its own."""
    name = container or f"t{uuid.uuid4().hex}"
    return BlobTargetSettings(
        account_url=endpoint,
        container=name,
        account_key=SecretStr(DEV_ACCOUNT_KEY),
        public_base_url=BASE_URL,
        archive_container=f"a{uuid.uuid4().hex}",
    )


@pytest.fixture(params=["folder", "blob"])
async def target(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ExportTarget]:
    """Each real target, empty: a folder, and a fresh container on Azurite."""
    if request.param == "folder":
        yield FolderTarget(tmp_path / "export")
        return
    blob = BlobTarget.from_settings(blob_settings(request.getfixturevalue("azurite")))
    await blob.ensure_container()
    try:
        yield blob
    finally:
        await blob.aclose()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StateStore]:
    with StateStore.open(tmp_path / "state.db") as opened:
        yield opened


@pytest.fixture
def export_root(tmp_path: Path) -> Path:
    return tmp_path / "export"


PublisherFactory = Callable[..., Publisher]


@pytest.fixture
def make_publisher(store: StateStore, export_root: Path) -> PublisherFactory:
    """A publisher on the folder ``export_root`` (or ``target``) keeping books in ``store``;
    ``clock=`` gives the time of its withdrawals."""

    def make(
        target: ExportTarget | None = None, *, keep_archive: bool = True, **options: Any
    ) -> Publisher:
        site = SiteOptions(
            base_url=options.get("base_url", BASE_URL),
            title=options.get("title", "Freigegebene Dokumente der Allianz"),
            keep_archive=keep_archive,
            allowed_extensions=options.get("allowed_extensions", DEFAULT_ALLOWED_EXTENSIONS),
            pdf=options.get("pdf", True),
        )
        clock = options.get("clock", lambda: datetime.now(UTC))
        target = target or FolderTarget(export_root)
        return Publisher(target, PublicationRepository(store), site, clock=clock)

    return make


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


@pytest.fixture
def web_server(export_root: Path) -> Iterator[str]:
    """``export_root`` served on loopback by ``http.server``; yields the base URL."""
    export_root.mkdir(parents=True, exist_ok=True)
    handler = partial(_QuietHandler, directory=str(export_root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
