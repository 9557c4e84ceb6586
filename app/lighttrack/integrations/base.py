"""What every integration is: described fields, a connection test, a sync round, deliveries from the outbox."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..core import validate
from ..core.integrations.connections import Connections
from ..errors import ValidationError
from .transport import CircuitBreaker, Transport, check_url


@dataclass(frozen=True)
class Field:
    """One setting of an integration as the dashboard's form shows it; `secret` ones go to the keyring."""

    name: str
    label: str
    kind: str = "text"  # text | url | list | choice | number | boolean
    secret: bool = False
    required: bool = True
    default: Any = None
    choices: tuple[str, ...] = ()

    def clean(self, value: Any) -> Any:
        if value is None or value == "":
            if self.required:
                raise ValidationError(f"{self.name} is required.")
            return self.default
        if self.kind == "url":
            return check_url(value, self.name)
        if self.kind == "list":
            return validate.names(value, self.name, max_items=200, max_len=300)
        if self.kind == "choice":
            return validate.choice(value, self.name, self.choices)
        if self.kind == "number":
            return validate.number(value, self.name, 0, 10_000_000, integer=True)
        if self.kind == "boolean":
            return validate.boolean(value, self.name)
        return validate.text(value, self.name, 4000)

    def describe(self) -> dict:
        return {"name": self.name, "label": self.label, "kind": self.kind, "secret": self.secret,
                "required": self.required, "default": self.default, "choices": list(self.choices)}


@dataclass
class Env:
    """What the manager gives an integration: the domain, its stored state and a way to make transports."""

    services: Any
    connections: Connections
    sleep: Callable[[float], None]
    timeout: float = 15.0
    breakers: dict[str, CircuitBreaker] = field(default_factory=dict)
    monotonic: Callable[[], float] | None = None


@dataclass(frozen=True)
class Work:
    """A unit of work for the outbox: `kind`, its `payload`, and a `key` that makes a newer one replace it."""

    kind: str
    payload: dict
    key: str | None = None


class Integration(ABC):
    """One remote service. `config` and `secrets` are set by the manager before every use.

    Threading contract: the manager calls `test`, `sync` and `deliver` from one thread at a time;
    `on_event` runs on the publishing thread and must only describe work, never do I/O.
    """

    name = ""
    label = ""
    fields: tuple[Field, ...] = ()
    listens: frozenset[str] = frozenset()  # the app events `on_event` cares about

    def __init__(self, env: Env) -> None:
        self.env = env
        self.services = env.services
        self.config: dict = {}
        self.secrets: dict = {}
        self.retries: int | None = None  # None: the transport's default; 0 while a connect form waits for its answer

    def clean(self, raw: dict) -> tuple[dict, dict]:
        """Split a connect form into (settings, secrets), every field checked."""
        validate.only(raw, {f.name for f in self.fields}, self.name)
        config: dict[str, Any] = {}
        secrets: dict[str, Any] = {}
        for item in self.fields:
            value = item.clean(raw.get(item.name))
            (secrets if item.secret else config)[item.name] = value
        return config, secrets

    def transport(self, base_url: str, headers: dict[str, str]) -> Transport:
        breaker = self.env.breakers.setdefault(self.name, CircuitBreaker(**self._clock()))
        transport = Transport(self.label, base_url, headers, timeout=self.env.timeout, sleep=self.env.sleep, breaker=breaker)
        if self.retries is not None:
            transport.retries = self.retries
        return transport

    def _clock(self) -> dict:
        return {"monotonic": self.env.monotonic} if self.env.monotonic else {}

    @property
    def state(self) -> dict:
        return self.env.connections.get(self.name).get("state", {})

    def save_state(self, state: dict) -> None:
        self.env.connections.update(self.name, state=state)

    @abstractmethod
    def test(self) -> str:
        """Check the connection; return a sentence like 'Connected as Ada.'; raise ServiceError."""

    def sync(self) -> list[Work]:
        """Pull what the service offers and return the work to queue; raise ServiceError."""
        return []

    def deliver(self, item: dict) -> None:
        """Do one outbox item; raise ServiceError (retryable or not)."""

    def refused(self, item: dict, message: str) -> None:
        """An item the service refused for good (a 4xx): record it where the user sees it."""

    def on_event(self, channel: str, data: Any) -> list[Work]:
        """The work an app event asks for (no I/O here)."""
        return []
