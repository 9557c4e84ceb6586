"""A production WSGI server (waitress) for the API, on 127.0.0.1 in a background thread."""

from __future__ import annotations

import logging
import threading

from flask import Flask
from waitress.server import create_server

from ..errors import LightTrackError

THREADS = 16


class ApiServer:
    """Binds at construction (so the chosen port is known), serves after `start()`."""

    def __init__(self, app: Flask, port: int) -> None:
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        try:
            self._server = create_server(app, host="127.0.0.1", port=port, threads=THREADS,
                                         ident="LightTrack", channel_timeout=30, clear_untrusted_proxy_headers=True)
        except OSError as exc:
            raise LightTrackError(f"Cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}.") from None
        self.port: int = int(self._server.effective_port)
        self._thread = threading.Thread(target=self._run, name="lighttrack-http", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        try:
            self._server.run()
        except (OSError, ValueError):
            pass  # the socket map was closed by stop()

    def stop(self) -> None:
        self._server.close()
        self._server.task_dispatcher.shutdown(timeout=2)
        self._thread.join(timeout=3)
