"""systemd-logind: the session's IdleHint/IdleSinceHint and LockedHint over the system bus."""

from __future__ import annotations

import time

from jeepney import DBusAddress, DBusErrorResponse

from . import _dbus
from .backend import IdleReading, Unavailable

SESSION = DBusAddress("/org/freedesktop/login1/session/auto", bus_name="org.freedesktop.login1",
                      interface="org.freedesktop.DBus.Properties")
_IFACE = "org.freedesktop.login1.Session"


def idle_source(env) -> LogindIdle:
    conn = _dbus.connect("SYSTEM")
    source = LogindIdle(conn)
    if source.read() is None:
        conn.close()
        raise Unavailable("logind has no session for this process")
    return source


class LogindIdle:
    """Coarse: logind only knows idleness the desktop reported to it (after the desktop's own delay)."""

    name = "systemd-logind IdleHint (D-Bus)"

    def __init__(self, conn) -> None:
        self._conn = conn

    def read(self) -> IdleReading | None:
        try:
            (props,) = _dbus.call(self._conn, SESSION, "GetAll", "s", (_IFACE,))
        except (DBusErrorResponse, TimeoutError, OSError):
            return None
        idle = props.get("IdleHint", ("b", False))[1]
        since_us = props.get("IdleSinceHint", ("t", 0))[1]
        seconds = max(0.0, time.time() - since_us / 1e6) if idle and since_us else 0.0
        return IdleReading(seconds, locked=bool(props.get("LockedHint", ("b", False))[1]))
