"""SIGKILL right after acknowledged writes of every kind, 52 times: every acknowledged write is there after restart."""

from __future__ import annotations

import signal

import orjson
import pytest

from support import start_serve

pytestmark = pytest.mark.slow

JSON = {"Content-Type": "application/json"}
ROUNDS = 52
TOGGL = ("User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags\n"
         "Ann,a@example.com,,Imported,,Row {n},No,2025-05-{d:02d},09:00:00,2025-05-{d:02d},10:00:00,01:00:00,\n")


def _aw(server, method: str, path: str, body: object = None):
    status, raw, _ = server.request(method, f"/api/0/{path}", orjson.dumps(body) if body is not None else None,
                                    JSON if body is not None else {})
    assert status in (200, 304), raw  # 304: the bucket exists already
    return orjson.loads(raw) if raw else None


def _events(server, bucket: str) -> list[dict]:
    return orjson.loads(server.request("GET", f"/api/0/buckets/{bucket}/events")[1])


# Each kind makes one acknowledged write and returns a check that it is stored.
def _activity_add(server, n):
    made = server.data("activity:add", {"name": f"Added {n}", "startTime": f"2025-04-{n % 28 + 1:02d}T10:00:00Z",
                                        "duration": 60_000 + n})
    return lambda s: s.data("activity:get", made["id"])["duration"] == 60_000 + n


def _activity_start(server, n):
    made = server.data("activity:start", {"name": f"Started {n}"})
    return lambda s: (s.data("activity:getRunning") or {}).get("id") == made["id"]


def _activity_update(server, n):
    made = server.data("activity:add", {"name": "Before", "startTime": "2025-03-01T10:00:00Z", "duration": 1000})
    server.data("activity:update", made["id"], {"name": f"Updated {n}"})
    return lambda s: s.data("activity:get", made["id"])["name"] == f"Updated {n}"


def _project(server, n):
    made = server.data("project:create", {"name": f"Project {n}"})
    return lambda s: any(p["id"] == made["id"] for p in s.data("project:getAll"))


def _setting(server, n):
    server.data("settings:set", "pomodoroMinutes", 10 + n)
    return lambda s: s.data("settings:get", "pomodoroMinutes") == 10 + n


def _heartbeat(server, n):
    _aw(server, "POST", "buckets/crash-window", {"type": "currentwindow", "client": "t", "hostname": "h"})
    beat = {"timestamp": f"2026-03-10T09:{n % 60:02d}:00Z", "duration": 0, "data": {"app": "code", "title": f"beat {n}"}}
    first = _aw(server, "POST", "buckets/crash-window/heartbeat?pulsetime=120", beat)
    extended = _aw(server, "POST", "buckets/crash-window/heartbeat?pulsetime=120",
                   {**beat, "timestamp": f"2026-03-10T09:{n % 60:02d}:30Z"})
    assert extended["id"] == first["id"]
    return lambda s: any(e["id"] == first["id"] and e["duration"] >= 30 for e in _events(s, "crash-window"))


def _event(server, n):
    _aw(server, "POST", "buckets/crash-events", {"type": "currentwindow", "client": "t", "hostname": "h"})
    made = _aw(server, "POST", "buckets/crash-events/events",
               {"timestamp": f"2026-03-11T10:{n % 60:02d}:00Z", "duration": 5, "data": {"app": "a", "title": f"event {n}"}})
    return lambda s: any(e["id"] == made["id"] for e in _events(s, "crash-events"))


def _event_delete(server, n):
    _aw(server, "POST", "buckets/crash-deletes", {"type": "currentwindow", "client": "t", "hostname": "h"})
    made = _aw(server, "POST", "buckets/crash-deletes/events",
               {"timestamp": "2026-03-12T10:00:00Z", "duration": 5, "data": {"app": "a", "title": f"doomed {n}"}})
    _aw(server, "DELETE", f"buckets/crash-deletes/events/{made['id']}")
    return lambda s: all(e["id"] != made["id"] for e in _events(s, "crash-deletes"))


def _import(server, n):
    counts = server.data("import:runText", TOGGL.format(n=n, d=n % 28 + 1), "toggl-csv")
    assert counts["added"] == 1
    return lambda s: any(a["name"] == f"Row {n}" for a in s.data("activity:getFiltered", {"search": f"Row {n}"}))


def _aw_import(server, n):
    bucket = f"crash-import-{n}"
    export = {"buckets": {bucket: {"id": bucket, "type": "currentwindow", "client": "t", "hostname": "h",
                                   "events": [{"timestamp": "2026-03-13T10:00:00Z", "duration": 9, "data": {"app": "i"}}]}}}
    _aw(server, "POST", "import", export)
    return lambda s: len(_events(s, bucket)) == 1


KINDS = [_activity_add, _activity_start, _activity_update, _project, _setting, _heartbeat, _event, _event_delete,
         _import, _aw_import]


def test_every_acknowledged_write_survives_sigkill(tmp_path):
    data = tmp_path / "data"
    checks = []
    for round_number in range(ROUNDS):
        server = start_serve(data)
        try:
            if checks:
                name, check = checks[-1]
                assert check(server), f"lost after SIGKILL: {name}"
            kind = KINDS[round_number % len(KINDS)]
            checks.append((f"{kind.__name__} #{round_number}", kind(server, round_number)))
        finally:
            server.stop(signal.SIGKILL)  # right after the last acknowledged write
    server = start_serve(data)
    try:
        lost = [name for name, check in checks if not check(server)
                and not name.startswith(("_activity_start", "_setting"))]  # later rounds replace these on purpose
        assert lost == []
        assert checks[-1][1](server)
    finally:
        server.stop()
