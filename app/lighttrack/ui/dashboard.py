"""Opening the dashboard from the app process: a webview window in a child process, or the web browser.

The window process talks to the app over its stdin and stdout, one JSON message a line. The app sends ("show",
view), ("close",), ("reply", id, envelope) and ("event", channel, data); the window sends ("painted", epoch
seconds) and ("invoke", id, channel, args). The page's calls and the app's events never go through the local API,
so using the dashboard does not build the API's Flask app in the tracking process."""

from __future__ import annotations

import json
import logging
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import IO, Any

import orjson

log = logging.getLogger(__name__)

Dispatch = Callable[[str, list], dict]
Listener = Callable[[str, Any], None]
Subscribe = Callable[[Listener], Callable[[], None]]
EVENT_BACKLOG = 1000  # events waiting for a window that does not read: beyond it, it loses events, the app never waits

WINDOW_FLAG = "--lighttrack-dashboard-window"  # how a frozen build runs its window process (packaging/entry.py)


@dataclass(frozen=True)
class WindowSpec:
    """Everything the window process needs; sent to it as the first line on its stdin, never on a command line."""

    channels: tuple[str, ...]
    data_dir: Path
    web_dir: Path
    gui: str
    log_file: Path | None = None
    view: str | None = None

    def url(self) -> str:
        """The page as a local file: pywebview serves web/ itself, without the API's CSP (its bridge needs eval)."""
        return str(self.web_dir / "index.html") + "?bridge=pywebview" + (f"#/{self.view}" if self.view else "")

    def to_json(self) -> str:
        return json.dumps({k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()})

    @classmethod
    def from_json(cls, line: str) -> WindowSpec:
        raw = json.loads(line)
        paths = {k: Path(raw[k]) if raw.get(k) else None for k in ("data_dir", "web_dir", "log_file")}
        return cls(**{**raw, **paths, "channels": tuple(raw["channels"])})


class LinePipe:
    """Messages (tuples) as JSON lines between the app and its window process: `recv` raises EOFError at the end."""

    def __init__(self, reader: IO[str], writer: IO[str]) -> None:
        self._reader = reader
        self._writer = writer
        self._lock = threading.Lock()

    def send(self, message: tuple) -> None:
        line = orjson.dumps(list(message)).decode() + "\n"
        with self._lock:
            self._writer.write(line)
            self._writer.flush()

    def recv(self) -> tuple:
        line = self._reader.readline()
        if not line:
            raise EOFError
        message = orjson.loads(line)
        if not isinstance(message, list) or not message or not isinstance(message[0], str):
            raise ValueError("not a message")
        return tuple(message)

    def close(self) -> None:
        for stream in (self._writer, self._reader):
            try:
                stream.close()
            except OSError:
                pass


