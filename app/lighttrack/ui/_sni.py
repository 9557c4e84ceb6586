"""The Linux tray without GTK: a pystray Icon that speaks StatusNotifierItem + com.canonical.dbusmenu over D-Bus.

KDE Plasma, GNOME with the AppIndicator extension, XFCE's and Cinnamon's panels, waybar... host these items: the
host draws the icon from IconPixmap and the menu from the layout served at /MenuBar, and calls back on clicks. The
connection is jeepney's (pure Python); nothing here loads a GUI toolkit.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

from jeepney import DBusAddress, HeaderFields, MatchRule, Message, MessageType, message_bus
from jeepney import new_error, new_method_call, new_method_return, new_signal
from jeepney.io.threading import ReceiveStopped, open_dbus_connection
from pystray import _base

from ._dbusmenu import ROOT, MenuLayout
from .icon import Glyph

log = logging.getLogger(__name__)

ITEM_PATH = "/StatusNotifierItem"
MENU_PATH = "/MenuBar"
ITEM_IFACE = "org.kde.StatusNotifierItem"
MENU_IFACE = "com.canonical.dbusmenu"
PROPS_IFACE = "org.freedesktop.DBus.Properties"
WATCHER_NAME = "org.kde.StatusNotifierWatcher"
WATCHER = DBusAddress("/StatusNotifierWatcher", WATCHER_NAME, WATCHER_NAME)
ICON_SIZES = (22, 32, 64)
INTROSPECTION = """<node><interface name="%s"/><interface name="org.freedesktop.DBus.Properties"/>
<interface name="org.freedesktop.DBus.Introspectable"/></node>"""


class DBusFault(Exception):
    """A D-Bus error reply: `name` is the error name, the message its text."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def pixmaps(glyph: Glyph) -> list[tuple[int, int, bytes]]:
    """IconPixmap's a(iiay): the glyph at a few sizes as ARGB32 in network byte order."""
    return [(size, size, glyph.argb(size)) for size in ICON_SIZES]


