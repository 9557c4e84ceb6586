"""The background sync: a round after local edits, on a server notification (LISTEN), or every minute at least."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..core.events import EventBus
from ..errors import LightTrackError
from .state import NotConfigured

if TYPE_CHECKING:
    from .engine import SyncEngine

log = logging.getLogger(__name__)
POLL_SECONDS = 60.0
DEBOUNCE_SECONDS = 2.0
MAX_BACKOFF_SECONDS = 300.0
BREAKER_FAILURES = 5  # after this many failures in a row, wait the longest backoff between tries
LISTEN_SLICE_SECONDS = 1.0  # how often the listener checks for stop
STATUS_EVENT = "sync-status-changed"
OWN_EVENTS = (STATUS_EVENT, "show-notification")


class SyncWorker:
    """Runs sync rounds on its own thread until `stop()`.

    Threading contract: `kick()` may be called from any thread; rounds run only on the worker
    thread (and `now()`, which shares the engine's round lock). Failures are retried with
    exponential backoff; the status event carries the last error for the dashboard and tray.
    """

    def __init__(self, open_engine: Callable[[], SyncEngine], bus: EventBus, poll_seconds: float = POLL_SECONDS) -> None:
        self._open_engine = open_engine
        self._engine: SyncEngine | None = None
        self._engine_lock = threading.Lock()
        self._bus = bus
        self._poll = poll_seconds
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._listener: threading.Thread | None = None
        self.listening = threading.Event()  # set while a LISTEN connection is open
        self._unsubscribe: Callable[[], None] | None = None
        self.failures = 0

    @property
    def engine(self) -> SyncEngine:
        """The engine, made at its first use: its modules are not needed before the app answers."""
        with self._engine_lock:
            if self._engine is None:
                self._engine = self._open_engine()
            return self._engine

    def start(self) -> None:
        self._unsubscribe = self._bus.subscribe(self._on_event)
        self._thread = threading.Thread(target=self._run, name="lighttrack-sync", daemon=True)
        self._thread.start()
        self._listener = threading.Thread(target=self._listen, name="lighttrack-sync-listen", daemon=True)
        self._listener.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._unsubscribe is not None:
            self._unsubscribe()
        for thread in (self._thread, self._listener):
            if thread is not None:
                thread.join(timeout=15)
        if self._engine is not None:
            self._engine.close()

    def kick(self) -> None:
        self._wake.set()

    def now(self, options: dict | None = None) -> dict:
        """Run a round at once (sync:now); `{"allowMassDelete": true}` lets a large deletion through."""
        try:
            status = self.engine.sync_now(bool((options or {}).get("allowMassDelete")))
        except LightTrackError:
            self._publish()
            raise
        self._bus.publish(STATUS_EVENT, status)
        return status

    def _on_event(self, channel: str, data: object) -> None:
        if not channel.startswith(OWN_EVENTS):
            self._wake.set()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()  # an edit or notification during the round sets it again: no wake is lost
            self._round()
            self._wait(self._delay())

    def _round(self) -> None:
        try:
            self._bus.publish(STATUS_EVENT, self.engine.sync_now())
            self.failures = 0
        except NotConfigured:
            self.failures = 0
        except LightTrackError as exc:
            self.failures += 1
            log.warning("sync failed (%d in a row): %s", self.failures, exc)
            self._publish()
        except Exception:
            self.failures += 1
            log.exception("sync round failed")
            self._publish()

    def _delay(self) -> float:
        if self.failures == 0:
            return self._poll
        if self.failures >= BREAKER_FAILURES:
            return MAX_BACKOFF_SECONDS
        return min(MAX_BACKOFF_SECONDS, 2.0 ** self.failures)

    def _wait(self, seconds: float) -> None:
        """Sleep until the delay passes or something wakes us; then let a burst of edits settle."""
        if self._wake.wait(seconds):
            self._stopping.wait(DEBOUNCE_SECONDS)

    def _listen(self) -> None:
        """Wake a round when another device pushes (LISTEN); the minute's poll covers any gap."""
        while not self._stopping.is_set():
            target = self.engine.listen_target()
            if target is None or not self._listen_on(*target):
                self._stopping.wait(self._poll)

    def _listen_on(self, dsn: str, channel: str) -> bool:
        import psycopg

        try:
            with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as conn:
                conn.execute(f'LISTEN "{channel}"')
                self.listening.set()
                while not self._stopping.is_set():
                    for _ in conn.notifies(timeout=LISTEN_SLICE_SECONDS, stop_after=1):
                        self._wake.set()
        except psycopg.Error as exc:
            log.info("sync notifications unavailable, polling instead: %s", type(exc).__name__)
            return False
        finally:
            self.listening.clear()
        return True

    def _publish(self) -> None:
        self._bus.publish(STATUS_EVENT, self.engine.status())
