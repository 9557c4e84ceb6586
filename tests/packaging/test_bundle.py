"""What each platform's build bundles (checked here for Windows and macOS too), the version stamps, the icons."""

from __future__ import annotations

import ast
import plistlib

import pytest
from PIL import Image

import bundle
import make_icons
from frozen import ROOT
from lighttrack import __version__

WEBVIEWS = {"linux": "webview.platforms.gtk", "win32": "webview.platforms.edgechromium",
            "darwin": "webview.platforms.cocoa"}
OURS = ["lighttrack", "lighttrack.tracker._x11", "lighttrack.tracker._win32", "lighttrack.tracker._darwin",
        "lighttrack.autostart._xdg", "lighttrack.autostart._win32", "lighttrack.autostart._darwin", "lighttrack.cli"]


def fake_submodules(package: str) -> list[str]:
    return OURS if package == "lighttrack" else [f"{package}.GLib"]


@pytest.mark.parametrize("platform", ["linux", "win32", "darwin"])
def test_each_platform_bundles_only_its_own_webview_and_backends(platform):
    plan = bundle.plan(platform, fake_submodules)
    assert WEBVIEWS[platform] in plan.hiddenimports
    for other, module in WEBVIEWS.items():
        if other != platform:
            assert module not in plan.hiddenimports and module in plan.excludes
    assert {"PyQt6", "PySide6", "qtpy", "webview.platforms.qt"} <= set(plan.excludes)
    own_backends = {m.rsplit(".", 1)[-1] for m in plan.hiddenimports if m.startswith("lighttrack.")}
    assert own_backends == {"_x11", "_xdg", "cli"} if platform == "linux" else own_backends == {f"_{platform}", "cli"}
    assert any(m.startswith("plyer.platforms.") for m in plan.hiddenimports)
    assert any(m.startswith("keyring.backends.") for m in plan.hiddenimports)
    assert any(m.startswith("pystray._") for m in plan.hiddenimports)
    assert not set(plan.hiddenimports) & set(plan.excludes)


def test_linux_takes_the_gtk_stack_from_the_system_but_keeps_wheel_copies():
    for name in ("libglib-2.0.so.0", "libgtk-3.so.0", "libgirepository-1.0.so.1", "libcairo.so.2", "libpcre2-8.so.0"):
        assert not bundle.keep_binary(name, "linux"), name
    for name in ("libpython3.11.so.1.0", "libffi.so.8", "libcrypto.so.3", "pillow.libs/libfreetype-57f805ba.so.6",
                 "libharfbuzz-fb49c9fc.so.0.61450.0"):
        assert bundle.keep_binary(name, "linux"), name
    assert bundle.keep_binary("libglib-2.0-0.dll", "win32")


def test_version_comes_from_the_package():
    assert bundle.version() == __version__
    assert bundle.version_tuple("1.2.3") == (1, 2, 3, 0)
    assert bundle.version_tuple("2.0") == (2, 0, 0, 0)


def test_windows_version_resource_is_valid_pyinstaller_syntax():
    text = bundle.version_resource("1.2.3")
    call = ast.parse(text, mode="eval").body
    assert isinstance(call, ast.Call) and call.func.id == "VSVersionInfo"
    assert "filevers=(1, 2, 3, 0)" in text and "StringStruct('ProductVersion', '1.2.3')" in text
    assert "StringStruct('OriginalFilename', 'LightTrack.exe')" in text


def test_macos_info_plist_hides_the_dock_icon_explains_permissions_and_carries_the_version():
    plist = bundle.info_plist("1.2.3")
    assert plist["LSUIElement"] is True
    assert plist["CFBundleShortVersionString"] == plist["CFBundleVersion"] == "1.2.3"
    assert plist["CFBundleIdentifier"] == bundle.BUNDLE_ID and plist["CFBundleExecutable"] == "LightTrack"
    for key in ("NSAccessibilityUsageDescription", "NSScreenCaptureUsageDescription", "NSAppleEventsUsageDescription"):
        assert len(plist[key]) > 40
    entitlements = plistlib.loads((ROOT / "packaging/macos/entitlements.plist").read_bytes())
    assert entitlements["com.apple.security.cs.disable-library-validation"] is True


def test_spec_and_entry_point_parse():
    ast.parse((ROOT / "pyinstaller.spec").read_text())
    assert "WINDOW_FLAG" in (ROOT / "packaging/entry.py").read_text()  # the frozen window child dispatches there


def test_icons_for_every_platform_come_from_one_drawing(tmp_path):
    written = make_icons.write(make_icons.draw(), tmp_path)
    assert {p.name for p in written} >= {"lighttrack.png", "lighttrack.ico", "lighttrack.icns", "lighttrack-16.png"}
    with Image.open(tmp_path / "lighttrack.ico") as ico:
        assert {(16, 16), (32, 32), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(tmp_path / "lighttrack.icns") as icns:
        assert icns.size == (1024, 1024)
    with Image.open(tmp_path / "icons" / "lighttrack-48.png") as png:
        assert png.size == (48, 48) and png.mode == "RGBA"


def test_committed_icons_are_the_drawing_of_today():
    """Change make_icons.py, then run it: the committed files are what it draws."""
    drawn = make_icons.draw()
    with Image.open(ROOT / "assets" / "lighttrack.png") as committed:
        assert committed.size == drawn.size
        assert committed.convert("RGBA").tobytes() == drawn.tobytes()
