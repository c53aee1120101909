"""Where the state is kept when it is not a SQLite file: a PostgreSQL database.

``state_url`` names the server and database (``postgresql://user@host:5432/freigabe``);
the password never goes into it or into the configuration file: it comes from
``FREIGABE_STATE_DATABASE__PASSWORD`` or the file ``..._PASSWORD_FILE`` names (a container
secret). TLS is libpq's: ``sslmode`` here or in the URL, certificates as files.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated
from urllib.parse import parse_qsl, urlsplit

from pydantic import AfterValidator

from config.base import Section
from config.envnames import FILE_SUFFIX, env_var
from config.fields import FilePath, Secret

__all__ = ["PASSWORD_VAR", "SslMode", "StateDatabaseSettings", "StateUrl"]

PASSWORD_VAR = env_var(("state_database", "password"))


class SslMode(StrEnum):
    """libpq's ``sslmode``: how much of TLS the connection insists on."""

    DISABLE = "disable"
    ALLOW = "allow"
    PREFER = "prefer"
    REQUIRE = "require"
    VERIFY_CA = "verify-ca"
    VERIFY_FULL = "verify-full"


def _state_url(url: str) -> str:
    # messages never repeat the URL: it may carry the very password they refuse
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise ValueError("must be a postgresql:// URL, e.g. postgresql://freigabe@db:5432/freigabe")
    if parts.password is not None or any(k == "password" for k, _ in parse_qsl(parts.query)):
        raise ValueError(
            f"a password does not belong in state_url: set {PASSWORD_VAR} or "
            f"{PASSWORD_VAR}{FILE_SUFFIX}"
        )
    if not parts.path.strip("/"):
        raise ValueError("names no database: end it in /<database>, e.g. /freigabe")
    return url


StateUrl = Annotated[str, AfterValidator(_state_url)]


class StateDatabaseSettings(Section):
    """The login and TLS of ``state_url`` beyond the URL itself."""

    password: Secret | None = None
    sslmode: SslMode | None = None
    sslrootcert: FilePath | None = None
    sslcert: FilePath | None = None
    sslkey: FilePath | None = None

    def libpq_options(self) -> dict[str, str]:
        """The TLS settings as libpq connection parameters (only those set)."""
        options = {
            "sslmode": self.sslmode.value if self.sslmode else None,
            "sslrootcert": self.sslrootcert,
            "sslcert": self.sslcert,
            "sslkey": self.sslkey,
        }
        return {name: str(value) for name, value in options.items() if value is not None}
