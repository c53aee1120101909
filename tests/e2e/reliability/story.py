"""The scripted release story every reliability run plays, step by step.

Each step is what the members do in SharePoint between two cycles; the runner completes at
least one cycle after each step before the next, so the order of effects is the same in every
run and only what happens inside the cycles (kills, faults) differs. Everything works in real
time: no step needs a deadline to pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests import support

__all__ = ["LIBRARY", "STORY", "Step"]

LIBRARY = "Bibliothek 0"
# Federfuehrung in the scenario: document i is led by ORGS[i % 4].
SCHWAMM, WHG, HITZE = "Dokument 00.docx", "Dokument 01.docx", "Dokument 02.docx"


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the story.

    Attributes:
        title: names the step in failure messages.
        actions: the control-plane actions it sends.
        requests: about how many Graph round trips the cycle after it makes; kills aim
            within them (a wrong figure only makes the kills land less evenly).
    """

    title: str
    actions: tuple[dict[str, Any], ...]
    requests: int


def _fields(name: str, by: str, **fields: str) -> dict[str, Any]:
    return {"action": "set_fields", "library": LIBRARY, "name": name, "by": by, "fields": fields}


def _submit(name: str, by: str) -> dict[str, Any]:
    return _fields(name, by, **support.COMPLETE, FreigabeStatus="Zur Abstimmung")


_ALL_FOR = (
    ("DWV", support.UPNS["DWV"]),
    ("BLP", support.GUEST),
    ("SPV", support.UPNS["SPV"]),  # through the SPV group
    ("KIV", support.UPNS["KIV"]),
)

STORY: tuple[Step, ...] = (
    Step("first sync", (), 5),
    Step(
        "three submissions",
        (
            _submit(SCHWAMM, support.UPNS["DWV"]),
            _submit(WHG, support.UPNS["BLP"]),
            _submit(HITZE, support.UPNS["SPV"]),
        ),
        9,
    ),
    Step(
        "votes, an unauthorised vote and an edit during the vote",
        (
            *(_fields(SCHWAMM, upn, **{f"Votum_{org}": "Zustimmung"}) for org, upn in _ALL_FOR),
            _fields(WHG, support.UPNS["KIV"], Votum_DWV="Zustimmung"),  # KIV votes for DWV
            _fields(WHG, support.UPNS["BLP"], Votum_BLP="Zustimmung"),
            _fields(HITZE, support.UPNS["DWV"], Votum_DWV="Ablehnung"),
            {
                "action": "edit_content",
                "library": LIBRARY,
                "name": HITZE,
                "by": support.AUTHOR,
                "content": "Inhalt 0/2\nFassung 2: Einwände eingearbeitet.\n",
            },
        ),
        12,
    ),
    Step(
        "a withdrawal and votes on the new version",
        (
            _fields(WHG, support.UPNS["BLP"], FreigabeStatus="Zurückgezogen"),
            _fields(HITZE, support.UPNS["KIV"], Votum_KIV="Zustimmung"),
        ),
        8,
    ),
    Step("the service's own writes come back", (), 2),
    Step("nothing left to do", (), 1),
)
