"""The benchmark's course: per tenant size, a simulator, an initial sync, measured cycles."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import yaml

from tools.bench.churn import apply_churn
from tools.bench.records import INITIAL, Churn, Record, SizeRun, System
from tools.bench.simulator import Simulator
from tools.bench.tenant import LIBRARIES, config, library_name, scenario
from tools.bench.units import resource_units

__all__ = ["CHURNS", "FULL_SIZES", "QUICK_SIZES", "Progress", "run_size"]

FULL_SIZES = (10_000, 100_000)
QUICK_SIZES = (1_000, 5_000)
CHURNS = (0.0, 0.001, 0.01)
SYSTEMS: tuple[System, ...] = ("naive", "freigabe")
_POLL_S = 15.0  # seconds between progress lines while a worker runs


class Progress:
    """Progress lines on a stream (stderr), stamped with the seconds since the start."""

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self._stream = stream
        self._start = time.monotonic()

    def __call__(self, message: str) -> None:
        elapsed = time.monotonic() - self._start
        self._stream.write(f"[bench {elapsed:7.1f}s] {message}\n")
        self._stream.flush()


@dataclass(frozen=True, slots=True)
class _WorkerResult:
    cycle_s: float
    peak_rss_mb: float
    items: int


class _Bench:
    """One tenant size: the simulator, the worker arguments and the churn round counter."""

    def __init__(
        self,
        sim: Simulator,
        items: int,
        config_path: Path,
        repo: Path,
        progress: Callable[[str], None],
    ) -> None:
        self.sim = sim
        self.items = items
        self.repo = repo
        self.progress = progress
        lists = [library_name(n) for n in range(LIBRARIES)]
        self.args: dict[System, list[str]] = {
            "freigabe": ["freigabe", str(config_path)],
            "naive": ["naive", sim.base_url, sim.site_id(), *lists],
        }
        self.round_no = 0

    def change(self, churn: float) -> None:
        """Change ``churn`` of the files, different ones each round."""
        self.round_no += 1
        apply_churn(
            self.sim,
            round(self.items * churn),
            per_library=self.items // LIBRARIES,
            libraries=LIBRARIES,
            round_no=self.round_no,
        )

    def measure(self, system: System, churn: Churn) -> Record:
        """Run one cycle of ``system`` with fresh counters; ``churn`` labels the record."""
        self.sim.reset_stats()
        result = self._worker(system)
        counts = self.sim.counts()
        return Record(
            system=system,
            items=self.items,
            churn=churn,
            round_trips=counts.round_trips,
            operations=counts.operations,
            resource_units=resource_units(counts.by_route),
            cycle_s=result.cycle_s,
            peak_rss_mb=result.peak_rss_mb,
            by_route=counts.by_route,
        )

    def _worker(self, system: System) -> _WorkerResult:
        """Run the worker; while it runs, report the simulator's count every few seconds."""
        args = self.args[system]
        proc = subprocess.Popen(  # noqa: S603 - our own module, arguments we built
            [sys.executable, "-m", "tools.bench.worker", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=self.repo,
        )
        try:
            while True:
                try:
                    stdout, stderr = proc.communicate(timeout=_POLL_S)
                    break
                except subprocess.TimeoutExpired:
                    done = self.sim.counts().round_trips
                    self.progress(f"{self.items:,} items: {system} running, {done:,} round trips")
        finally:
            if proc.poll() is None:  # interrupted: leave no worker behind
                proc.kill()
                proc.wait()
        if proc.returncode != 0:
            raise RuntimeError(f"worker {system} failed ({proc.returncode}):\n{stderr[-2000:]}")
        out = json.loads(stdout.strip().splitlines()[-1])
        return _WorkerResult(float(out["cycle_s"]), float(out["peak_rss_mb"]), int(out["items"]))


def run_size(items: int, work: Path, repo: Path, progress: Callable[[str], None]) -> SizeRun:
    """Measure both systems' first full sync, then both at every churn rate."""
    work.mkdir(parents=True, exist_ok=True)
    scenario_path = work / "scenario.yaml"
    scenario_path.write_text(yaml.safe_dump(scenario(items // LIBRARIES), allow_unicode=True))
    progress(f"{items:,} items: starting the simulator")
    with Simulator(scenario_path, cwd=repo) as sim:
        config_path = work / "freigabe.yaml"
        config_path.write_text(yaml.safe_dump(config(sim.base_url, work / "state.sqlite")))
        bench = _Bench(sim, items, config_path, repo, progress)
        records = []
        # The naive system keeps no state: its first listing is the same as every later one,
        # measured on its own so that the first sync has its baseline beside it.
        for system in SYSTEMS:
            progress(f"{items:,} items: {system} first full sync")
            record = bench.measure(system, INITIAL)
            progress(f"{items:,} items: {system} first full sync took {record.cycle_s:.1f} s")
            records.append(record)
        for churn in CHURNS:
            bench.change(churn)
            # The baseline only reads, so freigabe then finds exactly this round's changes.
            for system in SYSTEMS:
                progress(f"{items:,} items: {system} cycle at churn {churn:g}")
                records.append(bench.measure(system, churn))
    return SizeRun(items=items, records=tuple(records))
