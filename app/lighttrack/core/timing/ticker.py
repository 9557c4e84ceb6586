"""One background thread that drives the time-based services (focus phases, reminders, goal checks)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Ticker:
    """Runs the `startup` callbacks once, then every callback once per `interval` seconds until `stop()`;
    `interval` may be a function, asked after each round (the ticker wakes each second only when needed).

    Threading contract: the callbacks run one after another on the ticker's own daemon thread; an
    error in one is logged and the others still run. Tests call `tick()` directly with a fake clock.
    """

    def __init__(self, callbacks: list[Callable[[], None]], interval: float | Callable[[], float] = 1.0,
                 startup: list[Callable[[], None]] | None = None) -> None:
        self._callbacks = callbacks
        self._startup = startup or []
        self._interval = interval if callable(interval) else _constant(interval)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="lighttrack-ticker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def tick(self) -> None:
        _run_all(self._callbacks)

    def _run(self) -> None:
        _run_all(self._startup)
        while not self._stopping.wait(self._interval()):
            self.tick()


def _constant(seconds: float) -> Callable[[], float]:
    return lambda: seconds


def _run_all(callbacks: list[Callable[[], None]]) -> None:
    for callback in callbacks:
        try:
            callback()
        except Exception:
            log.exception("ticker callback %s failed", getattr(callback, "__qualname__", callback))
