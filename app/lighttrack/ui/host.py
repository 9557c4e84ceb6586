"""Is there a system tray to dock into? Probed over D-Bus and X11 without loading any GUI toolkit."""

from __future__ import annotations

import glob
import os

SNI_WATCHER = "org.kde.StatusNotifierWatcher"
TYPELIB_DIRS = ("/usr/lib/*/girepository-1.0", "/usr/lib/girepository-1.0", "/usr/lib64/girepository-1.0",
                "/usr/local/lib/*/girepository-1.0", "/usr/local/lib/girepository-1.0")


def status_notifier_host() -> bool:
    """True when a StatusNotifierWatcher (KDE, GNOME with the AppIndicator extension, waybar...) owns its name."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    try:
        from jeepney import message_bus
        from jeepney.io.blocking import open_dbus_connection
        with open_dbus_connection("SESSION") as conn:
            return bool(conn.send_and_get_reply(message_bus.NameHasOwner(SNI_WATCHER), timeout=2).body[0])
    except Exception:  # no bus, a refused connection or a timeout all mean "no watcher here"
        return False


def xembed_host() -> bool:
    """True when an XEmbed system tray (trayer, stalonetray, xfce4-panel...) owns _NET_SYSTEM_TRAY_Sn."""
    if not os.environ.get("DISPLAY"):
        return False
    try:
        from Xlib import X, display
        conn = display.Display()
    except Exception:  # no X server reachable on $DISPLAY
        return False
    try:
        atom = conn.intern_atom(f"_NET_SYSTEM_TRAY_S{conn.get_default_screen()}")
        return conn.get_selection_owner(atom) != X.NONE
    finally:
        conn.close()


def typelib(name: str) -> bool:
    """True when a GObject-introspection typelib (e.g. 'WebKit2-4.1') is installed."""
    extra = [p for p in os.environ.get("GI_TYPELIB_PATH", "").split(os.pathsep) if p]
    return any(glob.glob(os.path.join(folder, f"{name}.typelib")) for folder in (*extra, *TYPELIB_DIRS))
