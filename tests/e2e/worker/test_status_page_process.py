"""The worker's status page: 403 without the bearer token, the vote matrix with it, drawn in
headless Chromium (screenshot in test-artifacts/status-page.png)."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tests import support
from tests.a11y import a11y_problems
from tests.adapter.teams.devtools import HEADLESS, Browser, chromium
from tests.e2e.conftest import SimProcess
from tests.e2e.worker.conftest import WorkerProcess

TOKEN = "status-token-for-the-test"
ARTIFACT = Path(__file__).resolve().parents[3] / "test-artifacts" / "status-page.png"


def _get(worker: WorkerProcess, token: str | None) -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{worker.port}/status")
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - loopback
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_the_status_page_needs_the_token_and_shows_the_votes(
    sim: SimProcess, start_worker: Callable[..., WorkerProcess]
) -> None:
    """A round opened by the worker's first cycle shows with every organisation's column;
    without the token, or with another, the answer is 403 and names nothing."""
    submitted = {**support.COMPLETE, "FreigabeStatus": "Zur Abstimmung"}
    sim.set_fields("Dokument 01.docx", submitted, by=support.UPNS["BLP"])
    worker = start_worker(env={"FREIGABE_WORKER__STATUS__TOKEN": TOKEN})
    worker.until_ready(True)

    for token in (None, "wrong"):
        code, body = _get(worker, token)
        assert code == 403
        assert "Dokument" not in body
    code, page = _get(worker, TOKEN)
    assert code == 200
    assert "Dokument 01.docx" in page
    for org in support.UPNS:
        assert f'<th scope="col">{org}</th>' in page

    with Browser(
        chromium(), HEADLESS, worker.log.parent / "profile", width=1000, height=700
    ) as browser:
        browser.command("Network.enable")
        browser.command("Network.setExtraHTTPHeaders", headers={"Authorization": f"Bearer {TOKEN}"})
        browser.open(f"http://127.0.0.1:{worker.port}/status")
        assert browser.evaluate("document.documentElement.lang") == "de"
        assert browser.evaluate("document.querySelector('h1').textContent").startswith("Freigabe")
        assert a11y_problems(browser) == []
        cells = browser.evaluate("document.querySelectorAll('td.open').length")
        assert cells == len(support.UPNS)
        ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
        ARTIFACT.write_bytes(browser.screenshot())
