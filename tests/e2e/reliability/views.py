"""What a run leaves behind, with what depends on wall time taken out, for comparison.

Two runs of the story start at different moments, so deadlines, protocol time stamps and
release times differ; everything else (fields, version labels, card ids, exported bytes,
the files in the export) must be identical.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from tests.e2e.reliability.world import World

__all__ = ["Outcome", "assert_same", "outcome"]

_STAMP = re.compile(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}")
_WALL_TIME_FIELDS = ("AbstimmungFrist",)
_WALL_TIME_KEYS = ("released_at",)
# The bytes that went public; the pages around them carry dates.
_CONTENT_FOLDERS = ("dokumente", "versionen")


@dataclass(frozen=True, slots=True)
class Outcome:
    """The normalised end state of one run.

    Attributes:
        items: per file name, its version label and fields.
        export_files: every file path in the export folder.
        export_hashes: sha256 of each published document file.
        manifest: the manifest's documents.
        cards: the ids of the cards the channel stored, sorted.
    """

    items: dict[str, Any]
    export_files: tuple[str, ...]
    export_hashes: dict[str, str]
    manifest: list[Any]
    cards: tuple[str, ...]


def _fields(fields: dict[str, Any]) -> dict[str, Any]:
    kept = {k: v for k, v in fields.items() if k not in _WALL_TIME_FIELDS}
    if "FreigabeProtokoll" in kept:
        kept["FreigabeProtokoll"] = _STAMP.sub("<Zeit>", kept["FreigabeProtokoll"])
    return kept


def outcome(world: World) -> Outcome:
    """The normalised end state of ``world``."""
    items = {
        item["name"]: {"version": item["version"], "fields": _fields(item["fields"])}
        for item in world.items()
    }
    root = world.folder / "export"
    files = sorted(p for p in root.rglob("*") if p.is_file())
    relative = tuple(str(p.relative_to(root)) for p in files)
    hashes = {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in files
        if p.relative_to(root).parts[0] in _CONTENT_FOLDERS
    }
    documents = json.loads((root / "manifest.json").read_text(encoding="utf-8"))["documents"]
    manifest = [{k: v for k, v in d.items() if k not in _WALL_TIME_KEYS} for d in documents]
    cards = tuple(sorted(m["attachments"][0]["content"]["id"] for m in world.webhook()["value"]))
    return Outcome(items, relative, hashes, manifest, cards)


def assert_same(got: Outcome, expected: Outcome, context: str = "") -> None:
    """Assert equality part by part, so that a failure shows the part that differs."""
    for part in Outcome.__dataclass_fields__:
        mine, theirs = getattr(got, part), getattr(expected, part)
        if part == "items":
            assert sorted(mine) == sorted(theirs), f"{context} items"
            for name in sorted(mine):
                assert mine[name]["fields"] == theirs[name]["fields"], f"{context} {name}"
                assert mine[name]["version"] == theirs[name]["version"], f"{context} {name}"
        assert mine == theirs, f"{context} {part}"
