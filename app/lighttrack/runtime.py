"""The running app: opens a data folder (lock, key, store, services) and serves the local API."""

from __future__ import annotations

import base64
import logging
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from ._glibc import limit_malloc_arenas, release_free_memory
from .core.context import Context
from .core.services import Services
from .errors import LightTrackError
from .instance import InstanceLock
from .resources import resource_dir
from .store.crypto import Cipher, new_key
from .store.database import Store
from .store.vault import SecretVault
from .sync.capture import capture_changes

log = logging.getLogger(__name__)

STORE_KEY = "store-key"
API_TOKEN = "api-token"
MAINTENANCE_SECONDS = 6 * 3600
SETTLE_SECONDS = 20  # start-up work (priming the analytics cache) is done by then


class AlreadyRunning(LightTrackError):
    """Another process owns the data folder."""


def open_vault(data_dir: Path) -> SecretVault:
    data_dir.mkdir(parents=True, exist_ok=True)
    return SecretVault(data_dir, os.environ.get("LIGHTTRACK_KEYRING", "auto"))


def api_token(vault: SecretVault) -> str:
    return vault.get_or_create(API_TOKEN, lambda: secrets.token_urlsafe(32))


@dataclass
class OpenData:
    """A data folder opened for writing: hold it only while `lock` is held."""

    data_dir: Path
    lock: InstanceLock
    vault: SecretVault
    store: Store
    services: Services

    def close(self) -> None:
        self.store.close()
        self.lock.release()


def open_data(data_dir: Path) -> OpenData:
    """Lock the data folder, unlock its key and open its store and services."""
    lock = InstanceLock(data_dir)
    if not lock.acquire():
        raise AlreadyRunning(f"LightTrack is already running with the data folder {data_dir}.")
    try:
        vault = open_vault(data_dir)
        key = vault.get_or_create(STORE_KEY, lambda: base64.b64encode(new_key()).decode())
        store = Store(data_dir, Cipher(base64.b64decode(key)))
        capture_changes(store)
        services = Services.open(Context(store))
    except BaseException:
        lock.release()
        raise
    return OpenData(data_dir, lock, vault, store, services)


def open_activitywatch(services: Services, spans):
    """The /api/0 buckets, feeding the window timeline's span store."""
    from .core.awcompat import ActivityWatchService
    from .store.awevents import AwEventStore

    sync_seconds = services.settings.get("autoSaveIntervalSeconds")
    return ActivityWatchService(services, AwEventStore(services.ctx.store, sync_seconds), spans)


def store_size(data_dir: Path) -> int:
    return sum(p.stat().st_size for p in data_dir.rglob("*.db") if p.is_file())


class Runtime:
    """Store, services, channels, events and the HTTP server of one running instance."""

    def __init__(self, data_dir: Path, port: int, log_file: Path | None = None) -> None:
        self.data_dir = data_dir
        self.requested_port = port
        self.log_file = log_file
        self.stopping = threading.Event()
        self.data: OpenData | None = None
        self.registry = None
        self.port = 0
        self._server = None
        self._streams = None
        self._workers: list[threading.Thread] = []
        self._starter: threading.Thread | None = None
        self._started: list = []
        self.tracker = None
        self.activitywatch = None
        self.integrations = None
        self.onboarding = None
        self.sync = None

    @property
    def services(self) -> Services:
        return self.data.services

    def start(self) -> None:
        """Open the data folder and start serving; raises AlreadyRunning or LightTrackError."""
        from .channels.catalog import EVENTS, build_registry
        from .http.api import ApiHost, create_app
        from .http.events import EventStreams
        from .http.server import ApiServer
        from .channels import tracker as tracker_channels
        from .integrations.manager import IntegrationManager
        from .onboarding import attach as attach_onboarding
        from .store.spans import SpanStore
        from .sync import attach as attach_sync
        from .tracker.runner import Tracker

        limit_malloc_arenas()
        self.data = open_data(self.data_dir)
        try:
            self.registry = build_registry(self.services, self.info)
            self._streams = EventStreams(self.services.ctx.bus, EVENTS)
            spans = SpanStore(self.services.ctx.store, sync_seconds=self.services.settings.get("autoSaveIntervalSeconds"))
            self.tracker = Tracker(self.services, spans=spans)
            self.services.reminders.is_idle = lambda: self.tracker.idle.is_away
            tracker_channels.register(self.registry, self.tracker)
            self.activitywatch = open_activitywatch(self.services, spans)
            self.activitywatch.tracking_windows = lambda: self.tracker.status()["tracking"]
            self.integrations = IntegrationManager(self.services, self.data.vault)
            self.integrations.register(self.registry)
            self.onboarding = attach_onboarding(self.services, self.registry, self.data_dir, self.info)
            self.sync = attach_sync(self.services, self.data.vault, self.registry)
            host = ApiHost(self.registry, self._streams, api_token(self.data.vault), resource_dir("web"),
                           activitywatch=self.activitywatch)
            self._server = ApiServer(create_app(host), self.requested_port)
        except BaseException:
            self.data.close()
            raise
        self.port = host.port = self._server.port
        self._server.start()
        self.data.lock.publish(self.port)
        self._spawn("lighttrack-maintenance", self._maintain)
        self._starter = threading.Thread(target=self._start_components, name="lighttrack-startup", daemon=True)
        self._starter.start()
        log.info("LightTrack %s serving on 127.0.0.1:%d", __version__, self.port)

    def _start_components(self) -> None:
        """Start the workers once the API answers, so their start-up (D-Bus, sealing days) doesn't delay it."""
        for component in self._components():
            if self.stopping.is_set():
                return
            try:
                component.start()
            except Exception:
                log.exception("could not start %s", type(component).__name__)
                continue
            self._started.append(component)

    def stop(self) -> None:
        """Stop every worker, the server and the store; safe to call twice."""
        self.stopping.set()
        if self._starter is not None:
            self._starter.join(timeout=15)
            self._starter = None
        if self._streams is not None:
            self._streams.close()
        if self._server is not None:
            self._server.stop()
            self._server = None
        for component in reversed(self._started):
            component.stop()
        self._started.clear()
        self.integrations = self.activitywatch = self.tracker = self.onboarding = self.sync = None
        for worker in self._workers:
            worker.join(timeout=3)
        if self.data is not None:
            self.data.lock.withdraw()
            self.data.close()
            self.data = None

    def info(self) -> dict:
        """app:getInfo: where things live and how they are protected."""
        return {"version": __version__, "dataDir": str(self.data_dir), "logFile": str(self.log_file or ""),
                "keyStorage": self.data.vault.backend_label, "encrypted": True, "apiPort": self.port,
                "storeBytes": store_size(self.data_dir)}

    def _components(self) -> list:
        """The workers with start()/stop(), in start order."""
        if self.data is None:
            return []
        candidates = (self.services.ticker, self.tracker, self.activitywatch, self.integrations, self.onboarding,
                      self.sync)
        return [c for c in candidates if c is not None]

    def _spawn(self, name: str, target) -> None:
        worker = threading.Thread(target=target, name=name, daemon=True)
        self._workers.append(worker)
        worker.start()

    def _maintain(self) -> None:
        """Return start-up's scratch memory, then purge old soft deletes every few hours (startup did once)."""
        if self.stopping.wait(SETTLE_SECONDS):
            return
        release_free_memory()
        while not self.stopping.wait(MAINTENANCE_SECONDS):
            try:
                self.services.purge_deleted()
            except Exception:
                log.exception("maintenance failed")
            release_free_memory()
