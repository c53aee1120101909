"""Logging: structlog, JSON when not on a terminal, readable on one; secrets never printed.

Every secret the process knows (client secret, certificate password, static token, webhook
URLs) is registered with :func:`register_secret`; a processor replaces it in every log field,
and a pattern catches bearer tokens and signed query strings it was never told about.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any, TextIO

import structlog

__all__ = ["configure_logging", "redact", "register_secret"]

_secrets: set[str] = set()
_PATTERNS = re.compile(
    r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+|"
    r"([?&](?:sig|code|token|client_secret|access_token)=)[^&\s\"']+"
)
_MASK = "***"


def register_secret(value: str | None) -> None:
    """Never print ``value`` in a log line from now on (values under 4 characters are ignored)."""
    if value and len(value) >= 4:
        _secrets.add(value)


def redact(text: str) -> str:
    """``text`` with every registered secret and every bearer token masked."""
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, _MASK)
    return _PATTERNS.sub(lambda m: (m.group(1) or m.group(2) or "") + _MASK, text)


def _redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _redact_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_value(v) for v in value]
    if isinstance(value, BaseException):
        return redact(f"{type(value).__name__}: {value}")
    return value


def _redacting(
    _logger: Any, _name: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    return {k: _redact_value(v) for k, v in event_dict.items()}


def configure_logging(
    *, fmt: str = "auto", level: str = "info", stream: TextIO | None = None
) -> None:
    """Configure structlog once per process; ``fmt`` is auto, json or console.

    The standard library's loggers (asyncio, the HTTP and Azure libraries underneath) write
    through the same renderer: one JSON object per line, tracebacks inside it, redacted.
    """
    out = stream or sys.stderr
    as_json = fmt == "json" or (fmt == "auto" and not out.isatty())
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if as_json
        else structlog.dev.ConsoleRenderer(colors=out.isatty())
    )
    shared: list[Any] = [
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        _redacting,
    ]
    structlog.configure(
        processors=[structlog.contextvars.merge_contextvars, *shared, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping()[level.upper()]
        ),
        logger_factory=structlog.PrintLoggerFactory(file=out),
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(out)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[structlog.stdlib.add_logger_name, *shared],
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    # Libraries underneath log through the standard library: keep them quiet and redacted.
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
    for noisy in ("azure", "httpx", "httpcore", "kiota_http", "msgraph"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
