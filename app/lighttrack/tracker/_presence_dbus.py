"""Presence without input on a Linux desktop, read over D-Bus: a media player reporting `Playing` over MPRIS, or
an application holding an idle inhibitor the desktop reports (a video, a call, a presentation).

Inhibitors: GNOME's SessionManager `IsInhibited(8)` (8 = idle), KDE's PowerDevil policy agent
`HasInhibition(4)` (4 = screen settings, where org.freedesktop.ScreenSaver.Inhibit calls end up), and
systemd-logind's `ListInhibitors` entries whose "what" includes `idle` in `block` mode.
"""

from __future__ import annotations

from jeepney import DBusAddress, DBusErrorResponse

from . import _dbus
from .backend import Unavailable

MPRIS_PREFIX = "org.mpris.MediaPlayer2."
MPRIS_PATH = "/org/mpris/MediaPlayer2"
BUS = DBusAddress("/org/freedesktop/DBus", bus_name="org.freedesktop.DBus", interface="org.freedesktop.DBus")
GNOME_SESSION = DBusAddress("/org/gnome/SessionManager", bus_name="org.gnome.SessionManager",
                            interface="org.gnome.SessionManager")
KDE_POLICY = DBusAddress("/org/kde/Solid/PowerManagement/PolicyAgent", bus_name="org.kde.Solid.PowerManagement",
                         interface="org.kde.Solid.PowerManagement.PolicyAgent")
LOGIND = DBusAddress("/org/freedesktop/login1", bus_name="org.freedesktop.login1",
                     interface="org.freedesktop.login1.Manager")
GNOME_IDLE_FLAG = 8
KDE_SCREEN_FLAG = 4
_ERRORS = (DBusErrorResponse, TimeoutError, OSError)


def presence_source(env) -> DBusPresence:
    if not env.get("DBUS_SESSION_BUS_ADDRESS") and not env.get("XDG_RUNTIME_DIR"):
        raise Unavailable("no D-Bus session bus")
    session = _dbus.connect("SESSION", env)
    try:
        system = _dbus.connect("SYSTEM")
    except Unavailable:
        system = None  # logind's inhibitors are one source among three
    return DBusPresence(session, system)


class DBusPresence:
    """Asks on demand (the sampler calls it only once input has stopped for the idle threshold)."""

    name = "MPRIS players and idle inhibitors (D-Bus)"

    def __init__(self, session, system) -> None:
        self._session, self._system = session, system

    def reason(self) -> str | None:
        """Why the user counts as present without input, or None."""
        return self._playing() or self._inhibited()

    def _playing(self) -> str | None:
        try:
            (names,) = _dbus.call(self._session, BUS, "ListNames")
        except _ERRORS:
            return None
        for name in sorted(n for n in names if n.startswith(MPRIS_PREFIX)):
            player = DBusAddress(MPRIS_PATH, bus_name=name, interface="org.freedesktop.DBus.Properties")
            try:
                (status,) = _dbus.call(self._session, player, "Get", "ss", ("org.mpris.MediaPlayer2.Player", "PlaybackStatus"))
            except _ERRORS:
                continue
            if status[1] == "Playing":
                return f"media playing ({name.removeprefix(MPRIS_PREFIX)})"
        return None

    def _inhibited(self) -> str | None:
        if self._asks(self._session, GNOME_SESSION, "IsInhibited", "u", (GNOME_IDLE_FLAG,)):
            return "idle inhibitor (GNOME session)"
        if self._asks(self._session, KDE_POLICY, "HasInhibition", "u", (KDE_SCREEN_FLAG,)):
            return "idle inhibitor (KDE Plasma)"
        return self._logind_inhibitor()

    @staticmethod
    def _asks(conn, address: DBusAddress, method: str, signature: str, body: tuple) -> bool:
        try:
            return bool(_dbus.call(conn, address, method, signature, body)[0])
        except _ERRORS:
            return False

    def _logind_inhibitor(self) -> str | None:
        if self._system is None:
            return None
        try:
            (inhibitors,) = _dbus.call(self._system, LOGIND, "ListInhibitors")
        except _ERRORS:
            return None
        for what, who, _why, mode, _uid, _pid in inhibitors:
            if "idle" in what.split(":") and mode == "block":
                return f"idle inhibitor ({who})"
        return None
