"""Probe check 9: a temporary hyperlink column, how Graph lists it and whether it can be written.

Two rows: how the column reads (9a) and what writing it does (9b). freigabe keeps its public
link in a text column either way (``jobs.check``: Graph cannot write hyperlink columns).
"""

from __future__ import annotations

from integration.errors import AccessDenied, GraphError
from integration.graph.listitems import FieldWrite, create_column, update_fields
from integration.graph.sites import list_columns
from jobs.probe_rows import DIFFERS, FAILS, OK, UNCHECKED, Row, failed
from jobs.probe_run import ProbeRun

__all__ = ["check_hyperlink_column"]

_FACET = "Hyperlink-Spalte: Typangabe"
_FACET_WANT = "ohne Typangabe"
_WRITE = "Hyperlink-Spalte: Schreiben"
_WRITE_WANT = "Schreiben scheitert (500/400)"
_PROBE_URL = "https://example.org/freigabe-probe"
# Graph's hyperlink failures: 500 generalException for a string, 400 for an object
_HYPERLINK_FAILURES = frozenset({400, 500})


def _unchecked(why: str) -> list[Row]:
    return [
        Row("9a", _FACET, _FACET_WANT, "-", UNCHECKED, why),
        Row("9b", _WRITE, _WRITE_WANT, "-", UNCHECKED, why),
    ]


async def check_hyperlink_column(run: ProbeRun) -> list[Row]:
    """9a and 9b: a hyperlink column is listed without a type facet (columndefinition.md: list
    column responses "won't contain" hyperlinkOrPicture) and Graph fails to write it (string:
    500, msgraph-sdk-powershell#2906; object: 400, microsoft-graph-docs#1965, #12638)."""
    name = f"FreigabeProbeLink{run.suffix}"
    definition = {"name": name, "displayName": name, "hyperlinkOrPicture": {"isPicture": False}}
    try:
        column_id = await create_column(run.gw, run.lib, definition)
    except AccessDenied:
        return _unchecked("manage-Freigabe fehlt; für provision nötig")
    except GraphError as err:
        return [failed("9a", _FACET, _FACET_WANT, err), *_unchecked("Spalte nicht angelegt")[1:]]
    run.scratch.column_name = name
    run.scratch.column_id = column_id or None
    try:
        listed = {c.name: c for c in await list_columns(run.gw, run.lib)}
    except GraphError as err:
        return [failed("9a", _FACET, _FACET_WANT, err), await _writes(run, name)]
    col = listed.get(name)
    if col is None:
        facet = Row(
            "9a", _FACET, _FACET_WANT, "nicht gelistet", FAILS, "Graph listet die neue Spalte nicht"
        )
    else:
        run.scratch.column_id = run.scratch.column_id or col.column_id or None
        facet = _facet_row(col.kind)
    return [facet, await _writes(run, name)]


def _facet_row(kind: str) -> Row:
    if kind == "untyped":
        return Row("9a", _FACET, _FACET_WANT, "ohne Typangabe", OK)
    seen = "mit hyperlinkOrPicture" if kind == "hyperlink_or_picture" else f"als {kind}"
    return Row(
        "9a",
        _FACET,
        _FACET_WANT,
        seen,
        DIFFERS,
        "check erkennt eine Hyperlink-Spalte für den öffentlichen Link so oder so",
    )


async def _writes(run: ProbeRun, column: str) -> Row:
    """Write a string, then an object into the column on the text file; what Graph answered."""
    up = run.file("text")
    if up is None or up.list_item_id is None or run.text_etag is None:
        return Row("9b", _WRITE, _WRITE_WANT, "-", UNCHECKED, "Schreiben der Prüfdatei gescheitert")
    attempts: list[tuple[str, FieldWrite]] = [
        ("Zeichenkette", _PROBE_URL),
        ("Objekt", {"Url": _PROBE_URL, "Description": "freigabe probe"}),
    ]
    seen: list[str] = []
    refused = 0
    for label, value in attempts:
        try:
            written = await update_fields(
                run.gw, run.lib, up.list_item_id, {column: value}, etag=run.text_etag
            )
        except GraphError as err:
            if err.status not in _HYPERLINK_FAILURES:
                return failed(
                    "9b", _WRITE, _WRITE_WANT, err, f"{label}: aus anderem Grund gescheitert"
                )
            refused += 1
            seen.append(f"{label} {err.status}")
            continue
        run.text_writes += 1
        run.text_etag = written.etag or run.text_etag
        seen.append(f"{label} angenommen")
    text = ", ".join(seen)
    if refused == len(attempts):
        return Row("9b", _WRITE, _WRITE_WANT, text, OK)
    return Row(
        "9b",
        _WRITE,
        _WRITE_WANT,
        text,
        DIFFERS,
        "Hyperlink-Spalten ließen sich hier schreiben; freigabe bleibt bei der Textspalte "
        "(columns.public_link)",
    )
