"""Desktop notifications: freedesktop Notify with action buttons over D-Bus (jeepney), plyer elsewhere.

Threading contract: `show`/`close` may be called from any thread; action callbacks run on the
notifier's own listener thread and must be quick and thread-safe.
"""

from __future__ import annotations

import importlib.util
import logging
import queue
import threading
from collections.abc import Callable
from typing import Protocol

log = logging.getLogger(__name__)

APP_NAME = "LightTrack"
Actions = list[tuple[str, str]]  # (key, label)
OnAction = Callable[[str], None]


class Notifier(Protocol):
    name: str
    supports_actions: bool

    def show(self, key: str, summary: str, body: str, actions: Actions, on_action: OnAction) -> None: ...

    def close(self, key: str) -> None: ...

    def stop(self) -> None: ...


def _address():
    from jeepney import DBusAddress
    return DBusAddress("/org/freedesktop/Notifications", bus_name="org.freedesktop.Notifications",
                       interface="org.freedesktop.Notifications")


def _signal_rules() -> list:
    """Match rules for the server's ActionInvoked and NotificationClosed signals."""
    from jeepney import MatchRule
    address = _address()
    return [MatchRule(type="signal", interface=address.interface, member=member, path=address.object_path)
            for member in ("ActionInvoked", "NotificationClosed")]


class FreedesktopNotifier:
    """org.freedesktop.Notifications on the session bus; one notification per key, replaced in place."""

    name = "freedesktop notifications (D-Bus)"

    def __init__(self, router, capabilities: list[str]) -> None:
        self._address = _address()
        self._router = router
        self.supports_actions = "actions" in capabilities
        self._by_key: dict[str, int] = {}
        self._callbacks: dict[int, OnAction] = {}
        self._lock = threading.Lock()
        self._inbox: queue.Queue = queue.Queue(maxsize=256)
        self._filters = [router.filter(rule, queue=self._inbox) for rule in _signal_rules()]
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._listen, name="lighttrack-notify", daemon=True)
        self._thread.start()

    @classmethod
    def connect(cls) -> FreedesktopNotifier | None:
        """Return a notifier when a session bus with a notification server is there, else None."""
        try:
            from jeepney import message_bus, new_method_call
            from jeepney.io.threading import DBusRouter, open_dbus_connection
            from jeepney.wrappers import unwrap_msg
            conn = open_dbus_connection(bus="SESSION")
        except (ImportError, OSError, KeyError, RuntimeError):
            return None
        router = DBusRouter(conn)
        try:
            for rule in _signal_rules():
                unwrap_msg(router.send_and_get_reply(message_bus.AddMatch(rule), timeout=2))
            (caps,) = unwrap_msg(router.send_and_get_reply(new_method_call(_address(), "GetCapabilities"), timeout=2))
        except Exception as exc:  # no server (ServiceUnknown), timeout, closed bus
            log.info("no freedesktop notification server: %s", exc)
            router.close()
            conn.close()
            return None
        return cls(router, list(caps))

    def show(self, key: str, summary: str, body: str, actions: Actions, on_action: OnAction) -> None:
        from jeepney import new_method_call
        from jeepney.wrappers import unwrap_msg
        flat = [part for pair in actions for part in pair] if self.supports_actions else []
        with self._lock:
            replaces = self._by_key.get(key, 0)
        message = new_method_call(self._address, "Notify", "susssasa{sv}i",
                                  (APP_NAME, replaces, "", summary, body, flat, {"urgency": ("y", 1)}, 0))
        (nid,) = unwrap_msg(self._router.send_and_get_reply(message, timeout=5))
        with self._lock:
            self._callbacks.pop(replaces, None)
            self._by_key[key] = nid
            self._callbacks[nid] = on_action

    def close(self, key: str) -> None:
        from jeepney import new_method_call
        with self._lock:
            nid = self._by_key.pop(key, None)
            if nid is not None:
                self._callbacks.pop(nid, None)
        if nid is not None:
            self._router.send(new_method_call(self._address, "CloseNotification", "u", (nid,)))

    def stop(self) -> None:
        self._stopped.set()
        self._inbox.put(None)  # wakes the listener, which blocks without polling
        self._thread.join(timeout=2)
        for handle in self._filters:
            handle.close()
        self._router.close()
        self._router.conn.close()

    def _listen(self) -> None:
        while not self._stopped.is_set():
            message = self._inbox.get()
            if message is None:
                return
            try:
                self._dispatch(message)
            except Exception:
                log.exception("a notification action failed")

    def _dispatch(self, message) -> None:
        from jeepney import HeaderFields
        member = message.header.fields.get(HeaderFields.member)
        nid = message.body[0]
        with self._lock:
            callback = self._callbacks.get(nid)
            if member == "NotificationClosed" or callback is not None:
                self._callbacks.pop(nid, None)
                self._by_key = {k: v for k, v in self._by_key.items() if v != nid}
        if member == "ActionInvoked" and callback is not None:
            callback(message.body[1])


class PlyerNotifier:
    """A plain notification without buttons (plyer: notify-send, Windows toast, macOS)."""

    name = "plyer (no action buttons)"
    supports_actions = False

    def show(self, key: str, summary: str, body: str, actions: Actions, on_action: OnAction) -> None:
        from plyer import notification
        notification.notify(title=summary, message=body, app_name=APP_NAME, timeout=30)

    def close(self, key: str) -> None:
        """Plain notifications can't be withdrawn; they expire."""

    def stop(self) -> None:
        """Nothing to release."""


class NullNotifier:
    """For tests and sessions without any notification service."""

    name = "none"
    supports_actions = False

    def show(self, key: str, summary: str, body: str, actions: Actions, on_action: OnAction) -> None:
        """Drop the notification; the dashboard banner and the tray still offer the choice."""

    def close(self, key: str) -> None:
        """Nothing was shown."""

    def stop(self) -> None:
        """Nothing to release."""


def choose_notifier() -> Notifier:
    """Freedesktop notifications with actions where a server answers, else plyer, else nothing."""
    notifier = FreedesktopNotifier.connect()
    if notifier is not None:
        return notifier
    return PlyerNotifier() if importlib.util.find_spec("plyer") is not None else NullNotifier()
