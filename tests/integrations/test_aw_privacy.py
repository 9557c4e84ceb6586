"""Privacy rules apply to ActivityWatch watcher data before it is stored, whatever door it comes through."""

from __future__ import annotations

import orjson
import pytest

from support import start_serve

JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    served = start_serve(tmp_path_factory.mktemp("awprivacy") / "data")
    served.data("settings:set", "excludedApps", ["keepass"])
    served.data("settings:set", "excludedTitlePatterns", ["(?i)bank"])
    yield served
    served.stop()


def _bucket(server, name: str, kind: str) -> None:
    status, raw, _ = server.request("POST", f"/api/0/buckets/{name}", orjson.dumps({"type": kind, "client": name,
                                    "hostname": "h"}), JSON)
    assert status in (200, 304), raw


def _event(second: int, **data) -> dict:
    return {"timestamp": f"2026-03-10T09:00:{second:02d}Z", "duration": 1, "data": data}


def _stored(server, bucket: str) -> bytes:
    status, raw, _ = server.request("GET", f"/api/0/buckets/{bucket}/events")
    assert status == 200
    export = server.request("GET", "/api/0/export")[1]
    return raw + export


def test_excluded_apps_and_titles_are_never_stored(server):
    _bucket(server, "aw-watcher-window_h", "currentwindow")
    sends = [("heartbeat?pulsetime=5", _event(1, app="KeePass", title="Passwords.kdbx")),
             ("events", _event(10, app="firefox", title="My Bank - statement")),
             ("events", _event(20, app="code", title="main.py"))]
    for path, event in sends:
        status, raw, _ = server.request("POST", f"/api/0/buckets/aw-watcher-window_h/{path}", orjson.dumps(event), JSON)
        assert status == 200, raw
    imported = {"buckets": {"aw-watcher-window_h": {"id": "aw-watcher-window_h", "type": "currentwindow", "client": "x",
                "hostname": "h", "events": [_event(30, app="keepass", title="x"), _event(40, app="a", title="bank login")]}}}
    assert server.request("POST", "/api/0/import", orjson.dumps(imported), JSON)[0] == 200
    stored = _stored(server, "aw-watcher-window_h")
    assert b"main.py" in stored
    for secret in (b"KeePass", b"keepass", b"Passwords", b"Bank", b"bank"):
        assert secret not in stored, secret


def test_redaction_keeps_the_app_and_drops_titles_and_private_urls(server):
    server.data("settings:set", "redactTitles", True)
    try:
        _bucket(server, "aw-watcher-window_r", "currentwindow")
        _bucket(server, "aw-watcher-web-firefox_r", "web.tab.current")
        server.request("POST", "/api/0/buckets/aw-watcher-window_r/heartbeat?pulsetime=5",
                       orjson.dumps(_event(1, app="code", title="secret-plan.md")), JSON)
        server.request("POST", "/api/0/buckets/aw-watcher-web-firefox_r/events",
                       orjson.dumps(_event(2, url="https://example.org/a", title="Secret page", incognito=True)), JSON)
        window = orjson.loads(server.request("GET", "/api/0/buckets/aw-watcher-window_r/events")[1])
        web = orjson.loads(server.request("GET", "/api/0/buckets/aw-watcher-web-firefox_r/events")[1])
        assert window[0]["data"] == {"app": "code", "title": "code"}
        assert web[0]["data"]["title"] == "firefox" and web[0]["data"]["url"] == ""
    finally:
        server.data("settings:set", "redactTitles", False)
