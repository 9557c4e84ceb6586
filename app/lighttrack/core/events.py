"""The event bus: services publish event channels ('activity:started', ...), adapters subscribe."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Listener = Callable[[str, Any], None]


class EventBus:
    """Fan-out of (channel, data) pairs.

    Threading contract: `publish` calls every listener on the publishing thread, after the
    store transaction that caused the event has committed; a listener must return quickly
    (hand the event to its own queue) and its errors are logged, never raised to the publisher.
    """

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add `listener`; return a function that removes it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)
        return unsubscribe

    def publish(self, channel: str, data: Any = None) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(channel, data)
            except Exception:
                log.exception("event listener failed for %s", channel)
