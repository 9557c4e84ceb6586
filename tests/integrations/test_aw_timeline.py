"""ActivityWatch events feed the window timeline: windows, browser tabs (domain), editor files (project), AFK cut out."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lighttrack.core.activitywatch.service import ActivityWatchService
from lighttrack.store.awevents import AwEventStore
from lighttrack.store.spans import SpanStore


class ListSink:
    def __init__(self) -> None:
        self.spans: list[dict] = []

    def append(self, spans: list[dict]) -> None:
        self.spans += spans

    def sync(self) -> None:
        pass


@pytest.fixture
def sink():
    return ListSink()


@pytest.fixture(autouse=True)
def consented(services):
    services.settings.set("trackWindows", True)


@pytest.fixture
def aw(services, sink):
    return ActivityWatchService(services, AwEventStore(services.ctx.store), sink, settle_seconds=60)


def beat(clock, seconds: float, **data) -> dict:
    return {"timestamp": (clock.now() + timedelta(seconds=seconds)).isoformat(), "duration": 0, "data": data}


def test_tabs_editor_and_windows_become_spans(aw, services, clock, sink):
    project = services.projects.create({"name": "lighttrack"})
    aw.create_bucket("aw-watcher-web-firefox", {"type": "web.tab.current", "client": "aw-client-web", "hostname": "h"})
    aw.create_bucket("aw-watcher-vscode_h", {"type": "app.editor.activity", "client": "aw-watcher-vscode", "hostname": "h"})
    aw.create_bucket("aw-watcher-window_h", {"type": "currentwindow", "client": "aw-watcher-window", "hostname": "h"})
    for second in range(0, 31, 5):
        aw.heartbeat("aw-watcher-web-firefox", beat(clock, second, url="https://www.github.com/acme/app/pull/7",
                                                      title="Login fix", audible=False, incognito=False), 10)
        aw.heartbeat("aw-watcher-vscode_h", beat(clock, second, file="/home/ada/lighttrack/app/cli.py",
                                                   project="/home/ada/lighttrack", language="python"), 10)
        aw.heartbeat("aw-watcher-window_h", beat(clock, second, app="Firefox", title="Login fix"), 10)
    aw.flush()
    assert sink.spans == []  # not settled yet: the AFK watcher may still report
    clock.advance(minutes=5)
    aw.flush()
    by_app = {s["app"]: s for s in sink.spans}
    assert by_app["firefox"]["domain"] == "github.com" and by_app["firefox"]["title"] == "Login fix"
    assert by_app["vscode"]["projectId"] == project["id"] and by_app["vscode"]["title"] == "cli.py"
    assert by_app["Firefox"]["end"] == "2026-03-10T09:00:30.000+00:00"
    assert all(s["source"] == "activitywatch" for s in sink.spans)


def test_afk_time_and_private_tabs(aw, services, clock, sink):
    aw.create_bucket("afk", {"type": "afkstatus", "client": "aw-watcher-afk", "hostname": "h"})
    aw.create_bucket("win", {"type": "currentwindow", "client": "aw-watcher-window", "hostname": "h"})
    aw.create_bucket("web", {"type": "web.tab.current", "client": "aw-client-web", "hostname": "h"})
    aw.insert("win", {"timestamp": clock.now().isoformat(), "duration": 600, "data": {"app": "term", "title": "vim"}})
    aw.insert("afk", {"timestamp": (clock.now() + timedelta(seconds=100)).isoformat(), "duration": 200,
                      "data": {"status": "afk"}})
    aw.insert("web", {"timestamp": clock.now().isoformat(), "duration": 50,
                      "data": {"url": "https://secret.example/x", "title": "Secret", "incognito": True}})
    clock.advance(minutes=20)
    aw.flush()
    window = sorted((s["start"][11:19], s["end"][11:19]) for s in sink.spans if s["app"] == "term")
    assert window == [("09:00:00", "09:01:40"), ("09:05:00", "09:10:00")]
    private = [s for s in sink.spans if s["app"] != "term"]
    assert private and private[0]["title"] == private[0]["app"] and "domain" not in private[0]


def test_open_events_are_fed_in_pieces_without_overlap(aw, services, clock, sink):
    aw.create_bucket("win", {"type": "currentwindow", "client": "aw-watcher-window", "hostname": "h"})
    for second in range(0, 600, 2):
        aw.heartbeat("win", beat(clock, second, app="term", title="vim"), 5)
        if second == 300:
            clock.advance(seconds=400)
            aw.flush()
            clock.advance(seconds=-400)
    clock.advance(minutes=30)
    aw.stop()
    spans = sorted(sink.spans, key=lambda s: s["start"])
    assert len(spans) == 2 and spans[0]["end"] == spans[1]["start"]
    assert spans[-1]["end"] == "2026-03-10T09:09:58.000+00:00"


def test_feed_reaches_the_span_store(services, clock):
    spans = SpanStore(services.ctx.store)
    aw = ActivityWatchService(services, AwEventStore(services.ctx.store), spans, settle_seconds=0)
    aw.create_bucket("win", {"type": "currentwindow", "client": "aw-watcher-window", "hostname": "h"})
    aw.insert("win", {"timestamp": clock.now().isoformat(), "duration": 60, "data": {"app": "term", "title": "vim"}})
    clock.advance(minutes=2)
    aw.flush()
    stored = spans.read("2026-03-10T00:00:00.000+00:00", "2026-03-11T00:00:00.000+00:00")
    assert [(s["app"], s["start"], s["end"]) for s in stored] == [
        ("term", "2026-03-10T09:00:00.000+00:00", "2026-03-10T09:01:00.000+00:00")]


def test_window_watcher_spans_are_skipped_while_lighttrack_tracks_windows_itself(services, clock, sink):
    aw = ActivityWatchService(services, AwEventStore(services.ctx.store), sink, settle_seconds=60,
                              tracking_windows=lambda: True)
    aw.create_bucket("aw-watcher-window_h", {"type": "currentwindow", "client": "aw-watcher-window", "hostname": "h"})
    aw.create_bucket("aw-watcher-web-firefox", {"type": "web.tab.current", "client": "aw-client-web", "hostname": "h"})
    for second in range(0, 31, 5):
        aw.heartbeat("aw-watcher-window_h", beat(clock, second, app="Firefox", title="Login fix"), 10)
        aw.heartbeat("aw-watcher-web-firefox", beat(clock, second, url="https://example.org/", title="Example",
                                                      audible=False, incognito=False), 10)
    clock.advance(minutes=5)
    aw.flush()
    assert [s["app"] for s in sink.spans] == ["firefox"]  # the tab, not the window counted a second time
    assert len(aw.events("aw-watcher-window_h")) == 1  # the bucket itself still has the events
