"""ActivityWatch's own Python client (aw-client from PyPI) against a real `lighttrack serve`."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import orjson
import pytest
import requests

aw_client = pytest.importorskip("aw_client")
from aw_core.models import Event  # noqa: E402

from support import start_serve, wait_until  # noqa: E402

UTC = timezone.utc
T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One `lighttrack serve` for the module (each test uses its own buckets)."""
    server = start_serve(tmp_path_factory.mktemp("aw") / "data")
    yield server
    server.stop()


@pytest.fixture
def client(served):
    made = aw_client.ActivityWatchClient("aw-watcher-window", host="127.0.0.1", port=served.port)
    yield made
    if made.request_queue.is_alive():
        made.disconnect()


def beat(seconds: float, title: str = "main.py - editor") -> Event:
    return Event(timestamp=T0 + timedelta(seconds=seconds), duration=0, data={"app": "code", "title": title})


def test_info_and_buckets(client):
    info = client.get_info()
    assert {"hostname", "version", "testing", "device_id"} <= set(info)
    client.create_bucket("aw-watcher-window_test", "currentwindow")
    client.create_bucket("aw-watcher-window_test", "currentwindow")  # exists: 304, no error
    buckets = client.get_buckets()
    assert buckets["aw-watcher-window_test"]["type"] == "currentwindow"
    assert buckets["aw-watcher-window_test"]["client"] == "aw-watcher-window"


def test_heartbeats_merge_within_pulsetime_and_insert_otherwise(client):
    client.create_bucket("w", "currentwindow")
    for second in range(5):
        client.heartbeat("w", beat(second), pulsetime=2)
    client.heartbeat("w", beat(5, "other.py - editor"), pulsetime=2)
    client.heartbeat("w", beat(20, "other.py - editor"), pulsetime=2)  # after end + pulsetime: a new event
    events = client.get_events("w")
    assert [e.data["title"] for e in events] == ["other.py - editor", "other.py - editor", "main.py - editor"]
    assert events[-1].duration == timedelta(seconds=4)
    assert events[-1].timestamp == T0
    assert client.get_eventcount("w") == 3


def test_events_newest_first_with_limit_start_end(client):
    client.create_bucket("e", "currentwindow")
    client.insert_events("e", [beat(i * 60, f"t{i}") for i in range(10)])
    client.insert_event("e", Event(timestamp=T0 - timedelta(days=1), duration=30, data={"app": "x", "title": "old"}))
    events = client.get_events("e", limit=3)
    assert [e.data["title"] for e in events] == ["t9", "t8", "t7"]
    window = client.get_events("e", start=T0 + timedelta(minutes=2), end=T0 + timedelta(minutes=4))
    assert [e.data["title"] for e in window] == ["t4", "t3", "t2"]
    assert client.get_eventcount("e", start=T0 - timedelta(days=2), end=T0) == 2
    assert client.get_events("e")[-1].data["title"] == "old"


def test_queued_heartbeats_reach_the_server(client):
    client.create_bucket("q", "currentwindow", queued=True)
    client.connect()
    for second in range(30):
        client.heartbeat("q", beat(second, "a" if second < 15 else "b"), pulsetime=2, queued=True, commit_interval=5)
    wait_until(lambda: "q" in client.get_buckets() and client.get_eventcount("q") >= 1, timeout=15)
    wait_until(lambda: client.get_events("q")[0].data["title"] == "b", timeout=15)
    titles = [e.data["title"] for e in client.get_events("q")]
    assert titles[-1] == "a"


def test_export_import_roundtrip_is_idempotent(client, served):
    client.create_bucket("x", "currentwindow")
    everything_before = set(client.export_all()["buckets"])
    client.insert_events("x", [beat(i * 10, f"t{i}") for i in range(3)])
    exported = client.export_bucket("x")["buckets"]["x"]
    assert len(exported["events"]) == 3 and "id" not in exported["events"][0]
    assert "x" in everything_before and client.export_all()["buckets"]["x"]["type"] == "currentwindow"
    client.delete_bucket("x", force=True)
    assert "x" not in client.get_buckets()
    client.import_bucket(exported)
    client.import_bucket(exported)
    assert client.get_eventcount("x") == 3


def test_delete_needs_force(client, served):
    client.create_bucket("d", "currentwindow")
    status, _, _ = served.request("DELETE", "/api/0/buckets/d")
    assert status == 401
    assert "d" in client.get_buckets()


def test_errors_in_activitywatch_shape(served):
    status, raw, _ = served.request("GET", "/api/0/buckets/missing/events")
    assert status == 404 and orjson.loads(raw)["type"] == "NOT_FOUND"
    status, raw, _ = served.request("POST", "/api/0/buckets/missing/heartbeat?pulsetime=1", b"{}",
                                    {"Content-Type": "application/json"})
    assert status == 404 and "missing" in orjson.loads(raw)["message"]


def test_host_check_and_cors_only_for_extensions(served, client):
    client.create_bucket("c", "web.tab.current")
    status, _, _ = served.request("GET", "/api/0/buckets/", headers={"Host": f"evil.example:{served.port}"})
    assert status == 403
    status, _, _ = served.request("POST", "/api/0/buckets/c/heartbeat?pulsetime=1", b"{}",
                                  {"Host": f"evil.example:{served.port}"})
    assert status == 403
    _, _, headers = served.request("GET", "/api/0/info", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in headers
    origin = "moz-extension://1234-abcd"
    served.data("settings:set", "activityWatchExtensionOrigins", [origin, "chrome-extension://abc"])
    _, _, headers = served.request("OPTIONS", "/api/0/buckets/c/heartbeat?pulsetime=1",
                                   headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
    assert headers.get("Access-Control-Allow-Origin") == origin
    _, _, headers = served.request("GET", "/api/0/buckets/", headers={"Origin": "chrome-extension://abc"})
    assert headers.get("Access-Control-Allow-Origin") == "chrome-extension://abc"


def test_api_0_needs_no_token_but_api_v1_still_does(served):
    assert requests.get(f"http://127.0.0.1:{served.port}/api/0/info", timeout=5).status_code == 200
    assert requests.get(f"http://127.0.0.1:{served.port}/api/v1/metrics", timeout=5).status_code == 401


def test_events_survive_a_restart(tmp_path):
    first = start_serve(tmp_path / "data")
    try:
        made = aw_client.ActivityWatchClient("w", host="127.0.0.1", port=first.port)
        made.create_bucket("r", "currentwindow")
        for second in range(3):
            made.heartbeat("r", beat(second), pulsetime=2)
    finally:
        first.stop()
    second = start_serve(tmp_path / "data")
    try:
        made = aw_client.ActivityWatchClient("w", host="127.0.0.1", port=second.port)
        events = made.get_events("r")
        assert len(events) == 1 and events[0].duration == timedelta(seconds=2)
        made.heartbeat("r", beat(3), pulsetime=2)
        assert made.get_events("r")[0].duration == timedelta(seconds=3)
    finally:
        second.stop()


def test_serve_offers_the_integration_channels(served):
    names = [i["name"] for i in served.data("integration:list")]
    assert names == ["jira", "github", "slack", "calendar"]
    status, envelope = served.call("integration:syncNow", "jira")
    assert status == 400 and "not connected" in envelope["error"]
