"""Quirks: real behaviour by default, typed values, validation from Python, scenario and HTTP."""

from __future__ import annotations

import inspect
from typing import Any, Literal

import httpx
import pytest

from freigabe_devtools.graphsim import QuirkError, Quirks, ScenarioError, Tenant, load_scenario
from freigabe_devtools.graphsim.quirks import coerce, quirks_json
from tests.simulator.conftest import SCENARIO


def test_defaults_are_sharepoint_online() -> None:
    """Without switches every quirk answers as SharePoint Online does."""
    assert quirks_json(Quirks()) == {
        "list_item_delta_fields": True,
        "current_version_content": False,
        "user_identity": "email",
        "app_identity": "sharepoint_app",
        "group_members_limited": True,
        "hyperlink_writes_fail": True,
        "hyperlink_facet": False,
        "office_rewrite": True,
        "hash_after_download": True,
        "locked_writes_fail": True,
        "paging": True,
    }


def test_every_quirk_is_documented() -> None:
    """Each quirk has an attribute docstring naming the real behaviour (checked in source)."""
    source = inspect.getsource(Quirks)
    for name in quirks_json(Quirks()):
        head = source.index(f"    {name}:")
        assert source[head:].split("\n", 2)[1].strip().startswith('"""'), name


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("paging", 1),
        ("paging", "true"),
        ("user_identity", "mail"),
        ("app_identity", True),
        ("gibt_es_nicht", True),
    ],
)
def test_wrong_values_are_refused(name: str, value: object) -> None:
    """A wrong type, an unknown choice or an unknown name raises QuirkError naming it."""
    quirks = Quirks()
    with pytest.raises(QuirkError, match=name):
        setattr(quirks, name, value)
    assert quirks_json(quirks) == quirks_json(Quirks())


@pytest.mark.parametrize(
    ("hint", "value", "fits"),
    [
        (int, 3, True),
        (int, True, False),
        (int, "3", False),
        (bool, False, True),
        (bool, 0, False),
        (Literal["a", "b"], "b", True),
        (Literal["a", "b"], "c", False),
    ],
)
def test_coerce_is_strict(hint: Any, value: object, fits: bool) -> None:
    """bool, int and Literal quirk values are checked strictly (no 1 for True, no "3")."""
    if fits:
        assert coerce("q", hint, value) == value
    else:
        with pytest.raises(QuirkError, match="'q'"):
            coerce("q", hint, value)


def test_scenario_sets_typed_quirks() -> None:
    """A scenario's quirks: section takes the typed values and refuses wrong ones."""
    tenant = load_scenario({**SCENARIO, "quirks": {"user_identity": "upn", "paging": False}})
    assert (tenant.quirks.user_identity, tenant.quirks.paging) == ("upn", False)
    with pytest.raises(ScenarioError, match="quirks: quirk 'user_identity' takes one of"):
        load_scenario({**SCENARIO, "quirks": {"user_identity": "mail"}})


async def test_control_plane_reads_and_sets_quirks(http: httpx.AsyncClient, tenant: Tenant) -> None:
    """GET /_sim/quirks lists them; POST sets all or none, 400 with the reason when wrong."""
    assert (await http.get("/_sim/quirks")).json()["app_identity"] == "sharepoint_app"
    ok = await http.post("/_sim/quirks", json={"app_identity": "application", "paging": False})
    assert ok.status_code == 204
    assert (tenant.quirks.app_identity, tenant.quirks.paging) == ("application", False)
    bad = await http.post("/_sim/quirks", json={"paging": True, "office_rewrite": "nein"})
    assert bad.status_code == 400
    assert "office_rewrite" in bad.json()["error"]["message"]
    assert tenant.quirks.paging is False
