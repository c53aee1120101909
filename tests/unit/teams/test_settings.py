"""The Teams settings: defaults, validation without echoing secrets, channel choice."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from config.teams import TeamsSettings
from integration.language import Language
from integration.teams.texts import Wording

HOOK = "https://prod.westeurope.logic.azure.com/workflows/abc/triggers/manual?sig=S3cr3tSig"


def test_defaults() -> None:
    """Berlin, remind two days ahead at 09:00, digest Monday 08:00, no mail."""
    settings = TeamsSettings()
    assert settings.timezone == "Europe/Berlin"
    assert (settings.reminder_days_before, settings.reminder_time) == (2, "09:00")
    assert (settings.digest.day_of_week, settings.digest.time) == ("mon", "08:00")
    assert settings.mail_reminders is False


@pytest.mark.parametrize(
    ("channel", "library", "hooks", "expected"),
    [
        ("team-a", "lib", ["team-a", "lib", "default"], "team-a"),
        (None, "lib", ["lib", "default"], "lib"),
        ("unknown", "lib", ["default"], "default"),
        (None, "lib", [], None),
    ],
)
def test_channel_for_prefers_channel_then_library_then_default(
    channel: str | None, library: str, hooks: list[str], expected: str | None
) -> None:
    """A library posts to its channel's webhook, else its own, else the default one."""
    settings = TeamsSettings.model_validate({"webhooks": {h: HOOK for h in hooks}})
    assert settings.channel_for(library, channel) == expected


@pytest.mark.parametrize(
    "data",
    [
        {"templates": {"submitted": {"title": "Neu: $dokument"}}},
        {"templates": {"submitted": {"text": "kostet 5 $"}}},
        {"templates": {"nonsense": {"title": "x"}}},
        {"reminder_time": "9 Uhr"},
        {"digest": {"day_of_week": "montag"}},
        {"timezone": "Mars/Olympus"},
        {"mail_reminders": True},
        {"webhooks": {"general": HOOK.replace("https", "ftp")}},
    ],
)
def test_invalid_settings_are_refused(data: dict[str, Any]) -> None:
    """Unknown placeholders, kinds, times, zones or insecure webhooks are errors."""
    with pytest.raises(ValidationError):
        TeamsSettings.model_validate(data)


def test_a_refused_webhook_is_not_echoed() -> None:
    """The error about a webhook names its key, never the URL with its signature."""
    with pytest.raises(ValidationError) as caught:
        TeamsSettings.model_validate({"webhooks": {"general": "http://example.org/?sig=S3cr3tSig"}})
    assert "S3cr3tSig" not in str(caught.value)
    assert "general" in str(caught.value)


def test_webhook_urls_are_secret_in_reprs() -> None:
    """Printing the settings does not print a webhook URL."""
    settings = TeamsSettings.model_validate({"webhooks": {"general": HOOK}})
    assert "S3cr3tSig" not in repr(settings)
    assert "S3cr3tSig" not in str(settings.model_dump())


def test_templates_become_the_wording() -> None:
    """Configured templates override the default texts of their kind."""
    settings = TeamsSettings.model_validate({"templates": {"released": {"title": "OK: $document"}}})
    title, text = Wording.from_settings(settings, Language.DE).render(
        "released", {"document": "a.docx", "version": "2"}
    )
    assert title == "OK: a.docx"
    assert text.startswith("Version 2 ist freigegeben")
