"""An upgrade keeps a copy of the state file from before its migrations, and says where."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from integration.state.migrations import MIGRATIONS
from tests.e2e.conftest import SimProcess, run_cli

NEWEST = len(MIGRATIONS)


def _at_older_schema(state: Path) -> None:
    """A state file as the freigabe before the newest migration left it, with one fact."""
    with sqlite3.connect(state, isolation_level=None) as conn:
        for version, script in enumerate(MIGRATIONS[:-1], start=1):
            conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;")
        conn.execute("INSERT INTO meta (key, value) VALUES ('vorher', 'ja')")
    conn.close()


def _version_and_fact(path: Path) -> tuple[int, str]:
    with sqlite3.connect(path) as conn:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        (fact,) = conn.execute("SELECT value FROM meta WHERE key = 'vorher'").fetchone()
    conn.close()
    return int(version), str(fact)


def _logged(stderr: str, event: str) -> list[dict[str, object]]:
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("event") == event]


def test_migration_keeps_a_copy_of_the_older_file(
    sim: SimProcess, config_file: Path, tmp_path: Path
) -> None:
    """The copy holds the file as it was; the next start migrates nothing and copies nothing."""
    state = tmp_path / "state.sqlite"
    _at_older_schema(state)
    first = run_cli("--config", str(config_file), "once")
    assert first.returncode == 0, first.stderr
    copy = tmp_path / f"state.before-schema-{NEWEST}.sqlite"
    [line] = _logged(first.stderr, "state.migration_copy")
    assert line["path"] == str(copy)
    assert (line["from_version"], line["to_version"], line["check"]) == (NEWEST - 1, NEWEST, "ok")
    assert _version_and_fact(copy) == (NEWEST - 1, "ja")
    assert _version_and_fact(state) == (NEWEST, "ja")
    assert not Path(f"{copy}-wal").exists()
    again = run_cli("--config", str(config_file), "once")
    assert again.returncode == 0, again.stderr
    assert _logged(again.stderr, "state.migration_copy") == []
    assert [p.name for p in tmp_path.glob("*before-schema*")] == [copy.name]


def test_a_copy_from_an_earlier_attempt_is_kept(
    sim: SimProcess, config_file: Path, tmp_path: Path
) -> None:
    """An upgrade that stopped midway left its copy: the next attempt keeps it as it is."""
    state = tmp_path / "state.sqlite"
    _at_older_schema(state)
    copy = tmp_path / f"state.before-schema-{NEWEST}.sqlite"
    copy.write_bytes(b"die Kopie vom ersten Versuch")
    result = run_cli("--config", str(config_file), "once")
    assert result.returncode == 0, result.stderr
    [line] = _logged(result.stderr, "state.migration_copy_kept")
    assert line["path"] == str(copy)
    assert copy.read_bytes() == b"die Kopie vom ersten Versuch"
    assert _version_and_fact(state) == (NEWEST, "ja")
