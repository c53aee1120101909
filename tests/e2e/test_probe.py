"""``freigabe probe`` end to end: the CLI as a process against a simulator process.

The simulator answers as SharePoint Online by default, so the default run must find every
assumption holding; each quirk switched to its friendly value must change its own row.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests import support
from tests.e2e.conftest import SimProcess, run_cli, serve_scenario

ALL_ROLES = [
    "Sites.ReadWrite.All",
    "Sites.Manage.All",
    "User.ReadBasic.All",
    "GroupMember.ReadBasic.All",
]
NO_USER_ROLE = ["Sites.ReadWrite.All", "Sites.Manage.All", "GroupMember.ReadBasic.All"]
ROW_NAMES = {
    "1": "Hochladen",
    "2": "Hash gleich nach dem Hochladen",
    "3": "Download .txt",
    "4": "Download .docx",
    "5": "Bedingtes Schreiben",
    "6": "Urheber einer App-Änderung",
    "7": "Urheber einer Personen-Änderung",
    "8": "Versionsverlauf seitenweise",
    "9a": "Hyperlink-Spalte: Typangabe",
    "9b": "Hyperlink-Spalte: Schreiben",
    "10": "listItem-Delta",
    "11": "Änderungsbenachrichtigung",
    "12": "Gruppenmitglieder",
    "13": "Abstimmende auflösen",
    "14": "Volle Runde als Liste",
    "15": "Aufräumen",
}
# What the default run sees, row by row (SharePoint Online's behaviour as simulated).
DEFAULT_SEEN = {
    "1": ".txt 201, .docx 201",
    "2": "fehlt",
    "3": "gleich",
    "4": "anders",
    "5": "200, dann 412",
    "6": "application + user „SharePoint App“",
    "7": "id und E-Mail, keine UPN",
    "8": "2 Seiten, 13 Einträge",
    "9a": "ohne Typangabe",
    "9b": "Zeichenkette 500, Objekt 400",
    "10": "Felder inline (list_item_delta möglich)",
    "11": "201, gelöscht",
    "12": "vollständig (UPN, E-Mail)",
    "13": "gefunden",
    "14": "Deltalink, Datei mit Feldern und eTag",
    "15": "1 Spalte, 2 Dateien (Papierkorb) entfernt",
}


def table(out: str) -> dict[str, tuple[str, str, str]]:
    """The probe's table: row number -> (erwartet, gesehen, Urteil), cut at the dashes."""
    lines = out.splitlines()
    rule = next(n for n, line in enumerate(lines) if line.startswith("---"))
    spans, start = [], 0
    for width in (len(dashes) for dashes in lines[rule].split("  ")):
        spans.append((start, start + width))
        start += width + 2
    rows: dict[str, tuple[str, str, str]] = {}
    for line in lines[rule + 1 :]:
        if not line.strip():
            break
        cells = [line[a:b].strip() for a, b in spans[:-1]] + [line[spans[-1][0] :].strip()]
        number, _, name = cells[0].partition(" ")
        assert name.startswith(ROW_NAMES[number]), line
        rows[number] = (cells[1], cells[2], cells[3])
    assert list(rows) == list(ROW_NAMES), out
    return rows


def scenario(roles: list[str], quirks: dict[str, Any] | None = None) -> dict[str, Any]:
    data = support.scenario(documents=3)
    data["tokens"][support.TOKEN]["roles"] = roles
    if quirks:
        data["quirks"] = quirks
    return data


def probe(sim: SimProcess, tmp_path: Path, **config: Any) -> tuple[int, str, str]:
    """Run ``freigabe probe lib0`` against ``sim``; exit code, stdout, stderr."""
    data = support.config(sim.base_url, tmp_path / "state.sqlite")
    data.update(config)
    path = support.write_config(tmp_path / "freigabe.yaml", data)
    result = run_cli("--config", str(path), "probe", "lib0", timeout=90)
    return result.returncode, result.stdout, result.stderr


def graph_get(sim: SimProcess, path: str) -> Any:
    """A Graph GET with freigabe's token, as the simulator answers it."""
    req = urllib.request.Request(sim.base_url + path)  # noqa: S310 - loopback only
    req.add_header("Authorization", f"Bearer {support.TOKEN}")
    with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 - loopback only
        return json.loads(resp.read())


