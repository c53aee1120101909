"""A saved tenant comes back as it was left: items, eTags, delta positions and its clock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from freigabe_devtools.graphsim import load_scenario
from freigabe_devtools.graphsim.__main__ import DEMO_SCENARIO
from freigabe_devtools.graphsim.saved import OffsetClock, SavedTenantError, load_tenant, save_tenant


def test_saved_tenant_keeps_content_and_clock_but_not_counters(tmp_path: Path) -> None:
    tenant = load_scenario(DEMO_SCENARIO, clock=OffsetClock(timedelta(days=15)))
    lib = next(iter(tenant.drives.values()))
    item = lib.by_number[0]
    tenant.stats.count_round_trip("GET /x")
    path = tmp_path / "tenant.pickle"
    save_tenant(tenant, path)

    again = load_tenant(path)

    same = again.drives[lib.drive_id].by_item_id[item.item_id]
    assert (same.etag_n, same.last_seq) == (item.etag_n, item.last_seq)
    assert again.drives[lib.drive_id].log.head == lib.log.head
    assert abs(again.now() - tenant.now()) < timedelta(seconds=5)
    assert again.stats.total_round_trips == 0
    assert not list(tmp_path.glob(".*partial"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x80\x04anything", "not a tenant saved by freigabe"),
        (b"freigabe-simulator-tenant\n0.0.1\n\x80\x04", "another version of freigabe"),
    ],
    ids=["foreign-file", "other-version"],
)
def test_other_files_are_refused_before_unpickling(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "tenant.pickle"
    path.write_bytes(content)
    with pytest.raises(SavedTenantError, match=message):
        load_tenant(path)
