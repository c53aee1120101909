"""The worker's Prometheus metrics, in a registry of their own (never the process-global one).

The jobs feed them through the methods of :class:`Metrics`; ``/metrics`` renders them. Metric
names and labels are part of the operators' dashboards: change them only on purpose.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from prometheus_client import CONTENT_TYPE_LATEST as CONTENT_TYPE
from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest

from integration.graph.client import GraphExchange
from jobs.worker.endpoints import endpoint_key
from jobs.worker.http_rejections import REASONS as HTTP_REJECTIONS

__all__ = ["CONTENT_TYPE", "Metrics", "reason_counter"]

# Graph's throttling answers; integration.graph.throttle waits (Retry-After) and retries each.
_THROTTLING = frozenset({429, 503})
_NO_ANSWER = "none"


def reason_counter(
    name: str, documentation: str, reasons: Iterable[str], registry: CollectorRegistry
) -> Counter:
    """A counter labelled ``reason``, every one of ``reasons`` present at 0 from the start."""
    counter = Counter(name, documentation, ["reason"], registry=registry)
    for reason in reasons:  # dashboards see every reason, at 0 until it happens
        counter.labels(reason)
    return counter


class Metrics:
    """Counters and gauges of one worker process.

    Attributes:
        registry: the registry every metric here belongs to.
    """

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self._runs = Counter("freigabe_job_runs", "Job runs finished.", ["job"], registry=r)
        self._failures = Counter(
            "freigabe_job_failures", "Job runs that failed.", ["job"], registry=r
        )
        self._last_success = Gauge(
            "freigabe_job_last_success_timestamp_seconds",
            "Unix time the job last finished without error.",
            ["job"],
            registry=r,
        )
        self._requests = Counter(
            "freigabe_graph_requests",
            "Graph round trips (retries and downloads included) by endpoint template and status.",
            ["endpoint", "status"],
            registry=r,
        )
        self._throttled = Counter(
            "freigabe_graph_throttled",
            "Graph answers 429 or 503: each one means a wait before the retry.",
            ["endpoint"],
            registry=r,
        )
        self._events = Counter(
            "freigabe_events_recorded", "Document events the sync recorded.", registry=r
        )
        self._open_rounds = Gauge(
            "freigabe_open_rounds", "Vote rounds open after the last sync.", registry=r
        )
        self._outbox_depth = Gauge(
            "freigabe_outbox_depth", "Notifications waiting in the outbox.", registry=r
        )
        self._outbox_failures = Counter(
            "freigabe_outbox_failures", "Notifications that could not be delivered.", registry=r
        )
        self._stuck = Gauge(
            "freigabe_documents_stuck",
            "Documents a stage could not bring up to date (tried again every cycle), by stage.",
            ["stage"],
            registry=r,
        )
        self._publications = Counter(
            "freigabe_publications", "Documents published to the export.", registry=r
        )
        self._http_rejected = reason_counter(
            "freigabe_http_rejected",
            "Connections and requests the worker's port refused or cut off, by reason.",
            HTTP_REJECTIONS,
            r,
        )
        self._http_connections = Gauge(
            "freigabe_http_connections", "Connections open on the worker's port.", registry=r
        )
        self._leader = Gauge(
            "freigabe_leader",
            "1 while this replica leads (runs the jobs), 0 while it stands by.",
            registry=r,
        )
        self._leader_changes = Counter(
            "freigabe_leader_changes",
            "Times this replica became the leader or stopped being it.",
            registry=r,
        )

    def graph_exchange(self, exchange: GraphExchange) -> None:
        """Count one Graph round trip (an :data:`integration.graph.client.ExchangeObserver`)."""
        endpoint = endpoint_key(exchange.method, exchange.path)
        status = _NO_ANSWER if exchange.status is None else str(exchange.status)
        self._requests.labels(endpoint, status).inc()
        if exchange.status in _THROTTLING:
            self._throttled.labels(endpoint).inc()

    def job_finished(self, job: str, *, ok: bool, at: datetime) -> None:
        """Count one run of ``job`` that ended at ``at``; ``ok`` when it raised nothing."""
        self._runs.labels(job).inc()
        if ok:
            self._last_success.labels(job).set(at.timestamp())
        else:
            self._failures.labels(job).inc()

    def sync_done(self, *, events: int, open_rounds: int) -> None:
        """After a sync and its enforcement: events it recorded, rounds open now."""
        self._events.inc(events)
        self._open_rounds.set(open_rounds)

    def stuck(self, counts: Mapping[str, int]) -> None:
        """After a cycle: documents held up at each stage (enforce, publish, link)."""
        for stage, count in counts.items():
            self._stuck.labels(stage).set(count)

    def outbox(self, *, depth: int, failed: int = 0) -> None:
        """After an outbox pass: notifications still waiting, deliveries that failed for good."""
        self._outbox_depth.set(depth)
        self._outbox_failures.inc(failed)

    def published(self, count: int = 1) -> None:
        """Count ``count`` documents published."""
        self._publications.inc(count)

    def http_rejected(self, reason: str) -> None:
        """Count one refusal of the HTTP port (a reason of :data:`HTTP_REJECTIONS`)."""
        self._http_rejected.labels(reason).inc()

    def http_connections(self, count: int) -> None:
        """Connections open on the HTTP port now."""
        self._http_connections.set(count)

    def leading(self, leads: bool) -> None:
        """Record this replica's role after a change."""
        self._leader.set(1 if leads else 0)
        self._leader_changes.inc()

    def render(self) -> bytes:
        """Every metric in Prometheus' text format (:data:`CONTENT_TYPE`)."""
        return generate_latest(self.registry)
