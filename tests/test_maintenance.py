"""The running app's maintenance: freed heap goes back to the system every quarter of an hour (a day's window
spans sealed at midnight left the process 14 MB larger for the rest of its life), soft deletes are purged every
few hours."""

from __future__ import annotations

import time

from support import wait_until

from lighttrack import runtime as runtime_module
from lighttrack.runtime import Runtime


def test_memory_is_released_often_and_soft_deletes_purged_seldom(tmp_path, monkeypatch):
    released, purged = [], []
    monkeypatch.setattr(runtime_module, "SETTLE_SECONDS", 0.01)
    monkeypatch.setattr(runtime_module, "RELEASE_SECONDS", 0.05)
    monkeypatch.setattr(runtime_module, "MAINTENANCE_SECONDS", 0.5)
    monkeypatch.setattr(runtime_module, "release_free_memory", lambda: released.append(time.monotonic()))
    runtime = Runtime(tmp_path / "data", 0)
    runtime.start()
    monkeypatch.setattr(runtime.services, "purge_deleted", lambda: purged.append(time.monotonic()))
    try:
        wait_until(lambda: len(purged) >= 2, timeout=10, what="two purges")
        assert len(released) >= 10  # every 0.05 s, against a purge every 0.5 s
        assert purged[1] - purged[0] >= 0.45
    finally:
        runtime.stop()
