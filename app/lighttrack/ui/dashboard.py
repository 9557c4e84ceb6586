"""Opening the dashboard from the app process: a webview window in a child process, or the web browser."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

WINDOW_FLAG = "--lighttrack-dashboard-window"  # how a frozen build runs its window process (packaging/entry.py)


@dataclass(frozen=True)
class WindowSpec:
    """Everything the window process needs; sent to it as the first line on its stdin, never on a command line."""

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
        with self._lock:
            self._writer.write(json.dumps(list(message)) + "\n")
            self._writer.flush()

    def recv(self) -> tuple:
        line = self._reader.readline()
        if not line:
            raise EOFError
        return tuple(json.loads(line))

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
        threading.Thread(target=self._listen, args=(process, pipe), name="lighttrack-dashboard-pipe",
                         daemon=True).start()
        log.info("dashboard window starting (pid %s, %s)", process.pid, spec.gui)

    def _send(self, message: tuple) -> None:
        try:
            self._conn.send(message)
        except (OSError, ValueError):
            log.warning("dashboard window did not take %s", message[0])

    def _listen(self, process: subprocess.Popen, pipe: LinePipe) -> None:
        """Read the window's reports until it exits, then tell the app."""
        while True:
            try:
                kind, value = pipe.recv()
            except (EOFError, OSError, ValueError):
                break
            if kind == "painted":
                self.first_paint_ms = round((value - self._asked_at) * 1000, 1)
                log.info("dashboard first paint %.0f ms after it was asked for", self.first_paint_ms)
        process.wait()
        pipe.close()
        log.info("dashboard window closed (exit code %s)", process.returncode)
        self._on_closed()
