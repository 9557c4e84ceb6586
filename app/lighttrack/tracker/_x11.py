"""X11: the active window from the EWMH properties the window manager sets, idle time from MIT-SCREEN-SAVER.

The window is read again only after the X server reported a change (PropertyNotify of _NET_ACTIVE_WINDOW on the
root window, or of the title on the active window); a sample without a change costs no round trip to the server.

The window is read with python-xlib directly (`_NET_ACTIVE_WINDOW`, `_NET_WM_NAME`, `_NET_WM_PID`, the
properties pywinctl reads too): measured here, importing pywinctl costs 95 ms and 3.5 MB of RSS, exits
the process when `xrandr` is missing, and would push the tracking process past its 40 MB budget.
"""

from __future__ import annotations

from collections import OrderedDict

from Xlib import X, Xatom, display, error
from Xlib.error import CatchError
from Xlib.ext import screensaver

from ..core.tracking.window import Window
from ._ctext import decode
from ._procinfo import ProcessCache
from .backend import IdleReading, Unavailable

_GONE = (error.XError, error.ConnectionClosedError)  # BadWindow when the window closed between two calls


def _open(env) -> display.Display:
    if not env.get("DISPLAY"):
        raise Unavailable("no X display (DISPLAY is not set)")
    try:
        return display.Display(env.get("DISPLAY"))
    except (error.DisplayError, error.XError, OSError) as exc:
        raise Unavailable(f"cannot open the X display {env.get('DISPLAY')}: {exc}") from None


def window_source(env) -> X11Windows:
    if env.get("XDG_SESSION_TYPE", "").lower() == "wayland" or env.get("WAYLAND_DISPLAY"):
        raise Unavailable("a Wayland session: X11 only sees XWayland windows")
    conn = _open(env)
    windows = X11Windows(conn)
    if not windows.has_window_manager():
        conn.close()
        raise Unavailable("no EWMH window manager sets _NET_ACTIVE_WINDOW on this display")
    return windows


def idle_source(env) -> X11Idle:
    conn = _open(env)
    if not conn.has_extension("MIT-SCREEN-SAVER"):
        conn.close()
        raise Unavailable("the X server lacks the MIT-SCREEN-SAVER extension")
    return X11Idle(conn)


class X11Windows:
    """The focused window: its title from the window manager's properties, its process through psutil."""

    name = "X11 (EWMH + psutil)"

    def __init__(self, conn: display.Display) -> None:
        self._conn = conn
        self._root = conn.screen().root
        self._atom = {n: conn.intern_atom(n) for n in ("_NET_ACTIVE_WINDOW", "_NET_SUPPORTED", "_NET_WM_NAME",
                                                       "_NET_WM_PID", "UTF8_STRING")}
        self._procs = ProcessCache()
        self._facts: OrderedDict[int, tuple[int | None, str]] = OrderedDict()  # window id -> (pid, WM_CLASS): fixed
        self._types: dict[int, str] = {}  # property type atom -> its name
        self._watched_atoms = {self._atom["_NET_ACTIVE_WINDOW"], self._atom["_NET_WM_NAME"], Xatom.WM_NAME}
        self._watched = None  # the window whose title changes we are told about
        self._seen: Window | None = None
        self._stale = True
        self._root.change_attributes(event_mask=X.PropertyChangeMask)

    def has_window_manager(self) -> bool:
        supported = self._root.get_full_property(self._atom["_NET_SUPPORTED"], X.AnyPropertyType)
        return bool(supported) and self._atom["_NET_ACTIVE_WINDOW"] in supported.value

    def active(self) -> Window | None:
        try:
            if self._changed() or self._stale:
                self._seen, self._stale = self._read(), False
        except _GONE:
            self._seen, self._stale = None, True  # the window went between two calls: ask again next time
        return self._seen

    def _changed(self) -> bool:
        """Drain the events the server sent; True when the active window or its title changed."""
        changed = False
        while self._conn.pending_events():
            event = self._conn.next_event()
            changed |= event.type == X.PropertyNotify and event.atom in self._watched_atoms
        return changed

    def _read(self) -> Window | None:
        active = self._root.get_full_property(self._atom["_NET_ACTIVE_WINDOW"], X.AnyPropertyType)
        if not active or not active.value or not active.value[0]:
            return None
        win = self._conn.create_resource_object("window", active.value[0])
        self._watch(win)
        title, (pid, app) = self._title(win), self._facts_of(win)
        return self._procs.window(pid, title, app)

    def _watch(self, win) -> None:
        """Be told about title changes of `win` (before reading its title, so no change is missed)."""
        if self._watched is not None and self._watched.id == win.id:
            return
        if self._watched is not None:
            self._watched.change_attributes(event_mask=X.NoEventMask, onerror=CatchError())  # it may be gone
        win.change_attributes(event_mask=X.PropertyChangeMask, onerror=CatchError())
        self._watched = win

    def _facts_of(self, win) -> tuple[int | None, str]:
        """The window's process and class, read once per window (two round trips saved on every later tick)."""
        known = self._facts.get(win.id)
        if known is not None:
            return known
        pid, wm_class = self._pid(win), win.get_wm_class()
        facts = (pid, wm_class[1] if wm_class else "unknown")
        if pid is not None:  # a client may set _NET_WM_PID after mapping: ask again until it is there
            self._facts[win.id] = facts
            while len(self._facts) > 64:
                self._facts.popitem(last=False)
        return facts

    def _title(self, win) -> str:
        """_NET_WM_NAME (UTF-8), else WM_NAME in whatever encoding its type says (STRING, COMPOUND_TEXT, UTF8_STRING)."""
        name = win.get_full_property(self._atom["_NET_WM_NAME"], self._atom["UTF8_STRING"])
        if name is not None and name.value:
            return decode(bytes(name.value), "UTF8_STRING")
        legacy = win.get_full_property(Xatom.WM_NAME, X.AnyPropertyType)
        if legacy is None or not legacy.value:
            return ""
        return decode(bytes(legacy.value), self._type_name(legacy.property_type))

    def _type_name(self, atom: int) -> str:
        if atom not in self._types:
            self._types[atom] = self._conn.get_atom_name(atom)
        return self._types[atom]

    def _pid(self, win) -> int | None:
        prop = win.get_full_property(self._atom["_NET_WM_PID"], X.AnyPropertyType)
        return int(prop.value[0]) if prop is not None and len(prop.value) else None


class X11Idle:
    """Seconds since the last keyboard or mouse input, read from the X server (about 70 µs)."""

    name = "X11 MIT-SCREEN-SAVER"

    def __init__(self, conn: display.Display) -> None:
        self._conn = conn
        self._root = conn.screen().root

    def read(self) -> IdleReading | None:
        try:
            info = self._root.screensaver_query_info()
        except _GONE:
            return None
        return IdleReading(info.idle / 1000, locked=info.state == screensaver.StateOn)
