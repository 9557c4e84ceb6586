"""The API's outside surface: token, Host check, CORS, health, metrics, events, encryption at rest."""

from __future__ import annotations

import http.client
import signal
import threading

import orjson

from support import lighttrack, start_serve, stored_bytes


def test_invoke_needs_the_token(served):
    status, envelope = served.call("project:getAll", token="wrong")
    assert (status, envelope["code"]) == (401, "UNAUTHORIZED")
    status, raw, _ = served.request("POST", "/api/v1/invoke/project:getAll", b"{}")
    assert status == 401


def test_health_needs_no_token_and_metrics_do(served):
    status, raw, _ = served.request("GET", "/api/v1/health")
    health = orjson.loads(raw)
    assert status == 200 and health["status"] == "healthy" and health["version"]
    assert served.request("GET", "/api/v1/metrics")[0] == 401
    served.data("project:getAll")
    status, raw, _ = served.request("GET", "/api/v1/metrics", headers={"Authorization": f"Bearer {served.token}"})
    assert status == 200 and b'lighttrack_channel_calls_total{channel="project:getAll",code="OK"} 1' in raw


def test_foreign_host_headers_are_refused(served):
    for host in ("evil.example:%d" % served.port, "127.0.0.1.nip.io:%d" % served.port, "localhost:1"):
        status, raw, _ = served.request("GET", "/api/v1/health", headers={"Host": host})
        assert status == 403, host
    assert served.request("GET", "/api/v1/health", headers={"Host": f"localhost:{served.port}"})[0] == 200


def test_no_cors_headers_for_foreign_origins(served):
    status, _, headers = served.request("OPTIONS", "/api/v1/invoke/project:getAll",
                                        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert not any(h.lower().startswith("access-control-") for h in headers)


def test_events_stream_delivers_channel_events(served):
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    conn.request("GET", f"/api/v1/events?token={served.token}")
    response = conn.getresponse()
    assert response.status == 200 and response.getheader("Content-Type").startswith("text/event-stream")
    response.fp.readline()
    started = threading.Timer(0.3, lambda: served.data("activity:start", {"name": "Streamed"}))
    started.start()
    lines = []
    while not any(line.startswith(b"data:") for line in lines):
        lines.append(response.fp.readline())
    conn.close()
    assert b"event: activity:started\n" in lines
    assert orjson.loads(lines[-1][5:])["name"] == "Streamed"


def test_nothing_is_stored_in_plain_text(served):
    served.data("project:create", {"name": "Zebra Confidential Project"})
    served.data("activity:start", {"name": "Quokka secret meeting", "tags": ["platypus-tag"]})
    everything = stored_bytes(served.data_dir)
    for plain in (b"Zebra", b"Quokka", b"platypus"):
        assert plain not in everything


def test_logs_never_hold_names_or_the_token(served):
    served.data("activity:start", {"name": "Wombat private work"})
    served.call("activity:start", {"name": 5})
    served.call("no:such")
    logs = b"".join(p.read_bytes() for p in (served.data_dir / "logs").glob("*.log*"))
    assert logs and b"Wombat" not in logs and served.token.encode() not in logs


def test_an_acknowledged_write_survives_kill_9(tmp_path):
    server = start_serve(tmp_path / "data")
    try:
        created = server.data("activity:add", {"name": "Must survive", "startTime": "2026-02-01T10:00:00Z",
                                               "duration": 60_000})
        project = server.data("project:create", {"name": "Survivor"})
    finally:
        server.stop(signal.SIGKILL)
    again = start_serve(tmp_path / "data")
    try:
        assert again.data("activity:get", created["id"])["name"] == "Must survive"
        assert project["id"] in {p["id"] for p in again.data("project:getAll")}
    finally:
        again.stop()


def test_port_in_use_is_one_clear_line(served, tmp_path):
    result = lighttrack("serve", "--port", str(served.port), data_dir=tmp_path / "other")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "Cannot listen" in result.stderr


def test_the_token_door_answers_channel_calls_as_the_rest_of_the_api_does(served):
    """Channel calls with the token are answered before the Flask app: the same envelopes and statuses, the same
    refusals (foreign Host, no token, bad JSON, too large a body)."""
    bearer = {"Authorization": f"Bearer {served.token}", "Content-Type": "application/json"}
    path = "/api/v1/invoke/project:get"
    status, raw, headers = served.request("POST", path, orjson.dumps({"args": ["no-such-id"]}), bearer)
    assert status == 404 and orjson.loads(raw)["code"] == "NOT_FOUND" and headers["Content-Type"] == "application/json"
    status, raw, _ = served.request("POST", path, b"{not json", bearer)
    assert status == 400 and orjson.loads(raw)["error"] == "The request body is not valid JSON."
    status, raw, _ = served.request("POST", path, orjson.dumps({"args": "x"}), bearer)
    assert status == 400 and orjson.loads(raw)["error"] == "args must be a list."
    status, raw, _ = served.request("POST", "/api/v1/invoke/no:such", b"", bearer)
    assert status == 404 and orjson.loads(raw)["code"] == "UNKNOWN_CHANNEL"
    status, raw, _ = served.request("POST", path, b"x" * (16 * 1024 * 1024 + 1), bearer)
    assert status == 413 and orjson.loads(raw)["error"] == "The request body is too large (at most 16 MB)."
    status, raw, _ = served.request("POST", path, b"{}", {**bearer, "Host": f"evil.example:{served.port}"})
    assert status == 403 and orjson.loads(raw)["code"] == "FORBIDDEN"
    status, raw, _ = served.request("POST", path, b"{}", {"Authorization": "Bearer wrong"})
    assert status == 401 and orjson.loads(raw)["code"] == "UNAUTHORIZED"
    status, raw, _ = served.request("POST", "/api/v1/invoke/project:getAll", b"", bearer)
    assert status == 200 and any(p["id"] == "default" for p in orjson.loads(raw)["data"])
