"""The command line of the benchmark: ``python -m tools.bench [--quick] [--out DIR]``."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tools.bench.report import render_report, write_results
from tools.bench.run import FULL_SIZES, QUICK_SIZES, Progress, run_size
from tools.bench.startup import measure_startup
from tools.bench.targets import check_targets
from tools.bench.tenant import LIBRARIES, SITES

__all__ = ["main"]

_REPO = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table and the verdicts; 0 unless it could not run."""
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__)
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"sizes {', '.join(f'{n:,}' for n in QUICK_SIZES)} instead of "
        f"{', '.join(f'{n:,}' for n in FULL_SIZES)} (a smoke run)",
    )
    parser.add_argument("--out", type=Path, default=Path("bench-out"), help="result folder")
    args = parser.parse_args(argv)
    progress = Progress()
    sizes = QUICK_SIZES if args.quick else FULL_SIZES
    with tempfile.TemporaryDirectory(prefix="freigabe-bench-") as tmp:
        work = Path(tmp)
        runs = [run_size(n, work / f"items-{n}", _REPO, progress) for n in sizes]
        startup = measure_startup(work / "startup", _REPO, progress)
    verdicts = check_targets(runs, startup, libraries=LIBRARIES, sites=SITES)
    main_json, details_json = write_results(args.out, runs, startup, verdicts)
    sys.stdout.write(render_report(runs, startup, verdicts, libraries=LIBRARIES) + "\n")
    progress(f"wrote {main_json} and {details_json}")
    return 0
