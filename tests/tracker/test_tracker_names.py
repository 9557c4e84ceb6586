"""Window names on the real X display: LightTrack's own windows are "LightTrack" (or not recorded, a setting),
and titles are read in the encoding their property says (COMPOUND_TEXT, STRING, UTF8_STRING)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from support import need, stop_process, wait_until

from lighttrack.core.tracking.window import OWN_APP
from lighttrack.tracker._ctext import compound_text, decode
from lighttrack.tracker.backend import choose_desktop

pytestmark = pytest.mark.gui

TITLE = "Ελληνικά — 日本語 café"


@pytest.fixture
def xconn(xdisplay):
    from Xlib import display

    conn = display.Display()
    yield conn
    conn.close()


def make_window(conn, pid: int | None, wm_class: str = "probe"):
    """A mapped top-level window of this process, with WM_CLASS and (when given) _NET_WM_PID; no title yet."""
    from Xlib import X, Xatom

    screen = conn.screen()
    window = screen.root.create_window(0, 0, 200, 100, 0, screen.root_depth, event_mask=X.ExposureMask)
    window.set_wm_class(wm_class, wm_class)
    if pid is not None:
        window.change_property(conn.intern_atom("_NET_WM_PID"), Xatom.CARDINAL, 32, [pid])
    window.map()
    conn.sync()
    return window


def set_title_with_xlib_c(window, title: str) -> None:
    """Set WM_NAME as a C Xlib client does (xprop's 8t: XmbTextListToTextProperty, so COMPOUND_TEXT for non-Latin-1)."""
    env = dict(os.environ, LC_ALL="C.UTF-8")
    subprocess.run(["xprop", "-id", str(window.id), "-f", "WM_NAME", "8t", "-set", "WM_NAME", title], env=env, check=True)


def focus(window) -> None:
    activate(str(window.id))


def test_a_compound_text_title_is_read(xconn):
    need("xprop", "xdotool")
    window = make_window(xconn, None, "legacy-app")
    set_title_with_xlib_c(window, TITLE)
    from Xlib import X, Xatom
    stored = window.get_full_property(Xatom.WM_NAME, X.AnyPropertyType)
    assert xconn.get_atom_name(stored.property_type) == "COMPOUND_TEXT"  # the test really covers that encoding
    focus(window)
    source = choose_desktop().window
    seen = wait_until(lambda: (w := source.active()) and w.title == TITLE and w, what="the compound-text title")
    assert seen.app == "legacy-app"
    window.destroy()
    xconn.sync()


def test_a_latin1_string_title_is_read(xconn):
    window = make_window(xconn, None, "latin-app")
    set_title_with_xlib_c(window, "Zürich café")
    focus(window)
    source = choose_desktop().window
    assert wait_until(lambda: (w := source.active()) and w.title == "Zürich café", what="the Latin-1 title")
    window.destroy()
    xconn.sync()


def test_lighttracks_own_window_is_named_lighttrack(xconn):
    window = make_window(xconn, os.getpid(), "python3")
    set_title_with_xlib_c(window, "LightTrack")
    focus(window)
    source = choose_desktop().window
    seen = wait_until(lambda: (w := source.active()) and w.title == "LightTrack" and w, what="the own window")
    assert seen.app == OWN_APP
    window.destroy()
    xconn.sync()


def activate(window_id: str) -> None:
    """Give `window_id` the focus once the window manager has taken it in (before that, xdotool fails on it)."""
    wait_until(lambda: subprocess.run(["xdotool", "windowactivate", "--sync", window_id],
                                      capture_output=True).returncode == 0, what=f"window {window_id} activated")


def test_the_dashboard_child_process_is_lighttrack_but_another_child_is_not(xdisplay):
    need("xterm")
    script = textwrap.dedent("""
        import os, sys, time
        from Xlib import X, Xatom, display
        conn = display.Display()
        screen = conn.screen()
        w = screen.root.create_window(0, 0, 200, 100, 0, screen.root_depth)
        w.set_wm_class("python3", "python3")
        w.change_property(conn.intern_atom("_NET_WM_PID"), Xatom.CARDINAL, 32, [os.getpid()])
        w.set_wm_name(sys.argv[1])
        w.map()
        conn.sync()
        print(w.id, flush=True)
        time.sleep(60)
    """)
    child = subprocess.Popen([sys.executable, "-c", script, "LightTrack dashboard"], stdout=subprocess.PIPE, text=True)
    other = subprocess.Popen(["xterm", "-T", "Spawned-Browser", "-e", "sleep", "60"])  # a child running another program
    try:
        window_id = child.stdout.readline().strip()
        activate(window_id)
        source = choose_desktop().window
        seen = wait_until(lambda: (w := source.active()) and w.title == "LightTrack dashboard" and w, what="the child")
        assert seen.app == OWN_APP
        xterm = wait_until(lambda: subprocess.run(["xdotool", "search", "--name", "^Spawned-Browser$"],
                                                  capture_output=True, text=True).stdout.split(), what="the xterm")[0]
        activate(xterm)
        seen = wait_until(lambda: (w := source.active()) and w.title == "Spawned-Browser" and w, what="the xterm")
        assert seen.app == "xterm"
    finally:
        stop_process(child)
        stop_process(other)


def test_the_own_window_can_be_left_out(xconn, services, tracker):  # tracker: the user said yes
    from lighttrack.tracker.backend import Desktop
    from lighttrack.tracker.runner import Tracker

    window = make_window(xconn, os.getpid(), "python3")
    set_title_with_xlib_c(window, "LightTrack")
    focus(window)
    real = Tracker(services, Desktop(window=choose_desktop().window))
    real.sampler.tick()
    assert real.status()["currentWindow"] == {"app": OWN_APP, "title": "LightTrack"}
    services.settings.set("recordOwnWindow", False)
    real.sampler.tick()
    assert real.status()["currentWindow"] is None
    window.destroy()
    xconn.sync()


@pytest.mark.parametrize("raw, text", [
    (b"plain", "plain"),
    (b"\x1b-L\xbf\xe0\xd8\xd2\xd5\xe2", "Привет"),  # ISO 8859-5 in GR
    (b"\x1b$)A\xc4\xe3\xba\xc3", "你好"),  # GB 2312 in GR
    (b"\x1b$)C\xc7\xd1\xb1\xdb", "한글"),  # KS C 5601 in GR
    (b"\x1b(I\x31\x32", "ｱｲ"),  # JIS X 0201 katakana in GL
    (b"tab\there", "tab\there"),
])
def test_compound_text_designations(raw, text):
    assert compound_text(raw) == text


def test_property_types():
    assert decode("zé".encode(), "UTF8_STRING") == "zé" and decode(b"z\xe9", "STRING") == "zé"


def test_a_title_change_of_the_focused_window_is_seen(xconn):
    window = make_window(xconn, None, "editor")
    set_title_with_xlib_c(window, "draft.md")
    focus(window)
    source = choose_desktop().window
    assert wait_until(lambda: (w := source.active()) and w.title == "draft.md", what="the first title")
    assert source.active().title == "draft.md"  # nothing changed: served without asking the server
    set_title_with_xlib_c(window, "final.md — 日本語")
    assert wait_until(lambda: source.active().title == "final.md — 日本語", what="the new title")
    window.destroy()
    xconn.sync()
