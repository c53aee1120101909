"""SIGKILLs and Graph faults during the story end exactly where an undisturbed run ends.

The undisturbed reference, the run under Graph faults and the run of two replicas on
PostgreSQL whose leader is killed play in background threads (each against its own
simulator process) while the kill run plays in the foreground: the runs wait on their
processes, so together they take little longer than the longest alone.
"""

from __future__ import annotations

import functools
import os
import random
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest

from tests.e2e.conftest import run_cli
from tests.e2e.reliability.replicas import POLL_SECONDS, Takeover, play_with_replica_kills
from tests.e2e.reliability.runner import play, play_with_faults, play_with_kills
from tests.e2e.reliability.views import Outcome, assert_same, outcome
from tests.e2e.reliability.world import World
from tests.postgres import Server, fresh_database

T = TypeVar("T")

KILLS = 20
REPLICA_KILLS = 10
# The three plays run beside the rest of the suite (three workers on two cores, the checks
# and the other Pythons' unit suites at the same time): alone they take under a minute.
_PLAY_SECONDS = 240
# Set to replay a failed run; the seed of every run is printed.
SEED_VARIABLE = "KILL_SEED"  # not FREIGABE_*: the configuration owns that prefix


class Background:
    """Plays started at module set-up, each in its own world; their results on demand."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._pool = ThreadPoolExecutor(max_workers=3)
        self.worlds: list[World] = []

    def world(self, name: str, state_url: str | None = None) -> World:
        self.worlds.append(World(self._folder / name, state_url))
        return self.worlds[-1]

    def start(
        self, name: str, play_it: Callable[[World], T], state_url: str | None = None
    ) -> Future[tuple[T, World]]:
        world = self.world(name, state_url)
        return self._pool.submit(lambda: (play_it(world), world))

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        for world in self.worlds:
            world.close()


@pytest.fixture(scope="module")
def background(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Background]:
    runs = Background(tmp_path_factory.mktemp("reliability"))
    try:
        yield runs
    finally:
        runs.close()


@pytest.fixture(scope="module")
def reference(background: Background) -> Future[tuple[None, World]]:
    return background.start("reference", play)


@pytest.fixture(scope="module")
def faulted(
    background: Background, reference: Future[tuple[None, World]]
) -> Future[tuple[list[str], World]]:
    return background.start("faults", play_with_faults)


@pytest.fixture(scope="module")
def replica_seed() -> int:
    seed = int(os.environ.get(SEED_VARIABLE) or random.SystemRandom().randrange(2**32))
    print(f"replica kill seed {seed} (replay with {SEED_VARIABLE}={seed})")
    return seed


@pytest.fixture(scope="module")
def replicated(
    background: Background,
    reference: Future[tuple[None, World]],
    postgres_server: Server,
    replica_seed: int,
) -> Iterator[Future[tuple[list[Takeover], World]]]:
    with fresh_database(postgres_server) as url:
        rng = random.Random(replica_seed)
        play_it = functools.partial(play_with_replica_kills, rng=rng, kills=REPLICA_KILLS)
        future = background.start("replicas", play_it, state_url=url)
        yield future
        # the database goes only once the play no longer uses it
        future.exception(timeout=_PLAY_SECONDS)


def _finished(future: Future[tuple[T, World]]) -> tuple[T, Outcome, World]:
    result, world = future.result(timeout=_PLAY_SECONDS)
    return result, outcome(world), world


def _in_doubt_resends(world: World) -> int:
    """How often a card cut off in flight was sent again, from every run's log."""
    return sum(
        log.read_text(encoding="utf-8").count('"outbox.resending_in_doubt"')
        for log in world.folder.glob("run-*.log")
    )


@pytest.mark.timeout(_PLAY_SECONDS + 60)
def test_twenty_kill_points_change_nothing(
    background: Background,
    reference: Future[tuple[None, World]],
    faulted: Future[tuple[list[str], World]],
) -> None:
    """Killed at 20 seeded random points and restarted: fields, export and cards as undisturbed."""
    seed = int(os.environ.get(SEED_VARIABLE) or random.SystemRandom().randrange(2**32))
    print(f"kill seed {seed} (replay with {SEED_VARIABLE}={seed})")
    world = background.world("killed")
    kills = play_with_kills(world, random.Random(seed), KILLS)
    print("\n".join(f"  killed in {k.step!r} at request {k.after} + {k.linger}s" for k in kills))
    assert len(kills) == KILLS
    _, expected, _ = _finished(reference)
    assert_same(outcome(world), expected, f"seed {seed}:")
    # A card is posted twice only when a kill cut off its request; the sink keeps one copy.
    assert world.webhook()["duplicates"] <= _in_doubt_resends(world), f"seed {seed}"
    audit = run_cli("--config", str(world.config), "audit", "verify")
    assert audit.returncode == 0, audit.stdout + audit.stderr


@pytest.mark.timeout(_PLAY_SECONDS + 60)
def test_graph_faults_change_nothing(
    reference: Future[tuple[None, World]], faulted: Future[tuple[list[str], World]]
) -> None:
    """429/503 bursts, dropped connections and 410 resyncs: the same end, no card twice."""
    errors, got, world = _finished(faulted)
    _, expected, _ = _finished(reference)
    assert_same(got, expected)
    assert world.webhook()["duplicates"] == 0
    # the dropped connections made cycles give up with a message; the next one went on
    assert len(errors) == 4, errors
    assert all("broke off" in error for error in errors), errors


@pytest.mark.timeout(_PLAY_SECONDS + 60)
def test_two_replicas_whose_leader_is_killed_ten_times_change_nothing(
    reference: Future[tuple[None, World]],
    replicated: Future[tuple[list[Takeover], World]],
    replica_seed: int,
) -> None:
    """Leader SIGKILLed at 10 points: a standby leads within two poll intervals, same end."""
    takeovers, got, world = _finished(replicated)
    print(f"replica kill seed {replica_seed}; poll interval {POLL_SECONDS} s; takeovers:")
    print(
        "\n".join(
            f"  {t.step!r} at request {t.after} + {t.linger}s: {t.seconds} s" for t in takeovers
        )
    )
    assert len(takeovers) == REPLICA_KILLS
    assert all(t.seconds <= 2 * POLL_SECONDS for t in takeovers), takeovers
    _, expected, _ = _finished(reference)
    assert_same(got, expected, f"seed {replica_seed}:")
    assert world.webhook()["duplicates"] <= _in_doubt_resends(world), f"seed {replica_seed}"
    audit = run_cli("--config", str(world.config), "audit", "verify")
    assert audit.returncode == 0, audit.stdout + audit.stderr
