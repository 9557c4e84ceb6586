"""KDE Plasma on Wayland: the KWin script's D-Bus side against a stand-in of KWin's scripting interface on the
private session bus; the script is called back exactly as KWin's callDBus does."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from jeepney import DBusAddress, DBusErrorResponse, new_method_call
from jeepney.io.blocking import open_dbus_connection
from jeepney.wrappers import unwrap_msg
from support import stop_process, wait_until

from lighttrack.resources import resource_dir
from lighttrack.tracker import _kwin
from lighttrack.tracker.backend import Unavailable

pytestmark = pytest.mark.gui

HERE = Path(__file__).parent
RECEIVER = DBusAddress(_kwin.PATH, bus_name=_kwin.SERVICE, interface=_kwin.INTERFACE)
SCRIPT = resource_dir("assets") / "kwin" / "lighttrack.js"


@pytest.fixture
def kwin(dbus_session):
    process = subprocess.Popen([sys.executable, str(HERE / "fake_kwin.py")], stdout=subprocess.PIPE, text=True)
    assert json.loads(process.stdout.readline())["event"] == "ready"
    yield process
    stop_process(process)


@pytest.fixture
def plasma_env(dbus_session):
    return {**os.environ, "XDG_CURRENT_DESKTOP": "KDE", "XDG_SESSION_TYPE": "wayland"}


@pytest.fixture
def source(kwin, plasma_env):
    made = _kwin.window_source(plasma_env)
    yield made
    made.stop()


def calls(process, count: int) -> list[dict]:
    return [json.loads(process.stdout.readline()) for _ in range(count)]


def activated(*body) -> None:
    """What the script's callDBus(SERVICE, PATH, IFACE, "Activated", caption, resourceClass, pid) sends."""
    conn = open_dbus_connection(bus="SESSION")
    try:
        unwrap_msg(conn.send_and_get_reply(new_method_call(RECEIVER, "Activated", "ssi", body), timeout=5))
    finally:
        conn.close()


def test_the_script_is_loaded_into_kwin_and_started(kwin, source):
    made = calls(kwin, 3)
    assert [(c["member"], c["path"]) for c in made] == [("unloadScript", "/Scripting"), ("loadScript", "/Scripting"),
                                                        ("start", "/Scripting")]
    assert made[1]["body"] == [str(SCRIPT), "lighttrack"] and SCRIPT.is_file()


def test_the_active_window_follows_the_scripts_reports(kwin, source):
    assert source.active() is None
    editor = subprocess.Popen(["sleep", "30"])
    try:
        activated("notes.txt — Kate", "org.kde.kate", editor.pid)
        window = wait_until(source.active, what="the reported window")
        assert (window.app, window.title) == ("sleep", "notes.txt — Kate")  # the app from the reported process
        activated("", "", 0)  # the desktop has the focus
        wait_until(lambda: source.active() is None, what="no window")
    finally:
        stop_process(editor)


def test_a_wrong_call_is_refused_and_changes_nothing(kwin, source):
    conn = open_dbus_connection(bus="SESSION")
    try:
        with pytest.raises(DBusErrorResponse):
            unwrap_msg(conn.send_and_get_reply(new_method_call(RECEIVER, "Activated", "s", ("x",)), timeout=5))
    finally:
        conn.close()
    assert source.active() is None


def test_the_script_calls_exactly_what_the_receiver_answers():
    text = SCRIPT.read_text()
    constants = dict(re.findall(r'const (SERVICE|PATH|IFACE) = "([^"]+)";', text))
    assert constants == {"SERVICE": _kwin.SERVICE, "PATH": _kwin.PATH, "IFACE": _kwin.INTERFACE}
    assert re.findall(r'callDBus\(SERVICE, PATH, IFACE, "(\w+)"', text) == ["Activated", "Activated"]


def test_outside_plasma_the_backend_stands_aside(dbus_session):
    with pytest.raises(Unavailable, match="not a KDE Plasma session"):
        _kwin.window_source({**os.environ, "XDG_CURRENT_DESKTOP": "GNOME"})


def test_without_kwin_the_backend_says_why(plasma_env):
    with pytest.raises(Unavailable, match="KWin's scripting interface"):
        _kwin.window_source(plasma_env)