class Icon(_base.Icon):
    """Threading contract: `run` serves D-Bus on the calling thread; the setters and `stop` may be called from any
    thread (sends are locked by jeepney); menu actions run on the serving thread after their call is answered."""

    HAS_DEFAULT_ACTION = True
    HAS_MENU = True
    HAS_MENU_RADIO = True
    HAS_NOTIFICATION = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._conn = None
        self._status = "Passive"
        self._pixmaps: list[tuple[int, int, bytes]] = []
        self._layout = MenuLayout(None, 0)
        self._bus_name = f"org.kde.StatusNotifierItem-{os.getpid()}-1"
        self._methods: dict[tuple[str, str], Callable] = {
            (ITEM_IFACE, "Activate"): self._activate, (ITEM_IFACE, "SecondaryActivate"): _nothing,
            (ITEM_IFACE, "ContextMenu"): _nothing, (ITEM_IFACE, "Scroll"): _nothing,
            (PROPS_IFACE, "Get"): self._get, (PROPS_IFACE, "GetAll"): self._get_all, (PROPS_IFACE, "Set"): _read_only,
            (MENU_IFACE, "GetLayout"): self._get_layout, (MENU_IFACE, "GetGroupProperties"): self._group_properties,
            (MENU_IFACE, "GetProperty"): self._get_property, (MENU_IFACE, "Event"): self._event,
            (MENU_IFACE, "EventGroup"): self._event_group, (MENU_IFACE, "AboutToShow"): self._about_to_show,
            (MENU_IFACE, "AboutToShowGroup"): self._about_to_show_group,
            ("org.freedesktop.DBus.Introspectable", "Introspect"): None,
            ("org.freedesktop.DBus.Peer", "Ping"): _nothing}

    # pystray's backend interface

    def _run(self) -> None:
        self._conn = open_dbus_connection("SESSION")
        try:
            self._own_name()
            self._mark_ready()
            self._serve()
        finally:
            conn, self._conn = self._conn, None
            conn.close()

    def _run_detached(self) -> None:
        threading.Thread(target=self._run, name="lighttrack-sni", daemon=True).start()

    def _stop(self) -> None:
        if self._conn is not None:
            self._conn.interrupt()

    def _show(self) -> None:
        self._status = "Active"
        self._signal(ITEM_PATH, ITEM_IFACE, "NewStatus", "s", (self._status,))
        self._register()

    def _hide(self) -> None:
        self._status = "Passive"
        self._signal(ITEM_PATH, ITEM_IFACE, "NewStatus", "s", (self._status,))

    def _update_icon(self) -> None:
        self._pixmaps = pixmaps(self.icon)
        self._icon_valid = True
        self._signal(ITEM_PATH, ITEM_IFACE, "NewIcon")

    def _update_title(self) -> None:
        self._signal(ITEM_PATH, ITEM_IFACE, "NewToolTip")
        self._signal(ITEM_PATH, ITEM_IFACE, "NewTitle")

    def _update_menu(self) -> None:
        """A new revision only when the menu looks different (the tray sets it again every half minute)."""
        layout = MenuLayout(self.menu, self._layout.revision)
        if layout.layout(ROOT, -1, []) == self._layout.layout(ROOT, -1, []):
            self._layout = layout  # the same look: no signal, but the new items' actions
            return
        layout.revision += 1
        self._layout = layout
        self._signal(MENU_PATH, MENU_IFACE, "LayoutUpdated", "ui", (layout.revision, ROOT))

    # the connection

    def _own_name(self) -> None:
        self._conn.send(new_method_call(message_bus, "RequestName", "su", (self._bus_name, 4)))  # 4: do not queue
        rule = MatchRule(type="signal", sender=message_bus.bus_name, interface=message_bus.interface,
                         member="NameOwnerChanged", path=message_bus.object_path)
        rule.add_arg_condition(0, WATCHER_NAME)
        self._conn.send(new_method_call(message_bus, "AddMatch", "s", (rule.serialise(),)))

    def _register(self) -> None:
        """Tell the watcher (again, after it restarts) where the item is; its answer arrives in the loop."""
        if self._conn is not None:
            self._conn.send(new_method_call(WATCHER, "RegisterStatusNotifierItem", "s", (self._bus_name,)))

    def _serve(self) -> None:
        while True:
            try:
                message = self._conn.receive()
            except ReceiveStopped:
                return
            except (ConnectionError, OSError, ValueError) as exc:
                log.warning("tray: the D-Bus session went away (%s)", type(exc).__name__)
                return
            self._handle(message)

    def _handle(self, message: Message) -> None:
        kind = message.header.message_type
        if kind is MessageType.method_call:
            self._answer(message)
        elif kind is MessageType.signal and message.header.fields.get(HeaderFields.member) == "NameOwnerChanged":
            if message.body[0] == WATCHER_NAME and message.body[2] and self._status == "Active":
                log.info("tray: a new StatusNotifierWatcher appeared; registering again")
                self._register()
        elif kind is MessageType.error:
            log.warning("tray: D-Bus refused a call: %s %s", message.header.fields.get(HeaderFields.error_name),
                        message.body[0] if message.body else "")

    def _answer(self, message: Message) -> None:
        fields = message.header.fields
        path, member = fields.get(HeaderFields.path), fields.get(HeaderFields.member)
        key = self._method_key(path, fields.get(HeaderFields.interface), member)
        after = None
        try:
            if key is None:
                raise DBusFault("org.freedesktop.DBus.Error.UnknownMethod", f"No method {member} on {path}.")
            if key[1] == "Introspect":
                signature, body = "s", (INTROSPECTION % (ITEM_IFACE if path == ITEM_PATH else MENU_IFACE),)
            else:
                signature, body, after = self._methods[key](path, *message.body)
            reply = new_method_return(message, signature, body)
        except DBusFault as fault:
            reply = new_error(message, fault.name, "s", (str(fault),))
        except (TypeError, ValueError, KeyError, IndexError):
            reply = new_error(message, "org.freedesktop.DBus.Error.InvalidArgs", "s", (f"Bad arguments for {member}.",))
        self._conn.send(reply)
        if after is not None:
            self._run_action(after)

    def _method_key(self, path: str | None, interface: str | None, member: str | None) -> tuple[str, str] | None:
        if path not in (ITEM_PATH, MENU_PATH):
            return None
        candidates = [interface] if interface else [i for i, m in self._methods if m == member]
        return next(((i, member) for i in candidates if (i, member) in self._methods), None)

    def _signal(self, path: str, interface: str, name: str, signature: str | None = None, body: tuple = ()) -> None:
        conn = self._conn
        if conn is None:
            return
        try:
            conn.send(new_signal(DBusAddress(path, interface=interface), name, signature, body))
        except OSError as exc:  # the loop is closing the connection (quit) or the bus went away
            log.debug("tray: %s not sent (%s)", name, type(exc).__name__)

    def _run_action(self, action: Callable[[], None]) -> None:
        try:
            action()
        except Exception:
            log.exception("tray: a menu action failed")
        finally:
            self.update_menu()

    # org.kde.StatusNotifierItem and the menu's properties

    def _item_properties(self) -> dict[str, tuple[str, object]]:
        return {"Category": ("s", "ApplicationStatus"), "Id": ("s", self.name), "Title": ("s", "LightTrack"),
                "Status": ("s", self._status), "WindowId": ("i", 0), "IconName": ("s", ""),
                "IconPixmap": ("a(iiay)", self._pixmaps), "OverlayIconName": ("s", ""),
                "OverlayIconPixmap": ("a(iiay)", []), "AttentionIconName": ("s", ""),
                "AttentionIconPixmap": ("a(iiay)", []), "AttentionMovieName": ("s", ""),
                "ToolTip": ("(sa(iiay)ss)", ("", self._pixmaps, self.title, "")),
                "ItemIsMenu": ("b", False), "Menu": ("o", MENU_PATH), "IconThemePath": ("s", "")}

    @staticmethod
    def _menu_properties() -> dict[str, tuple[str, object]]:
        return {"Version": ("u", 3), "TextDirection": ("s", "ltr"), "Status": ("s", "normal"),
                "IconThemePath": ("as", [])}

    def _properties_of(self, path: str) -> dict[str, tuple[str, object]]:
        return self._item_properties() if path == ITEM_PATH else self._menu_properties()

    def _get(self, path: str, _interface: str, name: str):
        value = self._properties_of(path).get(name)
        if value is None:
            raise DBusFault("org.freedesktop.DBus.Error.UnknownProperty", f"No property {name}.")
        return "v", (value,), None

    def _get_all(self, path: str, _interface: str):
        return "a{sv}", (self._properties_of(path),), None

    def _activate(self, _path: str, _x: int = 0, _y: int = 0):
        return "", (), lambda: self._menu(self) if self._menu is not None else None

    # com.canonical.dbusmenu

    def _get_layout(self, _path: str, parent: int, depth: int, names: list[str]):
        layout = self._layout
        if not layout.has(parent):
            raise DBusFault("org.freedesktop.DBus.Error.InvalidArgs", f"No menu item {parent}.")
        return "u(ia{sv}av)", (layout.revision, layout.layout(parent, depth, names)), None

    def _group_properties(self, _path: str, ids: list[int], names: list[str]):
        layout = self._layout
        wanted = ids or layout.ids()
        return "a(ia{sv})", ([(i, layout.properties(i, names)) for i in wanted if layout.has(i)],), None

    def _get_property(self, _path: str, node_id: int, name: str):
        props = self._layout.properties(node_id, [name]) if self._layout.has(node_id) else {}
        if name not in props:
            raise DBusFault("org.freedesktop.DBus.Error.InvalidArgs", f"No property {name} on item {node_id}.")
        return "v", (props[name],), None

    def _event(self, _path: str, node_id: int, event: str, _data=None, _timestamp: int = 0):
        item = self._layout.item(node_id)
        if event != "clicked" or item is None or not item.enabled or item.submenu is not None:
            return "", (), None
        return "", (), lambda: item(self)

    def _event_group(self, path: str, events: list[tuple]):
        missing = [e[0] for e in events if not self._layout.has(e[0])]
        actions = [a for e in events if (a := self._event(path, *e)[2]) is not None]
        return "ai", (missing,), (lambda: [a() for a in actions]) if actions else None

    @staticmethod
    def _about_to_show(_path: str, _node_id: int):
        return "b", (False,), None

    def _about_to_show_group(self, _path: str, ids: list[int]):
        return "aiai", ([], [i for i in ids if not self._layout.has(i)]), None


def _nothing(_path: str, *_args):
    return "", (), None


def _read_only(_path: str, *_args):
    raise DBusFault("org.freedesktop.DBus.Error.PropertyReadOnly", "The properties are read-only.")