def window_command() -> list[str]:
    """The command line of the window process: this executable again (frozen) or this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable, WINDOW_FLAG]
    return [sys.executable, "-m", "lighttrack.ui.window"]


class Dashboard:
    """The dashboard of one app. Threading contract: every method may be called from any thread.

    `dispatch(channel, args)` runs a channel and returns its envelope; `subscribe(listener)` follows the app's events.
    """

    def __init__(self, spec: WindowSpec | None, open_browser: Callable[[], object], dispatch: Dispatch,
                 subscribe: Subscribe, on_closed: Callable[[], None] = lambda: None) -> None:
        self._spec = spec
        self._open_browser = open_browser
        self._dispatch = dispatch
        self._subscribe = subscribe
        self._on_closed = on_closed
        self._lock = threading.Lock()
        self._process = None
        self._conn = None
        self._asked_at = 0.0
        self.first_paint_ms: float | None = None

    def open(self, view: str | None = None) -> str:
        """Show the dashboard (raise it when open); return "window" or "browser"."""
        if self._spec is None:
            self._open_browser()
            return "browser"
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                self._send(("show", view))
            else:
                self._spawn(replace(self._spec, view=view))
        return "window"

    def status(self) -> dict:
        with self._lock:
            is_open = self._process is not None and self._process.poll() is None
        return {"open": is_open, "kind": "window" if self._spec else "browser", "firstPaintMs": self.first_paint_ms}

    def close(self) -> None:
        """Close the window (at quit) and wait for its process."""
        with self._lock:
            process = self._process
            if process is not None and process.poll() is None:
                self._send(("close",))
        if process is not None:
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.terminate()
                process.wait(5)

    def _spawn(self, spec: WindowSpec) -> None:
        self._asked_at = time.time()
        self.first_paint_ms = None
        process = subprocess.Popen(window_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                   encoding="utf-8", close_fds=True)
        pipe = LinePipe(process.stdout, process.stdin)
        process.stdin.write(spec.to_json() + "\n")
        process.stdin.flush()
        self._process, self._conn = process, pipe
        threading.Thread(target=self._serve, args=(process, pipe, frozenset(spec.channels)),
                         name="lighttrack-dashboard-pipe", daemon=True).start()
        log.info("dashboard window starting (pid %s, %s)", process.pid, spec.gui)

    def _send(self, message: tuple) -> None:
        try:
            self._conn.send(message)
        except (OSError, ValueError):
            log.warning("dashboard window did not take %s", message[0])

    def _serve(self, process: subprocess.Popen, pipe: LinePipe, allowed: frozenset[str]) -> None:
        """Serve the window until it exits, then tell the app."""
        WindowLink(pipe, allowed, self._dispatch, self._subscribe, self._painted).run()
        process.wait()
        pipe.close()
        log.info("dashboard window closed (exit code %s)", process.returncode)
        self._on_closed()

    def _painted(self, epoch_seconds: float) -> None:
        self.first_paint_ms = round((epoch_seconds - self._asked_at) * 1000, 1)
        log.info("dashboard first paint %.0f ms after it was asked for", self.first_paint_ms)


class WindowLink:
    """The app's side of one window's pipe: answers the page's calls, hands the window the app's events and notes
    its first paint, until the window's end of the pipe closes."""

    def __init__(self, pipe: LinePipe, allowed: frozenset[str], dispatch: Dispatch, subscribe: Subscribe,
                 painted: Callable[[float], None]) -> None:
        self._pipe = pipe
        self._allowed = allowed
        self._dispatch = dispatch
        self._subscribe = subscribe
        self._painted = painted

    def run(self) -> None:
        events: queue.Queue = queue.Queue(maxsize=EVENT_BACKLOG)
        threading.Thread(target=_relay_events, args=(events, self._pipe), name="lighttrack-dashboard-events",
                         daemon=True).start()
        unsubscribe = self._subscribe(lambda channel, data: _offer(events, (channel, data)))
        try:
            self._read()
        finally:
            unsubscribe()
            _offer(events, None)

    def _read(self) -> None:
        while True:
            try:
                message = self._pipe.recv()
            except (EOFError, OSError):
                return
            except ValueError:
                log.warning("dashboard window sent a line that is not a message")
                continue
            if message[0] == "painted" and len(message) == 2 and isinstance(message[1], (int, float)):
                self._painted(message[1])
            elif message[0] == "invoke" and len(message) == 4:
                threading.Thread(target=self._answer, args=message[1:], name="lighttrack-dashboard-call",
                                 daemon=True).start()

    def _answer(self, call_id: object, channel: object, args: object) -> None:
        """Run one call of the page (on a thread of its own: an export must not hold up the others) and reply."""
        if not isinstance(channel, str) or channel not in self._allowed:
            envelope = {"success": False, "error": f"Unknown channel {str(channel)[:64]!r}.", "code": "UNKNOWN_CHANNEL"}
        elif not isinstance(args, list):
            envelope = {"success": False, "error": "args must be a list.", "code": "VALIDATION_ERROR"}
        else:
            envelope = self._dispatch(channel, args)
        try:
            self._pipe.send(("reply", call_id, envelope))
        except (OSError, ValueError):
            pass  # the window closed meanwhile


def _offer(events: queue.Queue, item: tuple | None) -> None:
    try:
        events.put_nowait(item)
    except queue.Full:
        pass  # a stalled window loses events rather than stalling the publisher


def _relay_events(events: queue.Queue, pipe: LinePipe) -> None:
    while (item := events.get()) is not None:
        try:
            pipe.send(("event", *item))
        except (OSError, ValueError):
            return
