"""Server-sent events: each stream gets its own bounded queue fed by the event bus (every event of core.events)."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator

import orjson

from ..core.events import EventBus

KEEPALIVE_SECONDS = 15.0
POLL_SECONDS = 0.5
MAX_STREAMS = 8


class EventStreams:
    """Hands out SSE streams; `close()` ends them all (at shutdown)."""

    def __init__(self, bus: EventBus) -> None:
        self._bus = bus
        self._closing = threading.Event()
        self._lock = threading.Lock()
        self.open_streams = 0

    def try_open(self) -> Iterator[bytes] | None:
        """Return a new stream, or None when too many are open."""
        with self._lock:
            if self.open_streams >= MAX_STREAMS:
                return None
            self.open_streams += 1
        return self._stream()

    def close(self, timeout: float = 2.0) -> None:
        """End every stream and wait (up to `timeout`) until their server threads have let go."""
        self._closing.set()
        deadline = time.monotonic() + timeout
        while self.open_streams and time.monotonic() < deadline:
            time.sleep(0.05)

    def _stream(self) -> Iterator[bytes]:
        inbox: queue.Queue = queue.Queue(maxsize=1000)

        def deliver(channel: str, data: object) -> None:
            try:
                inbox.put_nowait((channel, data))
            except queue.Full:
                pass  # a stalled client loses events rather than stalling the publisher

        unsubscribe = self._bus.subscribe(deliver)
        try:
            yield b"retry: 2000\n: connected\n\n"
            yield from self._pump(inbox)
        finally:
            unsubscribe()
            with self._lock:
                self.open_streams -= 1

    def _pump(self, inbox: queue.Queue) -> Iterator[bytes]:
        quiet = 0.0
        while not self._closing.is_set():
            try:
                channel, data = inbox.get(timeout=POLL_SECONDS)
            except queue.Empty:
                quiet += POLL_SECONDS
                if quiet >= KEEPALIVE_SECONDS:
                    quiet = 0.0
                    yield b": keepalive\n\n"
                continue
            quiet = 0.0
            yield b"event: " + channel.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n"
