"""The running app: opens a data folder (lock, key, store, services) and serves the local API."""

from __future__ import annotations

import logging
import os
import secrets
import stat
import threading
import time
from dataclasses import dataclass
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from ._glibc import limit_malloc_arenas, release_free_memory
from .core.context import Context
from .core.services import Services
from .errors import LightTrackError
from .instance import InstanceLock
from .resources import log_dir, resource_dir
from .store.crypto import Cipher
from .store.database import Store, require_main_file
from .store.health import FolderHealth
from .store.keys import require_vault_info, store_key
from .store.vault import SecretVault
from .sync.capture import capture_changes

if TYPE_CHECKING:
    from .channels.registry import Registry
    from .core.activitywatch.service import ActivityWatchService, SpanSink
    from .core.review.labels import SpanLabeler
    from .core.tracking.timeline import Timeline
    from .http.host import ApiHost
    from .http.events import EventStreams
    from .http.server import ApiServer, WsgiApp
    from .integrations.manager import IntegrationManager
    from .onboarding import Onboarding
    from .store.spans import SpanStore
    from .sync.worker import SyncWorker
    from .tracker.runner import Tracker

log = logging.getLogger(__name__)

API_TOKEN = "api-token"
MAINTENANCE_SECONDS = 6 * 3600
RELEASE_SECONDS = 15 * 60  # malloc_trim of a ~50 MB heap takes about a millisecond
HEALTH_SECONDS = 10.0
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
        require_vault_info(data_dir)
        require_main_file(data_dir)
        vault = open_vault(data_dir)
        store = Store(data_dir, Cipher(store_key(vault, data_dir)))
        capture_changes(store)
        services = Services.open(Context(store))
    except BaseException:
        lock.release()
        raise
    return OpenData(data_dir, lock, vault, store, services)


def open_activitywatch(services: Services, spans: SpanSink, tracker: Tracker, testing: bool, log_file: Path | None,
                       webui_dir: Path | None) -> ActivityWatchService:
    """The /api/0 buckets, feeding the window timeline's span store and offering the tracker's windows as a bucket."""
    from .core.activitywatch.ownbucket import OwnWindowBucket
    from .core.activitywatch.service import ActivityWatchService
    from .store.awevents import AwEventStore

    sync_seconds = services.settings.get("autoSaveIntervalSeconds")
    return ActivityWatchService(services, AwEventStore(services.ctx.store, sync_seconds), spans,
                                own_windows=OwnWindowBucket(tracker.timeline_between, services.ctx.now),
                                tracking_windows=lambda: tracker.status()["tracking"],
                                testing=testing, log_file=log_file, webui_dir=webui_dir,
                                release_memory=release_free_memory)


def attach_review(services: Services, registry: Registry, spans: SpanStore, timeline: Timeline,
                  labeler: Callable[[], SpanLabeler]) -> None:
    """The review inbox, timeline summary and rule re-application channels over the window timeline."""
    from .channels import review as review_channels
    from .core.review.reapply import RuleReapply
    from .core.review.service import ReviewService
    from .core.review.totals import TimelineSummary

    review = ReviewService(services.ctx, services.activities, services.projects, services.settings, timeline.pieces)
    summary = TimelineSummary(spans, timeline.stream, services.settings, services.projects, services.categories)
    review_channels.register(registry, review, summary, RuleReapply(spans, labeler, services.ctx.bus))


def activitywatch_doors(host: ApiHost, rest: WsgiApp) -> WsgiApp:
    """/api/0's guard, and the door that answers ActivityWatch's API and web UI, in front of `rest` (the Flask app)."""
    if host.activitywatch is None:
        return rest
    from .http.activitywatch import ActivityWatchDoor
    from .http.awguard import AwGuard
    return AwGuard(ActivityWatchDoor(rest, host.activitywatch, host.own_addresses), host.own_addresses,
                   host.activitywatch.extension_origins)


def flask_app(host: ApiHost) -> Any:
    """The API's Flask app, imported when the first request needs it (see BuiltOnFirstRequest)."""
    from .http.api import create_app

    return create_app(host)


def store_size(data_dir: Path) -> int:
    """Bytes of every file the store keeps in `data_dir`: databases, journals, sealed days, summaries, keys.

    The logs a chosen data folder holds beside them are not the store.
    """
    logs = log_dir(data_dir, data_dir_chosen=True)
    return sum(_file_size(p) for p in data_dir.rglob("*") if not p.is_relative_to(logs))


def _file_size(path: Path) -> int:
    """The size of a file; 0 for a folder or a file replaced meanwhile (a temp file of a write)."""
    try:
        found = path.stat()
    except FileNotFoundError:
        return 0
    return found.st_size if stat.S_ISREG(found.st_mode) else 0


