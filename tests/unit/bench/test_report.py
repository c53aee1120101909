"""The benchmark's outputs: ``bench.json`` records and the printed table with verdicts."""

from __future__ import annotations

import json
from pathlib import Path

from tests.unit.bench.factories import LIBRARIES, STARTUP, naive, record, run
from tools.bench.records import INITIAL
from tools.bench.report import bench_records, render_report, write_results
from tools.bench.targets import Verdict

_KEYS = {
    "system",
    "items",
    "churn",
    "round_trips",
    "operations",
    "resource_units",
    "cycle_s",
    "peak_rss_mb",
}
_RUN = run(
    naive(INITIAL),
    record("freigabe", INITIAL, operations=70),
    naive(0.0),
    record("freigabe", 0.0, round_trips=1, operations=5),
)
_VERDICTS = [Verdict("a", "1", passed=True), Verdict("b", "2", passed=False)]


def test_bench_json_has_one_record_per_system_size_and_churn_with_the_issues_keys(
    tmp_path: Path,
) -> None:
    """Both first syncs are records with churn "initial"; nothing but the agreed keys."""
    main, details = write_results(tmp_path, [_RUN], STARTUP, _VERDICTS)
    records = json.loads(main.read_text(encoding="utf-8"))
    assert records == bench_records([_RUN])
    assert [set(r) for r in records] == [_KEYS] * 4
    assert [(r["system"], r["churn"]) for r in records] == [
        ("naive", "initial"),
        ("freigabe", "initial"),
        ("naive", 0.0),
        ("freigabe", 0.0),
    ]
    assert records[0]["resource_units"] == 100  # 50 listing pages at 2 RU
    extra = json.loads(details.read_text(encoding="utf-8"))
    assert extra["operations_by_route"][0]["routes"] == {"GET /sites/{id}/lists/{id}/items": 50}


def test_the_table_sets_each_first_sync_beside_the_naive_listing_and_prints_verdicts() -> None:
    """The "initial" row compares with the naive first listing; verdicts read PASS or MISS."""
    text = render_report([_RUN], STARTUP, _VERDICTS, libraries=LIBRARIES)
    rows = {line.split()[1]: line for line in text.splitlines() if line.startswith("10,000")}
    assert rows["initial"].split()[3:7] == ["70", "/", "50", "0.7x"]
    assert rows["0"].split()[3:7] == ["1", "/", "50", "50.0x"]
    assert "est. RU f / n" in text
    assert "python -c pass 0.02 s, freigabe --help 0.20 s" in text
    assert text.endswith("  PASS  a: 1\n  MISS  b: 2")
