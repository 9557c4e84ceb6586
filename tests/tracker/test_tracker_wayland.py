"""GNOME on Wayland for real: a headless gnome-shell (Mutter) on private buses with LightTrack's Shell extension
enabled, a real Wayland client window (zenity over GDK's Wayland backend), idle time from Mutter's IdleMonitor and
input through Mutter's RemoteDesktop interface."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from tracker_support import RecordingNotifier
from support import need, stop_process, wait_until

from jeepney import DBusAddress, new_method_call
from jeepney.wrappers import unwrap_msg

from lighttrack.core.context import Context
from lighttrack.core.services import Services
from lighttrack.resources import resource_dir
from lighttrack.store.crypto import Cipher, new_key
from lighttrack.store.database import Store
from lighttrack.tracker import _dbus, _gnome
from lighttrack.tracker.backend import Unavailable, choose_desktop
from lighttrack.tracker.runner import Tracker

pytestmark = [pytest.mark.gui, pytest.mark.slow]

UUID = "lighttrack@lighttrack.app"
REMOTE = DBusAddress("/org/gnome/Mutter/RemoteDesktop", bus_name="org.gnome.Mutter.RemoteDesktop",
                     interface="org.gnome.Mutter.RemoteDesktop")
ESCAPE = 0xFF1B


def private_bus(path: Path) -> tuple[subprocess.Popen, str]:
    bus = subprocess.Popen(["dbus-daemon", "--session", f"--address=unix:path={path}", "--nofork", "--nopidfile",
                            "--print-address=1"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return bus, bus.stdout.readline().strip()


@pytest.fixture(scope="module")
def gnome(tmp_path_factory):
    """gnome-shell --headless on its own session bus (and a stand-in system bus), the extension enabled; its env."""
    need("gnome-shell", "zenity", "dbus-daemon")
    root = tmp_path_factory.mktemp("gnome")
    runtime, home = root / "run", root / "home"
    runtime.mkdir(mode=0o700)
    shutil.copytree(resource_dir("assets") / "gnome-shell" / UUID, home / ".local/share/gnome-shell/extensions" / UUID)
    keyfile = home / ".config/glib-2.0/settings/keyfile"
    keyfile.parent.mkdir(parents=True)
    keyfile.write_text(f"[org/gnome/shell]\nenabled-extensions=['{UUID}']\ndisable-user-extensions=false\n")
    session, session_address = private_bus(runtime / "session_bus")
    system, system_address = private_bus(runtime / "system_bus")  # gnome-shell wants one; logind is not needed
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(XDG_RUNTIME_DIR=str(runtime), HOME=str(home), XDG_DATA_HOME=str(home / ".local/share"),
               XDG_CONFIG_HOME=str(home / ".config"), GSETTINGS_BACKEND="keyfile", XDG_SESSION_TYPE="wayland",
               XDG_CURRENT_DESKTOP="GNOME", DBUS_SESSION_BUS_ADDRESS=session_address,
               DBUS_SYSTEM_BUS_ADDRESS=system_address, WAYLAND_DISPLAY="wayland-lighttrack-test")
    shell = subprocess.Popen(["gnome-shell", "--wayland", "--headless", "--no-x11", "--virtual-monitor", "1280x720",
                              "--wayland-display", env["WAYLAND_DISPLAY"]], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        conn = wait_until(lambda: _connect(env), timeout=30, what="the private session bus")
        wait_until(lambda: _dbus.answers(conn, _gnome.OWN_EXTENSION, "Get"), timeout=90, interval=0.5,
                   what="gnome-shell with LightTrack's extension")
        yield env
    finally:
        stop_process(shell, timeout=10)
        stop_process(system)
        stop_process(session)


def _connect(env):
    try:
        return _dbus.connect("SESSION", env)
    except Exception:
        return None


def _source(env):
    try:
        return _gnome.window_source(env)
    except Unavailable:  # gnome-shell is slow to answer on a loaded machine
        return None


class RemoteInput:
    """Keyboard input through Mutter's RemoteDesktop D-Bus interface: real input events for the compositor."""

    def __init__(self, env) -> None:
        self._conn = _dbus.connect("SESSION", env)
        (path,) = self._call(REMOTE, "CreateSession")
        self._session = DBusAddress(path, bus_name=REMOTE.bus_name, interface="org.gnome.Mutter.RemoteDesktop.Session")
        self._call(self._session, "Start")

    def _call(self, address: DBusAddress, method: str, signature: str | None = None, body: tuple = ()):
        message = new_method_call(address, method, signature, body)
        return unwrap_msg(self._conn.send_and_get_reply(message, timeout=20))  # a loaded machine: be patient

    def key(self, keysym: int) -> None:
        for pressed in (True, False):
            self._call(self._session, "NotifyKeyboardKeysym", "ub", (keysym, pressed))

    def close(self) -> None:
        self._call(self._session, "Stop")
        self._conn.close()


