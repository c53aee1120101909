"""Throttling storms against the simulator: every Retry-After honoured, within the budget."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

from config import Settings, load_settings
from freigabe_devtools.graphsim import SimulatorServer, Tenant
from integration.errors import Throttled
from integration.graph.client import build_gateway
from integration.graph.delta import drive_delta
from integration.graph.items import read_fields
from integration.graph.sites import resolve_library
from integration.graph.throttle import retry_after_seconds
from tests import support

DELTA = "GET /drives/{id}/root/delta"
ITEM = "GET /sites/{id}/lists/{id}/items/{id}"


class Waits:
    """Records the waits instead of sleeping them."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def _settings(server: SimulatorServer, tmp_path: Path, **graph: Any) -> Settings:
    data = support.config(server.base_url, tmp_path / "s.sqlite", **graph)
    return load_settings(support.write_config(tmp_path / "c.yaml", data), environ={})


async def test_a_storm_of_429_and_503_is_ridden_out(
    server: SimulatorServer, tenant: Tenant, tmp_path: Path
) -> None:
    """8 consecutive 429s and 3 503s, each with Retry-After 1: 11 waits of 1 s, then success."""
    settings = _settings(server, tmp_path)
    waits = Waits()
    async with build_gateway(settings, sleep=waits) as gw:
        lib = await resolve_library(gw, settings.libraries[0])
        tenant.faults.add(kind="status", status=429, retry_after=1, endpoint=DELTA, count=8)
        tenant.faults.add(kind="status", status=503, retry_after=1, endpoint=DELTA, count=3)
        tenant.stats.reset()
        page = await drive_delta(gw, lib, None)
    assert [c.name for c in page.items if c.is_file] == [f"Dokument {i:02d}.docx" for i in range(3)]
    assert waits.waits == [1.0] * 11
    assert tenant.stats.round_trips[DELTA] == 12


async def test_throttled_batch_entries_are_sent_again_after_their_retry_after(
    server: SimulatorServer, tenant: Tenant, tmp_path: Path
) -> None:
    """Four throttled inner requests in a row: each wait is the inner Retry-After."""
    settings = _settings(server, tmp_path)
    waits = Waits()
    async with build_gateway(settings, sleep=waits) as gw:
        lib = await resolve_library(gw, settings.libraries[0])
        tenant.faults.add(
            kind="status", status=429, retry_after=2, endpoint=ITEM, count=4, inner=True
        )
        fields = await read_fields(gw, lib, ["1"], ["Title"])
    assert fields["1"].fields["Title"] == "Dokument 0"
    assert waits.waits == [2.0] * 4


async def test_a_wait_beyond_the_budget_gives_up_at_once(
    server: SimulatorServer, tenant: Tenant, tmp_path: Path
) -> None:
    """A Retry-After longer than the cycle's budget is not waited: Throttled, no sleep."""
    settings = _settings(server, tmp_path, throttle_budget_seconds=30)
    waits = Waits()
    async with build_gateway(settings, sleep=waits) as gw:
        lib = await resolve_library(gw, settings.libraries[0])
        tenant.faults.add(kind="status", status=429, retry_after=3600, endpoint=DELTA)
        with pytest.raises(Throttled, match="429"):
            await drive_delta(gw, lib, None)
    assert waits.waits == []


async def test_the_budget_is_per_cycle(
    server: SimulatorServer, tenant: Tenant, tmp_path: Path
) -> None:
    """Waits add up within a cycle until the budget is spent; a new cycle starts afresh."""
    settings = _settings(server, tmp_path, throttle_budget_seconds=5)
    waits = Waits()
    async with build_gateway(settings, sleep=waits) as gw:
        lib = await resolve_library(gw, settings.libraries[0])
        tenant.faults.add(kind="status", status=429, retry_after=2, endpoint=DELTA, count=2)
        await drive_delta(gw, lib, None)
        tenant.faults.add(kind="status", status=429, retry_after=2, endpoint=DELTA, count=2)
        with pytest.raises(Throttled):
            await drive_delta(gw, lib, None)  # 4 s waited, 2 more would overdraw 5 s
        tenant.faults.clear()
        gw.throttle.start_cycle()
        tenant.faults.add(kind="status", status=429, retry_after=2, endpoint=DELTA, count=1)
        await drive_delta(gw, lib, None)
    assert waits.waits == [2.0, 2.0, 2.0]


async def test_without_retry_after_the_wait_backs_off(
    server: SimulatorServer, tenant: Tenant, tmp_path: Path
) -> None:
    """503 without Retry-After: growing waits with jitter, not a hammering loop."""
    settings = _settings(server, tmp_path)
    waits = Waits()
    async with build_gateway(settings, sleep=waits) as gw:
        lib = await resolve_library(gw, settings.libraries[0])
        tenant.faults.add(kind="status", status=503, endpoint=DELTA, count=3)
        await drive_delta(gw, lib, None)
    first, second, third = waits.waits
    assert 1 <= first <= 1.5
    assert 2 <= second <= 3
    assert 4 <= third <= 6


NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        (format_datetime(NOW + timedelta(seconds=90), usegmt=True), 90.0),
        (format_datetime(NOW - timedelta(seconds=90), usegmt=True), 0.0),
        ("soon", None),
        ("-3", None),
        ("1e309", None),
        ("²", None),
        ("١٢٠", None),
    ],
)
def test_retry_after_is_read_in_both_forms(header: str, seconds: float | None) -> None:
    """Delay-seconds and HTTP dates are read; anything else counts as no Retry-After."""
    assert retry_after_seconds({"Retry-After": header}, now=NOW) == seconds
