"""The smaller settings sections: Graph access, column names, logging, the worker."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from config.base import Section
from config.clouds import checked_url, normalise_graph_base_url
from config.fields import CaseInsensitive, ColumnName, Secret, reject

__all__ = [
    "ColumnSettings",
    "GraphSettings",
    "LogFormat",
    "LogLevel",
    "LogSettings",
    "WatchStrategy",
    "WorkerSettings",
]


class WatchStrategy(StrEnum):
    """How changes in a library are found."""

    DRIVE_DELTA = "drive_delta"
    LIST_ITEM_DELTA = "list_item_delta"


class GraphSettings(Section):
    """How freigabe talks to Microsoft Graph.

    Attributes:
        base_url: replaces the cloud's Graph URL (a simulator or proxy); ends with ``/v1.0``.
        timeout_seconds: per request.
        max_retries: the most times one throttled request (429/503/504) is sent again.
        throttle_budget_seconds: how long one cycle may wait in all for throttled requests,
            honouring each Retry-After; past it the cycle stops and the next one continues.
        page_size: ``$top`` of delta requests.
        watch_strategy: how changes are found.
    """

    base_url: Annotated[str, AfterValidator(normalise_graph_base_url)] | None = None
    timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    max_retries: int = Field(default=30, ge=0, le=100)
    throttle_budget_seconds: float = Field(default=600.0, ge=0, le=86400)
    page_size: int = Field(default=200, ge=1, le=1000)
    watch_strategy: Annotated[WatchStrategy, CaseInsensitive] = WatchStrategy.DRIVE_DELTA


_DEFAULT_REQUIRED = ("Dokumenttyp", "Aktivitaet", "Zusammenfassung")
_SERVICE_COLUMNS = ("status", "lead", "version_under_vote", "deadline", "public_link", "protocol")


class ColumnSettings(Section):
    """Internal names of the library columns the release process reads and writes.

    Attributes:
        status: the release status (Entwurf, Zur Abstimmung, Freigegeben, ...).
        lead: the organisation in charge of the document.
        vote_prefix: prefix of each organisation's vote column (``Votum_`` + code).
        version_under_vote: the content hash the current round votes on.
        deadline: end of the current round.
        public_link: where the released document is published.
        protocol: the round's record, written by the service.
        activity: the activity the steering group's leadership table is keyed by.
        document_type: groups the public index (e.g. Positionspapier, Praxisbeispiel).
        summary: the short text shown in the public index, manifest and feed.
        required: columns a document needs before it can be submitted.
    """

    status: ColumnName = "FreigabeStatus"
    lead: ColumnName = "Federfuehrung"
    vote_prefix: ColumnName = "Votum_"
    version_under_vote: ColumnName = "AbstimmungFassung"
    deadline: ColumnName = "AbstimmungFrist"
    public_link: ColumnName = "OeffentlicherLink"
    protocol: ColumnName = "FreigabeProtokoll"
    activity: ColumnName = "Aktivitaet"
    document_type: ColumnName = "Dokumenttyp"
    summary: ColumnName = "Zusammenfassung"
    required: tuple[ColumnName, ...] = _DEFAULT_REQUIRED

    @model_validator(mode="after")
    def _distinct(self) -> ColumnSettings:
        seen: dict[str, str] = {}
        findings: list[tuple[tuple[str | int, ...], str]] = []
        for name in _SERVICE_COLUMNS:
            column = getattr(self, name)
            if column in seen:
                findings.append(((name,), f"{column} is already the column for {seen[column]}"))
            seen.setdefault(column, name)
        reject("ColumnSettings", findings)
        return self


class LogFormat(StrEnum):
    """How log lines are written; ``auto`` means console on a terminal, JSON otherwise."""

    AUTO = "auto"
    JSON = "json"
    CONSOLE = "console"


class LogLevel(StrEnum):
    """The least severe log level written."""

    DEBUG = "debug"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class LogSettings(Section):
    """Logging output.

    Attributes:
        format: auto, json or console.
        level: debug, info, warning or error.
    """

    format: Annotated[LogFormat, CaseInsensitive] = LogFormat.AUTO
    level: Annotated[LogLevel, CaseInsensitive] = LogLevel.INFO


def _status_url(url: str) -> str:
    # a query would be where a token ends up, and a link must not carry the token
    return checked_url(url, example="https://intranet.example.org/freigabe/status").geturl()


class StatusPageSettings(Section):
    """The status page (``GET /status`` on the worker's port): open rounds, votes, decisions.

    Attributes:
        token: the bearer token every request must carry; without one the page is not
            served at all (it names documents that are not public). A secret: from
            ``FREIGABE_WORKER__STATUS__TOKEN`` or its ``_FILE``.
        url: where members open the page (through the intranet proxy that signs them in and
            adds the token); the weekly digest links it. No link when unset.
    """

    token: Secret | None = None
    url: Annotated[str, AfterValidator(_status_url)] | None = None


class WorkerSettings(Section):
    """The long-running worker (``freigabe run``) and its HTTP port.

    Attributes:
        host: address the port for /healthz, /readyz, /metrics (and the Graph notification
            endpoint) listens on; all IPv4 interfaces by default, as a container needs.
        port: that port.
        grace_seconds: after SIGTERM or SIGINT, how long the running step may take to finish
            before it is cancelled.
        ready_max_intervals: /readyz answers 503 once the last successful sync is older than
            this many poll intervals.
        idle_timeout_seconds: how long a connection may wait for its next request (a new one
            for its first) before the server closes it.
        header_timeout_seconds: how long a request head may take from its first byte.
        body_timeout_seconds: how long a request body may take after its head, and an answer
            may take to be taken by the client.
        max_connections: connections open at once; when full, the one that has waited
            longest for a request is closed to make room, else the new one is refused.
        max_header_bytes: the largest request head (request line and headers); larger: 431.
        max_body_bytes: the largest request body; larger: 413, refused unread. The
            notification endpoint's own ``notifications.max_body_bytes`` applies within it.
        status: the status page, served only with a bearer token.
    """

    # the container's probes and Prometheus reach the port from outside
    host: str = Field(default="0.0.0.0", min_length=1)  # noqa: S104 - all interfaces on purpose
    port: int = Field(default=8080, ge=1, le=65535)
    grace_seconds: float = Field(default=30.0, gt=0, le=3600)
    ready_max_intervals: int = Field(default=3, ge=1, le=1000)
    # Probes and scrapes send their request at once; Prometheus' keep-alive outlives 5 s
    # only between scrapes, and reconnecting then costs nothing.
    idle_timeout_seconds: float = Field(default=5.0, gt=0, le=300)
    header_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    body_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    # Probes, one Prometheus and Graph's notifications need a handful; each costs a descriptor.
    max_connections: int = Field(default=100, ge=1, le=10000)
    max_header_bytes: int = Field(default=16384, ge=1024, le=1048576)
    max_body_bytes: int = Field(default=1_000_000, ge=0, le=100_000_000)
    status: StatusPageSettings = StatusPageSettings()
