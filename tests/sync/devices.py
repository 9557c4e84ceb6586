"""A device for sync tests: a data folder with its services, fake clocks and a sync engine."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from support import FakeClock, open_services

from lighttrack.store.activities import ActivityRepository
from lighttrack.store.crypto import new_key
from lighttrack.sync.engine import SyncEngine
from lighttrack.sync.windows import window_activity
from lighttrack.sync.records import KINDS, MAIN_TABLES, is_synced

PASSPHRASE = "correct horse battery staple"
CHEAP_KDF = {"name": "argon2id", "iterations": 1, "lanes": 1, "memory_kib": 8192}


class MemorySecrets:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def set(self, name: str, value: str) -> None:
        self.values[name] = value


class Device:
    """One data folder: `services` for edits, `sync` for rounds; `clock` is both the domain and wall clock."""

    def __init__(self, folder: Path, start: datetime | None = None) -> None:
        self.folder = folder
        self.key = new_key()
        self.clock = FakeClock(start or datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc))
        self.skew = timedelta(0)
        self.secrets = MemorySecrets()
        self.open()

    def wall_ms(self) -> int:
        return int((self.clock.now() + self.skew).timestamp() * 1000)

    def open(self) -> None:
        self.services = open_services(self.folder, clock=self.clock, key=self.key)
        self.sync = SyncEngine(self.services.ctx.store, self.secrets, self.wall_ms,
                               windows=window_activity(self.services))

    def reopen(self) -> None:
        """What a restart sees: only the files on disk."""
        self.close()
        self.open()

    def close(self) -> None:
        self.sync.close()
        self.services.ctx.store.close()

    def setup(self, dsn: str, passphrase: str = PASSPHRASE) -> dict:
        return self.sync.setup(dsn, passphrase, CHEAP_KDF)

    def raw(self, activity_id: str) -> dict | None:
        """The stored activity, deleted or not."""
        with self.services.ctx.store.transaction():
            return ActivityRepository(self.services.ctx.store).get(activity_id)

    def snapshot(self) -> dict[str, dict]:
        """Every synced record as the user sees it (per-copy fields left out), deleted ones too."""
        store = self.services.ctx.store
        with store.transaction():
            tables = {"activities": {d["id"]: dict(d) for d in ActivityRepository(store).every()}}
            for table in MAIN_TABLES:
                if table == "devices":
                    continue  # a device's name reaches the others one round after it joined (test_devices)
                tables[table] = {d.doc_id: dict(d) for d in store.table(table).all() if is_synced(table, d.doc_id)}
        return {t: {i: {k: v for k, v in d.items() if k not in KINDS[t].local or k == "id"} for i, d in docs.items()}
                for t, docs in tables.items()}
