"""Starting is atomic against the running activity: concurrent starts without a startTime all succeed."""

from __future__ import annotations

import threading

from lighttrack.channels.catalog import build_registry
from support import open_services


def test_concurrent_starts_without_a_start_time_all_succeed(tmp_path):
    registry = build_registry(open_services(tmp_path / "data"), dict)  # the real clock, as the API uses it
    failures: list[dict] = []
    barrier = threading.Barrier(8)

    def starter(number: int) -> None:
        barrier.wait()
        for i in range(25):
            envelope = registry.dispatch("activity:start", [{"name": f"t{number}-{i}"}])
            if not envelope["success"]:
                failures.append(envelope)

    threads = [threading.Thread(target=starter, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    activities = registry.dispatch("activity:getFiltered", [{"limit": 1000}])["data"]
    assert len(activities) == 200 and sum(a["endTime"] is None for a in activities) == 1
