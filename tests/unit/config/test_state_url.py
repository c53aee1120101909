"""The state in PostgreSQL: ``state_url`` instead of ``state_path``, the password kept apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from config import load_settings
from integration.errors import ConfigError
from tests.unit.config.samples import ENV, SECRET, WriteConfig, base_config, patched

URL = "postgresql://freigabe@db.example:5432/freigabe"


def test_state_url_with_password_and_tls_from_the_environment(
    write_config: WriteConfig, tmp_path: Path
) -> None:
    """The URL from the file, the password from a secret file, sslmode and a CA as set."""
    (tmp_path / "db-password").write_text(SECRET + "\n", encoding="utf-8")
    changes = {"state_url": URL, "state_database.sslmode": "verify-full"}
    changes["state_database.sslrootcert"] = "ca.pem"
    env = {**ENV, "FREIGABE_STATE_DATABASE__PASSWORD_FILE": str(tmp_path / "db-password")}
    settings = load_settings(write_config(patched(base_config(), changes)), env)
    database = settings.state_database
    assert settings.state_url == URL
    assert database.password is not None
    assert database.password.get_secret_value() == SECRET
    assert database.libpq_options() == {
        "sslmode": "verify-full",
        "sslrootcert": str(tmp_path / "ca.pem"),
    }
    assert SECRET not in repr(settings)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param(
            {"state_url": f"postgresql://freigabe:{SECRET}@db/freigabe"},
            "a password does not belong in state_url: set FREIGABE_STATE_DATABASE__PASSWORD",
            id="password-in-url",
        ),
        pytest.param(
            {"state_url": f"postgresql://freigabe@db/freigabe?password={SECRET}"},
            "a password does not belong in state_url",
            id="password-in-query",
        ),
        pytest.param(
            {"state_url": "mysql://freigabe@db/freigabe"},
            "must be a postgresql:// URL",
            id="other-scheme",
        ),
        pytest.param(
            {"state_url": "postgresql://freigabe@db:5432"}, "names no database", id="no-database"
        ),
        pytest.param(
            {"state_url": URL, "state_path": "./freigabe.sqlite"},
            "set either state_path (a SQLite file) or state_url (PostgreSQL), not both",
            id="both",
        ),
        pytest.param(
            {"state_database.sslmode": "require"},
            "applies to state_url only, which is not set",
            id="tls-without-url",
        ),
    ],
)
def test_a_state_url_that_cannot_work_is_refused(
    write_config: WriteConfig, changes: dict[str, Any], message: str
) -> None:
    """Each mistake is one clear problem, and no message repeats the password."""
    with pytest.raises(ConfigError) as caught:
        load_settings(write_config(patched(base_config(), changes)), ENV)
    assert message in str(caught.value)
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize(
    ("in_file", "in_environment"),
    [
        pytest.param({"state_path": "./freigabe.sqlite"}, {"FREIGABE_STATE_URL": URL}, id="file"),
        pytest.param(
            {"state_url": URL}, {"FREIGABE_STATE_PATH": "/var/lib/x.sqlite"}, id="image-default"
        ),
        pytest.param(
            {},
            {"FREIGABE_STATE_PATH": "/var/lib/x.sqlite", "FREIGABE_STATE_URL": URL},
            id="both-in-the-environment",
        ),
    ],
)
def test_a_state_url_replaces_a_state_path_from_elsewhere(
    write_config: WriteConfig, in_file: dict[str, Any], in_environment: dict[str, str]
) -> None:
    """The image's FREIGABE_STATE_PATH or a file's state_path gives way to a state_url;
    only a file naming both contradicts itself (refused above)."""
    data = base_config()
    data.pop("state_path", None)
    settings = load_settings(write_config(patched(data, in_file)), {**ENV, **in_environment})
    assert settings.state_url == URL
