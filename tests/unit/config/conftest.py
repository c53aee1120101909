"""Fixtures of the configuration tests."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.unit.config.samples import WriteConfig


@pytest.fixture
def write_config(tmp_path: Path) -> WriteConfig:
    """Writes a mapping (as YAML) or raw text to ``tmp_path/freigabe.yaml``."""

    def write(content: Mapping[str, Any] | str) -> Path:
        file = tmp_path / "freigabe.yaml"
        text = content if isinstance(content, str) else yaml.safe_dump(dict(content))
        file.write_text(text, encoding="utf-8")
        return file

    return write
