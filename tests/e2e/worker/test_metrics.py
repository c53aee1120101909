"""The worker's metrics: Graph round trips, throttling, and the gauges fed by the jobs."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

from integration.graph.client import GraphExchange
from jobs.worker.metrics import Metrics

DELTA = "GET /drives/{id}/root/delta"


@pytest.mark.parametrize(
    ("status", "label", "throttled"),
    [(200, "200", 0), (429, "429", 1), (503, "503", 1), (504, "504", 0), (None, "none", 0)],
)
def test_graph_exchange_counted_by_endpoint_and_status(
    status: int | None, label: str, throttled: int
) -> None:
    """Each round trip counts under its endpoint template; 429 and 503 count as throttling."""
    metrics = Metrics()
    metrics.graph_exchange(GraphExchange("GET", "/v1.0/drives/b%21x/root/delta", status))
    get = metrics.registry.get_sample_value
    assert get("freigabe_graph_requests_total", {"endpoint": DELTA, "status": label}) == 1
    assert (get("freigabe_graph_throttled_total", {"endpoint": DELTA}) or 0) == throttled


def test_gauges_fed_by_the_jobs_render_in_the_own_registry() -> None:
    """The lead's feeds reach /metrics; nothing lands in the process-global registry."""
    metrics = Metrics()
    metrics.sync_done(events=4, open_rounds=2)
    metrics.outbox(depth=7, failed=1)
    metrics.published(3)
    text = metrics.render().decode()
    for line in (
        "freigabe_events_recorded_total 4.0",
        "freigabe_open_rounds 2.0",
        "freigabe_outbox_depth 7.0",
        "freigabe_outbox_failures_total 1.0",
        "freigabe_publications_total 3.0",
    ):
        assert line in text.splitlines()
    assert REGISTRY.get_sample_value("freigabe_open_rounds") is None
