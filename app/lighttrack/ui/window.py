"""The dashboard window process: a pywebview window on the app's page, its bridge, events and geometry."""

from __future__ import annotations

import itertools
import json
import logging
import os
import queue
import sys
import threading
from typing import NoReturn

import webview

from ..errors import LightTrackError
from .bridge import Bridge, failure
from .dashboard import LinePipe, WindowSpec
from .geometry import Geometry

log = logging.getLogger(__name__)

TITLE = "LightTrack"
MIN_SIZE = (720, 520)
CALL_TIMEOUT = 120.0  # an export of years of data takes a while; an app that never answers does not hold the page
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


class _Reply:
    """One call's wait for its envelope."""

    def __init__(self) -> None:
        self.ready = threading.Event()
        self.envelope: dict = {}

    def give(self, envelope: dict) -> None:
        self.envelope = envelope
        self.ready.set()


class AppCalls:
    """The page's channel calls, carried to the app over the window's pipe; each waits for its own reply.

    Threading contract: `envelope` runs on pywebview's call threads, several at once; `answered` and `end` on the
    thread that reads the pipe."""

    def __init__(self, conn, timeout: float = CALL_TIMEOUT) -> None:
        self._conn = conn
        self._timeout = timeout
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._waiting: dict[int, _Reply] = {}
        self._ended = False

    def envelope(self, channel: str, args: list) -> dict:
        call_id = next(self._ids)
        waiter = _Reply()
        with self._lock:
            if self._ended:
                raise LightTrackError("LightTrack is closing the dashboard.")
            self._waiting[call_id] = waiter
        try:
            self._conn.send(("invoke", call_id, channel, args))
            if not waiter.ready.wait(self._timeout):
                raise LightTrackError("LightTrack did not answer in time; try again.")
            return waiter.envelope
        except (OSError, ValueError):
            raise LightTrackError("LightTrack is not running.") from None
        finally:
            with self._lock:
                self._waiting.pop(call_id, None)

    def answered(self, call_id: object, envelope: object) -> None:
        with self._lock:
            waiter = self._waiting.get(call_id) if isinstance(call_id, int) else None
        if waiter is not None and isinstance(envelope, dict):
            waiter.give(envelope)

    def end(self) -> None:
        """The app is gone or the window closes: every waiting call fails now, and later ones at once."""
        with self._lock:
            self._ended = True
            waiting = list(self._waiting.values())
        for waiter in waiting:
            waiter.give(failure("INTERNAL_ERROR", "LightTrack closed the dashboard."))


class WindowSession:
    """One window: created before the GUI loop, wired to the app once the loop runs."""

    def __init__(self, spec: WindowSpec, conn) -> None:
        self._spec = spec
        self._conn = conn
        self._events: queue.Queue = queue.Queue()
        self._calls = AppCalls(conn)
        self._geometry = Geometry.load(spec.data_dir)
        dialogs = WebviewDialogs()
        bridge = Bridge(self._calls.envelope, frozenset(spec.channels), dialogs)
        g = self._geometry
        self.window = webview.create_window(TITLE, spec.url(), js_api=bridge, width=g.width, height=g.height,
                                            x=g.x, y=g.y, min_size=MIN_SIZE, background_color="#1f2329")
        dialogs.window = self.window
        if spec.gui == "gtk":
            from ._webkitgtk import opaque_web_view
            self.window.events.before_show += lambda: opaque_web_view(self.window.native)
        self.window.events.loaded += self._loaded
        self.window.events.resized += self._resized
        self.window.events.moved += self._moved

    def started(self) -> None:
        """Runs on a pywebview thread once the GUI loop is up."""
        threading.Thread(target=self._control, name="lighttrack-control", daemon=True).start()
        threading.Thread(target=self._deliver_events, name="lighttrack-events", daemon=True).start()

    def finish(self) -> None:
        self._events.put(None)
        self._geometry.save(self._spec.data_dir)

    def _deliver_events(self) -> None:
        while (event := self._events.get()) is not None:
            self._push(*event)

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
        """Obey the app: replies to the page's calls, its events, show (raise, go to a view) or close; close too when
        the app goes away."""
        while True:
            try:
                message = self._conn.recv()
            except (EOFError, OSError):
                break
            except ValueError:
                log.warning("the app sent a line that is not a message")
                continue
            kind = message[0]
            if kind == "close":
                break
            if kind == "reply" and len(message) == 3:
                self._calls.answered(message[1], message[2])
            elif kind == "event" and len(message) == 3 and isinstance(message[1], str):
                self._events.put((message[1], message[2]))
            elif kind == "show":
                self._raise(message[1] if len(message) > 1 else None)
        self._calls.end()
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
