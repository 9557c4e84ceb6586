"""KDE Plasma on Wayland: the KWin script's D-Bus side against a stand-in of KWin's scripting interface on the
private session bus; the script is called back exactly as KWin's callDBus does."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from jeepney import DBusAddress, DBusErrorResponse, new_method_call
from jeepney.io.blocking import open_dbus_connection
from jeepney.wrappers import unwrap_msg
from tracker_support import RecordingNotifier
from support import need, stop_process, wait_until

from lighttrack.core.context import Context
from lighttrack.core.services import Services
from lighttrack.resources import resource_dir
from lighttrack.store.crypto import Cipher, new_key
from lighttrack.store.database import Store
from lighttrack.tracker import _dbus, _kwin, _wayland_idle
from lighttrack.tracker.backend import Unavailable, choose_desktop
from lighttrack.tracker.runner import Tracker

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


@pytest.fixture(scope="module")
def real_kwin(tmp_path_factory):
    """kwin_wayland --virtual on its own session bus; its env. The binary carries a file capability
    (cap_sys_resource) that a container may refuse to grant at exec, so a copy without it is started."""
    need("kwin_wayland", "zenity", "dbus-daemon")
    root = tmp_path_factory.mktemp("kwin")
    runtime = root / "run"
    runtime.mkdir(mode=0o700)
    binary = root / "kwin_wayland"
    shutil.copy(shutil.which("kwin_wayland"), binary)
    bus = subprocess.Popen(["dbus-daemon", "--session", f"--address=unix:path={runtime / 'bus'}", "--nofork",
                            "--nopidfile", "--print-address=1"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           text=True)
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(XDG_RUNTIME_DIR=str(runtime), HOME=str(root), XDG_SESSION_TYPE="wayland", XDG_CURRENT_DESKTOP="KDE",
               DBUS_SESSION_BUS_ADDRESS=bus.stdout.readline().strip(), WAYLAND_DISPLAY="wayland-lighttrack-kde")
    kwin = subprocess.Popen([str(binary), "--virtual", "--no-lockscreen", "--no-global-shortcuts", "--no-kactivities",
                             "--socket", env["WAYLAND_DISPLAY"], "--width", "1280", "--height", "720"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: _scripting_answers(env), timeout=60, interval=0.5, what="KWin's scripting interface")
        yield env
    finally:
        stop_process(kwin, timeout=10)
        stop_process(bus)


def _scripting_answers(env) -> bool:
    try:
        conn = _dbus.connect("SESSION", env)
    except Unavailable:
        return False
    try:
        return _dbus.answers(conn, _kwin.SCRIPTING, "isScriptLoaded", "s", ("lighttrack",))
    finally:
        conn.close()


def test_the_script_runs_in_a_real_kwin_and_reports_a_real_wayland_window(real_kwin):
    source = wait_until(lambda: _kwin_source(real_kwin), timeout=30, interval=1, what="the KWin window source")
    assert source.active() is None or source.active().title != "KDE-Probe"
    dialog = subprocess.Popen(["zenity", "--info", "--title", "KDE-Probe", "--text", "LightTrack test"],
                              env={**real_kwin, "GDK_BACKEND": "wayland"}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        window = wait_until(lambda: (w := source.active()) and w.title == "KDE-Probe" and w, timeout=60, interval=0.5,
                            what="KWin's report of the zenity window")
        assert window.app == "zenity"
        source.stop()  # releases the bus name: the app's own choice of backends takes it next
        desktop = choose_desktop(real_kwin)
        assert desktop.window.name == "KWin script (D-Bus)"
        assert wait_until(lambda: (w := desktop.window.active()) and w.title == "KDE-Probe", timeout=30,
                          what="the report to the chosen source")
        desktop.window.stop()
    finally:
        stop_process(dialog)


def _kwin_source(env):
    try:
        return _kwin.window_source(env)
    except Unavailable:
        return None


class KWinActivity:
    """A second Wayland client that tells KWin "the user is active" (org_kde_kwin_idle_timeout.simulate_user_activity),
    the input a headless compositor otherwise never gets."""

    def __init__(self, env) -> None:
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.connect(str(Path(env["XDG_RUNTIME_DIR"]) / env["WAYLAND_DISPLAY"]))
        wire = _wayland_idle.Wire(self._sock)
        found = wire.globals()
        seat, idle = wire.bind(found["wl_seat"], "wl_seat"), wire.bind(found["org_kde_kwin_idle"], "org_kde_kwin_idle")
        self._timeout = wire.new_id()
        wire.send(idle, 0, struct.pack("<III", self._timeout, seat, 60000))  # get_idle_timeout
        self._wire = wire

    def poke(self) -> None:
        self._wire.send(self._timeout, 1)  # simulate_user_activity

    def close(self) -> None:
        self._sock.close()


def test_kwin_idle_time_over_the_wayland_idle_protocol(real_kwin):
    source = wait_until(lambda: _idle_source(real_kwin), timeout=30, interval=1, what="the Wayland idle source")
    activity = KWinActivity(real_kwin)
    try:
        assert source.name == "Wayland ext_idle_notifier_v1"
        activity.poke()
        wait_until(lambda: source.read().seconds == 0, timeout=10, what="the input to be seen")
        reading = wait_until(lambda: (r := source.read()).seconds >= 2.5 and r, timeout=20, what="idle time to grow")
        assert reading.seconds < 10
        activity.poke()
        wait_until(lambda: source.read().seconds < 1, timeout=10, what="the input to reset it")
        chosen = choose_desktop(real_kwin)
        assert chosen.idle.name == "Wayland ext_idle_notifier_v1"
        chosen.idle.stop()
        chosen.window.stop()  # releases the tracker's bus name for the next test
    finally:
        activity.close()
        source.stop()


def _idle_source(env):
    try:
        return _wayland_idle.idle_source(env)
    except Unavailable:
        return None


def test_the_tracker_on_plasma_wayland_records_the_window_and_the_absence(real_kwin, tmp_path):
    dialog = subprocess.Popen(["zenity", "--info", "--title", "KDE-Probe", "--text", "LightTrack test"],
                              env={**real_kwin, "GDK_BACKEND": "wayland"}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    activity_source = KWinActivity(real_kwin)
    services = Services.open(Context(Store(tmp_path, Cipher(new_key()))))
    services.settings.set("trackWindows", True)
    services.settings.set("idleThresholdSeconds", 10)
    notifier = RecordingNotifier()
    desktop = wait_until(lambda: (d := choose_desktop(real_kwin)).window and d.idle and d, timeout=30, interval=1,
                         what="both Plasma sources")
    tracker = Tracker(services, desktop, notifier)
    activity = services.activities.start({"name": "Plasma work"})
    try:
        tracker.start()
        wait_until(lambda: (tracker.status()["currentWindow"] or {}).get("title") == "KDE-Probe", timeout=60,
                   interval=0.5, what="the Wayland window in the tracker")
        for _ in range(3):  # a few seconds of work, then nothing
            activity_source.poke()
            time.sleep(1)
        wait_until(lambda: services.activities.get(activity["id"])["isPaused"], timeout=30, what="the auto-pause")
        activity_source.poke()  # back
        pending = wait_until(tracker.idle.pending, timeout=10, what="the idle prompt")
        assert pending["activityId"] == activity["id"] and len(notifier.shown) == 1
    finally:
        tracker.stop()
        desktop.window.stop()
        desktop.idle.stop()
        activity_source.close()
        stop_process(dialog)
    spans = [s for s in tracker.timeline.get(services.ctx.now() - timedelta(hours=1), services.ctx.now())
             if s["title"] == "KDE-Probe"]
    assert spans and spans[0]["app"] == "zenity"
