"""What every service shares: the store, its record repositories, the event bus, the clock and the local zone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Protocol

from ..store.database import Store
from ..store.repository import Records, store_records
from .events import EventBus
from .timing.isotime import SystemClock, to_iso


class Clock(Protocol):
    def now(self) -> datetime: ...


@dataclass
class Context:
    store: Store
    bus: EventBus = field(default_factory=EventBus)
    clock: Clock = field(default_factory=SystemClock)
    zone: tzinfo | None = None  # None: the system's local zone
    records: Records = field(init=False)  # the store's repositories: how core reaches every record but activities

    def __post_init__(self) -> None:
        self.records = store_records(self.store)

    def now(self) -> datetime:
        """The current instant, truncated to milliseconds (the store's precision)."""
        now = self.clock.now()
        return now.replace(microsecond=now.microsecond // 1000 * 1000)

    def stamp(self) -> str:
        return to_iso(self.now())
