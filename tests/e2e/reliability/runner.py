"""Playing the story: uninterrupted, or with SIGKILLs at seeded random points."""

from __future__ import annotations

import random
import sys
from collections import Counter
from dataclasses import dataclass

from tests.e2e.reliability.chaos import CHAOS
from tests.e2e.reliability.story import STORY
from tests.e2e.reliability.world import World

__all__ = ["Kill", "finish", "play", "play_with_faults", "play_with_kills"]

# Where kills are worth most: the steps in which the service writes, publishes and posts.
_KILL_WEIGHTS = (1, 3, 4, 3, 1, 1)
# Each request waits this long in the simulator, so a kill often finds one in flight.
_LATENCY = 0.02
_LINGER = 0.1


@dataclass(frozen=True, slots=True)
class Kill:
    """One SIGKILL: in which step, after how many of the process's requests."""

    step: str
    after: int
    linger: float


def finish(world: World) -> None:
    """The last cycle: a restart a few minutes on, so requests cut off in flight are redone."""
    world.once(sys.executable, "-m", "tests.e2e.reliability.later", str(world.config), "3")


def play(world: World) -> None:
    """Every step followed by one cycle run to its end, then ``finish``."""
    for step in STORY:
        world.act(step)
        world.once()
    finish(world)


def play_with_kills(world: World, rng: random.Random, kills: int) -> list[Kill]:
    """Like ``play``, but each step's cycle is killed and restarted a planned number of times.

    A kill is aimed at a random one of the requests (Graph round trips) the cycle is expected
    to make (``Step.requests``), then lingers a random moment so that some land between
    requests. When the cycle ends before the request it was aimed at, it was the step's
    complete cycle and the step's remaining kills move on to the next step; the last step,
    an idle cycle of one request, takes whatever is left.
    """
    assert len(_KILL_WEIGHTS) == len(STORY)
    planned = Counter(rng.choices(range(len(STORY)), weights=_KILL_WEIGHTS, k=kills))
    world.fault(kind="latency", endpoint="*", latency=_LATENCY, count=None)
    done: list[Kill] = []
    last = len(STORY) - 1
    for number, step in enumerate(STORY):
        world.act(step)
        due = sum(planned[n] for n in range(number + 1))
        completed, attempts = False, 0
        while len(done) < due and (number == last or not completed):
            attempts += 1
            assert attempts <= 2 * kills, f"kills in {step.title!r} never landed"
            kill = Kill(
                step.title, rng.randint(1, step.requests), round(rng.uniform(0, _LINGER), 3)
            )
            completed = not world.killed_once(kill.after, kill.linger)
            if not completed:
                done.append(kill)
        if not completed:
            world.once()
    finish(world)
    return done


def play_with_faults(world: World) -> list[str]:
    """Like ``play``, with ``CHAOS`` injected into each step; the errors the cycles reported.

    A cycle that gives up (exit 1, one clear message) is run again, as the worker would at
    its next poll; every injected rule must have fired before the next step.
    """
    errors: list[str] = []
    for step, faults in zip(STORY, CHAOS, strict=True):
        world.act(step)
        for fault in faults:
            if "action" in fault:
                world.sim.control("POST", "/_sim/actions", fault)
            else:
                world.fault(**fault)
        for _ in range(3):
            run = world.once(may_fail=True)
            if run.returncode == 0:
                break
            errors.append(next(ln for ln in run.stderr.splitlines() if ln.startswith("Error: ")))
        else:
            raise AssertionError(f"{step.title!r}: the cycle kept failing: {errors[-3:]}")
        left = world.sim.control("GET", "/_sim/faults")["value"]
        assert left == [], f"{step.title!r}: faults that never fired: {left}"
    finish(world)
    return errors
