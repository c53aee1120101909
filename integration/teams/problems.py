"""The card about a document stuck at a stage, or about the export as a whole failing.

Posted once per problem: the key names the document, the stage and the problem's first
failure, so a problem that persists over many cycles is one card, and one that comes back
after it was solved is a new one. The card says what failed, since when, and what to do;
freigabe tries again every cycle, and ``freigabe status`` shows what is still stuck.
"""

from __future__ import annotations

from config.teams import STUCK, STUCK_EXPORT
from integration.teams import words as w
from integration.teams.context import CardContext
from integration.teams.elements import AdaptiveCard, Element, Fact, FactSet, TextBlock
from integration.teams.layout import document_facts, header, links
from integration.teams.markdown import cut, literal, plain, shorten
from integration.teams.texts import Wording
from ports.problems import ItemProblem, Stage

__all__ = ["STAGE_WORDS", "problem_card", "problem_key", "problem_kind"]

STAGE_WORDS = {
    Stage.ENFORCE: w.STAGE_ENFORCE,
    Stage.PUBLISH: w.STAGE_PUBLISH,
    Stage.LINK: w.STAGE_LINK,
}
_ADVICE = {
    Stage.ENFORCE: w.ADVICE_ENFORCE,
    Stage.PUBLISH: w.ADVICE_PUBLISH,
    Stage.LINK: w.ADVICE_LINK,
}


def problem_kind(problem: ItemProblem, *, export: bool) -> str:
    """The card kind (and template name): ``stuck_<stage>``, or ``stuck_export``."""
    return STUCK_EXPORT if export else STUCK + problem.stage.value


def problem_key(problem: ItemProblem, webhook: str) -> str:
    """One key per problem and channel: a new first failure is a new problem."""
    since = problem.first_at.isoformat()
    return f"stuck/{problem.stage.value}/{problem.document_id}/{since}/{webhook}"


def _advice(problem: ItemProblem, export: bool, wording: Wording) -> str:
    if export:
        advice = w.ADVICE_EXPORT
    elif problem.stage is Stage.ENFORCE and problem.status == 423:
        advice = w.ADVICE_LOCKED
    else:
        advice = _ADVICE[problem.stage]
    return wording(advice) + wording(w.AGAIN)


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
        "since": wording.time(problem.first_at),
    }
    title, sentence = wording.render(problem_kind(problem, export=export), values)
    answer = f"{problem.status} {problem.code or ''}".strip() if problem.status else None
    facts = [
        *(document_facts(context, wording) if context else []),
        Fact(wording(w.STAGE), wording(STAGE_WORDS[problem.stage])),
        *([Fact(wording(w.GRAPH_ANSWER), plain(answer))] if answer else []),
        Fact(wording(w.ERROR), error),
        Fact(wording(w.SINCE), values["since"]),
    ]
    subtitle = wording(w.SUBTITLE) + (f" · {values['library']}" if context else "")
    body: tuple[Element, ...] = (
        header(title, subtitle, "attention"),
        TextBlock(cut(sentence, 1000)),
        FactSet(tuple(facts)),
        TextBlock(wording(w.WHAT_TO_DO), weight="bolder", separator=True),
        TextBlock(_advice(problem, export, wording)),
    )
    return AdaptiveCard(
        body,
        links(context, wording) if context else (),
        id=key,
        fallback_text=shorten(literal(f"{title}: {sentence}"), 1000),
    )
