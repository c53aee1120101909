"""The CLI run in a private mount namespace, to give it a full or read-only state folder.

``unshare --user --map-root-user --mount`` works for root and, where user namespaces are
allowed, for everyone else; it changes nothing outside the one process tree. Read-only
permissions alone cannot stand in for it: root ignores them.
"""

from __future__ import annotations

import functools
import subprocess
import sys

import pytest

from tests.e2e.conftest import FREIGABE

__all__ = ["read_only_bind", "run_cli_mounted", "tmpfs"]

_UNSHARE = ["unshare", "--user", "--map-root-user", "--mount"]


@functools.cache
def _unshare_missing() -> str | None:
    try:
        probe = subprocess.run(
            [*_UNSHARE, "true"], capture_output=True, text=True, timeout=10, check=False
        )
    except FileNotFoundError:
        return "unshare(1) is not installed"
    return None if probe.returncode == 0 else f"no mount namespaces here: {probe.stderr.strip()}"


def tmpfs(folder: str, options: str) -> str:
    """Shell text: mount a tmpfs with ``options`` (e.g. ``size=64k``) on ``folder``."""
    return f"mount -t tmpfs -o {options} tmpfs '{folder}'"


def read_only_bind(folder: str) -> str:
    """Shell text: make ``folder`` read-only for this process tree (as a ``:ro`` volume)."""
    return f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}'"


def run_cli_mounted(
    setup: list[str], *args: str, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run the ``setup`` shell lines, then ``freigabe ARGS``, in a fresh mount namespace.

    Skips the test where the kernel or the container allows no mount namespace. The output
    is echoed into the test's capture like :func:`tests.e2e.conftest.run_cli`'s.
    """
    missing = _unshare_missing()
    if missing is not None:
        pytest.skip(missing)
    script = " && ".join([*setup, 'exec "$@"'])
    result = subprocess.run(
        [*_UNSHARE, "sh", "-c", script, "sh", FREIGABE, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    return result
