"""Wayland/GNOME and other D-Bus desktops: idle time from Mutter's IdleMonitor or org.freedesktop.ScreenSaver,
the focused window from LightTrack's own GNOME Shell extension (assets/gnome-shell/lighttrack@lighttrack.app) or
the "Focused Window D-Bus" extension, whichever is enabled: both answer Get() with the same JSON."""

from __future__ import annotations

import orjson
from jeepney import DBusAddress, DBusErrorResponse

from ..core.tracking.window import Window
from . import _dbus
from ._procinfo import ProcessCache
from .backend import IdleReading, Unavailable

MUTTER = DBusAddress("/org/gnome/Mutter/IdleMonitor/Core", bus_name="org.gnome.Mutter.IdleMonitor",
                     interface="org.gnome.Mutter.IdleMonitor")
SCREENSAVER = DBusAddress("/org/freedesktop/ScreenSaver", bus_name="org.freedesktop.ScreenSaver",
                          interface="org.freedesktop.ScreenSaver")
GNOME_LOCK = DBusAddress("/org/gnome/ScreenSaver", bus_name="org.gnome.ScreenSaver", interface="org.gnome.ScreenSaver")
OWN_EXTENSION = DBusAddress("/app/lighttrack/FocusedWindow", bus_name="org.gnome.Shell",
                            interface="app.lighttrack.FocusedWindow")
FOCUSED = DBusAddress("/org/gnome/shell/extensions/FocusedWindow", bus_name="org.gnome.Shell",
                      interface="org.gnome.shell.extensions.FocusedWindow")
_ERRORS = (DBusErrorResponse, TimeoutError, OSError)


def _session(env):
    if not env.get("DBUS_SESSION_BUS_ADDRESS") and not env.get("XDG_RUNTIME_DIR"):
        raise Unavailable("no D-Bus session bus")
    return _dbus.connect("SESSION", env)


def idle_source(env) -> DBusIdle:
    conn = _session(env)
    if _dbus.answers(conn, MUTTER, "GetIdletime"):
        return DBusIdle(conn, MUTTER, "GetIdletime", "GNOME Mutter IdleMonitor (D-Bus)")
    if _dbus.answers(conn, SCREENSAVER, "GetSessionIdleTime"):
        return DBusIdle(conn, SCREENSAVER, "GetSessionIdleTime", "org.freedesktop.ScreenSaver (D-Bus)")
    conn.close()
    raise Unavailable("neither org.gnome.Mutter.IdleMonitor nor org.freedesktop.ScreenSaver answers")


def window_source(env) -> FocusedWindowExtension:
    conn = _session(env)
    for address, name in ((OWN_EXTENSION, "LightTrack's GNOME Shell extension"),
                          (FOCUSED, "GNOME Shell extension Focused Window D-Bus")):
        if _dbus.answers(conn, address, "Get"):
            return FocusedWindowExtension(conn, address, name)
    conn.close()
    raise Unavailable("neither LightTrack's GNOME Shell extension nor \"Focused Window D-Bus\" is enabled")


class DBusIdle:
    """Idle milliseconds from a session service; the lock state from GNOME's screensaver when it answers."""

    def __init__(self, conn, address: DBusAddress, method: str, name: str) -> None:
        self._conn, self._address, self._method, self.name = conn, address, method, name

    def read(self) -> IdleReading | None:
        try:
            (idle_ms,) = _dbus.call(self._conn, self._address, self._method)
        except _ERRORS:
            return None
        return IdleReading(idle_ms / 1000, locked=self._locked())

    def _locked(self) -> bool:
        try:
            return bool(_dbus.call(self._conn, GNOME_LOCK, "GetActive")[0])
        except _ERRORS:
            return False


class FocusedWindowExtension:
    """The focused window as the extension reports it (JSON with title, wm_class and pid)."""

    def __init__(self, conn, address: DBusAddress, name: str) -> None:
        self._conn, self._address, self.name = conn, address, name
        self._procs = ProcessCache()

    def active(self) -> Window | None:
        try:
            (text,) = _dbus.call(self._conn, self._address, "Get")
            info = orjson.loads(text)
        except (*_ERRORS, orjson.JSONDecodeError, ValueError):
            return None  # no focused window (the extension answers with an error)
        if not isinstance(info, dict):
            return None
        return self._procs.window(info.get("pid"), str(info.get("title") or ""), str(info.get("wm_class") or "unknown"))
