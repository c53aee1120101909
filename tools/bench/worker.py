"""One measured cycle in its own process, so that its peak RSS is its own.

    python -m tools.bench.worker freigabe CONFIG
    python -m tools.bench.worker naive BASE_URL SITE_ID LIST_NAME...

The last stdout line is a JSON object: ``cycle_s`` (wall time of the cycle alone, without
imports or start-up), ``peak_rss_mb`` (``ru_maxrss`` of this process at the end) and
``items`` (what the cycle saw: changes for freigabe, listed items for the baseline). Each
mode imports only what it needs, so the baseline's RSS carries no freigabe modules.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from pathlib import Path

__all__ = ["main", "peak_rss_mb"]


def peak_rss_mb() -> float:
    """This process's peak resident set size in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


async def _freigabe_cycle(config_path: Path) -> tuple[float, int]:
    from config import load_settings
    from jobs.bootstrap import bootstrap
    from jobs.logs import configure_logging

    settings = load_settings(config_path, environ={})
    configure_logging(fmt=settings.log.format, level=settings.log.level)
    async with bootstrap(settings) as rt:
        started = time.perf_counter()
        report = await rt.watcher.cycle()
        elapsed = time.perf_counter() - started
    return elapsed, sum(lib.changes for lib in report.libraries)


async def _naive_cycle(base_url: str, site_id: str, list_names: list[str]) -> tuple[float, int]:
    from tools.bench.naive import list_everything
    from tools.bench.tenant import TOKEN

    started = time.perf_counter()
    listing = await list_everything(base_url, TOKEN, site_id, list_names)
    elapsed = time.perf_counter() - started
    return elapsed, sum(len(items) for items in listing.values())


def main(argv: list[str]) -> None:
    """Run the cycle the arguments name and print its figures as one JSON line."""
    mode, *rest = argv
    if mode == "freigabe":
        elapsed, items = asyncio.run(_freigabe_cycle(Path(rest[0])))
    elif mode == "naive":
        elapsed, items = asyncio.run(_naive_cycle(rest[0], rest[1], rest[2:]))
    else:
        raise SystemExit(f"unknown worker mode {mode!r}")
    result = {"cycle_s": elapsed, "peak_rss_mb": peak_rss_mb(), "items": items}
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
