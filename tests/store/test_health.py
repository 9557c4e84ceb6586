"""/api/v1/health and `lighttrack doctor` report a damaged data folder instead of "all fine"."""

from __future__ import annotations

import orjson

from support import lighttrack, start_serve, wait_until

from lighttrack.runtime import open_vault
from lighttrack.store.crypto import Cipher
from lighttrack.store.health import FolderHealth
from lighttrack.store.keys import store_key


def _damage(path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_health_and_doctor_name_a_damaged_file(tmp_path):
    data = tmp_path / "data"
    server = start_serve(data)
    try:
        server.data("activity:add", {"name": "Kept", "startTime": "2026-01-10T10:00:00Z", "duration": 60_000})
        assert orjson.loads(server.request("GET", "/api/v1/health")[1])["status"] == "healthy"
        shard = data / "activities" / "2026-01.db"
        _damage(shard)

        def degraded():
            health = orjson.loads(server.request("GET", "/api/v1/health")[1])
            return health if health["status"] == "degraded" else None
        health = wait_until(degraded, timeout=30, what="health to see the damage", interval=0.5)
        assert any("2026-01.db" in p and "cannot be read" in p for p in health["problems"]), health
    finally:
        server.stop()
    doctor = lighttrack("doctor", data_dir=data, check=True).stdout
    store_line = next(line for line in doctor.splitlines() if line.startswith("store:"))
    assert "PROBLEM" in store_line and "2026-01.db" in store_line, store_line


def test_the_store_size_counts_the_timeline_and_activitywatch_events(tmp_path):
    """`lighttrack doctor` and app:getInfo count every file the store keeps, not only its TinyDB files."""
    data = tmp_path / "data"
    server = start_serve(data)
    try:
        json = {"Content-Type": "application/json"}
        bucket = {"type": "currentwindow", "client": "t", "hostname": "h"}
        assert server.request("POST", "/api/0/buckets/w", orjson.dumps(bucket), json)[0] == 200
        for second in range(5):
            event = {"timestamp": f"2026-03-10T09:00:0{second}Z", "duration": 1,
                     "data": {"app": "editor", "title": "x" * 100_000}}
            assert server.request("POST", "/api/0/buckets/w/events", orjson.dumps(event), json)[0] == 200
        assert server.data("app:getInfo")["storeBytes"] > 500_000
    finally:
        server.stop()
    doctor = lighttrack("doctor", data_dir=data, check=True).stdout
    store_line = next(line for line in doctor.splitlines() if line.startswith("store:"))
    kib = int(store_line.split(", ")[1].removesuffix(" KiB"))
    assert kib > 500, store_line


def test_the_folder_health_reads_the_files_in_the_background_and_sees_damage_and_repair(tmp_path):
    data = tmp_path / "data"
    server = start_serve(data)
    try:
        server.data("activity:add", {"name": "Kept", "startTime": "2026-01-10T10:00:00Z", "duration": 60_000})
    finally:
        server.stop()
    shard = data / "activities" / "2026-01.db"
    intact = shard.read_bytes()
    _damage(shard)
    health = FolderHealth(data, Cipher(store_key(open_vault(data), data)), every=0.2)
    named = wait_until(lambda: [p for p in health.problems() if "2026-01.db" in p], what="the damage to be seen")
    assert "cannot be read" in named[0]
    shard.write_bytes(intact)
    wait_until(lambda: health.problems() == [], what="the repaired file to be read again")
