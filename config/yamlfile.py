"""Reading the YAML configuration file into a mapping, or saying plainly why not."""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from config.files import read_text
from integration.errors import ConfigError, Problem

__all__ = ["read_yaml_mapping"]


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML that refuses a key given twice in one mapping (PyYAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, Hashable):
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        "while reading a mapping",
                        node.start_mark,
                        f"duplicate key {key!r}",
                        key_node.start_mark,
                    )
                seen.add(key)
        return super().construct_mapping(node, deep)


def read_yaml_mapping(file: Path) -> dict[str, Any]:
    """The top-level mapping of the YAML file ``file``.

    Raises:
        ConfigError: the file cannot be read, is not YAML (the problem names line and
            column), is empty, or its top level is not a mapping.
    """
    try:
        text = read_text(file)
    except ValueError as err:
        raise ConfigError([Problem("", f"configuration {err}")]) from None
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 -- a SafeLoader subclass
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError([Problem("", f"{file}: invalid YAML{where}: {err.problem}")]) from None
    except yaml.YAMLError as err:
        raise ConfigError([Problem("", f"{file}: invalid YAML: {err}")]) from None
    if data is None:
        raise ConfigError([Problem("", f"{file}: the file is empty")])
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise ConfigError(
            [Problem("", f"{file}: the top level must be a mapping of settings, not {kind}")]
        )
    return data
