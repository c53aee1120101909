"""``provision``, ``status`` and ``audit verify`` as processes."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

from tests import support
from tests.e2e.conftest import SimProcess, run_cli


def _bare_library_sim(tmp_path: Path) -> tuple[subprocess.Popen[str], str]:
    scenario = tmp_path / "bare.yaml"
    scenario.write_text(yaml.safe_dump(support.scenario(documents=0, columns=False)))
    proc = subprocess.Popen(
        [sys.executable, "-m", "freigabe_devtools.graphsim", "--scenario", str(scenario)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def test_provision_creates_missing_columns_once(tmp_path: Path) -> None:
    """--dry-run only reports; the real run creates them; a second run creates none."""
    proc, base_url = _bare_library_sim(tmp_path)
    try:
        config = support.write_config(
            tmp_path / "c.yaml", support.config(base_url, tmp_path / "s.sqlite")
        )
        dry = run_cli("--config", str(config), "provision", "--dry-run")
        assert dry.returncode == 0, dry.stderr
        assert "würde angelegt" in dry.stdout
        assert "13 Spalten würden angelegt" in dry.stdout
        real = run_cli("--config", str(config), "provision")
        assert "13 Spalten angelegt" in real.stdout
        again = run_cli("--config", str(config), "provision")
        assert "0 Spalten angelegt" in again.stdout
        check = run_cli("--config", str(config), "check")
        assert "Ergebnis: bereit" in check.stdout, check.stdout
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        assert proc.stdout is not None
        proc.stdout.close()


def test_status_lists_open_rounds(sim: SimProcess, config_file: Path) -> None:
    """A submission shows up in status with lead, deadline and who has voted."""
    run_cli("--config", str(config_file), "once")
    sim.set_fields(
        "Dokument 01.docx",
        {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"},
        by=support.UPNS["BLP"],
    )
    once = run_cli("--config", str(config_file), "once")
    assert "Runde 1 eröffnet" in once.stdout, once.stdout
    status = run_cli("--config", str(config_file), "status")
    assert status.returncode == 0, status.stderr
    assert "Dokument 01.docx" in status.stdout
    assert "BLP" in status.stdout
    assert "0/4" in status.stdout


def test_audit_verify_detects_tampering(sim: SimProcess, config_file: Path, tmp_path: Path) -> None:
    """verify passes on the real chain and fails after an entry is altered."""
    run_cli("--config", str(config_file), "once")
    sim.set_fields("Dokument 00.docx", {"FreigabeStatus": "Freigegeben"}, by=support.UPNS["DWV"])
    run_cli("--config", str(config_file), "once")
    ok = run_cli("--config", str(config_file), "audit", "verify")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "unverändert" in ok.stdout
    with sqlite3.connect(tmp_path / "state.sqlite") as conn:
        conn.execute("DROP TRIGGER audit_no_update")
        conn.execute("UPDATE audit SET payload = '{\"forged\":true}' WHERE seq = 1")
    bad = run_cli("--config", str(config_file), "audit", "verify")
    assert bad.returncode == 1
    assert "VERÄNDERT ab Eintrag 1" in bad.stdout


def _release_one(sim: SimProcess, config_file: Path) -> None:
    """Dokument 01 submitted, voted for by all four organisations and released."""
    run_cli("--config", str(config_file), "once")
    sim.set_fields(
        "Dokument 01.docx",
        {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"},
        by=support.UPNS["BLP"],
    )
    run_cli("--config", str(config_file), "once")
    for org, upn in support.UPNS.items():
        sim.set_fields("Dokument 01.docx", {f"Votum_{org}": "Zustimmung"}, by=upn)
    released = run_cli("--config", str(config_file), "once")
    assert "Freigegeben" in released.stdout, released.stdout


def _cut(state: Path, keep: int, meta_head_too: bool = False) -> None:
    """Go around freigabe: delete the entries after ``keep`` (and move the meta head back)."""
    with sqlite3.connect(state) as conn:
        conn.execute("DROP TRIGGER audit_no_delete")
        conn.execute("DELETE FROM audit WHERE seq > ?", (keep,))
        if meta_head_too:
            conn.execute("DROP TRIGGER audit_head_forward")
            conn.execute(
                "UPDATE meta SET value = (SELECT json_object('hash', hash, 'seq', seq)"
                " FROM audit WHERE seq = ?) WHERE key = 'audit_head'",
                (keep,),
            )
    conn.close()


def test_audit_verify_detects_entries_cut_off_the_end(
    sim: SimProcess, config_file: Path, tmp_path: Path
) -> None:
    """The last entry, the last three or all removed: exit 1 naming the anchor that tells."""
    _release_one(sim, config_file)
    ok = run_cli("--config", str(config_file), "audit", "verify")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "6 Einträge, Kette vollständig" in ok.stdout
    assert "Kopf: Eintrag 6, sha256 " in ok.stdout
    assert ", verankert in:\n  the state's meta table\n" in ok.stdout
    assert "\n  the release record of Dokument 01.docx (round 1)" in ok.stdout
    meta = "the state's meta table"
    release = "the release record of Dokument 01.docx (round 1)"
    cases = [
        (5, False, "Eintrag 6", f"the log ends at entry 5, but {meta} anchors the head at entry 6"),
        (3, False, "Eintrag 4", f"{meta} anchors the head at entry 6: entries 4 to 6 were removed"),
        (0, False, "Eintrag 1", f"the log is empty, but {meta} anchors the head at entry 6"),
        (3, True, "Eintrag 4", f"{release} anchors the head at entry 6: entries 4 to 6 were"),
    ]
    for keep, meta_head_too, first, reason in cases:
        copy = tmp_path / f"cut-{keep}-{meta_head_too}.sqlite"
        shutil.copyfile(tmp_path / "state.sqlite", copy)
        _cut(copy, keep, meta_head_too)
        config = support.write_config(
            tmp_path / f"{copy.stem}.yaml", support.config(sim.base_url, copy)
        )
        bad = run_cli("--config", str(config), "audit", "verify")
        assert bad.returncode == 1, (keep, bad.stdout, bad.stderr)
        assert f"Audit-Protokoll VERÄNDERT ab {first}:\n  " in bad.stdout, (keep, bad.stdout)
        assert reason in bad.stdout, (keep, bad.stdout)


def test_audit_show_as_table_and_json_lines(sim: SimProcess, config_file: Path) -> None:
    """The table lists every entry; each JSON line holds what its hash covers, chained."""
    _release_one(sim, config_file)
    table = run_cli("--config", str(config_file), "audit", "show")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["Nr", "Zeitpunkt", "Art", "Gegenstand", "Hash", "Inhalt"]
    assert [line.split()[0] for line in lines[2:]] == ["1", "2", "3", "4", "5", "6"]
    assert "approval.released" in lines[-1]
    shown = run_cli("--config", str(config_file), "audit", "show", "--json")
    assert shown.returncode == 0, shown.stderr
    entries = [json.loads(line) for line in shown.stdout.splitlines()]
    assert [list(e) for e in entries] == [
        ["seq", "at", "kind", "subject", "payload", "prev_hash", "hash"]
    ] * 6
    prev = "0" * 64
    for entry in entries:
        covered = [entry[k] for k in ("seq", "at", "kind", "subject", "payload", "prev_hash")]
        text = json.dumps(covered, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert hashlib.sha256(text.encode()).hexdigest() == entry["hash"]
        assert entry["prev_hash"] == prev
        prev = entry["hash"]
    assert entries[-1]["hash"][:12] in lines[-1]


def test_audit_verify_against_the_export_manifest(
    sim: SimProcess, config_file: Path, tmp_path: Path
) -> None:
    """Log, meta head and release record all rewound alike: the manifest still tells, and the
    next cycle records the rewind in the log before it writes a new manifest."""
    _release_one(sim, config_file)
    manifest = tmp_path / "export" / "manifest.json"
    written = json.loads(manifest.read_text(encoding="utf-8"))
    schema = json.loads((manifest.parent / "manifest.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(written)
    assert written["schema_version"] == "1.3"
    # the released .docx has its PDF beside it, through the CLI against the simulator
    [pdf] = [d["pdf"] for d in written["documents"]]
    assert (manifest.parent / "dokumente" / "dokument-01.pdf").read_bytes().startswith(b"%PDF-")
    assert pdf["urls"]["versioned"] in (manifest.parent / "feed.xml").read_text(encoding="utf-8")
    intact = run_cli("--config", str(config_file), "audit", "verify", "--manifest", str(manifest))
    assert intact.returncode == 0, intact.stdout + intact.stderr
    assert f"Kopf: Eintrag 6, sha256 {written['audit_head']['hash']}" in intact.stdout
    assert f"\n  the export manifest {manifest}" in intact.stdout
    assert written["audit_head"]["seq"] == 6
    state = tmp_path / "state.sqlite"
    _cut(state, 3, meta_head_too=True)
    with sqlite3.connect(state) as conn:
        conn.execute(
            "UPDATE releases SET record = json_set(record, '$.audit_head',"
            " (SELECT json_object('seq', seq, 'hash', hash) FROM audit WHERE seq = 3))"
        )
    conn.close()
    fooled = run_cli("--config", str(config_file), "audit", "verify")
    assert fooled.returncode == 0, fooled.stdout + fooled.stderr
    assert "3 Einträge, Kette vollständig" in fooled.stdout
    caught = run_cli("--config", str(config_file), "audit", "verify", "--manifest", str(manifest))
    assert caught.returncode == 1, caught.stdout + caught.stderr
    assert caught.stdout.strip() == (
        "Audit-Protokoll VERÄNDERT ab Eintrag 4:\n  the log ends at entry 3, but the export "
        f"manifest {manifest} anchors the head at entry 6: entries 4 to 6 were removed"
    )
    # the next cycle writes a new manifest: before that, the rewind goes into the log
    noted = run_cli("--config", str(config_file), "once")
    assert noted.returncode == 0, noted.stderr
    assert (
        "Audit-Protokoll: manifest.json verankert Eintrag 6, den das Protokoll nicht enthält "
        "(gekürzt, aus einer älteren Sicherung wiederhergestellt oder neu angelegt); "
        "vermerkt als Eintrag 4"
    ) in noted.stdout
    shown = run_cli("--config", str(config_file), "audit", "show", "--json")
    last = json.loads(shown.stdout.splitlines()[-1])
    assert (last["seq"], last["kind"], last["subject"]) == (
        4,
        "audit.behind_export",
        "manifest.json",
    )
    assert last["payload"]["manifest_head"] == written["audit_head"]
    assert last["payload"]["log_head"]["seq"] == 3
    assert json.loads(manifest.read_text(encoding="utf-8"))["audit_head"]["seq"] == 4
    again = run_cli("--config", str(config_file), "once")
    assert "Audit-Protokoll:" not in again.stdout
    del written["audit_head"]
    older = tmp_path / "manifest-1.1.json"
    older.write_text(json.dumps(written), encoding="utf-8")
    headless = run_cli("--config", str(config_file), "audit", "verify", "--manifest", str(older))
    assert headless.returncode == 2
    assert headless.stderr.startswith(f"Error: {older} carries no audit head")
