"""The dashboard window process: a pywebview window on the app's page, its bridge, events and geometry."""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from typing import NoReturn

import webview

from ..client import ApiClient
from .bridge import Bridge
from .dashboard import LinePipe, WindowSpec
from .events import follow
from .geometry import Geometry

log = logging.getLogger(__name__)

TITLE = "LightTrack"
MIN_SIZE = (720, 520)
# Epoch ms of the page's first contentful paint (or of the next frame where the engine has no paint timing).
PAINT_JS = """new Promise(function (resolve) {
  var paints = performance.getEntriesByType('paint');
  var hit = paints.filter(function (e) { return e.name === 'first-contentful-paint'; })[0] || paints[0];
  if (hit) { resolve(performance.timeOrigin + hit.startTime); return; }
  requestAnimationFrame(function () { requestAnimationFrame(function () {
    resolve(performance.timeOrigin + performance.now()); }); });
})"""


def main() -> NoReturn:
    """The window process: the spec as the first line on stdin, then the app's orders; reports go to stdout."""
    reports = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # a toolkit's chatter on stdout must not mix with the reports
    spec = WindowSpec.from_json(sys.stdin.readline())
    run(spec, LinePipe(sys.stdin, reports))
    _exit_now(reports)


def _exit_now(reports) -> NoReturn:
    """End the process once the window is gone and its geometry saved.

    pywebview answers each call of the page on a thread of its own (not a daemon) that hands the result back
    through the GUI loop; when the window closed while a call ran, that thread waits for the loop forever, the
    interpreter's exit waits for the thread, and the app would take its dashboard for open and never open another."""
    for stream in (reports, sys.stdout, sys.stderr):
        stream.flush()
    logging.shutdown()
    os._exit(0)


def run(spec: WindowSpec, conn) -> None:
    """Show the window until the user closes it or the app says so (or goes away)."""
    _log_to(spec)
    prepare_toolkit(spec.gui)
    session = WindowSession(spec, conn)
    webview.start(session.started, gui=spec.gui, private_mode=True, http_server=True)
    session.finish()


