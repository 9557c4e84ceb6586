"""Run the app's dashboard window session (the code the app's window process runs) and drive its page.

Reads a WindowSpec as JSON on stdin, starts the app's runtime (store, channels, events; no tray) in this process
and links the two through pipes as the app links its window process, prints `RESULT {json}` with what the page
saw, then closes the window.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import webview
from PIL import Image

from lighttrack.runtime import Runtime
from lighttrack.ui.dashboard import LinePipe, WindowLink, WindowSpec
from lighttrack.ui.window import WindowSession, prepare_toolkit


def call_js(window, script: str, timeout: float = 10):
    """Evaluate `script` (a Promise is awaited) and return its value."""
    box, done = {}, threading.Event()
    window.evaluate_js(script, lambda value: (box.setdefault("value", value), done.set()))
    if not done.wait(timeout):
        raise TimeoutError(script)
    return box["value"]


def poll_js(window, script: str, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = window.evaluate_js(script)
        if value:
            return value
        time.sleep(0.05)
    raise TimeoutError(script)


def screenshot_when_painted(shot: str, timeout: float = 10) -> bool:
    """Screenshot the screen until the page shows up in it (WebKit may paint a frame or two late)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        subprocess.run(["import", "-window", "root", shot], check=False)
        if len(Image.open(shot).convert("RGB").crop((300, 200, 900, 500)).getcolors(10000) or ()) > 20:
            return True
        time.sleep(0.3)
    return False


def drive(session: WindowSession, runtime: Runtime, shot: str, result: dict) -> None:
    session.started()
    window = session.window
    try:
        window.events.loaded.wait(20)
        result["transport"] = poll_js(window, "window.lighttrack && window.lighttrack.transport")
        result["language"] = window.evaluate_js("navigator.language")
        result["booted"] = poll_js(window, "document.body.dataset.ready === 'true'", timeout=20)
        result["projects"] = call_js(window, "window.lighttrack.invoke('project:getAll')")
        result["refused"] = call_js(window, "window.pywebview.api.invoke('app:showDashboard', [])")
        result["info"] = call_js(window, "window.pywebview.api.get_info()")
        window.evaluate_js("window.__seen = []; window.lighttrack.on('project:created', d => window.__seen.push(d.name))")
        sent = time.monotonic()
        runtime.registry.dispatch("project:create", [{"name": "Pushed from Python"}])
        result["seen"] = poll_js(window, "window.__seen.length && window.__seen")
        result["event_ms"] = round((time.monotonic() - sent) * 1000)
        result["painted"] = screenshot_when_painted(shot)
    except Exception as exc:
        result["error"] = repr(exc)
    finally:
        window.destroy()


def note_load_start(native, result: dict) -> None:
    """Note whether the web view is already opaque when its first load starts: a redraw of a transparent view made
    opaque during the load makes WebKit wait up to 500 ms for the web process to paint."""
    from gi.repository import WebKit2

    from lighttrack.ui._webkitgtk import web_view

    def started(view, event) -> None:
        if event == WebKit2.LoadEvent.STARTED:
            result.setdefault("opaque_at_load_start", view.get_opacity() == 1.0)

    web_view(native).connect("load-changed", started)


def pipes() -> tuple[LinePipe, LinePipe]:
    """The window's end and the app's end of a pair of pipes, as between the app and its window process."""
    to_window, from_app = os.pipe()
    to_app, from_window = os.pipe()
    window_end = LinePipe(os.fdopen(to_window, encoding="utf-8"), os.fdopen(from_window, "w", encoding="utf-8"))
    app_end = LinePipe(os.fdopen(to_app, encoding="utf-8"), os.fdopen(from_app, "w", encoding="utf-8"))
    return window_end, app_end


def main() -> None:
    spec = WindowSpec.from_json(sys.stdin.readline())
    runtime = Runtime(spec.data_dir / "data", 0)
    runtime.start()
    window_end, app_end = pipes()
    link = WindowLink(app_end, frozenset(spec.channels), runtime.registry.dispatch, runtime.services.ctx.bus.subscribe,
                      lambda _at: None)
    threading.Thread(target=link.run, daemon=True).start()
    prepare_toolkit(spec.gui)
    session = WindowSession(spec, window_end)
    result: dict = {}
    session.window.events.before_show += lambda: note_load_start(session.window.native, result)
    webview.start(drive, (session, runtime, sys.argv[1], result), gui=spec.gui, private_mode=True, http_server=True)
    print("RESULT " + json.dumps(result), flush=True)
    runtime.stop()


if __name__ == "__main__":
    main()
