"""Graph change notifications: whether the worker subscribes, and where Graph reaches it."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, SecretStr, model_validator

from config.base import Section
from config.clouds import checked_url
from config.fields import Secret, reject

__all__ = [
    "MAX_CLIENT_STATE",
    "MAX_EXPIRATION_MINUTES",
    "RENEWAL_INTERVAL_MINUTES",
    "NotificationSettings",
]

MAX_EXPIRATION_MINUTES = 42300  # Graph's limit for driveItem and list subscriptions (< 30 days)
MAX_CLIENT_STATE = 128  # Graph's limit; it echoes the value in every notification
RENEWAL_INTERVAL_MINUTES = 60  # how often the worker checks its subscriptions


def _public_url(url: str) -> str:
    """``url`` without a trailing slash, if Graph can be told to post to it.

    The message never repeats the URL: it may carry a password in its user-info part.
    """
    parts = checked_url(url, example="https://freigabe.example.org")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def _client_state(value: SecretStr) -> SecretStr:
    if len(value.get_secret_value()) > MAX_CLIENT_STATE:
        raise ValueError(f"must be at most {MAX_CLIENT_STATE} characters (Graph's limit)")
    return value


class NotificationSettings(Section):
    """Graph change notifications for the watched libraries (``freigabe run`` only).

    Polling stays as the safety net: a notification only starts the next sync early.

    Attributes:
        enabled: subscribe to changes of every watched library.
        public_url: the URL under which Graph reaches the worker's port from the internet;
            notifications go to ``public_url + /graph/notifications``.
        client_state: the shared secret Graph echoes in every notification; without one, a
            random value is generated at first use and kept in the state store.
        expiration_minutes: lifetime asked for each subscription (Graph allows 42300).
        renew_before_minutes: a subscription is renewed when it expires within this time.
        max_body_bytes: notification requests with a larger body are refused unread.
    """

    # Secrets are taken verbatim: only the one line break that ends a secret file is removed.
    model_config = ConfigDict(str_strip_whitespace=False)

    enabled: bool = False
    public_url: Annotated[str, AfterValidator(_public_url)] | None = None
    client_state: Annotated[Secret, AfterValidator(_client_state)] | None = None
    expiration_minutes: int = Field(default=4230, ge=1, le=MAX_EXPIRATION_MINUTES)
    # the renewal job runs hourly: an hour's notice is the least that renews in time
    renew_before_minutes: int = Field(default=720, ge=RENEWAL_INTERVAL_MINUTES)
    max_body_bytes: int = Field(default=1_000_000, ge=1024, le=100_000_000)

    @model_validator(mode="after")
    def _usable(self) -> NotificationSettings:
        findings: list[tuple[tuple[str | int, ...], str]] = []
        if self.enabled and self.public_url is None:
            findings.append((("public_url",), "required when notifications are enabled"))
        if self.renew_before_minutes >= self.expiration_minutes:
            findings.append(
                (
                    ("renew_before_minutes",),
                    "must be less than expiration_minutes, or every renewal would be due at once",
                )
            )
        reject("NotificationSettings", findings)
        return self
