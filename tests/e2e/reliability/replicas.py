"""The story played by two ``freigabe run`` replicas on one PostgreSQL database, the leader
SIGKILLed at seeded random points and replaced, so that two run again before the next kill.

Each step's actions are sent right after the leader finished a sync (the next one is a poll
interval away), so, as in the other plays, members act between two cycles; the step is done
once a sync that started after the actions has finished. A kill is aimed at one of the
Graph round trips the step's cycle is expected to make. The takeover time runs from the
SIGKILL to the moment a standby answers ``/readyz`` as the leader.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests import support
from tests.e2e.conftest import FREIGABE
from tests.e2e.reliability.runner import finish
from tests.e2e.reliability.story import STORY
from tests.e2e.reliability.world import ROOT, World
from tests.e2e.worker.conftest import WorkerProcess, free_port, wait_for

__all__ = ["POLL_SECONDS", "Takeover", "play_with_replica_kills"]

POLL_SECONDS = 5  # the shortest poll interval the settings allow
_WEIGHTS = (1, 3, 4, 3, 1, 1)
_LATENCY = 0.02
_LINGER = 0.1
_SYNC = {"job": "sync"}


@dataclass(frozen=True, slots=True)
class Takeover:
    """One SIGKILL of the leader and how long until a standby led."""

    step: str
    after: int
    linger: float
    seconds: float


def _syncs(replica: WorkerProcess) -> float:
    """Successful syncs of ``replica`` so far."""
    runs = replica.sample("freigabe_job_runs_total", **_SYNC)
    return runs - replica.sample("freigabe_job_failures_total", **_SYNC)


class Replicas:
    """The replica processes of one world; every one has a configuration and port of its own."""

    def __init__(self, world: World) -> None:
        self._world = world
        self.running: list[WorkerProcess] = []
        self._started = 0
        # far from now: no reminder or digest of the schedule lands inside the play
        later = (datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(hours=12)).strftime("%H:%M")
        self._teams = {"reminder_time": later, "digest": {"time": later}}

    def start(self) -> WorkerProcess:
        """Start one more replica and wait until its port answers."""
        self._started += 1
        name = f"replica-{self._started:02d}"
        port = free_port()
        data = dict(self._world.data)
        data["poll_interval_seconds"] = POLL_SECONDS
        data["worker"] = {"host": "127.0.0.1", "port": port, "grace_seconds": 10}
        data["teams"] = {**data["teams"], **self._teams}
        config = support.write_config(self._world.folder / f"{name}.yaml", data)
        log = self._world.folder / f"{name}.log"
        with log.open("wb") as sink:
            proc = subprocess.Popen(
                [FREIGABE, "--config", str(config), "run"],
                stdout=subprocess.DEVNULL,
                stderr=sink,
                cwd=ROOT,
            )
        replica = WorkerProcess(proc, port, log)
        self.running.append(replica)
        wait_for(f"{name} to answer", replica.ready, timeout=60)
        return replica

    def leader(self, timeout: float = 60) -> WorkerProcess:
        """The replica that answers as the leader."""

        def probe() -> WorkerProcess | None:
            leading = [r for r in self.running if (r.ready() or {}).get("role") == "leader"]
            return leading[0] if len(leading) == 1 else None

        return wait_for("one leader", probe, timeout=timeout)

    def kill(self, replica: WorkerProcess) -> None:
        replica.proc.send_signal(signal.SIGKILL)
        replica.proc.wait(timeout=10)
        self.running.remove(replica)

    def stop(self) -> None:
        """SIGTERM the standbys, then the leader; each must end cleanly."""
        for replica in sorted(
            self.running, key=lambda r: (r.ready() or {}).get("role") == "leader"
        ):
            code, _ = replica.terminate()
            assert code == 0, f"{replica.log.name} exited {code}"
        self.running.clear()


def _aim(world: World, start: int, count: int) -> None:
    """Wait for the leader's ``count``-th request since ``start``; a cycle that made fewer
    ends in idle polls of one request each, so after two poll intervals the kill lands there.
    """
    deadline = time.monotonic() + 2 * POLL_SECONDS
    while world.round_trips() - start < count and time.monotonic() < deadline:
        time.sleep(0.03)


def _between_cycles(replicas: Replicas) -> tuple[WorkerProcess, float]:
    """Wait until the leader has just finished a sync; the leader and its count of them."""
    leader = replicas.leader()
    before = _syncs(leader)
    wait_for("a sync to finish", lambda: _syncs(leader) > before or None, timeout=4 * POLL_SECONDS)
    return leader, _syncs(leader)


def _done(replicas: Replicas, leader: WorkerProcess, count: float) -> None:
    """Wait until a sync that started after the actions has finished; ``leader`` led when
    they were sent, having finished ``count`` syncs."""

    def probe() -> bool | None:
        current = replicas.leader()
        if current is leader:
            return _syncs(current) > count or None
        return _syncs(current) >= 1 or None  # a new leader's syncs all started later

    wait_for("the step's cycle", probe, timeout=6 * POLL_SECONDS)


def play_with_replica_kills(world: World, rng: random.Random, kills: int) -> list[Takeover]:
    """The story on two replicas with ``kills`` SIGKILLs of the leader; then ``finish``."""
    assert len(_WEIGHTS) == len(STORY)
    planned = Counter(rng.choices(range(len(STORY)), weights=_WEIGHTS, k=kills))
    world.fault(kind="latency", endpoint="*", latency=_LATENCY, count=None)
    replicas = Replicas(world)
    takeovers: list[Takeover] = []
    try:
        replicas.start()
        replicas.start()
        for number, step in enumerate(STORY):
            leader, count = _between_cycles(replicas)
            first = leader
            world.act(step)
            start = world.round_trips()
            for _ in range(planned[number]):
                after, linger = rng.randint(1, step.requests), round(rng.uniform(0, _LINGER), 3)
                _aim(world, start, after)
                time.sleep(linger)
                replicas.kill(leader)
                killed = time.monotonic()
                leader = replicas.leader(timeout=4 * POLL_SECONDS)
                seconds = time.monotonic() - killed
                takeovers.append(Takeover(step.title, after, linger, round(seconds, 2)))
                start = world.round_trips()
                replicas.start()
            _done(replicas, first, count)
    finally:
        replicas.stop()
    finish(world)
    return takeovers
