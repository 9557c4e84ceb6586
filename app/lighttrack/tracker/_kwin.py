"""KDE Plasma on Wayland: the active window from LightTrack's KWin script (assets/kwin/lighttrack.js), which KWin
runs and which calls `app.lighttrack.KWin.Activated(caption, resourceClass, pid)` on a bus name this backend owns.

Threading contract: a listener thread blocks on the bus connection (no polling) and keeps the last report under a
lock; the sampler reads it with `active()`.
"""

from __future__ import annotations

import socket
import threading

from jeepney import (DBusAddress, DBusErrorResponse, HeaderFields, MessageType, message_bus, new_error,
                     new_method_return)
from jeepney.io.blocking import DBusConnection
from jeepney.wrappers import unwrap_msg

from ..core.tracking.window import Window
from ..resources import resource_dir
from . import _dbus
from ._procinfo import ProcessCache
from .backend import Unavailable

SERVICE = "app.lighttrack.Tracker"
PATH = "/app/lighttrack/KWin"
INTERFACE = "app.lighttrack.KWin"
PLUGIN = "lighttrack"
SCRIPTING = DBusAddress("/Scripting", bus_name="org.kde.KWin", interface="org.kde.kwin.Scripting")
NAME_TAKEN_FLAGS = 4  # DBUS_NAME_FLAG_DO_NOT_QUEUE


def window_source(env) -> KWinScriptWindows:
    if "kde" not in env.get("XDG_CURRENT_DESKTOP", "").lower():
        raise Unavailable("not a KDE Plasma session")
    conn = _dbus.connect("SESSION", env)
    try:
        _own_name(conn)
        _load_script(conn, str(resource_dir("assets") / "kwin" / "lighttrack.js"))
    except Unavailable:
        conn.close()
        raise
    return KWinScriptWindows(conn)


def _own_name(conn: DBusConnection) -> None:
    (answer,) = unwrap_msg(conn.send_and_get_reply(message_bus.RequestName(SERVICE, NAME_TAKEN_FLAGS), timeout=2))
    if answer != 1:
        raise Unavailable(f"another process owns {SERVICE} (is LightTrack running twice?)")


def _load_script(conn: DBusConnection, path: str) -> None:
    """(Re)load the script under our plugin name and start it; KWin answers only in a Plasma session."""
    try:
        _dbus.call(conn, SCRIPTING, "unloadScript", "s", (PLUGIN,))
        (script_id,) = _dbus.call(conn, SCRIPTING, "loadScript", "ss", (path, PLUGIN))
        _dbus.call(conn, SCRIPTING, "start")
    except (DBusErrorResponse, TimeoutError, OSError) as exc:
        raise Unavailable(f"KWin's scripting interface does not answer ({type(exc).__name__})") from None
    if script_id < 0:
        raise Unavailable("KWin refused LightTrack's script")


class KWinScriptWindows:
    """The window KWin last reported as active."""

    name = "KWin script (D-Bus)"

    def __init__(self, conn: DBusConnection) -> None:
        self._conn = conn
        self._procs = ProcessCache()
        self._lock = threading.Lock()
        self._report: tuple[str, str, int] | None = None
        self._thread = threading.Thread(target=self._listen, name="lighttrack-kwin", daemon=True)
        self._thread.start()

    def active(self) -> Window | None:
        with self._lock:
            report = self._report
        if report is None or not (report[0] or report[1]):
            return None
        caption, resource_class, pid = report
        return self._procs.window(pid or None, caption, resource_class or "unknown")

    def stop(self) -> None:
        """Unblock the listener and release the bus name."""
        try:
            self._conn.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._thread.join(timeout=2)
        self._conn.close()

    def _listen(self) -> None:
        while True:
            try:
                message = self._conn.receive()
            except (OSError, EOFError, ValueError):
                return  # the connection was shut down
            if message.header.message_type == MessageType.method_call:
                self._conn.send(self._answer(message))

    def _answer(self, message):
        fields = message.header.fields
        if (fields.get(HeaderFields.interface), fields.get(HeaderFields.member)) == (INTERFACE, "Activated") \
                and fields.get(HeaderFields.signature) == "ssi":
            with self._lock:
                self._report = tuple(message.body)
            return new_method_return(message)
        return new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s",
                         ("LightTrack's tracker only takes app.lighttrack.KWin.Activated(s, s, i)",))
