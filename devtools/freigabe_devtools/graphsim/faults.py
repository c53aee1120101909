"""Fault injection: rules that make matching requests slow, fail, or lose their connection.

A rule matches by endpoint pattern (an endpoint key such as ``"GET /drives/{id}/root/delta"``,
its path part ``"/drives/{id}/root/delta"``, a shell-style pattern, or ``"*"``), optionally by
method, and either outer HTTP requests (``inner=False``) or requests inside a ``$batch``
(``inner=True``). ``count`` is how many matching requests it affects (None: all of them).

Kinds:
    status   answer ``status`` (e.g. 429, 503, 500) with Graph's error body and, when
             ``retry_after`` is set, a ``Retry-After`` header (inside a batch: the inner
             response's ``headers``).
    latency  wait ``latency`` seconds before answering (adds up with other latency rules).
    drop     close the connection without any response (outer requests only); with
             ``applied``, only once the request was carried out, so a successful answer is
             lost: a write that arrived although the client saw the connection break (an
             error answer is still sent).
"""

from __future__ import annotations

import fnmatch
import itertools
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, cast

__all__ = ["FaultDecision", "FaultKind", "FaultPlan", "FaultRule"]

FaultKind = Literal["status", "latency", "drop"]
_KINDS = ("status", "latency", "drop")
_NONE = type(None)
_TYPES: dict[str, tuple[type, ...]] = {
    "kind": (str,),
    "endpoint": (str,),
    "method": (str, _NONE),
    "status": (int,),
    "retry_after": (int, _NONE),
    "latency": (int, float),
    "count": (int, _NONE),
    "inner": (bool,),
    "code": (str, _NONE),
    "applied": (bool,),
}


@dataclass(frozen=True, slots=True)
class FaultRule:
    """One injected fault; see the module docstring."""

    kind: FaultKind
    endpoint: str = "*"
    method: str | None = None
    status: int = 503
    retry_after: int | None = None
    latency: float = 0.0
    count: int | None = 1
    inner: bool = False
    code: str | None = None
    applied: bool = False

    def __post_init__(self) -> None:
        # A rule arrives as JSON: a wrong type must be refused here with a 400, not later
        # inside every request it matches.
        for name, kinds in _TYPES.items():
            value = getattr(self, name)
            if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
                raise TypeError(f"fault rule {name}: {value!r} is not of the expected type")
        if self.kind not in _KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}")
        if self.kind == "drop" and self.inner:
            raise ValueError("a request inside a batch cannot drop the connection")
        if self.applied and self.kind != "drop":
            raise ValueError("only a drop can come after the request was carried out")
        if self.count is not None and self.count < 1:
            raise ValueError("count must be positive (or null for every request)")
        if self.kind == "status" and not 400 <= self.status <= 599:
            raise ValueError("status must be an error status (400..599)")

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> FaultRule:
        """A rule from the control plane's JSON; ValueError/TypeError when malformed."""
        allowed = set(cls.__dataclass_fields__)
        unknown = set(data) - allowed
        if unknown:
            raise ValueError(f"unknown fault rule keys: {sorted(unknown)}")
        return cls(**cast(dict[str, object], dict(data)))  # type: ignore[arg-type]

    def matches(self, key: str, inner: bool) -> bool:
        """Whether a request with endpoint ``key`` (``"METHOD /path"``) is affected."""
        if self.inner != inner:
            return False
        method, _, path = key.partition(" ")
        if self.method is not None and self.method.upper() != method:
            return False
        pattern = self.endpoint
        return fnmatch.fnmatchcase(key, pattern) or fnmatch.fnmatchcase(path, pattern)


@dataclass(frozen=True, slots=True)
class FaultDecision:
    """What to do with one request: wait ``latency`` s, then apply ``failure`` if any."""

    latency: float = 0.0
    failure: FaultRule | None = None


class FaultPlan:
    """The active rules; thread-safe so tests may add rules while a server thread serves."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: dict[int, FaultRule] = {}
        self._left: dict[int, int | None] = {}
        self._ids = itertools.count(1)

    def add(self, rule: FaultRule | None = None, **options: object) -> int:
        """Add ``rule`` (or a rule built from ``options``); returns its id."""
        built = rule if rule is not None else FaultRule.from_json(options)
        with self._lock:
            rule_id = next(self._ids)
            self._rules[rule_id] = built
            self._left[rule_id] = built.count
            return rule_id

    def remove(self, rule_id: int) -> None:
        """Drop one rule (no error if it was used up already)."""
        with self._lock:
            self._rules.pop(rule_id, None)
            self._left.pop(rule_id, None)

    def clear(self) -> None:
        """Drop every rule."""
        with self._lock:
            self._rules.clear()
            self._left.clear()

    def active(self) -> list[FaultRule]:
        """The rules still in force, oldest first."""
        with self._lock:
            return list(self._rules.values())

    def decide(self, key: str, *, inner: bool = False) -> FaultDecision:
        """Consume the rules matching one request: every latency rule, the first failure."""
        latency = 0.0
        failure: FaultRule | None = None
        with self._lock:
            for rule_id, rule in list(self._rules.items()):
                if not rule.matches(key, inner):
                    continue
                if rule.kind == "latency":
                    latency += rule.latency
                elif failure is None:
                    failure = rule
                else:
                    continue
                self._use(rule_id)
        return FaultDecision(latency=latency, failure=failure)

    def _use(self, rule_id: int) -> None:
        left = self._left[rule_id]
        if left is None:
            return
        if left <= 1:
            del self._rules[rule_id]
            del self._left[rule_id]
        else:
            self._left[rule_id] = left - 1
