"""Changing K files before a measured cycle, spread evenly over the libraries."""

from __future__ import annotations

from tools.bench.simulator import Simulator
from tools.bench.tenant import file_name, library_name

__all__ = ["apply_churn", "churn_plan"]


def churn_plan(
    changed: int, *, per_library: int, libraries: int, round_no: int
) -> list[tuple[str, str]]:
    """The (library, file name) pairs to change: K split evenly, spread through each library.

    Libraries get ``K // libraries`` files each and the first ``K % libraries`` one more;
    within a library the files are evenly spaced, shifted by ``round_no`` so that successive
    rounds touch different files.
    """
    plan: list[tuple[str, str]] = []
    for lib in range(libraries):
        count = changed // libraries + (1 if lib < changed % libraries else 0)
        if count == 0:
            continue
        stride = max(per_library // count, 1)
        for j in range(count):
            number = (j * stride + round_no) % per_library + 1
            plan.append((library_name(lib), file_name(number)))
    return plan


def apply_churn(
    sim: Simulator, changed: int, *, per_library: int, libraries: int, round_no: int
) -> None:
    """Set a new ``Title`` on each planned file through the control plane."""
    plan = churn_plan(changed, per_library=per_library, libraries=libraries, round_no=round_no)
    for index, (library, name) in enumerate(plan):
        sim.set_fields(library, name, {"Title": f"Bench-Runde {round_no}, Nr. {index}"})
