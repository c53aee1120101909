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
import threading
from pathlib import Path

from integration.state import StateStore


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("state", type=Path)
    parser.add_argument("--appends", type=int, default=None)
    parser.add_argument("--then", choices=["kill", "wait"], default="wait")
    parser.add_argument("--pause", type=float, default=0.0)
    args = parser.parse_args()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with StateStore.open(args.state) as store:
        seq, first = 0, True
        while not stop.is_set() and (args.appends is None or seq < args.appends):
            seq = store.append_audit("test.write", "writer", {"n": seq, "pad": "x" * 400}).seq
            if first:
                print("ready", flush=True)
                first = False
            if args.pause:
                stop.wait(args.pause)
        if args.then == "kill" and args.appends is not None:
            print(f"killed at {seq}", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        print(f"stopped at {seq}", flush=True)
        stop.wait()
    sys.exit(0)


if __name__ == "__main__":
    main()
