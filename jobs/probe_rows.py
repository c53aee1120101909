"""What ``freigabe probe`` reports: one row per check, with its verdict, and how it is printed.

Verdicts: ``ok`` (the tenant behaves as freigabe assumes), ``abweichend`` (it behaves
differently and freigabe copes: the row's hint says how), ``FEHLER`` (an assumption freigabe
depends on does not hold, or the call failed: the hint says what to do), ``nicht geprüft``
(this configuration or these permissions cannot settle it: the hint says why).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from integration.errors import (
    AccessDenied,
    AuthError,
    GraphError,
    GraphUnreachable,
    NotFound,
    Throttled,
)
from jobs.table import render_table

__all__ = [
    "DIFFERS",
    "FAILS",
    "HEADERS",
    "OK",
    "UNCHECKED",
    "Row",
    "Verdict",
    "answer_of",
    "failed",
    "progress_line",
    "render_rows",
]

Verdict = Literal["ok", "abweichend", "FEHLER", "nicht geprüft"]
OK: Verdict = "ok"
DIFFERS: Verdict = "abweichend"
FAILS: Verdict = "FEHLER"
UNCHECKED: Verdict = "nicht geprüft"

HEADERS = ("Prüfung", "erwartet", "gesehen", "Urteil")


@dataclass(frozen=True, slots=True)
class Row:
    """One check's outcome.

    Attributes:
        number: the check's number, e.g. ``"5"`` or ``"9a"`` (rows are printed in this order).
        check: what was checked, in a few words.
        expected: the behaviour freigabe assumes (SharePoint Online's, as documented or seen).
        seen: what this tenant did.
        verdict: one of the four verdicts.
        hint: for anything but ``ok``: how freigabe copes, what to do, or why it was not checked.
    """

    number: str
    check: str
    expected: str
    seen: str
    verdict: Verdict
    hint: str | None = None

    @property
    def title(self) -> str:
        return f"{self.number:>3} {self.check}"

    @property
    def order(self) -> tuple[int, str]:
        digits = "".join(c for c in self.number if c.isdigit())
        return int(digits or 0), self.number.removeprefix(digits)


def answer_of(err: GraphError) -> str:
    """What Graph answered, for the seen column (status and error code, never a secret)."""
    if isinstance(err, GraphUnreachable):
        return "keine Verbindung"
    if err.status is None:
        return "kein Ergebnis"
    return f"{err.status} {err.code}" if err.code else str(err.status)


def _advice(err: GraphError) -> str:
    """What to do about a failed call, when the check has nothing more specific to say."""
    if isinstance(err, GraphUnreachable):
        return "Graph nicht erreichbar: Netz, Proxy und graph.base_url prüfen"
    if isinstance(err, AuthError):
        return "Anmeldung gescheitert: credential und tenant_id prüfen"
    if isinstance(err, AccessDenied):
        return "Berechtigung fehlt"
    if isinstance(err, NotFound):
        return "nicht gefunden"
    if isinstance(err, Throttled):
        return "Graph drosselt weiter: später erneut versuchen"
    return f"Graph-Antwort unerwartet ({err})"


def failed(number: str, check: str, expected: str, err: GraphError, hint: str | None = None) -> Row:
    """The FEHLER row of a check whose call failed; ``hint`` replaces the generic advice."""
    return Row(number, check, expected, answer_of(err), FAILS, hint or _advice(err))


def progress_line(row: Row) -> str:
    """The line printed as soon as a check is done."""
    line = f"[{row.number:>3}] {row.check}: {row.verdict}"
    if row.seen != "-":
        line += f" ({row.seen})"
    return f"{line}: {row.hint}" if row.hint and row.verdict != OK else line


def render_rows(rows: Sequence[Row]) -> str:
    """The table of every row, then the hints of the rows that are not ``ok``."""
    ordered = sorted(rows, key=lambda r: r.order)
    table = render_table(HEADERS, [(r.title, r.expected, r.seen, r.verdict) for r in ordered])
    hints = [f"{r.title.strip()}: {r.hint}" for r in ordered if r.hint and r.verdict != OK]
    return "\n".join([table, *(["", "Hinweise:", *hints] if hints else [])])