class Runtime:
    """Store, services, channels, events and the HTTP server of one running instance."""

    def __init__(self, data_dir: Path, port: int, log_file: Path | None = None) -> None:
        self.data_dir = data_dir
        self.requested_port = port
        self.log_file = log_file
        self.stopping = threading.Event()
        self.data: OpenData | None = None
        self.registry: Registry | None = None
        self.port = 0
        self._server: ApiServer | None = None
        self._host: ApiHost | None = None
        self._health: FolderHealth | None = None  # the data folder's problems, for /api/v1/health
        self._streams: EventStreams | None = None
        self._workers: list[threading.Thread] = []
        self._starter: threading.Thread | None = None
        self._started: list[Any] = []
        self.tracker: Tracker | None = None
        self.activitywatch: ActivityWatchService | None = None
        self.integrations: IntegrationManager | None = None
        self.onboarding: Onboarding | None = None
        self.aw_testing = False  # `serve --aw-testing`: ActivityWatch's testing semantics on /api/0
        self.aw_webui: Path | None = None  # `serve --aw-webui DIR`: the aw-webui build served at /aw/
        self.sync: SyncWorker | None = None

    @property
    def services(self) -> Services:
        return self._open().services

    def _open(self) -> OpenData:
        if self.data is None:
            raise LightTrackError("LightTrack has not opened its data folder yet.")
        return self.data

    def start(self) -> None:
        """Open the data folder and start serving; raises AlreadyRunning or LightTrackError."""
        from .channels.catalog import build_registry
        from .http.health import HealthFirst
        from .http.invoke import InvokeFirst
        from .http.host import ApiHost
        from .http.events import EventStreams
        from .http.server import ApiServer, BuiltOnFirstRequest, bind_local
        from .channels import activitywatch as activitywatch_channels
        from .channels import tracker as tracker_channels
        from .integrations.manager import IntegrationManager
        from .onboarding import attach as attach_onboarding
        from .sync import attach as attach_sync
        from .tracker.runner import Tracker
        from .core.review.labels import LabelingSink, labeler_for

        limit_malloc_arenas()
        data = self.data = open_data(self.data_dir)
        services = data.services
        self._health = FolderHealth(self.data_dir, services.ctx.store.cipher, HEALTH_SECONDS)
        try:
            registry = self.registry = build_registry(services, self.info)
            self._streams = EventStreams(services.ctx.bus)
            spans = services.spans
            tracker = self.tracker = Tracker(services, spans=spans)
            tracker_channels.register(registry, tracker)
            labeler = labeler_for(services)
            activitywatch = self.activitywatch = open_activitywatch(services, LabelingSink(spans, labeler), tracker,
                                                                    self.aw_testing, self.log_file, self.aw_webui)
            attach_review(services, registry, spans, tracker.timeline, labeler)
            activitywatch_channels.register(registry, activitywatch, tracker.rules, services.categories)
            self.integrations = IntegrationManager(services, data.vault)
            self.integrations.register(registry)
            self.onboarding = attach_onboarding(services, registry, self.data_dir, self.info)
            self.sync = attach_sync(services, data.vault, registry)
            listener = bind_local(self.requested_port)
            self.port = listener.getsockname()[1]
            host = ApiHost(registry, self._streams, api_token(data.vault), resource_dir("web"), self.port,
                           problems=self._problems, activitywatch=activitywatch)
            flask = BuiltOnFirstRequest(lambda: flask_app(host))
            doors = HealthFirst(host, InvokeFirst(host, activitywatch_doors(host, flask)))
            server = self._server = ApiServer(doors, listener)
        except BaseException:
            data.close()
            raise
        self._host = host
        server.start()
        data.lock.publish(self.port)
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

    def _problems(self) -> list[str]:
        """The data folder's problems for /api/v1/health (its files read at most every HEALTH_SECONDS)."""
        return self._health.problems() if self._health is not None else []

    def login_url(self) -> str:
        """The dashboard's address for a browser, with a fresh one-time login code."""
        if self._host is None:
            raise LightTrackError("LightTrack is not serving yet.")
        return self._host.login_url()

    def info(self) -> dict[str, Any]:
        """app:getInfo: where things live and how they are protected."""
        return {"version": __version__, "dataDir": str(self.data_dir), "logFile": str(self.log_file or ""),
                "keyStorage": self._open().vault.backend_label, "encrypted": True, "apiPort": self.port,
                "storeBytes": store_size(self.data_dir)}

    def _components(self) -> list[Any]:
        """The workers with start()/stop(), in start order."""
        if self.data is None:
            return []
        candidates = (self.services.ticker, self.tracker, self.activitywatch, self.integrations, self.onboarding,
                      self.sync)
        return [c for c in candidates if c is not None]

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        worker = threading.Thread(target=target, name=name, daemon=True)
        self._workers.append(worker)
        worker.start()

    def _maintain(self) -> None:
        """Return start-up's scratch memory, then every quarter of an hour what bursts of work freed (a day's window
        spans sealed at midnight, a long export); purge old soft deletes every few hours (startup did once)."""
        if self.stopping.wait(SETTLE_SECONDS):
            return
        release_free_memory()
        purged = time.monotonic()
        while not self.stopping.wait(RELEASE_SECONDS):
            if time.monotonic() - purged >= MAINTENANCE_SECONDS:
                purged = time.monotonic()
                try:
                    self.services.purge_deleted()
                except Exception:
                    log.exception("maintenance failed")
            release_free_memory()