class _Validation(BaseHTTPRequestHandler):
    """Answers Graph's subscription validation as the worker's endpoint does."""

    def do_POST(self) -> None:
        token = parse_qs(urlsplit(self.path).query).get("validationToken", [None])[0]
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = (token or "").encode()
        self.send_response(200 if token else 202)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the test's output is the probe's."""


@pytest.fixture
def notification_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Validation)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_default_mode_every_assumption_holds_and_nothing_is_left(
    tmp_path: Path, notification_url: str
) -> None:
    """Against SharePoint Online's behaviour every row is ok, exit 0, and the files, the
    column and the subscription the probe created are gone afterwards."""
    with serve_scenario(tmp_path, scenario(ALL_ROLES)) as sim:
        columns_before = graph_get(sim, _columns_path(sim))["value"]
        notifications = {"enabled": True, "public_url": notification_url}
        code, out, err = probe(sim, tmp_path, notifications=notifications)
        rows = table(out)
        assert {n: r[2] for n, r in rows.items()} == dict.fromkeys(ROW_NAMES, "ok"), out
        assert {n: r[1] for n, r in rows.items()} == DEFAULT_SEEN
        assert code == 0, out + err
        assert out.rstrip().endswith("Ergebnis: alle Annahmen halten")
        progress = [line for line in out.splitlines() if line.startswith("[")]
        assert len(progress) == len(ROW_NAMES)
        names = [
            i["name"] for i in sim.control("GET", "/_sim/items?library=Bibliothek%200")["value"]
        ]
        assert names == ["Dokument 00.docx", "Dokument 01.docx", "Dokument 02.docx"]
        assert _all_columns(sim) == [c["name"] for c in columns_before]
        assert graph_get(sim, "/subscriptions")["value"] == []


def _columns_path(sim: SimProcess) -> str:
    site = graph_get(sim, "/sites/allianz.sharepoint.com:/sites/allianz")["id"]
    return f"/sites/{quote(site)}/lists/{quote('Bibliothek 0')}/columns?$top=100"


def _all_columns(sim: SimProcess) -> list[str]:
    return [c["name"] for c in graph_get(sim, _columns_path(sim))["value"]]


# Quirks whose rows do not depend on each other are switched in one probe run (a probe
# run is a few seconds of process start-ups); every other row must stay as in real mode,
# so a quirk that moved a row not its own would show.
@pytest.mark.parametrize(
    ("quirks", "roles"),
    [
        pytest.param(
            {
                "hash_after_download": (False, "2"),
                "office_rewrite": (False, "4"),
                "user_identity": ("upn", "7"),
                "hyperlink_facet": (True, "9a"),
                "list_item_delta_fields": (False, "10"),
            },
            ALL_ROLES,
            id="hash-office-upn-facet-delta",
        ),
        pytest.param(
            {
                "app_identity": ("user_only", "6"),
                "paging": (False, "8"),
                "hyperlink_writes_fail": (False, "9b"),
            },
            ALL_ROLES,
            id="user-only-paging-writes",
        ),
        pytest.param({"app_identity": ("application", "6")}, ALL_ROLES, id="application"),
        # members come limited only without a user-read role (which costs row 13 its ok)
        pytest.param({"group_members_limited": (False, "12")}, NO_USER_ROLE, id="members"),
    ],
)
def test_each_friendly_quirk_changes_its_own_row(
    tmp_path: Path, quirks: dict[str, tuple[Any, str]], roles: list[str]
) -> None:
    """Switching a quirk to its friendly value turns its row abweichend with another seen
    value and a hint; every other row keeps the verdict it has in the real mode."""
    switched = {quirk: value for quirk, (value, _) in quirks.items()}
    own = {row for _, row in quirks.values()}
    with serve_scenario(tmp_path, scenario(roles, switched)) as sim:
        code, out, err = probe(sim, tmp_path)
    rows = table(out)
    hints = out.split("Hinweise:")[1]
    for row in own:
        _, seen, verdict = rows[row]
        assert verdict == "abweichend", (row, out)
        real_seen = "nur Objekt-IDs" if roles is NO_USER_ROLE else DEFAULT_SEEN[row]
        assert seen != real_seen, (row, out)
        assert f"{row} {ROW_NAMES[row]}" in hints
    real = dict.fromkeys(ROW_NAMES, "ok") | {"11": "nicht geprüft"}
    if roles is NO_USER_ROLE:
        real["13"] = "FEHLER"
    assert {n: r[2] for n, r in rows.items() if n not in own} == {
        n: v for n, v in real.items() if n not in own
    }
    assert code == (1 if "FEHLER" in real.values() else 0), out + err


def test_a_read_only_grant_fails_at_the_upload(tmp_path: Path) -> None:
    """Sites.Selected with a read grant: the upload is FEHLER with the grant to ask for, the
    checks that need the files are not checked, nothing is left, exit 1."""
    roles = ["Sites.Selected", "User.ReadBasic.All", "GroupMember.ReadBasic.All"]
    grants = [{"app_id": support.APP_ID, "roles": ["read"]}]
    data = support.jwt_scenario(support.scenario(documents=3), roles, grants)
    with serve_scenario(tmp_path, data) as sim:
        credential = {"mode": "static_token", "static_token": support.jwt_token(roles)}
        code, out, err = probe(sim, tmp_path, credential=credential)
    rows = table(out)
    assert rows["1"][1:] == (".txt 403 accessDenied", "FEHLER"), out
    assert "1 Hochladen (.txt, .docx): Schreibrecht fehlt: write-Freigabe" in out
    for number in ("2", "3", "4", "5", "6", "8", "9a", "9b", "14"):
        assert rows[number][2] == "nicht geprüft", (number, out)
    assert rows["15"][1:] == ("nichts angelegt", "ok")
    assert code == 1
    assert out.rstrip().endswith("Ergebnis: NICHT alle Annahmen halten")
    assert "Traceback" not in err


def test_without_a_user_read_role_the_lookup_fails(tmp_path: Path) -> None:
    """Only GroupMember.ReadBasic.All for the directory: resolving an approver is FEHLER
    naming the permission; group members then come with ids only, which is ok."""
    with serve_scenario(tmp_path, scenario(NO_USER_ROLE)) as sim:
        code, out, err = probe(sim, tmp_path)
    rows = table(out)
    assert rows["13"][1:] == ("403 Authorization_RequestDenied", "FEHLER"), out
    assert "User.ReadBasic.All oder User.Read.All fehlt (app-only: laut Microsoft Learn" in out
    assert rows["12"] == ("nur Objekt-IDs (ohne Benutzer-Leserecht)", "nur Objekt-IDs", "ok")
    others = {n: r[2] for n, r in rows.items() if n not in ("11", "13")}
    assert set(others.values()) == {"ok"}, out
    assert code == 1, out + err


def test_failures_in_the_middle_still_clean_up_and_name_what_is_left(tmp_path: Path) -> None:
    """Version histories answer 500 and the first file deletion too: those rows are FEHLER,
    the column and the other file are still removed, and the file left behind is named."""
    with serve_scenario(tmp_path, scenario(ALL_ROLES)) as sim:
        columns_before = _all_columns(sim)
        for rule in (
            {"kind": "status", "status": 500, "endpoint": "*/versions", "count": None},
            {"kind": "status", "status": 500, "endpoint": "DELETE /drives/{id}/items/{id}"},
        ):
            sim.control("POST", "/_sim/faults", rule)
        code, out, err = probe(sim, tmp_path)
        rows = table(out)
        assert {n for n, r in rows.items() if r[2] == "FEHLER"} == {"6", "7", "8", "15"}, out
        assert rows["6"][1] == "500 generalException"
        (left,) = [
            i["name"]
            for i in sim.control("GET", "/_sim/items?library=Bibliothek%200")["value"]
            if i["name"].startswith("freigabe-probe-")
        ]
        assert left.endswith(".txt")
        assert rows["15"][1] == f"übrig: Datei {left} (500 generalException)"
        library_url = "https://allianz.sharepoint.com/sites/allianz/Bibliothek%200"
        assert f"bitte von Hand in {library_url} entfernen: Datei {left}" in out
        assert _all_columns(sim) == columns_before
        assert code == 1, out + err
