"""A second process writing a state file, as a worker does, for the read-only access tests.

``python -m tests.e2e.state_writer STATE [--appends N] [--then kill|wait]`` opens the store
(taking its lock), appends audit entries one transaction each, and prints ``ready`` after
its first. With ``--appends`` it stops once the log has N entries and then, with ``--then
kill``, prints ``killed at N`` and SIGKILLs itself (leaving ``-wal`` and ``-shm`` as a
crashed worker does), or with ``--then wait`` prints ``stopped at N`` and keeps the store
open until SIGTERM; without ``--appends`` it appends until SIGTERM. It closes the store
cleanly on SIGTERM. ``--pause S`` sleeps S seconds after each append (a worker's pace
rather than a benchmark's).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from integration.state import StateStore


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("state", type=Path)
    parser.add_argument("--appends", type=int, default=None)
    parser.add_argument("--then", choices=["kill", "wait"], default="wait")
    parser.add_argument("--pause", type=float, default=0.0)
    args = parser.parse_args()
    # A plain flag, not a threading.Event: Event.set() from a signal handler deadlocks when
    # the signal lands while the main thread holds the Event's (non-reentrant) lock inside
    # Event.wait(), and the process then never ends on SIGTERM.
    stopped: list[bool] = []
    signal.signal(signal.SIGTERM, lambda *_: stopped.append(True))
    with StateStore.open(args.state) as store:
        seq, first = 0, True
        while not stopped and (args.appends is None or seq < args.appends):
            seq = store.append_audit("test.write", "writer", {"n": seq, "pad": "x" * 400}).seq
            if first:
                print("ready", flush=True)
                first = False
            if args.pause:
                time.sleep(args.pause)
        if args.then == "kill" and args.appends is not None:
            print(f"killed at {seq}", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        print(f"stopped at {seq}", flush=True)
        while not stopped:
            time.sleep(0.05)
    sys.exit(0)


if __name__ == "__main__":
    main()
