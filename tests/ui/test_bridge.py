"""The window's js_api bridge, the pipe between the app and its window process (calls, replies, events) and the
window's geometry file, without a display."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from support import web_invoke_channels

from lighttrack.errors import LightTrackError
from lighttrack.ui import desktop
from lighttrack.ui.app import page_channels
from lighttrack.ui.bridge import Bridge
from lighttrack.ui.dashboard import LinePipe, WindowLink
from lighttrack.ui.window import AppCalls
from lighttrack.ui.geometry import Geometry

WEB_CHANNELS = Path(__file__).resolve().parents[2] / "web" / "js" / "channels.js"


class FakeDialogs:
    def __init__(self) -> None:
        self.asked: list[dict] = []

    def save(self, options: dict) -> str | None:
        self.asked.append(options)
        return "/tmp/report.csv"

    def open(self, options: dict) -> list[str] | None:
        raise RuntimeError("the dialog crashed")


def make_bridge(forward=None) -> tuple[Bridge, list]:
    calls: list = []

    def default(channel: str, args: list) -> dict:
        calls.append((channel, args))
        return {"success": True, "data": [{"id": "default"}]}
    return Bridge(forward or default, frozenset({"project:getAll", "activity:start"}), FakeDialogs()), calls


def test_only_the_documented_methods_are_public():
    bridge, _ = make_bridge()
    public = {name for name in dir(bridge) if not name.startswith("_")}
    assert public == {"invoke", "get_info", "show_save_dialog", "show_open_dialog", "open_external",
                      "show_item_in_folder"}


def test_invoke_forwards_allowed_channels_and_returns_the_envelope():
    bridge, calls = make_bridge()
    assert bridge.invoke("project:getAll", []) == {"success": True, "data": [{"id": "default"}]}
    assert bridge.invoke("project:getAll") == {"success": True, "data": [{"id": "default"}]}
    assert calls == [("project:getAll", []), ("project:getAll", [])]


@pytest.mark.parametrize("channel", ["app:showDashboard", "nope:never", None, 42, "project:getAll\n"])
def test_channels_off_the_list_never_reach_the_app(channel):
    bridge, calls = make_bridge()
    envelope = bridge.invoke(channel, [])
    assert envelope["success"] is False and envelope["code"] == "UNKNOWN_CHANNEL"
    assert calls == []


def test_bad_args_and_failures_come_back_as_envelopes_without_traces():
    bridge, _ = make_bridge()
    assert bridge.invoke("project:getAll", {"a": 1})["code"] == "VALIDATION_ERROR"

    def down(channel, args):
        raise LightTrackError("The running LightTrack on port 1 did not answer.")

    def broken(channel, args):
        raise KeyError("secret internals")
    assert make_bridge(down)[0].invoke("project:getAll", []) == {
        "success": False, "error": "The running LightTrack on port 1 did not answer.", "code": "INTERNAL_ERROR"}
    envelope = make_bridge(broken)[0].invoke("project:getAll", [])
    assert envelope["code"] == "INTERNAL_ERROR" and "secret" not in envelope["error"]


def test_info_and_dialogs():
    bridge, _ = make_bridge()
    assert set(bridge.get_info()) == {"version", "platform"}
    assert bridge.show_save_dialog({"defaultPath": "/tmp/report.csv"}) == "/tmp/report.csv"
    assert bridge.show_save_dialog("not options") == "/tmp/report.csv"
    assert bridge.show_open_dialog({}) is None  # a crashing dialog is logged, not thrown at the page


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "http://", "ftp://x.org/",
                                 "https://a.org/\nx", 7, None, "data:text/html,hi"])
def test_open_external_refuses_anything_but_web_and_mail_links(url, monkeypatch):
    opened = []
    monkeypatch.setattr(desktop.webbrowser, "open", lambda u: opened.append(u) or True)
    assert make_bridge()[0].open_external(url) is False
    assert opened == []


def test_open_external_opens_web_and_mail_links(monkeypatch):
    opened = []
    monkeypatch.setattr(desktop.webbrowser, "open", lambda u: opened.append(u) or True)
    bridge, _ = make_bridge()
    assert bridge.open_external("https://lighttrack.example/help") is True
    assert bridge.open_external("mailto:me@example.org") is True
    assert opened == ["https://lighttrack.example/help", "mailto:me@example.org"]


def test_show_item_in_folder_opens_the_folder_of_an_existing_file(tmp_path, monkeypatch):
    launched = []
    monkeypatch.setattr(desktop.subprocess, "Popen", lambda cmd, **kw: launched.append(cmd))
    item = tmp_path / "export.csv"
    item.write_text("x")
    bridge, _ = make_bridge()
    assert bridge.show_item_in_folder(str(tmp_path / "missing.csv")) is False
    assert bridge.show_item_in_folder(str(item)) is True
    assert str(tmp_path) in launched[0][-1]


def pipes() -> tuple[LinePipe, LinePipe]:
    """The window's end and the app's end, as between the app and its window process."""
    to_window, from_app = os.pipe()
    to_app, from_window = os.pipe()
    return (LinePipe(os.fdopen(to_window, encoding="utf-8"), os.fdopen(from_window, "w", encoding="utf-8")),
            LinePipe(os.fdopen(to_app, encoding="utf-8"), os.fdopen(from_app, "w", encoding="utf-8")))


class Bus:
    def __init__(self) -> None:
        self.listeners: list = []

    def subscribe(self, listener):
        self.listeners.append(listener)
        return lambda: self.listeners.remove(listener)

    def publish(self, channel: str, data: object) -> None:
        for listener in list(self.listeners):
            listener(channel, data)


def linked(dispatch) -> tuple[LinePipe, AppCalls, Bus, list, threading.Thread]:
    """A window end with its AppCalls, linked to an app end served by a WindowLink over `dispatch`."""
    window_end, app_end = pipes()
    bus, painted = Bus(), []
    link = WindowLink(app_end, frozenset({"project:getAll", "activity:start"}), dispatch, bus.subscribe, painted.append)
    serving = threading.Thread(target=link.run, daemon=True)
    serving.start()
    return window_end, AppCalls(window_end, timeout=5), bus, painted, serving


def read_replies(window_end: LinePipe, calls: AppCalls, events: list) -> threading.Thread:
    """What the window's control thread does with the app's messages."""
    def read() -> None:
        while True:
            try:
                message = window_end.recv()
            except (EOFError, OSError, ValueError):
                return
            if message[0] == "reply":
                calls.answered(message[1], message[2])
            elif message[0] == "event":
                events.append(list(message[1:]))
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


def test_calls_through_the_pipe_each_get_their_own_reply_and_events_reach_the_window():
    gate = threading.Event()

    def dispatch(channel: str, args: list) -> dict:
        if args == ["slow"]:
            gate.wait(5)  # a slow call (an export) does not hold up the others
        return {"success": True, "data": [channel, *args]}
    window_end, calls, bus, painted, serving = linked(dispatch)
    events: list = []
    read_replies(window_end, calls, events)
    slow: list = []
    waiting = threading.Thread(target=lambda: slow.append(calls.envelope("activity:start", ["slow"])))
    waiting.start()
    assert calls.envelope("project:getAll", [1]) == {"success": True, "data": ["project:getAll", 1]}
    gate.set()
    waiting.join(5)
    assert slow == [{"success": True, "data": ["activity:start", "slow"]}]
    window_end.send(("painted", 1234.5))
    bus.publish("project:created", {"name": "A", "at": "2026-12-02"})
    wait = threading.Event()
    while not (events and painted) and not wait.wait(0.01):
        pass
    assert events == [["project:created", {"name": "A", "at": "2026-12-02"}]] and painted == [1234.5]
    window_end.close()
    serving.join(5)
    assert not serving.is_alive() and not bus.listeners  # the window gone: the app stops sending it events


def test_the_app_refuses_channels_off_the_list_and_bad_args_and_skips_broken_lines():
    seen: list = []
    window_end, calls, _bus, _painted, _serving = linked(lambda channel, args: seen.append(channel) or {"success": True})
    read_replies(window_end, calls, [])
    window_end._writer.write("not json\n")  # a broken line is skipped, the link goes on
    window_end._writer.flush()
    assert calls.envelope("app:showDashboard", [])["code"] == "UNKNOWN_CHANNEL"
    assert calls.envelope("project:getAll", "nope")["code"] == "VALIDATION_ERROR"  # type: ignore[arg-type]
    assert calls.envelope("project:getAll", []) == {"success": True}
    assert seen == ["project:getAll"]


def test_waiting_calls_fail_at_once_when_the_window_closes_or_the_app_does_not_answer():
    window_end, app_end = pipes()
    calls = AppCalls(window_end, timeout=0.3)
    with pytest.raises(LightTrackError, match="did not answer"):
        calls.envelope("project:getAll", [])  # nobody on the app's end answers
    result: list = []
    waiting = threading.Thread(target=lambda: result.append(calls.envelope("project:getAll", [])))
    calls._timeout = 30
    waiting.start()
    assert app_end.recv()[0] == "invoke"  # the first call's line
    assert app_end.recv()[0] == "invoke"
    calls.end()
    waiting.join(2)
    assert result and result[0]["success"] is False
    with pytest.raises(LightTrackError, match="closing"):
        calls.envelope("project:getAll", [])


def test_geometry_is_remembered_and_damaged_files_are_ignored(tmp_path):
    assert Geometry.load(tmp_path) == Geometry()
    Geometry(900, 640, 30, 40).save(tmp_path)
    assert Geometry.load(tmp_path) == Geometry(900, 640, 30, 40)
    (tmp_path / "window.json").write_text('{"width": 5, "height": "x", "x": 1e9}')
    assert Geometry.load(tmp_path) == Geometry()
    (tmp_path / "window.json").write_text("[garbage")
    assert Geometry.load(tmp_path) == Geometry()


def test_the_page_and_the_app_agree_on_the_channels(tmp_path):
    """web/js/channels.js lists exactly what the window's bridge lets through (the app's registry)."""
    if not WEB_CHANNELS.exists():
        pytest.skip("web/js/channels.js is not there yet")
    from lighttrack.runtime import Runtime
    runtime = Runtime(tmp_path / "data", 0)
    runtime.start()
    try:
        allowed = set(page_channels(runtime.registry.names()))
    finally:
        runtime.stop()
    listed = web_invoke_channels()
    assert listed - allowed == set(), "the page lists channels the app does not have"
    assert allowed - listed == set(), "the app has channels the page does not list"


def test_without_a_webview_the_dashboard_opens_in_the_browser_each_time_afresh():
    from lighttrack.ui import dashboard
    opened = []
    board = dashboard.Dashboard(None, lambda: opened.append(len(opened)), lambda channel, args: {}, Bus().subscribe)
    assert board.open() == "browser" and board.open("settings") == "browser"
    assert opened == [0, 1]
    assert board.status() == {"open": False, "kind": "browser", "firstPaintMs": None}
