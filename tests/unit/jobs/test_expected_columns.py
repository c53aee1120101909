"""The columns provision creates, what it changes on existing ones, and what check says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from config import Settings, load_settings
from integration.graph.models import ColumnInfo
from jobs.check import column_status
from jobs.column_updates import column_update
from jobs.expected_columns import ExpectedColumn, column_definition, expected_columns
from tests import support

LEADERSHIP = [
    {"activity": "AG Schwammstadt", "lead": "DWV", "valid_from": "2026-01-01"},
    {"activity": "Jahrestagung", "lead": "SPV", "valid_from": "2026-01-01"},
    {"activity": "AG Schwammstadt", "lead": "BLP", "valid_from": "2027-01-01"},
]


def _settings(tmp_path: Path, **process: Any) -> Settings:
    data = support.config("http://127.0.0.1:9/v1.0", tmp_path / "state.sqlite")
    data["process"].update(process)
    return load_settings(support.write_config(tmp_path / "freigabe.yaml", data), environ={})


def _by_name(settings: Settings) -> dict[str, ExpectedColumn]:
    return {c.name: c for c in expected_columns(settings)}


def test_every_column_has_its_own_readable_name_and_a_description(tmp_path: Path) -> None:
    columns = expected_columns(_settings(tmp_path, leadership=LEADERSHIP))
    names = [c.display_name for c in columns]
    assert len(set(names)) == len(names)
    assert "Pflichtangabe" not in names
    assert all(c.description for c in columns)
    by = {c.name: c.display_name for c in columns}
    assert by["Aktivitaet"] == "Aktivität"
    assert by["Zusammenfassung"] == "Zusammenfassung"
    assert by["Federfuehrung"] == "Federführung"
    assert by["Votum_DWV"] == "Votum DWV"


def test_activity_is_a_choice_of_the_leadership_activities_each_once(tmp_path: Path) -> None:
    activity = _by_name(_settings(tmp_path, leadership=LEADERSHIP))["Aktivitaet"]
    assert activity.kind == "choice"
    assert activity.choices == ("AG Schwammstadt", "Jahrestagung")
    body = column_definition(activity)
    assert body["choice"]["choices"] == ["AG Schwammstadt", "Jahrestagung"]
    assert body["choice"]["allowTextEntry"] is False
    assert (body["name"], body["displayName"]) == ("Aktivitaet", "Aktivität")


def test_without_a_leadership_table_activity_stays_a_required_column_of_any_type(
    tmp_path: Path,
) -> None:
    activity = _by_name(_settings(tmp_path))["Aktivitaet"]
    assert (activity.kind, activity.choices) == ("any", ())


def test_lead_offers_every_organisation(tmp_path: Path) -> None:
    lead = _by_name(_settings(tmp_path))["Federfuehrung"]
    assert lead.choices == support.ORGS


def _col(name: str, choices: tuple[str, ...], display: str = "Federführung") -> ColumnInfo:
    return ColumnInfo(name, display, "choice", choices=choices, column_id="c1")


def test_update_adds_missing_choices_and_keeps_the_removed_ones(tmp_path: Path) -> None:
    lead = _by_name(_settings(tmp_path))["Federfuehrung"]
    update = column_update(lead, _col("Federfuehrung", ("DWV", "BLP", "ALT")))
    assert update.added == ("SPV", "KIV")
    assert update.kept == ("ALT",)
    assert update.changes == {"choice": {"choices": ["DWV", "BLP", "SPV", "KIV", "ALT"]}}


def test_update_leaves_a_matching_column_and_an_admins_display_name_alone(
    tmp_path: Path,
) -> None:
    lead = _by_name(_settings(tmp_path))["Federfuehrung"]
    assert column_update(lead, _col("Federfuehrung", support.ORGS, "Lead")).changes == {}


def test_update_replaces_the_placeholder_name_of_older_versions(tmp_path: Path) -> None:
    summary = _by_name(_settings(tmp_path))["Zusammenfassung"]
    old = ColumnInfo("Zusammenfassung", "Pflichtangabe", "note", column_id="c2")
    assert column_update(summary, old).changes == {
        "displayName": "Zusammenfassung",
        "description": summary.description,
    }


def test_check_fails_on_missing_choices_and_only_notes_extra_ones(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    lead = _by_name(settings)["Federfuehrung"]
    status, ok = column_status(settings, lead, _col("Federfuehrung", ("DWV", "BLP", "SPV")))
    assert not ok
    assert "Auswahl fehlt: KIV" in status
    status, ok = column_status(settings, lead, _col("Federfuehrung", (*support.ORGS, "ALT")))
    assert ok
    assert "zusätzliche Auswahl: ALT" in status
    assert column_status(settings, lead, _col("Federfuehrung", support.ORGS)) == ("ok", True)


def test_check_names_the_manual_step_for_an_activity_column_of_text(tmp_path: Path) -> None:
    settings = _settings(tmp_path, leadership=LEADERSHIP)
    activity = _by_name(settings)["Aktivitaet"]
    status, ok = column_status(settings, activity, ColumnInfo("Aktivitaet", "Aktivität", "note"))
    assert not ok
    assert "Typ note, erwartet Auswahl" in status
    assert "Spalteneinstellungen" in status
