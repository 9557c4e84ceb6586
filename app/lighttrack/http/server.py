"""A production WSGI server (waitress) for the API, on 127.0.0.1 in a background thread."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable, Iterable
from typing import Any

from waitress.server import create_server

from ..errors import LightTrackError

THREADS = 16
LOOP_SECONDS = 30  # waitress's loop wakes this often with nothing to do: at its default of 1 s, 0.8 s CPU an hour
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class BuiltOnFirstRequest:
    """A WSGI app that builds the real one when the first request comes: while nothing calls the API (the tray and
    the tracker call the channels in the process itself), Flask and its templates, about 10 MB, stay unloaded."""

    def __init__(self, build: Callable[[], WsgiApp]) -> None:
        self._build = build
        self._app: WsgiApp | None = None
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        app = self._app
        if app is None:
            with self._lock:
                if self._app is None:
                    self._app = self._build()
                app = self._app
        return app(environ, start_response)


def declared_length(environ: dict[str, Any], limit: int) -> int | None:
    """The body's length when the request states it and it is at most `limit`, else None (a chunked body, a wrong
    or too large length: the Flask app answers those)."""
    if environ.get("HTTP_TRANSFER_ENCODING"):
        return None
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    return length if 0 <= length <= limit else None


def bind_local(port: int) -> socket.socket:
    """A socket bound to 127.0.0.1:`port` (0: a free port), so the port is known before the app is built."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as waitress does for the sockets it binds
    try:
        listener.bind(("127.0.0.1", port))
    except OSError as exc:
        listener.close()
        raise LightTrackError(f"Cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}.") from None
    return listener


class ApiServer:
    """Serves `app` on a socket from `bind_local` after `start()`."""

    def __init__(self, app: WsgiApp, listener: socket.socket) -> None:
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        try:
            self._server = create_server(app, sockets=[listener], threads=THREADS, ident="LightTrack",
                                         channel_timeout=30, clear_untrusted_proxy_headers=True,
                                         asyncore_loop_timeout=LOOP_SECONDS)
        except OSError as exc:
            listener.close()
            raise LightTrackError(f"Cannot listen on {listener.getsockname()}: {exc.strerror or exc}.") from None
        self._thread = threading.Thread(target=self._run, name="lighttrack-http", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        try:
            self._server.run()
        except (OSError, ValueError):
            pass  # the socket map was closed by stop()

    def _close_in_loop(self) -> bool:
        try:
            self._server.trigger.pull_trigger(self._server.close)
        except OSError:  # its trigger is closed (waitress closes it when it fails in the loop)
            return False
        return True

    def stop(self) -> None:
        """Close the server from inside its loop (woken by its trigger: the loop sleeps up to LOOP_SECONDS), or from
        here when the loop has ended or lost its trigger."""
        if not (self._thread.is_alive() and self._close_in_loop()):
            self._server.close()
        self._server.task_dispatcher.shutdown(timeout=2)
        self._thread.join(timeout=3)
