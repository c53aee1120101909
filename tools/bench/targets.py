"""The targets of issue 12, checked against the measured figures.

The verdicts are informative: the benchmark prints them and exits 0 either way. Costs are
counted, not timed (operations and round trips do not depend on the machine); the one time
target, ``freigabe --help``, is printed beside ``python -c pass`` so that a slow machine shows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from tools.bench.records import INITIAL, SizeRun, Startup

__all__ = [
    "HELP_LIMIT_S",
    "NAIVE_PAGE",
    "RSS_LIMIT_MB",
    "Verdict",
    "check_targets",
    "churn_divisor",
    "first_sync_budget",
    "idle_ratio_target",
]

NAIVE_PAGE = 200  # items per naive listing page (its $top)
RSS_LIMIT_MB = 200.0
HELP_LIMIT_S = 0.3
_LISTING_KEY = "GET /sites/{id}/lists/{id}/items"
_FAR_FEWER = {0.001: 10}  # churn: how many times fewer operations than naive it must cost


@dataclass(frozen=True, slots=True)
class Verdict:
    """One target: what it demands, what was measured, and whether it was met."""

    target: str
    measured: str
    passed: bool


def first_sync_budget(naive_operations: int, libraries: int) -> int:
    """Operations a first sync may cost: the naive listing's plus one delta pass.

    The naive listing is ``libraries x ceil(items per library / 200)`` pages. One delta pass
    is what a first sync needs to hold the delta link: one ``token=latest`` request per
    library (``integration.graph.delta.latest_delta_link``), taken before the listing.
    """
    return naive_operations + libraries


def churn_divisor(churn: float) -> int:
    """How many times fewer operations than the naive listing a cycle at ``churn`` may cost:
    10 at 0.1% ("far fewer"), else 1 (never dearer than the listing)."""
    return _FAR_FEWER.get(churn, 1)


def idle_ratio_target(items: int) -> float:
    """The idle round-trip ratio the issue asks for: 50x at 10,000 items, 500x at 100,000.

    That is the naive baseline's one request per 200 items over a single request, i.e. the
    issue's figure scaled linearly to other sizes (the ``--quick`` ones).
    """
    return items / NAIVE_PAGE


def _first_sync(run: SizeRun, libraries: int) -> Iterator[Verdict]:
    ours, naive = run.find("freigabe", INITIAL), run.find("naive", INITIAL)
    if ours is None or naive is None:
        return
    budget = first_sync_budget(naive.operations, libraries)
    listing = ours.routes_matching(_LISTING_KEY)
    delta = ours.routes_matching("/delta")
    other = ours.operations - listing - delta
    yield Verdict(
        f"first sync at {run.items:,} items: operations <= naive listing + 1 delta link "
        f"per library = {naive.operations:,} + {libraries} = {budget:,}",
        f"{ours.operations:,} ({listing:,} listing pages, {delta:,} delta, {other:,} other)",
        ours.operations <= budget,
    )


def _changes(run: SizeRun) -> Iterator[Verdict]:
    for ours in run.records:
        if ours.system != "freigabe" or isinstance(ours.churn, str):
            continue
        naive = run.find("naive", ours.churn)
        if naive is None:
            continue
        divisor = churn_divisor(ours.churn)
        share = "" if divisor == 1 else f" / {divisor}"
        yield Verdict(
            f"cycle at churn {ours.churn:g} (K={ours.changed:,}), {run.items:,} items: "
            f"operations <= naive's{share}",
            f"{ours.operations:,} vs {naive.operations:,}",
            ours.operations * divisor <= naive.operations,
        )


def _idle(run: SizeRun, libraries: int) -> Iterator[Verdict]:
    ours, naive = run.find("freigabe", 0.0), run.find("naive", 0.0)
    if ours is None or naive is None:
        return
    want = idle_ratio_target(run.items)
    ratio = naive.round_trips / max(ours.round_trips, 1)
    yield Verdict(
        f"idle at {run.items:,} items, {libraries} libraries: "
        f">= {want:g}x fewer round trips than naive",
        f"{ratio:.1f}x ({ours.round_trips:,} vs {naive.round_trips:,})",
        ratio >= want,
    )


def _startup(startup: Startup) -> Verdict:
    return Verdict(
        f"freigabe --help: < {HELP_LIMIT_S:g} s",
        f"{startup.help_s:.2f} s (python -c pass {startup.python_s:.2f} s)",
        startup.help_s < HELP_LIMIT_S,
    )


def _rss(run: SizeRun) -> Iterator[Verdict]:
    ours = [r for r in run.records if r.system == "freigabe"]
    for what, records in (
        ("first sync", [r for r in ours if r.churn == INITIAL]),
        ("cycles", [r for r in ours if r.churn != INITIAL]),
    ):
        if records:
            peak = max(r.peak_rss_mb for r in records)
            yield Verdict(
                f"peak RSS at {run.items:,} items, {what}: < {RSS_LIMIT_MB:g} MB",
                f"{peak:.0f} MB",
                peak < RSS_LIMIT_MB,
            )


def check_targets(runs: Sequence[SizeRun], startup: Startup, *, libraries: int) -> list[Verdict]:
    """Every target for every measured size, in the order the issue lists them."""
    return [
        *(v for run in runs for v in _first_sync(run, libraries)),
        *(v for run in runs for v in _changes(run)),
        *(v for run in runs for v in _idle(run, libraries)),
        _startup(startup),
        *(v for run in runs for v in _rss(run)),
    ]
