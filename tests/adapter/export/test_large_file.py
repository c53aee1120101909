"""A 200 MB release is published streamed: the peak memory hardly grows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.adapter.export.conftest import ROOT

SIZE_MB = 200
LIMIT_MB = 50

# Runs in a fresh interpreter. After imports and the voted hash, the peak RSS is reset
# (``5`` into /proc/self/clear_refs resets VmHWM), so the peak afterwards belongs to the
# publication alone; growth = peak during publication - resident size before it.
SCRIPT = """
import asyncio, json, sys
from datetime import UTC, datetime
from pathlib import Path

from integration.export import FolderTarget, Organisation, Publisher, PublicRelease, SiteOptions
from integration.quickxor import QuickXorHash
from integration.state import StateStore
from integration.state.publications import PublicationRepository

MIB = 1024 * 1024
SIZE_MB = int(sys.argv[2])
BLOCKS = [bytes([n]) * MIB for n in range(7)]

async def content():
    for n in range(SIZE_MB):
        yield BLOCKS[n % 7]

async def voted_hash():
    hasher = QuickXorHash()
    async for chunk in content():
        hasher.update(chunk)
    return hasher.digest_b64()

def status_kib(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)

async def main():
    work = Path(sys.argv[1])
    record = PublicRelease(
        "BIG", "allianz", "Grosse Datei.bin", "Grosse Datei", "", "Daten",
        Organisation("DWV", "DWV"), "1.0", await voted_hash(), datetime.now(UTC), (),
    )
    with StateStore.open(work / "state.db") as store:
        publisher = Publisher(
            FolderTarget(work / "export"), PublicationRepository(store),
            SiteOptions("https://x.example", "Test", allowed_extensions=frozenset({"bin"})),
        )
        Path("/proc/self/clear_refs").write_text("5")
        before = status_kib("VmRSS")
        result = await publisher.publish(record, content)
        after = status_kib("VmHWM")
    print(json.dumps({"growth_kib": after - before, "stable": result.stable_url}))

asyncio.run(main())
"""


def test_200_mb_release_grows_peak_rss_by_less_than_50_mb(tmp_path: Path) -> None:
    """Publishing 200 MB from an async generator raises the peak RSS by under 50 MB."""
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), str(SIZE_MB)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=100,
        check=True,
    )
    measured = json.loads(done.stdout)
    stable = tmp_path / "export" / "dokumente" / "grosse-datei.bin"
    assert stable.stat().st_size == SIZE_MB * 1024 * 1024
    assert measured["growth_kib"] < LIMIT_MB * 1024, measured
    print(f"peak RSS growth publishing {SIZE_MB} MB: {measured['growth_kib'] / 1024:.1f} MB")
