"""What the PyInstaller spec bundles on each platform, as plain data the spec and the tests both read.

Kept apart from `pyinstaller.spec` so the Windows and macOS choices are checked on Linux too.
"""

from __future__ import annotations

import plistlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_NAME = "LightTrack"
BUNDLE_ID = "app.lighttrack.LightTrack"

# Our own platform backends (tracker, autostart) are imported by name at run time; the other platforms' are left out.
OWN_BACKENDS = {
    "linux": {"_x11", "_gnome", "_logind", "_dbus", "_procinfo", "_dummy", "_xdg", "_sni", "_dbusmenu", "_xembed"},
    "win32": {"_win32", "_procinfo", "_dummy"},
    "darwin": {"_darwin", "_procinfo", "_dummy"},
}
ALL_BACKENDS = set().union(*OWN_BACKENDS.values())
# Packages whose submodules are all imported by name: ours, and PyGObject's overrides (loaded per typelib).
SUBMODULES = {"linux": ["lighttrack", "gi.overrides"], "win32": ["lighttrack"], "darwin": ["lighttrack"]}

# Modules the dependencies import by name at run time, so PyInstaller's import graph misses them.
HIDDEN = {
    "linux": [
        "webview.platforms.gtk",
        "pystray._appindicator", "pystray._gtk", "pystray._xorg", "pystray._dummy",
        "plyer.platforms.linux.notification",
        "keyring.backends.SecretService", "keyring.backends.chainer", "keyring.backends.fail",
        "secretstorage", "jeepney.io.blocking", "jeepney.io.threading",
    ],
    "win32": [
        "webview.platforms.winforms", "webview.platforms.edgechromium", "clr", "clr_loader",
        "pystray._win32", "pystray._dummy",
        "plyer.platforms.win.notification", "plyer.platforms.win.libs.balloontip",
        "keyring.backends.Windows", "keyring.backends.chainer", "keyring.backends.fail",
        "win32ctypes.core",
    ],
    "darwin": [
        "webview.platforms.cocoa",
        "pystray._darwin", "pystray._dummy",
        "plyer.platforms.macosx.notification",
        "keyring.backends.macOS", "keyring.backends.chainer", "keyring.backends.fail",
    ],
}

# Never bundled: the Qt webview (239 MB one-file, measured), the other platforms' webviews, test tools.
EXCLUDES_ALWAYS = [
    "PyQt5", "PyQt6", "PySide2", "PySide6", "qtpy", "webview.platforms.qt", "webview.platforms.cef", "cefpython3",
    "webview.platforms.android", "webview.platforms.mshtml", "tkinter", "_tkinter",
    "pytest", "hypothesis", "playwright", "IPython",
]
# On Linux the GTK stack and WebKit2GTK come from the distribution (they must match each other): gi's own
# typelib hooks would copy this build machine's GTK, themes and icons into the binary.
SYSTEM_GI_MODULES = [f"gi.repository.{name}" for name in (
    "Gtk", "Gdk", "GdkPixbuf", "Pango", "PangoCairo", "Atk", "HarfBuzz", "cairo", "freetype2", "xlib",
    "AppIndicator3", "AyatanaAppIndicator3", "WebKit2", "Soup", "JavaScriptCore", "Gio", "GioUnix", "GioWin32",
    "GLib", "GLibUnix", "GLibWin32", "GObject", "GModule", "GIRepository")]
