"""Pydantic's validation errors, retold as one plain-English problem per finding."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from config.fields import FINDING
from config.schema import field_names
from integration.errors import Problem

__all__ = ["dotted", "problems_from", "suggestion"]

_Loc = tuple[str | int, ...]


def dotted(loc: _Loc) -> str:
    """``("libraries", 1, "site")`` → ``"libraries.1.site"``."""
    return ".".join(str(part) for part in loc)


def suggestion(name: str, candidates: list[str]) -> str:
    """``"; did you mean X?"`` for the closest candidate, or ``""`` when none is close."""
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count} entries"


_MESSAGES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "missing": lambda _: "required",
    "string_type": lambda _: "must be text (quote values YAML reads as numbers, dates, yes/no)",
    "int_type": lambda _: "must be a whole number",
    "int_parsing": lambda _: "must be a whole number",
    "int_from_float": lambda _: "must be a whole number",
    "float_type": lambda _: "must be a number",
    "float_parsing": lambda _: "must be a number",
    "greater_than": lambda ctx: f"must be greater than {ctx['gt']}",
    "greater_than_equal": lambda ctx: f"must be at least {ctx['ge']}",
    "less_than": lambda ctx: f"must be less than {ctx['lt']}",
    "less_than_equal": lambda ctx: f"must be at most {ctx['le']}",
    "too_short": lambda ctx: f"needs at least {_entries(ctx['min_length'])}",
    "list_type": lambda _: "must be a list",
    "tuple_type": lambda _: "must be a list",
    "model_type": lambda _: "must be a mapping of fields (key: value)",
    "model_attributes_type": lambda _: "must be a mapping of fields (key: value)",
    "dict_type": lambda _: "must be a mapping of fields (key: value)",
    "enum": lambda ctx: f"must be one of {ctx['expected']}",
    "path_type": lambda _: "must be a file path",
    "value_error": lambda ctx: str(ctx["error"]),
    FINDING: lambda ctx: str(ctx["reason"]),
}


def _message(root: type[BaseModel], error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        loc = error["loc"]
        return "unknown field" + suggestion(str(loc[-1]), field_names(root, loc[:-1]))
    describe = _MESSAGES.get(kind)
    if describe is None:
        return error["msg"]
    return describe(error.get("ctx", {}))


def problems_from(
    err: ValidationError, root: type[BaseModel], origins: Mapping[str, str] | None = None
) -> list[Problem]:
    """One :class:`Problem` per error of ``err``, in the order pydantic found them.

    ``origins`` maps a dotted path to the environment variable that set it; a problem at or
    under such a path names the variable. Input values are never part of a message. A list
    that is too short because some of its entries are invalid reports only those entries.
    """
    origins = origins or {}
    errors = err.errors(include_url=False, include_input=False)
    paths = [dotted(error["loc"]) for error in errors]
    problems: list[Problem] = []
    for path, error in zip(paths, errors, strict=True):
        if error["type"] == "too_short" and any(p.startswith(path + ".") for p in paths):
            continue  # pydantic counts only the valid entries; the invalid ones are reported
        message = _message(root, error)
        source = next(
            (var for at, var in origins.items() if path == at or path.startswith(at + ".")), None
        )
        if source is not None:
            message += f" (set by {source})"
        problems.append(Problem(path, message))
    return problems
