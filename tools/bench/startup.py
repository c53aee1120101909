"""Start-up times of the ``freigabe`` command: ``--help`` and one idle ``once``, beside the
start-up of Python itself (``python -c pass``), which no command can beat."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from tools.bench.records import Startup
from tools.bench.simulator import Simulator
from tools.bench.tenant import config, scenario

__all__ = ["measure_startup"]

_SMALL_LIBRARY = 20  # files per library: start-up, not sync work, should dominate
_WARM_UP_LIMIT = 5


def _environ() -> dict[str, str]:
    # FREIGABE_* overrides in the caller's environment would change what is measured.
    return {k: v for k, v in os.environ.items() if not k.startswith("FREIGABE_")}


def _run(argv: list[str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
        argv, capture_output=True, text=True, cwd=cwd, env=_environ(), check=True
    )
    return time.perf_counter() - started, done.stdout


def _median(argv: list[str], cwd: Path, runs: int) -> float:
    return statistics.median(_run(argv, cwd)[0] for _ in range(runs))


def _is_idle(stdout: str) -> bool:
    # The first line of `once` ends with "<n> neue Ereignisse"; idle means no new events.
    return stdout.splitlines()[0].endswith(" 0 neue Ereignisse") if stdout else False


def measure_startup(
    work: Path, repo: Path, progress: Callable[[str], None], *, runs: int = 3
) -> Startup:
    """Median wall times of ``python -c pass``, ``freigabe --help`` and an idle ``once``.

    ``once`` runs against a small tenant of its own whose state has been brought up to date
    first (a warm-up ``once`` until one reports no new events), so it measures an idle cycle.
    """
    freigabe = str(Path(sys.executable).with_name("freigabe"))
    progress(f"start-up: python -c pass x{runs}")
    python_s = _median([sys.executable, "-c", "pass"], repo, runs)
    progress(f"start-up: freigabe --help x{runs}")
    help_s = _median([freigabe, "--help"], repo, runs)
    work.mkdir(parents=True, exist_ok=True)
    scenario_path = work / "scenario.yaml"
    scenario_path.write_text(yaml.safe_dump(scenario(_SMALL_LIBRARY), allow_unicode=True))
    with Simulator(scenario_path, cwd=repo) as sim:
        cfg = work / "freigabe.yaml"
        cfg.write_text(yaml.safe_dump(config(sim.base_url, work / "state.sqlite")))
        once = [freigabe, "--config", str(cfg), "once"]
        progress("start-up: warming up freigabe once")
        for _ in range(_WARM_UP_LIMIT):
            if _is_idle(_run(once, repo)[1]):
                break
        else:
            raise RuntimeError(f"freigabe once found new events {_WARM_UP_LIMIT} times running")
        progress(f"start-up: freigabe once (idle) x{runs}")
        once_s = _median(once, repo, runs)
    return Startup(python_s=python_s, help_s=help_s, once_s=once_s, runs=runs)
