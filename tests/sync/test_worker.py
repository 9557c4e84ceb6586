"""The background worker: a push from another device arrives through LISTEN, local edits leave by themselves."""

from __future__ import annotations

import time

from lighttrack.sync.worker import SyncWorker


def wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_push_elsewhere_wakes_the_worker_and_a_local_edit_leaves_alone(make_device):
    a, b = make_device("a"), make_device("b")
    a.sync.sync_now()
    events = []
    b.services.ctx.bus.subscribe(lambda channel, data: events.append(channel))
    worker = SyncWorker(lambda: b.sync, b.services.ctx.bus, poll_seconds=600)  # no poll within the test: only LISTEN
    worker.start()
    try:
        wait_for(lambda: "sync-status-changed" in events and worker.listening.is_set())  # first round done, listening
        made = a.services.activities.add({"name": "from a", "startTime": "2026-03-10T07:00:00Z",
                                          "endTime": "2026-03-10T08:00:00Z"})
        a.sync.sync_now()
        wait_for(lambda: any(d["id"] == made["id"] for d in b.services.activities.every()))

        b.services.activities.update(made["id"], {"name": "edited on b"})
        wait_for(lambda: b.sync.status()["pending"] == 0)
        a.sync.sync_now()
        assert a.services.activities.get(made["id"])["name"] == "edited on b"
    finally:
        worker.stop()


def test_failures_back_off_and_report_the_error(make_device, pg):
    a = make_device("a")
    a.secrets.values["sync-dsn"] = pg.dsn("nobody", "x", port=1)
    events = []
    a.services.ctx.bus.subscribe(lambda channel, data: events.append(data) if channel == "sync-status-changed" else None)
    worker = SyncWorker(lambda: a.sync, a.services.ctx.bus, poll_seconds=600)
    worker.start()
    try:
        wait_for(lambda: worker.failures >= 1 and events)
        assert "Cannot reach the sync server" in events[-1]["lastError"]
        assert worker._delay() == 2.0
    finally:
        worker.stop()
