"""Lines of the standard library's loggers (asyncio, libraries) come out as JSON, redacted."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from jobs.logs import configure_logging, register_secret

SECRET = "stdlib-redaction-probe-7Qx"  # not a suite secret: pytest captures raw records


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    """The service's JSON logging into a buffer; the old setup restored after."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    out = io.StringIO()
    configure_logging(fmt="json", level="info", stream=out)
    yield out
    structlog.reset_defaults()
    root.handlers[:], root.level = saved


def test_a_library_traceback_is_one_json_line_without_secrets(stream: io.StringIO) -> None:
    """asyncio's accept error with its traceback: one JSON object, the secret masked."""
    register_secret(SECRET)
    try:
        raise OSError(24, f"Too many open files {SECRET}")
    except OSError:
        logging.getLogger("asyncio").exception("socket.accept() out of system resource")
    logging.getLogger("httpx").warning("token %s in a message", SECRET)

    lines = stream.getvalue().splitlines()

    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert (first["event"], first["logger"], first["level"]) == (
        "socket.accept() out of system resource",
        "asyncio",
        "error",
    )
    assert "Traceback" in first["exception"]
    assert second["event"] == "token *** in a message"
    assert SECRET not in stream.getvalue()
