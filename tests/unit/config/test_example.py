"""config/example.yaml loads and documents every field."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

import config
from config import Settings, load_settings
from config.schema import section_of

EXAMPLE = Path(config.__file__).parent / "example.yaml"


def _all_field_names(model: type[BaseModel]) -> set[str]:
    names: set[str] = set()
    for name, info in model.model_fields.items():
        names.add(info.alias or name)
        section = section_of(info.annotation)
        if section is not None:
            names |= _all_field_names(section)
    return names


def test_example_loads_with_the_secret_from_the_environment() -> None:
    """The shipped example is a valid configuration of the alliance it describes."""
    settings = load_settings(EXAMPLE, {"FREIGABE_CREDENTIAL__CLIENT_SECRET": "example-secret"})
    assert [lib.key for lib in settings.libraries] == ["positionen", "best-practice"]
    assert {lib.site.path for lib in settings.libraries} == {"/sites/allianz"}
    assert {lib.site.hostname for lib in settings.libraries} == {"allianz-wasser.sharepoint.com"}
    assert settings.org_codes == ("DWV", "BLP", "SPV", "KIV")
    assert settings.state_path == EXAMPLE.parent / "freigabe.sqlite"


def test_a_named_export_folder_still_resolves_against_the_file(tmp_path: Path) -> None:
    """Only an unnamed folder moves beside the state file; a relative one keeps its base."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "    kind: folder ", "    path: ./public\n    kind: folder ", 1
    )
    configured = tmp_path / "etc" / "freigabe.yaml"
    configured.parent.mkdir()
    configured.write_text(text, encoding="utf-8")
    settings = load_settings(configured, {"FREIGABE_CREDENTIAL__CLIENT_SECRET": "example-secret"})
    assert settings.export is not None
    assert settings.export.target.kind == "folder"
    assert settings.export.target.path == configured.parent / "public"


def test_example_mentions_every_field() -> None:
    """Each field of every section appears in the example, set or in a comment."""
    text = EXAMPLE.read_text(encoding="utf-8")
    missing = {name for name in _all_field_names(Settings) if not re.search(rf"\b{name}:", text)}
    assert missing == set()


def test_public_names_exist() -> None:
    """Every name the package exports is defined."""
    assert all(hasattr(config, name) for name in config.__all__)
    assert {"Settings", "Cloud", "load_settings", "dump_settings_yaml"} <= set(config.__all__)
