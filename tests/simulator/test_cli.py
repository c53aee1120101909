"""``python -m freigabe_devtools.graphsim`` prints its base URL, serves, and stops on SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import sys

import httpx

from freigabe_devtools.graphsim.__main__ import DEMO_SCENARIO


def test_module_serves_demo_until_sigterm() -> None:
    """The first stdout line is the base URL; the demo site answers; SIGTERM exits cleanly."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "freigabe_devtools.graphsim",
            "--scenario",
            str(DEMO_SCENARIO),
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:")
        assert base_url.endswith("/v1.0")
        headers = {"Authorization": "Bearer sim-token"}
        site = httpx.get(
            f"{base_url}/sites/allianz-wasser.sharepoint.com:/sites/allianz:", headers=headers
        )
        assert site.json()["displayName"] == "Allianz Wasserbewusste Stadtentwicklung"
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
        if process.stdout is not None:
            process.stdout.close()
