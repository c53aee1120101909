"""Walking the settings models: which section sits at a path, which fields hold secrets."""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, SecretStr

__all__ = ["field_names", "holds", "secret_mappings", "secret_paths", "section_of"]


def section_of(annotation: Any) -> type[BaseModel] | None:
    """The model inside a field's annotation (through ``X | None``, tuples, ``Annotated``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Annotated, Union, types.UnionType, tuple, list):
        for arg in get_args(annotation):
            found = section_of(arg)
            if found is not None:
                return found
    return None


def field_names(root: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys the mapping at ``loc`` accepts (list indices skipped); empty if not a model."""
    model: type[BaseModel] | None = root
    for part in loc:
        if model is None:
            return []
        if isinstance(part, int):
            continue
        info = next(
            (f for name, f in model.model_fields.items() if (f.alias or name) == part), None
        )
        model = section_of(info.annotation) if info is not None else None
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def holds(annotation: Any, kind: type) -> bool:
    """Whether ``annotation`` is ``kind`` or wraps it (``kind | None``, ``Annotated``)."""
    if annotation is kind:
        return True
    return any(holds(arg, kind) for arg in get_args(annotation))


def _sections(annotation: Any) -> list[type[BaseModel]]:
    """Every model a field may hold: all members of a union (the export target is one)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if get_origin(annotation) in (Annotated, Union, types.UnionType):
        return [m for arg in get_args(annotation) for m in _sections(arg)]
    return []


def secret_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The field paths of every ``SecretStr`` field in ``model`` and its sections (of every
    member of a union of sections), mappings of secrets included (``secret_mappings``).

    Lists of sections are not entered: a secret there would have no single path (and no
    single environment variable), so the settings keep secrets out of lists.
    """
    paths: list[tuple[str, ...]] = []
    for name, info in model.model_fields.items():
        if holds(info.annotation, SecretStr):
            paths.append((*prefix, name))
        for section in _sections(info.annotation):
            paths += [p for p in secret_paths(section, (*prefix, name)) if p not in paths]
    return paths


def _annotation(model: type[BaseModel], path: tuple[str, ...]) -> Any:
    """The annotation of the field at ``path``, looked up through unions of sections."""
    candidates = [model]
    annotation: Any = None
    for part in path:
        found = [m.model_fields[part].annotation for m in candidates if part in m.model_fields]
        if not found:
            return None
        annotation = found[0]
        candidates = [section for a in found for section in _sections(a)]
    return annotation


def secret_mappings(model: type[BaseModel]) -> list[tuple[str, ...]]:
    """The paths of secret fields that map keys to secrets (``teams.webhooks``)."""
    return [p for p in secret_paths(model) if get_origin(_annotation(model, p)) is dict]
