"""Opening the dashboard from the app process: a webview window in a child process, or the web browser."""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WindowSpec:
    """Everything the window process needs; sent to it through multiprocessing's pipe, never on a command line."""

    port: int
    token: str
    channels: tuple[str, ...]
    data_dir: Path
    web_dir: Path
    gui: str
    log_file: Path | None = None
    view: str | None = None

    def url(self) -> str:
        """The page as a local file: pywebview serves web/ itself, without the API's CSP (its bridge needs eval)."""
        return str(self.web_dir / "index.html") + "?bridge=pywebview" + (f"#/{self.view}" if self.view else "")


def _window_main(spec: WindowSpec, conn) -> None:
    """Entry point of the window process (imports the webview only there)."""
    from .window import run
    run(spec, conn)


class Dashboard:
    """The dashboard of one app. Threading contract: every method may be called from any thread."""

    def __init__(self, spec: WindowSpec | None, open_browser: Callable[[], object],
                 on_closed: Callable[[], None] = lambda: None) -> None:
        self._spec = spec
        self._open_browser = open_browser
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
            if self._process is not None and self._process.is_alive():
                self._send(("show", view))
            else:
                self._spawn(replace(self._spec, view=view))
        return "window"

    def status(self) -> dict:
        with self._lock:
            is_open = self._process is not None and self._process.is_alive()
        return {"open": is_open, "kind": "window" if self._spec else "browser", "firstPaintMs": self.first_paint_ms}

    def close(self) -> None:
        """Close the window (at quit) and wait for its process."""
        with self._lock:
            process = self._process
            if process is not None and process.is_alive():
                self._send(("close",))
        if process is not None:
            process.join(5)
            if process.is_alive():
                process.terminate()

    def _spawn(self, spec: WindowSpec) -> None:
        context = multiprocessing.get_context("spawn")
        mine, theirs = context.Pipe()
        self._asked_at = time.time()
        self.first_paint_ms = None
        process = context.Process(target=_window_main, args=(spec, theirs), name="lighttrack-dashboard", daemon=True)
        process.start()
        theirs.close()
        self._process, self._conn = process, mine
        threading.Thread(target=self._listen, args=(process, mine), name="lighttrack-dashboard-pipe", daemon=True).start()
        log.info("dashboard window starting (pid %s, %s)", process.pid, spec.gui)

    def _send(self, message: tuple) -> None:
        try:
            self._conn.send(message)
        except OSError:
            log.warning("dashboard window did not take %s", message[0])

    def _listen(self, process, conn) -> None:
        """Read the window's reports until it exits, then tell the app."""
        while True:
            try:
                kind, value = conn.recv()
            except (EOFError, OSError):
                break
            if kind == "painted":
                self.first_paint_ms = round((value - self._asked_at) * 1000, 1)
                log.info("dashboard first paint %.0f ms after it was asked for", self.first_paint_ms)
        process.join()
        conn.close()
        log.info("dashboard window closed (exit code %s)", process.exitcode)
        self._on_closed()
