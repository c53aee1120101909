"""Which released file types the export publishes, and which it serves only as downloads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import config
from config import load_settings
from config.export import DEFAULT_ALLOWED_EXTENSIONS, ExportSettings
from integration.errors import ConfigError
from integration.export.filetypes import ACTIVE_EXTENSIONS, is_active, refusal

EXAMPLE = Path(config.__file__).parent / "example.yaml"
TARGET = {"kind": "folder", "path": "out", "public_base_url": "https://x.example"}


def _settings(**fields: Any) -> ExportSettings:
    return ExportSettings.model_validate({"target": TARGET, **fields})


def test_defaults_publish_documents_and_images_but_nothing_active() -> None:
    """Office, OpenDocument, PDF, text and image types by default; no type a browser runs."""
    allowed = set(_settings().allowed_extensions)
    assert allowed == set(DEFAULT_ALLOWED_EXTENSIONS)
    assert {"pdf", "docx", "xlsx", "pptx", "doc", "odt", "txt", "csv", "png", "jpg"} <= allowed
    assert not allowed & ACTIVE_EXTENSIONS
    assert not allowed & {"docm", "xlsm", "pptm", "rtf", "zip", "exe", ""}


@pytest.mark.parametrize("ext", ["html", "htm", "xhtml", "svg", "xml", "xsl", "js", "mjs"])
def test_browser_active_types_are_known(ext: str) -> None:
    """Pages, vector images, XML and scripts count as active, under either folder."""
    assert ext in ACTIVE_EXTENSIONS
    assert is_active(f"dokumente/aushang.{ext}")
    assert is_active(f"versionen/aushang/1.0-abcd1234.{ext.upper()}")


@pytest.mark.parametrize(
    "path", ["index.html", "embed.html", "feed.xml", "dokumente/a.pdf", "versionen/a/1.0-x.png"]
)
def test_the_exports_own_pages_and_passive_documents_are_not_active(path: str) -> None:
    """Only released files of an active type are served as downloads; the site stays a site."""
    assert not is_active(path)


def test_extensions_are_normalised() -> None:
    """A leading dot, capitals, spaces and repeats are forgiven; the list comes out sorted."""
    settings = _settings(allowed_extensions=[" .PDF", "docx", "pdf", "Html"])
    assert settings.allowed_extensions == ("docx", "html", "pdf")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "nothing could be published"),
        (["tar.gz"], "'tar.gz' is not a file extension"),
        (["p df"], "'p df' is not a file extension"),
        ([""], "'' is not a file extension"),
        (["ä"], "'ä' is not a file extension"),
        (["x" * 11], "is not a file extension"),
    ],
)
def test_unusable_extensions_are_refused_clearly(value: list[str], message: str) -> None:
    """An entry that can never match a published file's extension is named in the error."""
    with pytest.raises(ValidationError) as caught:
        _settings(allowed_extensions=value)
    text = str(caught.value)
    assert "allowed_extensions" in text
    assert message in text


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Bericht.pdf", None),
        ("Bericht.PDF", None),
        ("Aushang.html", "file type .html is not in export.allowed_extensions"),
        ("Logo.svg", "a browser would run it as part of the export's site"),
        ("Makro.docm", "file type .docm is not in export.allowed_extensions"),
        ("LIESMICH", "has no file extension"),
    ],
)
def test_refusal_names_the_type_and_the_setting(name: str, reason: str | None) -> None:
    """A refused file's reason says which type and where to allow it; an allowed one has none."""
    found = refusal(name, DEFAULT_ALLOWED_EXTENSIONS)
    if reason is None:
        assert found is None
    else:
        assert found is not None
        assert reason in found


def test_a_listed_active_type_is_published() -> None:
    """Putting an active type on the list publishes it (Blob serves it as a download)."""
    assert refusal("Aushang.html", {"html"}) is None


def test_the_example_configuration_shows_the_defaults() -> None:
    """config/example.yaml lists exactly the default types, so copying it changes nothing."""
    settings = load_settings(EXAMPLE, {"FREIGABE_CREDENTIAL__CLIENT_SECRET": "example-secret"})
    assert settings.export is not None
    assert set(settings.export.allowed_extensions) == DEFAULT_ALLOWED_EXTENSIONS


def test_a_bad_entry_is_reported_with_its_path(tmp_path: Path) -> None:
    """The configuration error names the field and the entry, as every other finding does."""
    text = EXAMPLE.read_text(encoding="utf-8").replace("[pdf, docx,", '["tar.gz", docx,', 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(bad, {"FREIGABE_CREDENTIAL__CLIENT_SECRET": "example-secret"})
    [problem] = caught.value.problems
    assert problem.path == "export.allowed_extensions"
    assert "'tar.gz' is not a file extension" in problem.message
