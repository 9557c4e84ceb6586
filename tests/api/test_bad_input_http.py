"""Bad input of any kind, on channels, /api/0 and the CLI: a JSON error naming the field, never an internal error."""

from __future__ import annotations

import orjson
import pytest

from support import lighttrack, start_serve

JSON = {"Content-Type": "application/json"}
EXTREMES = ["0001-01-01T00:00+05:00", "9999-12-31", "9999-12-31T23:59:59-05:00"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    served = start_serve(tmp_path_factory.mktemp("bad") / "data")
    yield served
    served.stop()


@pytest.mark.parametrize("moment", EXTREMES)
@pytest.mark.parametrize(("channel", "args", "field"), [
    ("activity:add", lambda m: [{"name": "x", "startTime": m, "duration": 1000}], "startTime"),
    ("activity:getFiltered", lambda m: [{"startDate": m}], "startDate"),
    ("analytics:getDailyStats", lambda m: [m], "date"),
    ("analytics:getWeeklyStats", lambda m: [m], "week"),
    ("analytics:getProductivityAnalysis", lambda m: [m, "2026-03-10"], "start"),
    ("timeline:get", lambda m: [m, "2026-03-10T10:00:00Z"], "start"),
    ("data:deleteRange", lambda m: [m, "2026-03-10"], "startDate"),
])
def test_extreme_dates_are_refused_naming_the_field(server, channel, args, field, moment):
    status, envelope = server.call(channel, *args(moment))
    assert (status, envelope["code"]) == (400, "VALIDATION_ERROR"), envelope
    assert field.lower() in envelope["error"].lower(), envelope


def test_missing_and_empty_arguments(server):
    assert server.call("activity:getFiltered")[1]["success"]
    status, envelope = server.call("rules:create", {})
    assert status == 400 and "kind" in envelope["error"]


def test_deeply_nested_import_json_is_a_clear_error(server):
    deep = '{"activities": ' + "[" * 5000 + "]" * 5000 + "}"
    status, envelope = server.call("import:previewText", deep, "lighttrack-json")
    assert status == 400 and envelope["code"] == "VALIDATION_ERROR", envelope
    status, raw, _ = server.request("POST", "/api/v1/invoke/activity:add", b'{"args": [' + b"[" * 3000 + b"]" * 3000 + b"]}",
                                    {**JSON, "Authorization": f"Bearer {server.token}"})
    assert status == 400 and orjson.loads(raw)["code"] == "VALIDATION_ERROR"


def _bucket(server) -> None:
    server.request("POST", "/api/0/buckets/bad", orjson.dumps({"type": "currentwindow", "client": "t", "hostname": "h"}), JSON)


@pytest.mark.parametrize("pulsetime", ["inf", "nan", "-1", "1e309"])
def test_hostile_pulsetime_is_a_json_error(server, pulsetime):
    _bucket(server)
    event = orjson.dumps({"timestamp": "2026-03-10T09:00:00Z", "duration": 0, "data": {"app": "a"}})
    status, raw, headers = server.request("POST", f"/api/0/buckets/bad/heartbeat?pulsetime={pulsetime}", event, JSON)
    assert status == 400 and headers["Content-Type"].startswith("application/json")
    assert "pulsetime" in orjson.loads(raw)["message"]


@pytest.mark.parametrize("moment", EXTREMES)
def test_activitywatch_extreme_dates_are_json_errors(server, moment):
    _bucket(server)
    event = orjson.dumps({"timestamp": moment, "duration": 0, "data": {"app": "a"}})
    for path in ("events", "heartbeat?pulsetime=5"):
        status, raw, headers = server.request("POST", f"/api/0/buckets/bad/{path}", event, JSON)
        assert status == 400 and "timestamp" in orjson.loads(raw)["message"], raw
    status, raw, headers = server.request("GET", f"/api/0/buckets/bad/events?start={moment}")
    assert status == 400 and headers["Content-Type"].startswith("application/json"), raw


@pytest.mark.parametrize("bound", ["--from", "--to"])
def test_cli_export_with_one_bound(server, tmp_path, bound):
    server.data("activity:add", {"name": "Bounded", "startTime": "2025-06-01T10:00:00Z", "duration": 60_000})
    target = tmp_path / "one.csv"
    result = lighttrack("export", "--format", "csv", bound, "2025-01-01", "-o", str(target), data_dir=server.data_dir)
    assert result.returncode == 0, result.stderr
    assert ("Bounded" in target.read_text()) == (bound == "--from")


def test_activitywatch_event_data_the_store_cant_keep_is_refused_and_not_kept(server):
    _bucket(server)
    deep = "[" * 300 + "]" * 300
    event = b'{"timestamp": "2026-03-10T09:00:00Z", "duration": 1, "data": {"app": "a", "x": ' + deep.encode() + b"}}"
    for path in ("events", "heartbeat?pulsetime=5"):
        status, raw, headers = server.request("POST", f"/api/0/buckets/bad/{path}", event, JSON)
        assert status == 400 and headers["Content-Type"].startswith("application/json"), raw
        assert "data can't be stored" in orjson.loads(raw)["message"]
    status, raw, _ = server.request("GET", "/api/0/buckets/bad/events")
    assert all(e["data"].get("x") is None for e in orjson.loads(raw))
