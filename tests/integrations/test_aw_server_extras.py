"""aw-server's API beyond what watchers use, against a real `lighttrack serve`: settings, bucket updates,
the log, its error shapes for unknown paths and methods, testing mode, and query2 over HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import orjson
import pytest

aw_client = pytest.importorskip("aw_client")
from aw_core.models import Event  # noqa: E402

from support import start_serve  # noqa: E402

UTC = timezone.utc
T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    server = start_serve(tmp_path_factory.mktemp("aw-extras") / "data")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def client(served):
    return aw_client.ActivityWatchClient("aw-watcher-window", host="127.0.0.1", port=served.port)


def call(served, method: str, path: str, body: object = None) -> tuple[int, object]:
    raw = None if body is None else orjson.dumps(body)
    status, reply, _ = served.request(method, path, raw, JSON if raw is not None else {})
    return status, orjson.loads(reply) if reply else None


def test_settings_survive_a_restart_and_stay_encrypted(tmp_path):
    server = start_serve(tmp_path / "data")
    try:
        categories = [{"name": ["Work"], "rule": {"type": "regex", "regex": "secret-project-name"}}]
        assert call(server, "POST", "/api/0/settings/classes", categories) == (200, categories)
        assert call(server, "POST", "/api/0/settings/theme", "dark")[0] == 200
    finally:
        server.stop()
    assert b"secret-project-name" not in b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file())
    server = start_serve(tmp_path / "data")
    try:
        assert call(server, "GET", "/api/0/settings") == (200, {"classes": categories, "theme": "dark"})
        assert call(server, "GET", "/api/0/settings/theme") == (200, "dark")
        assert call(server, "GET", "/api/0/settings/unset") == (200, None)
        assert call(server, "POST", "/api/0/settings/theme", None)[0] == 400  # no body at all: refused
        assert call(server, "GET", "/api/0/settings/theme") == (200, "dark")
        assert server.request("POST", "/api/0/settings/theme", b"null", JSON)[0] == 200  # JSON null removes it
        assert call(server, "GET", "/api/0/settings") == (200, {"classes": categories})
    finally:
        server.stop()


def test_a_bucket_is_updated_in_place(served, client):
    client.create_bucket("upd", "currentwindow")
    client.insert_event("upd", Event(timestamp=T0, duration=5, data={"app": "a", "title": "t"}))
    status, _ = call(served, "PUT", "/api/0/buckets/upd",
                     {"type": "currentwindow", "client": "aw-watcher-window", "hostname": "box2", "data": {"k": 1}})
    assert status == 200
    meta = client.get_buckets()["upd"]
    assert (meta["hostname"], meta["data"]) == ("box2", {"k": 1})
    assert len(client.get_events("upd")) == 1
    status, reply = call(served, "PUT", "/api/0/buckets/upd", {"type": "currentwindow"})
    assert status == 400 and "client" in reply["message"]
    assert client.get_buckets()["upd"]["hostname"] == "box2"
    assert call(served, "PUT", "/api/0/buckets/nope", {"type": "x", "client": "c", "hostname": "h"})[0] == 404


def test_unknown_paths_and_methods_answer_like_aw_server(served):
    for method in ("GET", "POST", "DELETE"):
        status, reply = call(served, method, "/api/0/no/such/thing", {} if method == "POST" else None)
        assert status == 404 and set(reply) == {"message"}, (method, reply)
    status, reply = call(served, "POST", "/api/0/info", {})
    assert status == 405 and set(reply) == {"message"}
    status, reply = call(served, "PATCH", "/api/0/buckets/x")
    assert status == 405 and "PATCH" in reply["message"]
    assert call(served, "GET", "/api/nothing")[1]["code"] == "NOT_FOUND"  # LightTrack's own API keeps its envelope


def test_without_testing_mode_info_says_so_and_delete_needs_force(served, client):
    assert client.get_info()["testing"] is False
    client.create_bucket("keep", "currentwindow")
    assert call(served, "DELETE", "/api/0/buckets/keep")[0] == 401
    assert call(served, "DELETE", "/api/0/buckets/keep?force=1")[0] == 200


def test_log_lists_the_servers_records_newest_first(served):
    status, records = call(served, "GET", "/api/0/log")
    assert status == 200 and records
    assert any("serving on 127.0.0.1" in r["message"] for r in records)
    assert all({"time", "level", "message"} <= set(r) for r in records if "level" in r)


def test_query_answers_one_result_per_period(served, client):
    client.create_bucket("aw-watcher-window_q", "currentwindow")
    client.insert_events("aw-watcher-window_q", [
        Event(timestamp=T0, duration=600, data={"app": "code", "title": "a.py"}),
        Event(timestamp=T0 + timedelta(minutes=10), duration=300, data={"app": "firefox", "title": "docs"}),
        Event(timestamp=T0 + timedelta(days=1), duration=60, data={"app": "code", "title": "b.py"}),
    ])
    query = ['events = query_bucket(find_bucket("aw-watcher-window_"));',
             'RETURN = {"apps": sort_by_duration(merge_events_by_keys(events, ["app"])), "total": sum_durations(events)};']
    day = [f"{T0:%Y-%m-%d}T00:00:00+00:00/{T0:%Y-%m-%d}T23:59:59+00:00",
           f"{T0 + timedelta(days=1):%Y-%m-%d}T00:00:00+00:00/{T0 + timedelta(days=1):%Y-%m-%d}T23:59:59+00:00"]
    first, second = client.query("".join(query), [(datetime.fromisoformat(a), datetime.fromisoformat(b))
                                                   for a, b in (p.split("/") for p in day)])
    assert first["total"] == 900.0
    assert [(e["data"]["app"], e["duration"]) for e in first["apps"]] == [("code", 600.0), ("firefox", 300.0)]
    assert second["total"] == 60.0


def test_a_repeated_query_sees_every_change_to_the_days_it_read(served, client):
    """Queries keep decoded days between calls: an insert, a deletion and a bucket made anew all show at once."""
    bucket, day = "aw-watcher-window_again", T0 - timedelta(days=30)
    client.create_bucket(bucket, "currentwindow")
    client.insert_events(bucket, [Event(timestamp=day, duration=600, data={"app": "code", "title": "a.py"})])
    query = [f'RETURN = sum_durations(query_bucket("{bucket}"));']
    period = [f"{day - timedelta(days=1):%Y-%m-%d}T00:00:00+00:00/{day + timedelta(days=1):%Y-%m-%d}T00:00:00+00:00"]
    ask = lambda: call(served, "POST", "/api/0/query/", {"query": query, "timeperiods": period})[1]  # noqa: E731
    assert ask() == [600.0]
    client.insert_events(bucket, [Event(timestamp=day + timedelta(hours=1), duration=60, data={"app": "vim"})])
    assert ask() == [660.0]
    [newest] = client.get_events(bucket, limit=1)
    client.delete_event(bucket, newest.id)
    assert ask() == [600.0]
    assert call(served, "DELETE", f"/api/0/buckets/{bucket}?force=1")[0] == 200
    client.create_bucket(bucket, "currentwindow")
    client.insert_events(bucket, [Event(timestamp=day, duration=5, data={"app": "code", "title": "a.py"})])
    assert ask() == [5.0]


def test_a_repeated_query_sees_a_heartbeat_still_in_memory_and_a_bucket_moved_to_another_host(served, client):
    bucket, at = "aw-watcher-window_beats", datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    call(served, "POST", f"/api/0/buckets/{bucket}", {"client": "t", "type": "currentwindow", "hostname": "box"})
    beat = {"timestamp": at.isoformat(), "duration": 0, "data": {"app": "code"}}
    assert call(served, "POST", f"/api/0/buckets/{bucket}/heartbeat?pulsetime=60", beat)[0] == 200
    query = ['RETURN = sum_durations(query_bucket(find_bucket("aw-watcher-window_beats", "box")));']
    period = [f"{at - timedelta(hours=1):%Y-%m-%dT%H:%M:%S}+00:00/{at + timedelta(hours=1):%Y-%m-%dT%H:%M:%S}+00:00"]
    ask = lambda: call(served, "POST", "/api/0/query/", {"query": query, "timeperiods": period})  # noqa: E731
    assert ask() == (200, [0.0])
    beat["timestamp"] = (at + timedelta(seconds=10)).isoformat()
    assert call(served, "POST", f"/api/0/buckets/{bucket}/heartbeat?pulsetime=60", beat)[0] == 200
    assert ask() == (200, [10.0])  # the heartbeat made the same event longer: its day changed
    assert call(served, "PUT", f"/api/0/buckets/{bucket}", {"client": "t", "type": "currentwindow",
                                                             "hostname": "laptop"})[0] == 200
    status, reply = ask()
    assert status == 400 and "box" in reply["message"]


def test_query_errors_name_the_problem(served):
    period = ["2026-03-10T00:00:00+00:00/2026-03-11T00:00:00+00:00"]
    cases = {"RETURN = nosuch(1);": "nosuch", "RETURN = query_bucket(\"missing\");": "missing",
             "x = 1;": "RETURN", "RETURN = [1, 2;": "']'", "RETURN = y;": "'y'",
             "RETURN = limit_events(\"a\", 1);": "argument 1 of limit_events"}
    for text, named in cases.items():
        status, reply = call(served, "POST", "/api/0/query/", {"query": [text], "timeperiods": period})
        assert status == 400 and named in reply["message"], (text, reply)
    status, reply = call(served, "POST", "/api/0/query/", {"query": ["RETURN = 1;"], "timeperiods": ["nonsense"]})
    assert status == 400 and "timeperiods[0]" in reply["message"]


def test_categories_saved_by_aw_webui_import_as_rules(served):
    classes = [{"name": ["Deep", "Work"], "rule": {"type": "regex", "regex": "vim|Overleaf"}}]
    status, envelope = served.call("activitywatch:importCategories")
    assert status == 400 and "classes" in envelope["error"]  # aw-webui saved none yet
    assert call(served, "POST", "/api/0/settings/classes", classes)[0] == 200
    # the regex as a title pattern, and an app rule for each plain alternative (vim, overleaf)
    assert served.data("activitywatch:importCategories") == {"categories": 1, "rules": 3, "skipped": []}
    category = next(c for c in served.data("category:getAll") if c["name"] == "Deep / Work")
    imported = [r for r in served.data("rules:getAll") if r["categoryId"] == category["id"]]
    assert sorted((r["app"] or "", r["titlePattern"] or "") for r in imported) == [
        ("", "vim|Overleaf"), ("overleaf", ""), ("vim", "")]
    assert served.data("activitywatch:importCategories") == {"categories": 0, "rules": 0, "skipped": []}


def test_aw_clients_report_and_canonical_commands_work(served):
    import subprocess
    import sys
    from pathlib import Path

    def make(bucket: str, kind: str, events: list[dict]) -> None:
        assert call(served, "POST", f"/api/0/buckets/{bucket}", {"type": kind, "client": "c", "hostname": "cli"})[0] == 200
        assert call(served, "POST", f"/api/0/buckets/{bucket}/events", events)[0] == 200

    def event(at: str, seconds: float, **data) -> dict:
        return {"timestamp": f"2026-04-02T{at}:00+00:00", "duration": seconds, "data": data}

    make("aw-watcher-window_cli", "currentwindow", [event("09:00", 600, app="code", title="a.py"),
                                                   event("09:10", 300, app="firefox", title="docs"),
                                                   event("09:15", 600, app="code", title="b.py")])
    make("aw-watcher-afk_cli", "afkstatus", [event("09:00", 900, status="not-afk"), event("09:15", 600, status="afk")])
    command = Path(sys.executable).with_name("aw-client")
    outputs = {}
    for verb in ("report", "canonical"):
        result = subprocess.run([str(command), "--host", "127.0.0.1", "--port", str(served.port), verb, "cli",
                                 "--start", "2026-04-02", "--stop", "2026-04-03"], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        outputs[verb] = result.stdout
    # b.py was written while away: 10 min a.py + 5 min docs
    assert "Total duration:\t 0:15:00" in outputs["report"] and "0:10:00     a.py" in outputs["report"]
    assert "[firefox] docs" in outputs["canonical"] and "b.py" not in outputs["canonical"]


def test_addresses_without_their_final_slash_head_requests_and_preflights_answer_like_aw_server(served):
    status, _, headers = served.request("GET", "/api/0/buckets?x=1")
    assert status == 308 and headers["Location"] == "/api/0/buckets/?x=1"
    status, raw, headers = served.request("HEAD", "/api/0/info")
    assert status == 200 and raw == b"" and int(headers["Content-Length"]) > 0
    status, raw, headers = served.request("OPTIONS", "/api/0/buckets/x/events")
    assert status == 200 and raw == b"" and set(headers["Allow"].split(", ")) == {"GET", "HEAD", "POST", "OPTIONS"}
    assert "Access-Control-Allow-Origin" not in headers  # no extension was allowed


def test_a_long_body_is_refused_with_aw_servers_shape(served):
    status, raw, _ = served.request("POST", "/api/0/buckets/big/events", b"[" + b" " * (17 * 1024 * 1024) + b"]", JSON)
    assert status == 413 and orjson.loads(raw) == {"type": "VALIDATION_ERROR",
                                                   "message": "The request body is too large (at most 16 MB)."}
