"""Graph paths become the simulator's endpoint keys, whatever ids and spellings they carry."""

from __future__ import annotations

import pytest

from jobs.worker.endpoints import endpoint_key


@pytest.mark.parametrize(
    ("method", "path", "key"),
    [
        ("GET", "/v1.0/drives/b%21x7/items/root/delta()", "GET /drives/{id}/root/delta"),
        ("GET", "/v1.0/drives/b!x7/root/delta", "GET /drives/{id}/root/delta"),
        ("GET", "/v1.0/sites/host.example:/sites/allianz:", "GET /sites/{id}"),
        ("GET", "/v1.0/sites/host.example%3A%2Fsites%2Fallianz%3A/lists", "GET /sites/{id}/lists"),
        ("GET", "/v1.0/sites/h,a,b/lists/Bibliothek%200/drive", "GET /sites/{id}/lists/{id}/drive"),
        (
            "patch",
            "/v1.0/sites/h,a,b/lists/l/items/7/fields",
            "PATCH /sites/{id}/lists/{id}/items/{id}/fields",
        ),
        ("GET", "/v1.0/groups/g1/transitivemembers", "GET /groups/{id}/transitiveMembers"),
        ("POST", "/v1.0/$batch", "POST /$batch"),
        ("POST", "/v1.0/users/someone%40x.example/sendMail", "POST /users/{id}/sendMail"),
        ("GET", "/v1.0", "GET /"),
        ("GET", "/_sim/download/t0k3n", "GET (download)"),
        ("GET", "/sites/x/_layouts/15/download.aspx", "GET (download)"),
    ],
)
def test_endpoint_key(method: str, path: str, key: str) -> None:
    """Ids become {id}, Graph's aliases and spellings fold into one key."""
    assert endpoint_key(method, path) == key