class Dialog:
    """A zenity dialog on the compositor (GTK's Wayland backend), brought to the front: GNOME starts in the overview,
    which Escape leaves — but Escape also closes a dialog that has the focus, so it is only pressed while the dialog
    is not in front, and a dialog closed by it is opened again."""

    def __init__(self, env, keys: RemoteInput) -> None:
        self._env, self._keys, self.process = {**env, "GDK_BACKEND": "wayland"}, keys, None
        self._source = wait_until(lambda: _source(env), timeout=30, interval=1, what="the extension's window source")

    def _open(self) -> None:
        self.process = subprocess.Popen(["zenity", "--info", "--title", "Wayland-Probe", "--text", "LightTrack test"],
                                        env=self._env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def focused(self):
        if self.process is None or self.process.poll() is not None:
            self._open()
        window = self._source.active()
        if window is not None and window.title == "Wayland-Probe":
            return window
        self._keys.key(ESCAPE)
        time.sleep(3)  # the overview's closing animation, before the next look
        return None

    def close(self) -> None:
        stop_process(self.process)


@pytest.fixture
def wayland_window(gnome):
    keys = RemoteInput(gnome)
    dialog = Dialog(gnome, keys)
    window = wait_until(dialog.focused, timeout=90, interval=0.5, what="the zenity window in front")
    yield window, dialog, keys
    keys.close()
    dialog.close()


def test_gnome_backends_are_chosen_and_read_the_real_compositor(gnome, wayland_window):
    window, dialog, keys = wayland_window
    assert window.app == "zenity" and window.title == "Wayland-Probe"
    desktop = wait_until(lambda: (d := choose_desktop(gnome)).window and d.idle and d, timeout=30, interval=1,
                         what="both GNOME sources")
    assert desktop.window.name == "LightTrack's GNOME Shell extension"
    assert desktop.idle.name == "GNOME Mutter IdleMonitor (D-Bus)"
    keys.key(0xFFE1)  # Shift
    wait_until(lambda: desktop.idle.read().seconds < 2, timeout=10, what="the key press to reset the idle time")
    wait_until(lambda: desktop.idle.read().seconds >= 2, timeout=10, what="idle time to grow without input")
    keys.key(0xFFE1)
    wait_until(lambda: desktop.idle.read().seconds < 1, timeout=10, what="the second key press to reset it")


def test_the_tracker_on_gnome_wayland_records_the_window_and_the_absence(gnome, wayland_window, tmp_path):
    _, _, keys = wayland_window
    services = Services.open(Context(Store(tmp_path, Cipher(new_key()))))
    services.settings.set("trackWindows", True)
    services.settings.set("idleThresholdSeconds", 10)
    notifier = RecordingNotifier()
    tracker = Tracker(services, wait_until(lambda: (d := choose_desktop(gnome)).window and d.idle and d, timeout=30,
                                           interval=1, what="both GNOME sources"), notifier)
    activity = services.activities.start({"name": "Wayland work"})
    keys.key(0xFFE1)
    began = services.ctx.now()
    tracker.start()
    try:
        wait_until(lambda: (tracker.status()["currentWindow"] or {}).get("title") == "Wayland-Probe", timeout=15, interval=1,
                   what="the Wayland window in the tracker")
        for _ in range(3):  # a few seconds of work in the window, then nothing
            keys.key(0xFFE1)
            time.sleep(1)
        wait_until(lambda: services.activities.get(activity["id"])["isPaused"], timeout=30, what="the auto-pause")
        keys.key(0xFFE1)  # back
        pending = wait_until(tracker.idle.pending, timeout=10, what="the idle prompt")
        assert pending["activityId"] == activity["id"] and len(notifier.shown) == 1
    finally:
        tracker.stop()
    spans = [s for s in tracker.timeline.get(began - timedelta(minutes=1), services.ctx.now())
             if s["title"] == "Wayland-Probe"]
    assert spans and spans[0]["app"] == "zenity"
