"""Follow the app's Server-Sent Events stream from the window process."""

from __future__ import annotations

import http.client
import logging
import threading
from collections.abc import Callable

import orjson

log = logging.getLogger(__name__)

READ_TIMEOUT = 30.0  # the server sends a keepalive every 15 s
RETRY_SECONDS = 1.0


def follow(port: int, token: str, deliver: Callable[[str, object], None], stopping: threading.Event) -> None:
    """Call `deliver(channel, data)` for every event until `stopping` is set, reconnecting after failures."""
    while not stopping.is_set():
        try:
            _stream(port, token, deliver, stopping)
        except (OSError, http.client.HTTPException) as exc:
            log.debug("event stream interrupted: %s", exc)
        stopping.wait(RETRY_SECONDS)


def _stream(port: int, token: str, deliver: Callable[[str, object], None], stopping: threading.Event) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=READ_TIMEOUT)
    try:
        conn.request("GET", "/api/v1/events", headers={"Authorization": f"Bearer {token}", "Accept": "text/event-stream"})
        response = conn.getresponse()
        if response.status != 200:
            raise http.client.HTTPException(f"status {response.status}")
        channel, data = "", b""
        while not stopping.is_set():
            line = response.readline()
            if not line:
                return
            channel, data = _line(line.rstrip(b"\r\n"), channel, data, deliver)
    finally:
        conn.close()


def _line(line: bytes, channel: str, data: bytes, deliver: Callable[[str, object], None]) -> tuple[str, bytes]:
    """Fold one SSE line into the pending event; a blank line dispatches it."""
    if line.startswith(b"event:"):
        return line[6:].strip().decode(), data
    if line.startswith(b"data:"):
        return channel, data + line[5:].strip()
    if not line and channel and data:
        deliver(channel, orjson.loads(data))
        return "", b""
    return channel, data
