"""The printed table, the target verdicts and the JSON files of a benchmark run."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path

from jobs.table import render_table
from tools.bench.records import Record, SizeRun, Startup
from tools.bench.targets import Verdict

__all__ = ["render_report", "write_results"]

_HEADERS = (
    "items",
    "churn",
    "K",
    "round trips f / n",
    "x",
    "operations f / n",
    "x",
    "cycle s f / n",
    "x",
    "peak RSS MB f / n",
    "x",
)


def _ratio(naive: float, ours: float) -> str:
    return f"{naive / ours:.1f}x" if ours > 0 else "-"


def _pair(ours: float, naive: float, fmt: str) -> tuple[str, str]:
    return f"{ours:{fmt}} / {naive:{fmt}}", _ratio(naive, ours)


def _row(ours: Record, naive: Record | None) -> list[str]:
    head = [f"{ours.items:,}", f"{ours.churn:g}", f"{ours.changed:,}"]
    if naive is None:
        return [
            *head,
            f"{ours.round_trips:,} / -",
            "",
            f"{ours.operations:,} / -",
            "",
            f"{ours.cycle_s:.3f} / -",
            "",
            f"{ours.peak_rss_mb:.0f} / -",
            "",
        ]
    return [
        *head,
        *_pair(ours.round_trips, naive.round_trips, ","),
        *_pair(ours.operations, naive.operations, ","),
        *_pair(ours.cycle_s, naive.cycle_s, ".3f"),
        *_pair(ours.peak_rss_mb, naive.peak_rss_mb, ".0f"),
    ]


def _rows(run: SizeRun) -> list[list[str]]:
    initial = _row(run.initial, None)
    initial[1], initial[2] = "initial", f"{run.items:,}"
    rows = [initial]
    for ours in (r for r in run.cycles if r.system == "freigabe"):
        naive = next((r for r in run.cycles if r.system == "naive" and r.churn == ours.churn), None)
        rows.append(_row(ours, naive))
    return rows


def render_report(
    runs: Sequence[SizeRun], startup: Startup, verdicts: Sequence[Verdict], *, libraries: int
) -> str:
    """The table (f = freigabe, n = naive, x = naive / freigabe), start-up and verdicts."""
    table = render_table(_HEADERS, [row for run in runs for row in _rows(run)])
    lines = [
        f"freigabe (f) vs naive full listing (n), {libraries} libraries; "
        "x = naive / freigabe (higher is better for freigabe); "
        "'initial' = freigabe's first full sync",
        table,
        "",
        f"start-up (median of {startup.runs} subprocess runs): "
        f"freigabe --help {startup.help_s:.2f} s, freigabe once (idle) {startup.once_s:.2f} s",
        "",
        "targets (issue 7, acceptance 4):",
        *(f"  {'PASS' if v.passed else 'MISS'}  {v.target}: {v.measured}" for v in verdicts),
    ]
    return "\n".join(lines)


def write_results(
    out_dir: Path, runs: Sequence[SizeRun], startup: Startup, verdicts: Sequence[Verdict]
) -> tuple[Path, Path]:
    """Write ``bench.json`` (the cycle records) and ``bench-details.json``; return both paths.

    ``bench.json`` is a list of records with exactly the keys of :class:`Record`; the initial
    syncs, the start-up times and the verdicts go to ``bench-details.json``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    records = [dataclasses.asdict(r) for run in runs for r in run.cycles]
    details = {
        "initial": [dataclasses.asdict(run.initial) for run in runs],
        "startup": dataclasses.asdict(startup),
        "targets": [dataclasses.asdict(v) for v in verdicts],
    }
    main = out_dir / "bench.json"
    extra = out_dir / "bench-details.json"
    main.write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")
    extra.write_text(json.dumps(details, indent=2) + "\n", encoding="utf-8")
    return main, extra
