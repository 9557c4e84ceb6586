"""The window's js_api bridge, its event stream reader and its geometry file, without a display."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import web_invoke_channels

from lighttrack.errors import LightTrackError
from lighttrack.ui import desktop
from lighttrack.ui.app import page_channels
from lighttrack.ui.bridge import Bridge
from lighttrack.ui.events import _line
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


def test_sse_lines_fold_into_events():
    seen = []
    state = ("", b"")
    for line in (b"retry: 2000", b": connected", b"", b"event: project:created", b'data: {"name": "A"}', b""):
        state = _line(line, *state, lambda channel, data: seen.append((channel, data)))
    assert seen == [("project:created", {"name": "A"})]


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
    board = dashboard.Dashboard(None, lambda: opened.append(len(opened)))
    assert board.open() == "browser" and board.open("settings") == "browser"
    assert opened == [0, 1]
    assert board.status() == {"open": False, "kind": "browser", "firstPaintMs": None}
