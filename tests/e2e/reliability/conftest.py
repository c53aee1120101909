"""The helpers' assertions explain their failures like the tests' own."""

import pytest

pytest.register_assert_rewrite(
    "tests.e2e.reliability.runner",
    "tests.e2e.reliability.views",
    "tests.e2e.reliability.world",
)
