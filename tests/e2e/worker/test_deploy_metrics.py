"""The Grafana dashboard and the Prometheus alert rules ask only for metrics `/metrics` exposes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from tests.e2e.worker.conftest import WorkerProcess

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
# The samples each metric type shows under its own name (the text format's suffixes).
_SUFFIXES = {
    "counter": ("_total", "_created"),
    "histogram": ("_bucket", "_sum", "_count", "_created"),
    "summary": ("", "_sum", "_count", "_created"),
    "gauge": ("",),
    "untyped": ("",),
}
_TYPE_LINE = re.compile(r"^# TYPE (\S+) (\S+)$", re.MULTILINE)
# PromQL that names no metric: strings, label matchers, ranges and groupings, then (once the
# grouping between an aggregation and its parenthesis is gone) function and aggregation names.
_NOT_METRICS = (
    re.compile(
        r'"[^"]*"|\{[^}]*\}|\[[^\]]*\]'
        r"|\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)"
    ),
    re.compile(r"\b[a-z_]+\s*(?=\()"),
)
_KEYWORDS = frozenset({"and", "or", "unless", "bool", "offset"})
_IDENTIFIER = re.compile(r"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*")


def _exposed(text: str) -> set[str]:
    names = set()
    for name, kind in _TYPE_LINE.findall(text):
        base = name.removesuffix("_total") if kind == "counter" else name
        names |= {base + suffix for suffix in _SUFFIXES[kind]}
    return names


def _metrics_in(expr: str) -> set[str]:
    for pattern in _NOT_METRICS:
        expr = pattern.sub(" ", expr)
    names = set(_IDENTIFIER.findall(expr)) - _KEYWORDS
    return {name for name in names if not name.isdigit()}


def _dashboard_exprs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "expr" and isinstance(value, str):
                yield value
            else:
                yield from _dashboard_exprs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _dashboard_exprs(item)


def _expressions() -> dict[str, str]:
    """Where each expression stands -> the expression."""
    dashboard = json.loads((DEPLOY / "grafana" / "freigabe.json").read_text(encoding="utf-8"))
    found = {f"dashboard #{n}": expr for n, expr in enumerate(_dashboard_exprs(dashboard))}
    rules = yaml.safe_load((DEPLOY / "prometheus" / "alerts.yaml").read_text(encoding="utf-8"))
    for group in rules["groups"]:
        for rule in group["rules"]:
            found[f"alert {rule['alert']}"] = rule["expr"]
    return found


def test_metric_names_of_the_expression_parser() -> None:
    """The parser finds the metrics, not the functions, labels, ranges and groupings."""
    expr = (
        'time() - max by (instance) (freigabe_a{job="sync"}) > 900 and '
        "sum(increase(freigabe_b_total[$__rate_interval])) unless on(x) freigabe_c offset 5m"
    )
    assert _metrics_in(expr) == {"freigabe_a", "freigabe_b_total", "freigabe_c"}


def test_dashboard_and_alerts_use_only_exposed_metrics(
    start_worker: Callable[..., WorkerProcess],
) -> None:
    """Every metric a panel or rule reads is on a real worker's /metrics after its first sync
    (with change notifications on: their counters exist only then)."""
    worker = start_worker(notifications=True)
    worker.until_ready(True)
    answer = worker.get("/metrics")
    assert answer is not None
    assert answer[0] == 200
    exposed = _exposed(answer[1])
    expressions = _expressions()
    assert len(expressions) >= 10
    used = {where: _metrics_in(expr) for where, expr in expressions.items()}
    assert {where for where, names in used.items() if not names} == set()
    unknown = {where: names - exposed for where, names in used.items() if names - exposed}
    assert unknown == {}
    rules = {where.removeprefix("alert ") for where in expressions if where.startswith("alert ")}
    assert {
        "FreigabeSyncStale",
        "FreigabeCardsUndeliverable",
        "FreigabePublicationFailed",
        "FreigabeGraphThrottled",
    } <= rules
