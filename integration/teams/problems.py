"""The card about a document stuck at a stage, or about the export as a whole failing.

Posted once per problem: the key names the document, the stage and the problem's first
failure, so a problem that persists over many cycles is one card, and one that comes back
after it was solved is a new one. The card says what failed, since when, and what to do;
freigabe tries again every cycle, and ``freigabe status`` shows what is still stuck.
"""

from __future__ import annotations

from config.teams import STUCK, STUCK_EXPORT
from integration.teams.context import CardContext
from integration.teams.elements import AdaptiveCard, Element, Fact, FactSet, TextBlock
from integration.teams.layout import document_facts, header, links
from integration.teams.markdown import cut, literal, plain, shorten
from integration.teams.texts import Wording, local_time
from ports.problems import ItemProblem, Stage

__all__ = ["STAGE_WORDS", "problem_card", "problem_key", "problem_kind"]

STAGE_WORDS = {
    Stage.ENFORCE: "Freigabeprozess",
    Stage.PUBLISH: "Veröffentlichung",
    Stage.LINK: "öffentlicher Link",
}

_SUBTITLE = "Freigabeprozess"
_AGAIN = " freigabe versucht es in jedem Durchlauf erneut; „freigabe status“ zeigt, was noch hängt."
_ADVICE = {
    Stage.ENFORCE: "IT: die Antwort von Graph prüfen (Spalte, Wert, Rechte der App).",
    Stage.PUBLISH: "IT: den Export an der genannten Stelle prüfen (symbolischer Link, Dateiname, "
    "Schreibrechte, Speicherplatz) und das Hindernis beseitigen.",
    Stage.LINK: "IT: prüfen, ob die App die Spalte des öffentlichen Links schreiben darf.",
}
_LOCKED = "In Office geöffnet: bitte das Dokument schließen."
_EXPORT_ADVICE = (
    "IT: den Exportordner oder Blob-Container prüfen (symbolischer Link, Schreibrechte, "
    "Speicherplatz, Verbindung) und das Hindernis beseitigen."
)


def problem_kind(problem: ItemProblem, *, export: bool) -> str:
    """The card kind (and template name): ``stuck_<stage>``, or ``stuck_export``."""
    return STUCK_EXPORT if export else STUCK + problem.stage.value


def problem_key(problem: ItemProblem, webhook: str) -> str:
    """One key per problem and channel: a new first failure is a new problem."""
    since = problem.first_at.isoformat()
    return f"stuck/{problem.stage.value}/{problem.document_id}/{since}/{webhook}"


def _advice(problem: ItemProblem, export: bool) -> str:
    if export:
        return _EXPORT_ADVICE + _AGAIN
    if problem.stage is Stage.ENFORCE and problem.status == 423:
        return _LOCKED + _AGAIN
    return _ADVICE[problem.stage] + _AGAIN


def problem_card(
    problem: ItemProblem, context: CardContext | None, wording: Wording, key: str
) -> AdaptiveCard:
    """The card about ``problem``; ``context`` None: the export as a whole failed."""
    export = context is None
    error = plain(problem.message, 500)
    values = {
        "document": plain(context.document_name) if context else "",
        "library": plain(context.library_name) if context else "",
        "error": error,
        "since": local_time(problem.first_at, wording.zone),
    }
    title, sentence = wording.render(problem_kind(problem, export=export), values)
    answer = f"{problem.status} {problem.code or ''}".strip() if problem.status else None
    facts = [
        *(document_facts(context) if context else []),
        Fact("Schritt", STAGE_WORDS[problem.stage]),
        *([Fact("Graph-Antwort", plain(answer))] if answer else []),
        Fact("Fehler", error),
        Fact("Seit", values["since"]),
    ]
    subtitle = f"{_SUBTITLE} · {values['library']}" if context else _SUBTITLE
    body: tuple[Element, ...] = (
        header(title, subtitle, "attention"),
        TextBlock(cut(sentence, 1000)),
        FactSet(tuple(facts)),
        TextBlock("Was tun", weight="bolder", separator=True),
        TextBlock(_advice(problem, export)),
    )
    return AdaptiveCard(
        body,
        links(context) if context else (),
        id=key,
        fallback_text=shorten(literal(f"{title}: {sentence}"), 1000),
    )
