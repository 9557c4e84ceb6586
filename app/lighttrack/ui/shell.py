"""How the desktop app is put together on this platform, decided once and in one place.

Threads and processes: the tray process owns its main thread for the tray icon (macOS requires it; on Linux the
StatusNotifierItem's D-Bus loop or the XEmbed icon's X loop runs there); the runtime's workers are threads. The
dashboard window always runs in a child process (a plain subprocess) on that process's main thread, so the tracking
process never loads GTK, Qt or WebKit and pays nothing for a closed window. Without a tray host, the tray process's
main thread only waits.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import sys
from dataclasses import dataclass

from . import host

@dataclass(frozen=True)
class Choice:
    """A backend name (None: not available here) and a sentence for the log and `lighttrack doctor`."""

    name: str | None
    note: str


def _has(module: str) -> bool:
    """Is `module` installed? Never imports it, nor (for a submodule) its package: PyQt6's would load Qt."""
    package, _, leaf = module.rpartition(".")
    try:
        spec = importlib.util.find_spec(package or module)
    except (ImportError, ValueError):
        return False
    if spec is None or not package:
        return spec is not None
    return any(glob.glob(os.path.join(glob.escape(folder), leaf + ".*")) or os.path.isdir(os.path.join(folder, leaf))
               for folder in spec.submodule_search_locations or ())


def _gtk() -> bool:
    return _has("gi") and host.typelib("Gtk-3.0")


def tray() -> Choice:
    """The tray backend: PYSTRAY_BACKEND if set, else the platform's, on Linux only where a tray host exists
    (a StatusNotifier host first, then an XEmbed tray)."""
    forced = os.environ.get("PYSTRAY_BACKEND")
    if forced == "dummy":  # test and build setting: it shows nothing and cannot run a loop
        return Choice(None, "none (PYSTRAY_BACKEND=dummy); the dashboard opens instead")
    if forced:
        return Choice(forced, f"{forced} (PYSTRAY_BACKEND)")
    if sys.platform == "win32":
        return Choice("win32", "win32 notification area")
    if sys.platform == "darwin":
        return Choice("darwin", "darwin menu bar")
    return _linux_tray()


def _linux_tray() -> Choice:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return Choice(None, "none (no display)")
    if host.status_notifier_host():
        return Choice("sni", "sni (StatusNotifierItem + DBusMenu over D-Bus, no GTK)")
    if host.xembed_host():
        return Choice("xembed", "xembed (XEmbed system tray through python-xlib, no GTK)")
    return Choice(None, "no system tray host found (no StatusNotifier watcher on D-Bus, no XEmbed tray on the display; "
                        "on GNOME install the AppIndicator extension); the dashboard opens instead")


def webview() -> Choice:
    """The pywebview GUI for the dashboard window, tried in pywebview's order; None means the web browser."""
    if sys.platform == "win32":
        return Choice("edgechromium", "EdgeChromium (WebView2)") if _has("clr") else _browser("pythonnet")
    if sys.platform == "darwin":
        return Choice("cocoa", "Cocoa (WKWebView)") if _has("WebKit") else _browser("pyobjc-framework-WebKit")
    forced = os.environ.get("PYWEBVIEW_GUI", "").lower()
    gtk = Choice("gtk", "GTK (WebKit2GTK)") if _gtk() and _webkit2gtk() else None
    qt = Choice("qt", "Qt (QtWebEngine)") if _has("qtpy") and _qt_webengine() else None
    ordered = (qt, gtk) if forced == "qt" else (gtk, qt)
    return next((c for c in ordered if c), None) or _browser("WebKit2GTK (gir1.2-webkit2-4.1) or pywebview[qt]")


def _webkit2gtk() -> bool:
    return host.typelib("WebKit2-4.1") or host.typelib("WebKit2-4.0")


def _qt_webengine() -> bool:
    return _has("PyQt6.QtWebEngineWidgets") or _has("PyQt5.QtWebEngineWidgets") or _has("PySide6.QtWebEngineWidgets")


def _browser(missing: str) -> Choice:
    return Choice(None, f"none ({missing} not installed): the dashboard opens in your web browser instead")


OWN_TRAYS = ("sni", "xembed")  # LightTrack's own tray backends: pystray serves them its menu and icon classes only


def use_tray_backend(name: str) -> None:
    """Make pystray load `name` (for LightTrack's own backends: none); must run before pystray is first imported
    (it picks its backend at import)."""
    os.environ["PYSTRAY_BACKEND"] = "dummy" if name in OWN_TRAYS else name
