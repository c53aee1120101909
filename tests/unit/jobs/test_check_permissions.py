"""``check``'s permission table and warnings in the configured language."""

from __future__ import annotations

from pathlib import Path

from config import load_settings
from jobs.check import permission_report
from tests import support


def test_permissions_read_in_english_when_configured(tmp_path: Path) -> None:
    """Every row and warning is English, with the role names as Entra ID spells them."""
    data = {**support.config("http://127.0.0.1:9/v1.0", tmp_path / "s.sqlite"), "language": "en"}
    settings = load_settings(support.write_config(tmp_path / "en.yaml", data), environ={})
    roles = ["Sites.Selected", "Sites.ReadWrite.All", "User.ReadBasic.All", "GroupMember.Read.All"]
    rows, warnings, ok = permission_report(settings, [*roles, "Mail.Send"])
    assert ok, rows
    assert rows == [
        ("Sites.Selected + write grant", "once, run (sync, enforcement)", ", ".join(roles[:2])),
        (
            "manage grant (or Sites.Manage.All)",
            "provision (creating columns)",
            "manage grant needed",
        ),
        ("(none more)", "change notifications", "-"),
        (
            "User.ReadBasic.All or User.Read.All",
            "recognising voters by their object id",
            "User.ReadBasic.All (disputed app-only: `freigabe probe` checks it)",
        ),
        ("GroupMember.ReadBasic.All", "voters through Entra groups", "GroupMember.Read.All"),
    ]
    assert warnings == [
        "Warning: Sites.ReadWrite.All broader than needed: use Sites.Selected with a write grant "
        "on the alliance's sites",
        "Warning: GroupMember.Read.All broader than needed: GroupMember.ReadBasic.All is enough",
        "Warning: the configuration does not need Mail.Send",
    ]
