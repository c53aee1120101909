"""The benchmark of issues 7 and 12: freigabe against a naive full listing on the Graph simulator.

Run ``python -m tools.bench`` (``make bench``) or ``python -m tools.bench --quick``. Each
measured cycle runs in a fresh worker process (``tools.bench.worker``) so its peak RSS is its
own; the simulator's counters, reset before each cycle, give round trips and operations.

This package imports nothing on purpose: every worker process imports it first, and the
baseline worker's RSS must not carry modules the baseline does not use.
"""

__all__: list[str] = []
