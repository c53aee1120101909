"""The policy value and the inputs ``step`` refuses."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from approval import Approvers, Policy

from .factories import a_round, observe, run, voting


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"organisations": ()}, "at least one organisation"),
        ({"organisations": ("VBA", "VBB", "VBA")}, "listed twice"),
        ({"vote_period": timedelta(0)}, "must be positive"),
    ],
)
def test_policy_refuses_unusable_settings(changes: dict[str, Any], message: str) -> None:
    """A policy without members, with a member twice, or without vote period is refused."""
    base: dict[str, Any] = {"organisations": ("VBA",), "approvers": Approvers({})}
    with pytest.raises(ValueError, match=message):
        Policy(**{**base, **changes})


def test_step_refuses_a_round_of_another_document() -> None:
    """Passing the open round of a different document is a caller error."""
    round_ = replace(a_round(), document_id="doc-2")
    with pytest.raises(ValueError, match="another document"):
        run(observe(voting(round_), voting(round_)), round_)
