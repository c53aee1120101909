"""deploy/nginx/export.conf run by a real nginx: released files are downloads, nothing else is."""

from __future__ import annotations

import getpass
import os
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest

from tests.e2e.worker.conftest import free_port, wait_for

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "export.conf"


@pytest.fixture
def web(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """nginx serving a state folder laid out as the worker's volume; its URL and that folder."""
    state = tmp_path / "state"
    (state / "export" / "dokumente" / "a").mkdir(parents=True)
    port = free_port()
    server = CONF.read_text(encoding="utf-8")
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};")
    server = server.replace("/srv/freigabe", str(state))
    # Workers as the starting user: pytest's temporary folders are private to it.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"daemon off; {user} pid {tmp_path}/nginx.pid; error_log stderr;\n"
        f"events {{}}\nhttp {{ access_log off; client_body_temp_path {tmp_path}; {server} }}\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        ["nginx", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for("nginx", lambda: _get(url + "/") or None, timeout=10)
        yield url, state
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _get(url: str) -> tuple[int, Message[str, str]] | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:  # noqa: S310 - loopback only
            return resp.status, resp.headers
    except urllib.error.HTTPError as err:
        return err.code, err.headers
    except (urllib.error.URLError, ConnectionError):
        time.sleep(0.05)
        return None


def test_released_files_are_attachments_and_the_state_stays_unserved(
    web: tuple[str, Path],
) -> None:
    """A released .html downloads; the index is a page; the state file beside is not served."""
    url, state = web
    (state / "export" / "index.html").write_text("<h1>Freigaben</h1>", encoding="utf-8")
    (state / "export" / "dokumente" / "a" / "x.html").write_text("<script>", encoding="utf-8")
    (state / "freigabe.sqlite").write_bytes(b"SQLite format 3\0")
    released = _get(url + "/dokumente/a/x.html")
    assert released is not None
    assert released[0] == 200
    assert released[1]["Content-Disposition"] == "attachment"
    assert released[1]["X-Content-Type-Options"] == "nosniff"
    index = _get(url + "/")
    assert index is not None
    assert index[0] == 200
    assert index[1]["Content-Disposition"] is None
    assert index[1]["X-Content-Type-Options"] == "nosniff"
    for escape in ("/../freigabe.sqlite", "/%2e%2e/freigabe.sqlite", "/freigabe.sqlite"):
        answer = _get(url + escape)
        assert answer is not None
        assert answer[0] in {400, 404}, escape
