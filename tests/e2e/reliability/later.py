"""One cycle exactly as ``freigabe once`` runs it, with the clock moved ahead.

    python -m tests.e2e.reliability.later CONFIG MINUTES

A worker restarted after a pause: the outbox offers a card whose process died mid-request
again only once its in-flight timeout (2 minutes) has passed, which a test cannot wait for.
"""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from config import load_settings
from jobs.bootstrap import bootstrap
from jobs.logs import configure_logging


async def _cycle(config: Path, ahead: timedelta) -> None:
    settings = load_settings(config, os.environ)
    configure_logging(fmt=settings.log.format, level=settings.log.level)
    async with bootstrap(settings, clock=lambda: datetime.now(UTC) + ahead) as rt:
        await rt.cycle()


if __name__ == "__main__":
    asyncio.run(_cycle(Path(sys.argv[1]), timedelta(minutes=float(sys.argv[2]))))
