"""``probe``'s command-line mistakes read in one language: the CLI prints them after "Error: "."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import load_settings
from integration.errors import UsageError
from jobs.probe import target_spec
from tests import support


def test_a_malformed_site_is_named_in_english(tmp_path: Path) -> None:
    """``--site`` without ``HOSTNAME:/sites/PATH``: the message names the form expected."""
    data = support.config("http://127.0.0.1:9/v1.0", tmp_path / "s.sqlite")
    settings = load_settings(support.write_config(tmp_path / "c.yaml", data), environ={})
    with pytest.raises(UsageError) as caught:
        target_spec(settings, "Scratch", "allianz.sharepoint.com")
    assert str(caught.value) == '--site "allianz.sharepoint.com": expected HOSTNAME:/sites/PATH'
