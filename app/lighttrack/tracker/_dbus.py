"""A blocking D-Bus call helper shared by the GNOME and logind backends (jeepney, pure Python)."""

from __future__ import annotations

from jeepney import DBusAddress, DBusErrorResponse, new_method_call
from jeepney.wrappers import unwrap_msg
from jeepney.io.blocking import DBusConnection, open_dbus_connection

from .backend import Unavailable

TIMEOUT = 1.0


def connect(bus: str, env=None) -> DBusConnection:
    """Open the session or system bus; the session bus of `env` (DBUS_SESSION_BUS_ADDRESS) when it names one."""
    address = (env or {}).get("DBUS_SESSION_BUS_ADDRESS") if bus == "SESSION" else None
    try:
        return open_dbus_connection(bus=address or bus)
    except (OSError, KeyError, RuntimeError) as exc:
        raise Unavailable(f"no {bus.lower()} D-Bus ({exc.__class__.__name__})") from None


def call(conn: DBusConnection, address: DBusAddress, method: str, signature: str | None = None, body: tuple = ()):
    """Call `method` and return its unwrapped reply; DBusErrorResponse and TimeoutError propagate."""
    return unwrap_msg(conn.send_and_get_reply(new_method_call(address, method, signature, body), timeout=TIMEOUT))


def answers(conn: DBusConnection, address: DBusAddress, method: str, signature: str | None = None, body: tuple = ()) -> bool:
    """True when the service answers `method` without an error."""
    try:
        call(conn, address, method, signature, body)
    except (DBusErrorResponse, TimeoutError, OSError):
        return False
    return True
