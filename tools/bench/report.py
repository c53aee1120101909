"""The printed table, the target verdicts and the JSON files of a benchmark run."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path

from jobs.table import render_table
from tools.bench.records import BenchRecord, Record, SizeRun, Startup
from tools.bench.targets import Verdict

__all__ = ["bench_records", "render_report", "write_results"]

_HEADERS = (
    "items",
    "churn",
    "K",
    "round trips f / n",
    "x",
    "operations f / n",
    "x",
    "est. RU f / n",
    "x",
    "cycle s f / n",
    "x",
    "peak RSS MB f / n",
    "x",
)


def _ratio(naive: float, ours: float) -> str:
    return f"{naive / ours:.1f}x" if ours > 0 else "-"


def _pair(ours: float, naive: float | None, fmt: str) -> tuple[str, str]:
    if naive is None:
        return f"{ours:{fmt}} / -", ""
    return f"{ours:{fmt}} / {naive:{fmt}}", _ratio(naive, ours)


def _row(ours: Record, naive: Record | None) -> list[str]:
    churn = ours.churn if isinstance(ours.churn, str) else f"{ours.churn:g}"
    n = naive
    return [
        f"{ours.items:,}",
        churn,
        f"{ours.changed:,}",
        *_pair(ours.round_trips, None if n is None else n.round_trips, ","),
        *_pair(ours.operations, None if n is None else n.operations, ","),
        *_pair(ours.resource_units, None if n is None else n.resource_units, ","),
        *_pair(ours.cycle_s, None if n is None else n.cycle_s, ".3f"),
        *_pair(ours.peak_rss_mb, None if n is None else n.peak_rss_mb, ".0f"),
    ]


def _rows(run: SizeRun) -> list[list[str]]:
    return [
        _row(ours, run.find("naive", churn))
        for churn in run.churns
        if (ours := run.find("freigabe", churn)) is not None
    ]


def render_report(
    runs: Sequence[SizeRun], startup: Startup, verdicts: Sequence[Verdict], *, libraries: int
) -> str:
    """The table (f = freigabe, n = naive, x = naive / freigabe), start-up and verdicts."""
    table = render_table(_HEADERS, [row for run in runs for row in _rows(run)])
    lines = [
        f"freigabe (f) vs naive full listing (n), {libraries} libraries; "
        "x = naive / freigabe (higher is better for freigabe)",
        "'initial' = the first full sync (freigabe from an empty state, the naive listing); "
        "est. RU = SharePoint resource units (tools/bench/units.py)",
        table,
        "",
        f"start-up (median of {startup.runs} subprocess runs): "
        f"python -c pass {startup.python_s:.2f} s, freigabe --help {startup.help_s:.2f} s, "
        f"freigabe once (idle) {startup.once_s:.2f} s",
        "",
        "targets (issue 12):",
        *(f"  {'PASS' if v.passed else 'MISS'}  {v.target}: {v.measured}" for v in verdicts),
    ]
    return "\n".join(lines)


def bench_records(runs: Sequence[SizeRun]) -> list[BenchRecord]:
    """``bench.json``: one record per system x size x churn, the first syncs as "initial"."""
    return [record.summary() for run in runs for record in run.records]


def write_results(
    out_dir: Path, runs: Sequence[SizeRun], startup: Startup, verdicts: Sequence[Verdict]
) -> tuple[Path, Path]:
    """Write ``bench.json`` (:func:`bench_records`) and ``bench-details.json``; return both.

    ``bench-details.json`` holds the start-up times, the verdicts and each record's
    operations by endpoint key (what its resource units were estimated from).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    details = {
        "startup": dataclasses.asdict(startup),
        "targets": [dataclasses.asdict(v) for v in verdicts],
        "operations_by_route": [
            {"system": r.system, "items": r.items, "churn": r.churn, "routes": dict(r.by_route)}
            for run in runs
            for r in run.records
        ],
    }
    main = out_dir / "bench.json"
    extra = out_dir / "bench-details.json"
    main.write_text(json.dumps(bench_records(runs), indent=2) + "\n", encoding="utf-8")
    extra.write_text(json.dumps(details, indent=2) + "\n", encoding="utf-8")
    return main, extra