EXCLUDES = {
    "linux": SYSTEM_GI_MODULES + ["webview.platforms.winforms", "webview.platforms.edgechromium",
                                  "webview.platforms.cocoa", "clr", "AppKit", "Foundation", "objc",
                                  "pystray._win32", "pystray._darwin"],
    "win32": ["gi", "webview.platforms.gtk", "webview.platforms.cocoa", "Xlib", "AppKit", "Foundation", "objc",
              "pystray._gtk", "pystray._appindicator", "pystray._xorg", "pystray._darwin"],
    "darwin": ["gi", "webview.platforms.gtk", "webview.platforms.winforms", "webview.platforms.edgechromium",
               "clr", "Xlib", "pystray._gtk", "pystray._appindicator", "pystray._xorg", "pystray._win32"],
}
# Shared libraries that must be the system's own on Linux, the same copy the system's GTK and WebKit load.
SYSTEM_LIBRARIES = re.compile(r"lib(glib|gobject|gio|gmodule|gthread|girepository|cairo|pango|gdk|gtk|atk|harfbuzz|"
                              r"fontconfig|freetype|webkit2gtk|javascriptcoregtk|soup|ayatana|appindicator|dbusmenu|"
                              r"pcre2|mount|blkid|selinux)"
                              r"[-_.\d]")
WHEEL_COPY = re.compile(r"-[0-9a-f]{8}\.so")  # auditwheel's hash suffix


@dataclass(frozen=True)
class Plan:
    hiddenimports: list[str]
    excludes: list[str]


def platform_key(platform: str) -> str:
    """'linux', 'win32' or 'darwin' for a sys.platform value."""
    return "linux" if platform.startswith("linux") else platform


def version(root: Path = ROOT) -> str:
    """lighttrack.__version__, read from the source without importing the package."""
    text = (root / "app" / "lighttrack" / "__init__.py").read_text()
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)


def version_tuple(text: str) -> tuple[int, int, int, int]:
    """'1.2.3' → (1, 2, 3, 0), the four numbers of a Windows version resource."""
    numbers = [int(n) for n in re.findall(r"\d+", text)[:4]]
    return tuple(numbers + [0] * (4 - len(numbers)))


def own_backend_allowed(module: str, platform: str) -> bool:
    """Keep lighttrack's private platform modules of this platform only."""
    leaf = module.rsplit(".", 1)[-1]
    return leaf not in ALL_BACKENDS or leaf in OWN_BACKENDS[platform_key(platform)]


def plan(platform: str, submodules: Callable[[str], list[str]]) -> Plan:
    """The hidden imports and excludes of one platform's build; `submodules` is PyInstaller's collect_submodules."""
    key = platform_key(platform)
    found = [m for package in SUBMODULES[key] for m in submodules(package) if own_backend_allowed(m, key)]
    return Plan(found + HIDDEN[key], EXCLUDES_ALWAYS + EXCLUDES[key])


def keep_binary(name: str, platform: str) -> bool:
    """False for the Linux GTK stack, which the binary takes from the system.

    Wheels' own renamed copies (pillow.libs/libfreetype-57f805ba.so.6, linked beside it too) stay.
    """
    if platform_key(platform) != "linux" or "/" in name or WHEEL_COPY.search(name):
        return True
    return not SYSTEM_LIBRARIES.match(name)


def version_resource(text: str) -> str:
    """The Windows VERSIONINFO resource of `text`, in PyInstaller's version-file syntax."""
    numbers = version_tuple(text)
    dotted = ".".join(map(str, numbers))
    strings = {"CompanyName": APP_NAME, "FileDescription": f"{APP_NAME} time tracker", "FileVersion": dotted,
               "InternalName": "lighttrack", "LegalCopyright": f"MIT licence, the {APP_NAME} authors",
               "OriginalFilename": "LightTrack.exe", "ProductName": APP_NAME, "ProductVersion": text}
    table = ",\n".join(f"        StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return (f"VSVersionInfo(\n  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0,\n"
            f"    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),\n"
            f"  kids=[\n    StringFileInfo([StringTable('040904B0', [\n{table}])]),\n"
            f"    VarFileInfo([VarStruct('Translation', [1033, 1200])])\n  ]\n)\n")


def info_plist(text: str, root: Path = ROOT) -> dict:
    """packaging/macos/Info.plist with the version stamped in."""
    with open(root / "packaging" / "macos" / "Info.plist", "rb") as handle:
        plist = plistlib.load(handle)
    return {**plist, "CFBundleShortVersionString": text, "CFBundleVersion": text}
