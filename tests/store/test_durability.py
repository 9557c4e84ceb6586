"""Acknowledged writes are on the disk, and a full disk (a real tmpfs) keeps nothing partial and acknowledges nothing unstored."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import orjson
import pytest

from support import start_serve

JSON = {"Content-Type": "application/json"}


def _event(second: int, title: str, padding: int = 0) -> bytes:
    return orjson.dumps({"timestamp": f"2026-03-10T09:00:{second:02d}Z", "duration": 0,
                         "data": {"app": "editor", "title": title, "pad": "x" * padding}})


def _bucket(server, name: str = "w") -> str:
    status, raw, _ = server.request("POST", f"/api/0/buckets/{name}", orjson.dumps({"type": "currentwindow",
                                    "client": "t", "hostname": "h"}), JSON)
    assert status == 200, raw
    return name


def _events(server, bucket: str = "w") -> list[dict]:
    status, raw, _ = server.request("GET", f"/api/0/buckets/{bucket}/events")
    assert status == 200, raw
    return orjson.loads(raw)


def test_acknowledged_heartbeats_and_events_survive_kill_9(tmp_path):
    server = start_serve(tmp_path / "data")
    try:
        _bucket(server)
        status, raw, _ = server.request("POST", "/api/0/buckets/w/events", _event(0, "inserted"), JSON)
        assert status == 200, raw
        acknowledged = []
        for second in range(15):  # merges and new events alike, as a window watcher sends them
            status, raw, _ = server.request("POST", "/api/0/buckets/w/heartbeat?pulsetime=2",
                                            _event(second, f"file{second // 3}.py"), JSON)
            assert status == 200, raw
            acknowledged.append(orjson.loads(raw))
    finally:
        server.stop(signal.SIGKILL)
    server = start_serve(tmp_path / "data")
    try:
        stored = {e["id"]: e for e in _events(server)}
        for beat in acknowledged:
            assert stored[beat["id"]]["duration"] >= beat["duration"], beat
        assert sorted(e["data"]["title"] for e in stored.values()) == [f"file{i}.py" for i in range(5)] + ["inserted"]
    finally:
        server.stop()


@pytest.fixture
def small_disk(tmp_path):
    """A real 4 MiB tmpfs, mounted for this test (needs root)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip() or 'mount failed'}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(folder: Path) -> Path:
    """Take every free byte of the file system; return the filler to delete later."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for chunk in (65536, 4096, 1):
            try:
                while True:
                    os.write(fd, b"\0" * chunk)
            except OSError:
                pass
    finally:
        os.close(fd)
    return filler


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith((".tmp", ".txn")) or p.name == "txn.intent")


def _journal_sizes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*.journal")}


def test_a_full_disk_keeps_nothing_partial_and_acknowledges_nothing_unstored(small_disk):
    data = small_disk / "data"
    server = start_serve(data)
    try:
        _bucket(server)
        status, _, _ = server.request("POST", "/api/0/buckets/w/events", _event(1, "before"), JSON)
        assert status == 200
        server.data("activity:add", {"name": "Before", "startTime": "2026-03-10T08:00:00Z", "duration": 60_000})
        filler = _fill(small_disk)
        health = orjson.loads(server.request("GET", "/api/v1/health")[1])
        assert health["status"] == "degraded" and "full" in " ".join(health["problems"]), health
        sizes = _journal_sizes(data)
        for path, body in (("events", _event(2, "refused", 300_000)), ("heartbeat?pulsetime=1", _event(3, "beat", 300_000))):
            status, raw, _ = server.request("POST", f"/api/0/buckets/w/{path}", body, JSON)
            assert status == 507 and orjson.loads(raw)["type"] == "STORAGE_FULL", raw
        status, envelope = server.call("activity:add", {"name": "Refused", "startTime": "2026-03-10T10:00:00Z",
                                                         "duration": 60_000})
        assert (status, envelope["code"]) == (507, "STORAGE_FULL"), envelope
        assert "disk is full" in envelope["error"]
        assert _journal_sizes(data) == sizes and _leftovers(data) == []
        assert [e["data"]["title"] for e in _events(server)] == ["before"]
        filler.unlink()
        status, _, _ = server.request("POST", "/api/0/buckets/w/events", _event(2, "refused", 300_000), JSON)
        assert status == 200  # the watcher's retry, now stored once
    finally:
        server.stop(signal.SIGKILL)
    server = start_serve(data)
    try:
        assert sorted(e["data"]["title"] for e in _events(server)) == ["before", "refused"]
        names = [a["name"] for a in server.data("activity:getFiltered", {})]
        assert names == ["Before"]
    finally:
        server.stop()
