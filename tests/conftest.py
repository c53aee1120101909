"""Suite-wide: no test secret may appear in any output the tests capture.

Every test's captured stdout, stderr and log sections are searched for the secrets in
``tests.support.SECRETS`` (subprocess output reaches them through ``run_cli``). A find does
not fail the test that printed it, it fails the run: the report names the test and section.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest

from integration.graphsim.permissions import signed_with
from tests import support

_LEAKS: list[str] = []


_JWT = re.compile(r"[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}")


def leaked_secrets(sections: Iterable[tuple[str, str]], secrets: Iterable[str]) -> list[str]:
    """``"<section>: secret no. <n>"`` for every secret, or JWT signed with one, in a section.

    JWTs are recognised by their signature because tests mint them in worker processes this
    process never hears of.
    """
    ordered = sorted(secrets)
    found: list[str] = []
    for title, text in sections:
        jwts = _JWT.findall(text)
        for number, secret in enumerate(ordered, start=1):
            if secret in text or any(signed_with(jwt, secret) for jwt in jwts):
                found.append(f"{title}: secret no. {number}")
    return found


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Search what this test phase printed or logged."""
    for finding in leaked_secrets(report.sections, support.SECRETS):
        _LEAKS.append(f"{report.nodeid} ({report.when}) {finding}")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Name every leak at the end of the run."""
    if _LEAKS:
        terminalreporter.section("test secrets in captured output", red=True)
        for leak in _LEAKS:
            terminalreporter.line(leak)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A leak fails the run even when every test passed."""
    if _LEAKS and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
