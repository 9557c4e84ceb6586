"""The integration manager: connect/disconnect/test, the outbox, the 5-minute sync worker, status events."""

from __future__ import annotations

import builtins  # the class's own `list` method hides the type in annotations
import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from ..core.integrations.connections import Connections
from ..core.integrations.outbox import Outbox
from ..errors import NotFoundError, ValidationError
from ..store.vault import SecretVault
from .base import Env, Integration, Work
from .calendar import CalendarIntegration
from .github import GitHubIntegration
from .jira import JiraIntegration
from .slack import SlackIntegration
from .transport import ServiceError

log = logging.getLogger(__name__)

KINDS: tuple[type[Integration], ...] = (JiraIntegration, GitHubIntegration, SlackIntegration, CalendarIntegration)
PERIOD = 300.0
STATUS_EVENT = "sync-status-changed"


class IntegrationManager:
    """Every integration of one data folder.

    Threading contract: channel calls come from API threads, events from any publisher, rounds from
    the worker; one lock serialises every remote call, so one service sees one request at a time.
    """

    def __init__(self, services, vault: SecretVault, period: float = PERIOD, sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] | None = None, timeout: float = 15.0,
                 kinds: tuple[type[Integration], ...] = KINDS) -> None:
        self.services = services
        self._ctx = services.ctx
        self._vault = vault
        self.period = period
        self.connections = Connections(self._ctx)
        self.outbox = Outbox(self._ctx)
        env = Env(services, self.connections, sleep, timeout, monotonic=monotonic)
        self.integrations: dict[str, Integration] = {kind.name: kind(env) for kind in kinds}
        self._lock = threading.RLock()
        self._wake = threading.Event()
        self._round_wanted = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._unsubscribe = self._ctx.bus.subscribe(self._on_event)

    def register(self, registry) -> None:
        from . import channels
        channels.register(registry, self)

    # -- lifecycle ------------------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="lighttrack-integrations", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        self._unsubscribe()
        if self._thread is not None:
            self._thread.join(timeout=20)

    def _run(self) -> None:
        next_round = time.monotonic()
        while not self._stopping.is_set():
            try:
                if self._round_wanted.is_set() or time.monotonic() >= next_round:
                    self._round_wanted.clear()
                    self.sync_all()
                    next_round = time.monotonic() + self.period
                else:
                    self.deliver_all()
            except Exception:
                log.exception("integration round failed")
            self._wake.wait(min(30.0, max(next_round - time.monotonic(), 0.1)))
            self._wake.clear()

    # -- channels -------------------------------------------------------------------------
    def list(self) -> list[dict]:
        return [self.status(name) for name in self.integrations]

    def status(self, name: object) -> dict:
        integration = self._get(name)
        doc = self.connections.get(integration.name)
        circuit = self._paused(integration.name)
        return {"name": integration.name, "label": integration.label, "connected": doc["connected"],
                "config": doc["config"], "fields": [f.describe() for f in integration.fields],
                "state": "paused" if circuit else doc["status"].get("state", "connected" if doc["connected"] else "disconnected"),
                "lastSyncAt": doc["status"].get("lastSyncAt"), "lastError": doc["status"].get("lastError"),
                "lastErrorAt": doc["status"].get("lastErrorAt"), "pending": self.outbox.count(integration.name)}

    def connect(self, name: object, raw: object) -> dict:
        """Check the form, try the service, keep settings in the store and secrets in the keyring."""
        integration = self._get(name)
        if not isinstance(raw, dict):
            raise ValidationError("config must be an object.")
        config, secrets = integration.clean(self._with_kept_secrets(integration, raw))
        with self._lock:
            integration.config, integration.secrets = config, secrets
            integration.retries = 0  # the person at the form waits: one try, the worker retries later
            try:
                message = integration.test()
            except ServiceError as exc:
                if not exc.retryable:
                    raise ValidationError(str(exc)) from None
                message = None  # offline now: keep the connection, sync when the service is back
            finally:
                integration.retries = None
            for key, value in secrets.items():
                self._vault.set(self._secret_name(integration.name, key), value)
            self.connections.update(integration.name, connected=True, config=config, state={}, status={})
        self._record(integration.name, None if message else "Saved, but the service could not be reached yet.")
        self._round_wanted.set()  # a new connection shows its data now, not at the next 5-minute round
        self._wake.set()
        return {**self.status(integration.name), "message": message}

    def disconnect(self, name: object) -> dict:
        """Forget the settings, the secrets and the queued work of an integration."""
        integration = self._get(name)
        with self._lock:
            for item in integration.fields:
                if item.secret:
                    self._vault.delete(self._secret_name(integration.name, item.name))
            self.outbox.drop(integration.name)
            self.connections.remove(integration.name)
        self._publish(integration.name)
        return self.status(integration.name)

    def test(self, name: object) -> dict:
        integration = self._ready(name)
        with self._lock:
            try:
                message = integration.test()
            except ServiceError as exc:
                self._record(integration.name, str(exc))
                return {"ok": False, "message": str(exc)}
        self._record(integration.name, None)
        return {"ok": True, "message": message}

    def sync_now(self, name: object = None) -> builtins.list[dict[str, Any]]:
        """Run a sync round now (one integration, or every connected one)."""
        names = [self._ready(name).name] if name is not None else None
        return self.sync_all(names)

    # -- rounds -----------------------------------------------------------------------------
    def sync_all(self, names: builtins.list[str] | None = None) -> builtins.list[dict[str, Any]]:
        for name in names or self._connected():
            with self._lock:
                self._sync(name)
        return [self.status(n) for n in names or self._connected()]

    def deliver_all(self) -> None:
        """Deliver what is due in every outbox; the status changes only when something happened."""
        for name in self._connected():
            with self._lock:
                worked, error = self._deliver(self._prepared(name))
                if worked:
                    self._record(name, error)

    def _sync(self, name: str) -> None:
        integration = self._prepared(name)
        self._status(name, state="syncing")
        try:
            for work in integration.sync():
                self.outbox.add(name, work.kind, work.payload, work.key)
            error = self._deliver(integration)[1]
        except ServiceError as exc:
            error = str(exc)
            log.warning("%s sync failed: %s", name, error)
        self._record(name, error, synced=True)

    def _deliver(self, integration: Integration) -> tuple[int, str | None]:
        """Deliver the due items in order, stopping at the first that must wait; return (attempts, last error)."""
        error, attempts = None, 0
        for item in self.outbox.due(integration.name, self._ctx.now()):
            attempts += 1
            try:
                integration.deliver(item)
            except ServiceError as exc:
                error = str(exc)
                if exc.retryable:
                    until = self._ctx.now() + timedelta(seconds=exc.retry_after) if exc.retry_after else None
                    self.outbox.postpone(item, error, until)
                    break
                log.warning("%s refused a %s item: %s", integration.name, item["kind"], error)
                integration.refused(item, error)
            self.outbox.done(item["id"])
        return attempts, error

    def enqueue(self, name: str, work: Work) -> None:
        """Queue work for `name` and wake the worker."""
        self.outbox.add(name, work.kind, work.payload, work.key)
        self._wake.set()

    def _on_event(self, channel: str, data: Any) -> None:
        interested = [i for i in self.integrations.values() if channel in i.listens]
        if not interested:
            return
        queued = False
        for integration in interested:
            if not self.connections.get(integration.name)["connected"]:
                continue
            for work in integration.on_event(channel, data):
                self.outbox.add(integration.name, work.kind, work.payload, work.key)
                queued = True
        if queued:
            self._wake.set()

    # -- helpers ------------------------------------------------------------------------------
    def _get(self, name: object) -> Integration:
        integration = self.integrations.get(name) if isinstance(name, str) else None
        if integration is None:
            raise NotFoundError(f"No integration named {str(name)[:64]!r}; there are {', '.join(self.integrations)}.")
        return integration

    def _ready(self, name: object) -> Integration:
        integration = self._get(name)
        if not self.connections.get(integration.name)["connected"]:
            raise ValidationError(f"{integration.label} is not connected.")
        return self._prepared(integration.name)

    def _prepared(self, name: str) -> Integration:
        integration = self.integrations[name]
        integration.config = self.connections.get(name)["config"]
        integration.secrets = {f.name: self._vault.get(self._secret_name(name, f.name))
                               for f in integration.fields if f.secret}
        return integration

    def _with_kept_secrets(self, integration: Integration, raw: dict) -> dict:
        """A form that leaves a secret empty keeps the one in the keyring (edit settings without retyping it)."""
        kept = {}
        for item in integration.fields:
            if item.secret and not raw.get(item.name):
                stored = self._vault.get(self._secret_name(integration.name, item.name))
                if stored:
                    kept[item.name] = stored
        return {**raw, **kept}

    def _connected(self) -> builtins.list[str]:
        return [name for name in self.integrations if self.connections.get(name)["connected"]]

    def _paused(self, name: str) -> bool:
        breaker = self.integrations[name].env.breakers.get(name)
        return bool(breaker and breaker.is_open)

    @staticmethod
    def _secret_name(integration: str, field: str) -> str:
        return f"integration:{integration}:{field}"

    def _status(self, name: str, **fields) -> None:
        doc = self.connections.get(name)
        if doc["connected"]:
            self.connections.update(name, status={**doc["status"], **fields})
            self._publish(name)

    def _record(self, name: str, error: str | None, synced: bool = False) -> None:
        stamp = self._ctx.stamp()
        fields: dict = {"state": "error" if error else "ok", "lastError": error}
        if error:
            fields["lastErrorAt"] = stamp
        if synced:
            fields["lastSyncAt"] = stamp
        self._status(name, **fields)

    def _publish(self, name: str) -> None:
        self._ctx.bus.publish(STATUS_EVENT, {"integration": name, "status": self.status(name)})