def prepare_toolkit(gui: str) -> None:
    """Settle what the web engine reads once, before the first window is created."""
    if gui == "qt" and hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")  # QtWebEngine refuses to start as root otherwise
    if gui == "gtk":
        # WebKitGTK's accelerated compositing starts a GL context before the first frame: with software GL (no GPU,
        # a VM, a remote desktop) the first paint came 1.2–4.5 s after the window was asked for, against ~1.0 s
        # drawn without it. The dashboard has nothing that needs the GPU; WEBKIT_DISABLE_COMPOSITING_MODE=0 keeps it.
        os.environ.setdefault("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
        from ._webkitgtk import use_user_languages
        use_user_languages()


def _log_to(spec: WindowSpec) -> None:
    if spec.log_file is None:
        return
    from ..logs import setup
    setup(spec.log_file.parent, verbose=False, name="dashboard.log")


class WebviewDialogs:
    """Native file dialogs with Electron-style options: {title, defaultPath, filters: [{name, extensions}], properties}."""

    def __init__(self) -> None:
        self.window: webview.Window | None = None

    def save(self, options: dict) -> str | None:
        folder, name = os.path.split(str(options.get("defaultPath") or ""))
        _make_folder(folder)
        chosen = self.window.create_file_dialog(webview.FileDialog.SAVE, directory=folder, save_filename=name,
                                                file_types=_file_types(options))
        return _first(chosen)

    def open(self, options: dict) -> list[str] | None:
        properties = options.get("properties") or []
        kind = webview.FileDialog.FOLDER if "openDirectory" in properties else webview.FileDialog.OPEN
        chosen = self.window.create_file_dialog(kind, directory=str(options.get("defaultPath") or ""),
                                                allow_multiple="multiSelections" in properties,
                                                file_types=_file_types(options))
        return list(chosen) if chosen else None


def _make_folder(folder: str) -> None:
    """Create the default export folder so the dialog opens in it rather than in the working folder."""
    if folder and os.path.isabs(folder):
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            log.warning("could not create the export folder: %s", exc)


def _file_types(options: dict) -> tuple[str, ...]:
    """pywebview's "Name (*.a;*.b)" strings from Electron-style filters; odd characters are dropped."""
    types = []
    for entry in options.get("filters") or []:
        name = "".join(c for c in str(entry.get("name", "Files")) if c.isalnum() or c == " ").strip() or "Files"
        patterns = [f"*.{e}" for e in (str(x) for x in entry.get("extensions", [])) if e == "*" or e.isalnum()]
        if patterns:
            types.append(f"{name} ({';'.join(patterns)})")
    return tuple(types)


def _first(chosen: object) -> str | None:
    if isinstance(chosen, (list, tuple)):
        return str(chosen[0]) if chosen else None
    return str(chosen) if chosen else None


class WindowSession:
    """One window: created before the GUI loop, wired to the app once the loop runs."""

    def __init__(self, spec: WindowSpec, conn) -> None:
        self._spec = spec
        self._conn = conn
        self._stopping = threading.Event()
        self._geometry = Geometry.load(spec.data_dir)
        dialogs = WebviewDialogs()
        api = ApiClient(spec.port, spec.token, timeout=60)
        bridge = Bridge(api.envelope, frozenset(spec.channels), dialogs)
        g = self._geometry
        self.window = webview.create_window(TITLE, spec.url(), js_api=bridge, width=g.width, height=g.height,
                                            x=g.x, y=g.y, min_size=MIN_SIZE, background_color="#1f2329")
        dialogs.window = self.window
        self.window.events.loaded += self._loaded
        self.window.events.resized += self._resized
        self.window.events.moved += self._moved

    def started(self) -> None:
        """Runs on a pywebview thread once the GUI loop is up."""
        threading.Thread(target=self._control, name="lighttrack-control", daemon=True).start()
        threading.Thread(target=follow, args=(self._spec.port, self._spec.token, self._push, self._stopping),
                         name="lighttrack-events", daemon=True).start()

    def finish(self) -> None:
        self._stopping.set()
        self._geometry.save(self._spec.data_dir)

    def _push(self, channel: str, data: object) -> None:
        """Hand one app event to the page (within a second of the bus publishing it)."""
        script = f"window.__lighttrackEvent && window.__lighttrackEvent({json.dumps(channel)}, {json.dumps(data)})"
        try:
            self.window.evaluate_js(script)
        except Exception:
            log.exception("could not deliver %s to the page", channel)

    def _loaded(self) -> None:
        self.window.evaluate_js(PAINT_JS, self._painted)

    def _painted(self, epoch_ms: object) -> None:
        if isinstance(epoch_ms, (int, float)):
            self._report(("painted", epoch_ms / 1000))

    def _resized(self, width: int, height: int) -> None:
        self._geometry.width, self._geometry.height = width, height

    def _moved(self, x: int, y: int) -> None:
        self._geometry.x, self._geometry.y = x, y

    def _control(self) -> None:
        """Obey the app: show (raise, go to a view) or close; close too when the app goes away."""
        while True:
            try:
                message = self._conn.recv()
            except (EOFError, OSError):
                break
            if message[0] == "close":
                break
            self._raise(message[1])
        self.window.destroy()

    def _raise(self, view: str | None) -> None:
        self.window.restore()
        self.window.show()
        self.window.on_top = True  # the portable way to bring a window to the front
        self.window.on_top = False
        if view:
            self.window.evaluate_js(f"window.location.hash = {json.dumps('#/' + view)}")

    def _report(self, message: tuple) -> None:
        try:
            self._conn.send(message)
        except (OSError, ValueError):
            pass  # the app is gone; the control thread closes the window


if __name__ == "__main__":
    main()
