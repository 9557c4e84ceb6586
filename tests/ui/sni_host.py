"""A tray host as KDE's is seen on the session bus: it owns org.kde.StatusNotifierWatcher, takes registrations, and
reads and drives items over org.kde.StatusNotifierItem and com.canonical.dbusmenu. Pure jeepney, no toolkit."""

from __future__ import annotations

import queue
import threading
import time

from jeepney import DBusAddress, HeaderFields, MessageType, Properties, message_bus
from jeepney import new_error, new_method_call, new_method_return, new_signal
from jeepney.io import blocking, threading as threaded

WATCHER_NAME = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
ITEM_PATH = "/StatusNotifierItem"
ITEM_IFACE = "org.kde.StatusNotifierItem"
MENU_IFACE = "com.canonical.dbusmenu"


class StatusNotifierHost:
    """The watcher runs on a thread of its own; the reading and clicking methods use a second connection."""

    def __init__(self) -> None:
        self.registrations: queue.Queue = queue.Queue()  # (service, sender, monotonic time)
        self.items: list[str] = []
        self._serving = threaded.open_dbus_connection("SESSION")
        self._client = blocking.open_dbus_connection("SESSION")
        request = message_bus.RequestName(WATCHER_NAME, 4)
        self._serving.send(request, serial=1)
        reply = self._serving.receive(timeout=5)
        while reply.header.fields.get(HeaderFields.reply_serial) != 1:
            reply = self._serving.receive(timeout=5)
        if reply.body[0] != 1:
            raise RuntimeError(f"could not own {WATCHER_NAME} (reply {reply.body[0]})")
        self._thread = threading.Thread(target=self._serve, name="sni-watcher", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._serving.interrupt()
        self._thread.join(5)
        self._serving.close()
        self._client.close()

    def next_registration(self, timeout: float = 10) -> tuple[str, str, float]:
        return self.registrations.get(timeout=timeout)

    # the watcher side

    def _serve(self) -> None:
        while True:
            try:
                message = self._serving.receive()
            except (threaded.ReceiveStopped, OSError):
                return
            if message.header.message_type is MessageType.method_call:
                self._serving.send(self._answer(message))

    def _answer(self, message):
        member = message.header.fields.get(HeaderFields.member)
        if member == "RegisterStatusNotifierItem":
            sender = message.header.fields[HeaderFields.sender]
            service = message.body[0] if message.body[0].startswith(":") or "." in message.body[0] else sender
            self.items.append(service)
            self.registrations.put((service, sender, time.monotonic()))
            self._serving.send(new_signal(DBusAddress(WATCHER_PATH, interface=WATCHER_NAME),
                                          "StatusNotifierItemRegistered", "s", (service,)))
            return new_method_return(message)
        if member == "RegisterStatusNotifierHost":
            return new_method_return(message)
        if member == "Get":
            values = {"IsStatusNotifierHostRegistered": ("b", True), "ProtocolVersion": ("i", 0),
                      "RegisteredStatusNotifierItems": ("as", list(self.items))}
            return new_method_return(message, "v", (values[message.body[1]],))
        return new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s", (str(member),))

    # the host side: what a panel does with a registered item

    def property(self, service: str, name: str):
        address = DBusAddress(ITEM_PATH, bus_name=service, interface=ITEM_IFACE)
        reply = self._client.send_and_get_reply(Properties(address).get(name), timeout=5)
        return reply.body[0][1]

    def menu_path(self, service: str) -> str:
        return self.property(service, "Menu")

    def layout(self, service: str) -> tuple[int, tuple]:
        """GetLayout(0, -1, []): (revision, (id, properties, children))."""
        reply = self._call(service, "GetLayout", "iias", (0, -1, []))
        return reply.body

    def click(self, service: str, node_id: int) -> None:
        self._call(service, "Event", "isvu", (node_id, "clicked", ("i", 0), int(time.time())))

    def activate(self, service: str) -> None:
        """A left click on the icon."""
        address = DBusAddress(ITEM_PATH, bus_name=service, interface=ITEM_IFACE)
        self._checked(new_method_call(address, "Activate", "ii", (10, 10)))

    def _call(self, service: str, member: str, signature: str, body: tuple):
        address = DBusAddress(self.menu_path(service), bus_name=service, interface=MENU_IFACE)
        return self._checked(new_method_call(address, member, signature, body))

    def _checked(self, message):
        reply = self._client.send_and_get_reply(message, timeout=5)
        if reply.header.message_type is MessageType.error:
            raise RuntimeError(f"{reply.header.fields.get(HeaderFields.error_name)}: {reply.body}")
        return reply


def labels(node: tuple) -> dict[str, int]:
    """Every labelled entry of a layout, label → id (submenus included)."""
    node_id, props, children = node
    found = {props["label"][1]: node_id} if "label" in props else {}
    for _signature, child in children:
        found.update(labels(child))
    return found
