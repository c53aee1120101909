"""Estimated SharePoint resource units: the cost table of Microsoft Learn, by endpoint key."""

from __future__ import annotations

import pytest

from tools.bench.units import operation_units, resource_units


@pytest.mark.parametrize(
    ("key", "units"),
    [
        ("GET /drives/{id}/root/delta", 1),  # a delta request with a token
        ("GET /sites/{id}/lists/{id}/items/delta", 1),
        ("GET /sites/{id}", 1),
        ("GET /sites/{id}/lists/{id}/items/{id}", 1),
        ("GET /drives/{id}/items/{id}/content", 1),
        ("GET /_sim/download/{token}", 1),
        ("GET /sites/{id}/lists/{id}/items", 2),
        ("GET /sites/{id}/lists", 2),
        ("GET /drives/{id}/items/{id}/versions", 2),
        ("PATCH /sites/{id}/lists/{id}/items/{id}/fields", 2),
        ("PUT /drives/{id}/root:/{id}:/content", 2),
        ("DELETE /drives/{id}/items/{id}", 2),
        ("GET /sites/{id}/permissions", 5),
        ("PATCH /sites/{id}/permissions/{id}", 5),
    ],
)
def test_each_endpoint_costs_what_the_table_says(key: str, units: int) -> None:
    """Single items 1, collections and writes 2, permissions 5; delta with a token 1."""
    assert operation_units(key) == units


def test_a_cycle_costs_the_sum_over_its_operations() -> None:
    """Counts multiply their route's cost: 5 delta links and 50 listing pages are 105 RU."""
    routes = [("GET /drives/{id}/root/delta", 5), ("GET /sites/{id}/lists/{id}/items", 50)]
    assert resource_units(routes) == 105
    assert resource_units([]) == 0
