"""Probe checks 5, 8 and 14: conditional field writes, paging through a long version history,
and the listing a full pass reads."""

from __future__ import annotations

from contextlib import aclosing

from integration.errors import AccessDenied, GraphError, PreconditionFailed
from integration.graph.delta import latest_delta_link, listing_page
from integration.graph.items import read_fields
from integration.graph.listitems import update_fields
from integration.graph.shapes import version_pages
from integration.language import counted
from jobs.probe_rows import DIFFERS, FAILS, OK, UNCHECKED, Row, answer_of, failed
from jobs.probe_run import ProbeRun

__all__ = ["PAGING_WRITES", "check_if_match", "check_listing", "check_version_paging"]

_NOT_UPLOADED = "Hochladen gescheitert"
_WRITE_DENIED = "Schreibrecht fehlt: write-Freigabe auf der Website erteilen"
PAGING_WRITES = 11
"""Title writes on the text file before its history is read: with the upload and the If-Match
write that is 13 versions, more than one page of 10 (SharePoint's page size)."""


async def _etag(run: ProbeRun, list_item_id: str) -> str:
    found = await read_fields(run.gw, run.lib, [list_item_id], ["Title"])
    etag = found[list_item_id].etag if list_item_id in found else None
    if not etag:
        raise GraphError(f"list item {list_item_id} in {run.lib.key}: Graph lists no eTag")
    return etag


async def _write_title(run: ProbeRun, list_item_id: str, title: str, etag: str) -> str:
    """Write the text file's Title if it still has ``etag``; its eTag afterwards."""
    written = await update_fields(run.gw, run.lib, list_item_id, {"Title": title}, etag=etag)
    run.text_writes += 1
    run.text_etag = written.etag or await _etag(run, list_item_id)
    return run.text_etag


_IF_MATCH = "Bedingtes Schreiben (If-Match)"
_IF_MATCH_WANT = "200, mit altem eTag 412"


async def check_if_match(run: ProbeRun) -> Row:
    """5: a fields PATCH with ``If-Match`` succeeds on the current eTag and answers 412
    Precondition Failed on a stale one (Microsoft Learn, "Update listItem")."""
    up = run.file("text")
    if up is None or up.list_item_id is None:
        return Row("5", _IF_MATCH, _IF_MATCH_WANT, "-", UNCHECKED, _NOT_UPLOADED)
    lid = up.list_item_id
    try:
        stale = await _etag(run, lid)
        await _write_title(run, lid, f"freigabe probe {run.suffix}", stale)
    except GraphError as err:
        hint = _WRITE_DENIED if isinstance(err, AccessDenied) else None
        return failed("5", _IF_MATCH, _IF_MATCH_WANT, err, hint)
    try:
        await _write_title(run, lid, f"freigabe probe {run.suffix} (veraltet)", stale)
    except PreconditionFailed:
        return Row("5", _IF_MATCH, _IF_MATCH_WANT, "200, dann 412", OK)
    except GraphError as err:
        return Row(
            "5",
            _IF_MATCH,
            _IF_MATCH_WANT,
            f"200, dann {answer_of(err)}",
            FAILS,
            "mit veraltetem eTag ist 412 erwartet: freigabe erkennt gleichzeitige Änderungen "
            "an 412",
        )
    return Row(
        "5",
        _IF_MATCH,
        _IF_MATCH_WANT,
        "200, dann 200 (angenommen)",
        FAILS,
        "bedingte Schreibzugriffe schützen hier nichts: freigabe würde gleichzeitige "
        "Änderungen von Personen überschreiben; nicht in Betrieb nehmen",
    )


_PAGING = "Versionsverlauf seitenweise"
_PAGING_WANT = "seitenweise (@odata.nextLink)"


async def check_version_paging(run: ProbeRun) -> Row:
    """8: a long version history pages with ``@odata.nextLink`` (OneDrive/onedrive-api-docs
    #1142: "handle paging on this api"; Microsoft Learn, "Paging Microsoft Graph data")."""
    up = run.file("text")
    if up is None or up.list_item_id is None or run.text_etag is None:
        return Row(
            "8", _PAGING, _PAGING_WANT, "-", UNCHECKED, "Schreiben der Prüfdatei gescheitert"
        )
    lid = up.list_item_id
    try:
        etag = run.text_etag
        for n in range(PAGING_WRITES):
            etag = await _write_title(run, lid, f"freigabe probe {run.suffix} ({n + 1})", etag)
        count = pages = 0
        async with aclosing(version_pages(run.gw, run.lib, lid)) as reading:
            async for page in reading:
                pages += 1
                count += len(page.value)
    except GraphError as err:
        return failed("8", _PAGING, _PAGING_WANT, err)
    least = 1 + run.text_writes  # the upload, then one version per accepted write
    seen = f"{counted(pages, 'Seite', 'Seiten')}, {counted(count, 'Eintrag', 'Einträge')}"
    if count < least:
        return Row(
            "8",
            _PAGING,
            _PAGING_WANT,
            f"{seen} (mindestens {least} erwartet)",
            FAILS,
            "Versionsverlauf unvollständig: Versionierung der Bibliothek einschalten; freigabe "
            "liest aus ihm, wer eine Spalte gesetzt hat",
        )
    if pages > 1:
        return Row("8", _PAGING, _PAGING_WANT, seen, OK)
    return Row(
        "8",
        _PAGING,
        _PAGING_WANT,
        seen,
        DIFFERS,
        "alles auf einer Seite; freigabe folgt nextLinks, wo es welche gibt",
    )


_LISTING = "Volle Runde als Liste"
_LISTING_WANT = "Deltalink sofort; Dateien mit Feldern und driveItem"


async def check_listing(run: ProbeRun) -> Row:
    """14: a full pass lists the items with their fields and driveItems expanded
    (OneDrive/onedrive-api-docs#829) after taking the delta link of "now" with
    ``token=latest`` (Microsoft Learn, "driveItem: delta", "Retrieving the current deltaLink")."""
    up = run.file("text")
    if up is None:
        return Row("14", _LISTING, _LISTING_WANT, "-", UNCHECKED, _NOT_UPLOADED)
    try:
        link = await latest_delta_link(run.gw, run.lib)
        found = None
        page_link: str | None = None
        while found is None:
            page = await listing_page(run.gw, run.lib, page_link, ["Title"], delta_link=link)
            found = next((c for c in page.items if c.item_id == up.item_id), None)
            page_link = page.next_link
            if page_link is None:
                break
    except GraphError as err:
        return failed(
            "14",
            _LISTING,
            _LISTING_WANT,
            err,
            "die erste Runde ginge dann über Delta, je Datei "
            "eine Feldabfrage mehr: melden Sie es bitte",
        )
    if found is None or found.fields is None or not found.etag:
        what = "Datei fehlt" if found is None else "ohne Felder oder eTag"
        return Row(
            "14",
            _LISTING,
            _LISTING_WANT,
            what,
            FAILS,
            "die erste Runde sähe die Dateien nicht richtig: nicht in Betrieb nehmen",
        )
    return Row("14", _LISTING, _LISTING_WANT, "Deltalink, Datei mit Feldern und eTag", OK)
