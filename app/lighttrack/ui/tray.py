"""The tray icon on the main thread, redrawn from the store on bus events and every half minute: pystray's Icon, or
on Linux LightTrack's own backends of the same interface (StatusNotifierItem over D-Bus, XEmbed with python-xlib)."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from datetime import date

import pystray

from . import icon as glyphs
from .menu import build_menu, headline
from .model import Calls, TrayActions, TrayState, read_state

log = logging.getLogger(__name__)

TICK_SECONDS = 30.0  # the menu and tooltip show minutes; refresh often enough for them
LIST_EVENTS = ("activity:", "activities:", "project:")  # events that change the Continue list or the projects


class Tray:
    """Threading contract: `run` blocks the calling (main) thread until `stop`; `changed` may be called from any thread."""

    def __init__(self, calls: Calls, actions: TrayActions, backend: str) -> None:
        self._calls = calls
        self._actions = actions
        self._dirty = threading.Event()
        self._stopping = threading.Event()
        self._mode = "stopped"
        self._state: TrayState | None = None  # the last state read; its lists are reused until an event says
        self._lists_stale = True
        self._day = date.today()
        _without_pystray_notifications()
        icon, self._picture = icon_backend(backend)
        self._icon = icon("lighttrack", self._picture(self._mode), "LightTrack", build_menu(TrayState(), actions))

    def run(self, on_visible: Callable[[], None]) -> None:
        """Show the icon and serve its menu until `stop()`; `on_visible` runs once it is shown."""
        self._icon.run(lambda icon: self._setup(icon, on_visible))

    def changed(self, channel: str = "", _data: object = None) -> None:
        """Bus listener: the state may have changed; redraw soon (never on the publisher's thread)."""
        if channel.startswith(LIST_EVENTS):
            self._lists_stale = True
        self._dirty.set()

    def stop(self) -> None:
        self._stopping.set()
        self._dirty.set()
        self._icon.stop()

    def _setup(self, icon: pystray.Icon, on_visible: Callable[[], None]) -> None:
        icon.visible = True
        self._refresh()
        threading.Thread(target=self._refresher, name="lighttrack-tray", daemon=True).start()
        on_visible()

    def _refresher(self) -> None:
        while not self._stopping.is_set():
            self._dirty.wait(TICK_SECONDS)
            self._dirty.clear()
            if not self._stopping.is_set():
                self._refresh()

    def _refresh(self) -> None:
        today = date.today()
        full = self._lists_stale or self._state is None or today != self._day
        self._lists_stale, self._day = False, today
        try:
            state = read_state(self._calls, today, lists_from=None if full else self._state)
        except Exception:
            self._lists_stale = True
            log.exception("tray: reading the state failed")
            return
        self._state = state
        if state.mode != self._mode:
            self._mode = state.mode
            self._icon.icon = self._picture(state.mode)
        self._icon.title = f"LightTrack — {headline(state)}"
        self._icon.menu = build_menu(state, self._actions)


Picture = Callable[[str], object]  # a state's icon, in the form the backend's Icon takes


def icon_backend(backend: str) -> tuple[type, Picture]:
    """The Icon class of the chosen backend (see shell.tray) and how it takes a state's picture: LightTrack's
    StatusNotifierItem draws the glyph itself; pystray's backends (the XEmbed one included) take a Pillow image.
    pystray already loaded its own backend at import."""
    if backend == "sni":
        from ._sni import Icon
        return Icon, glyphs.Glyph
    if backend == "xembed":
        from ._xembed import Icon
        return Icon, glyphs.pillow_image
    return pystray.Icon, glyphs.pillow_image


class _TolerantNotifier:
    """pystray's notifier, or nothing where the notification service can't be reached; it never raises."""

    def __init__(self, make: Callable[[], object]) -> None:
        try:
            self._inner = make()
        except Exception as exc:  # GLib.Error from D-Bus: the service is missing or failed to start
            log.warning("the tray starts without pystray's notifications (%s)", type(exc).__name__)
            self._inner = None

    def notify(self, *args) -> None:
        self._call("notify", *args)

    def hide(self) -> None:
        self._call("hide")

    def _call(self, name: str, *args) -> None:
        if self._inner is not None:
            try:
                getattr(self._inner, name)(*args)
            except Exception as exc:
                log.debug("pystray notifier %s failed: %s", name, type(exc).__name__)


def _without_pystray_notifications() -> None:
    """Let the tray start and quit where org.freedesktop.Notifications can't be reached.

    pystray's GTK backends connect to that service when the icon starts and close a notification when it
    stops, and raise when the service is missing or fails to launch, which would stop the app. LightTrack
    sends its own notifications (tracker/notify.py) and never pystray's, so that connection may fail.
    """
    notify_dbus = sys.modules.get("pystray._util.notify_dbus")
    if notify_dbus is None or getattr(notify_dbus.Notifier, "tolerant", False):
        return
    original = notify_dbus.Notifier

    def tolerant() -> _TolerantNotifier:
        return _TolerantNotifier(original)
    tolerant.tolerant = True
    notify_dbus.Notifier = tolerant
