"""Change capture: turns every committed edit of a synced record into register writes and an outbox mark.

Installed as the store's `change_capture`, it runs inside the outermost transaction just
before commit, so the edit, its registers and its outbox mark reach the disk together or
not at all. It compares each document of the written files with the fingerprint it last
saw, so no write path has to remember to call it, and a record that disappeared becomes an
erase op.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

from ..store.database import MAIN_FILE, SHARD_DIR, Store
from ..store.storage import EncryptedJSONStorage
from . import registers
from .clock import HybridClock, system_wall_ms
from .records import KINDS, MAIN_TABLES, digest, doc_digest, is_set_group, is_synced, set_value
from .state import RECORDS, SyncState, record_ref


class LocalWriter:
    """Stamps local writes with this device epoch's dots and clock."""

    def __init__(self, state: SyncState, device: dict, wall_ms: Callable[[], int]) -> None:
        self.state = state
        self.device = device
        self.actor = actor_of(device)
        self.clock = HybridClock(wall_ms, device["hlc"], self.actor, device.get("offsetMs", 0))

    def write(self, entry: dict, table: str, record_id: str, group: str, value: object, stamp: list | None = None) -> None:
        """Write one group locally; the groups of one document edit may share one `stamp`."""
        reg = entry["g"].get(group, registers.EMPTY)
        stamp = stamp or self.clock.tick()
        if is_set_group(table, record_id, group):
            reg = registers.assign_set(reg, cast("Iterable[Any]", value), self.actor, self._dot, stamp)
        else:
            reg = registers.assign(reg, value, self.actor, self._dot(), stamp)
        entry["g"][group] = reg
        entry["b"][group] = digest(value)

    def _dot(self) -> int:
        return self.state.next_counter(self.device)

    def finish(self) -> None:
        self.device["hlc"] = self.clock.last
        self.state.save_device(self.device)


def actor_of(device: dict) -> str:
    return f"{device['deviceId']}.{device['epoch']}"


def new_entry(table: str, record_id: str) -> dict:
    return {"t": table, "id": record_id, "g": {}, "b": {}, "h": None, "x": False}


def capture_doc(writer: LocalWriter, entry: dict, doc: dict) -> bool:
    """Write every group of `doc` that differs from what the registers last showed; True if any did."""
    kind = KINDS[entry["t"]]
    stamp = None
    for group, value in kind.group_values(doc).items():
        if entry["b"].get(group) != digest(value):
            stamp = stamp or writer.clock.tick()
            writer.write(entry, entry["t"], entry["id"], group, value, stamp)
            if is_set_group(entry["t"], entry["id"], group):
                _show_set(kind, entry, group, doc)
    entry["h"] = doc_digest(kind, doc)
    return stamp is not None


def _show_set(kind, entry: dict, group: str, doc: dict) -> None:
    """Put a set field in the order every device shows it, so all copies hold the same document."""
    shown = set_value(group, entry["g"][group])
    doc[kind.scalar or kind.groups[group][0]] = shown
    entry["b"][group] = digest(shown)


def erase(entry: dict) -> None:
    """Turn a record into an erase op: it wins over every version, everywhere."""
    entry.update(g={}, b={}, h=None, x=True)


class ChangeCapture:
    """The store hook; see the module docstring. Runs under the store's lock."""

    def __init__(self, store: Store, wall_ms: Callable[[], int]) -> None:
        self._store = store
        self._wall_ms = wall_ms
        self._state = SyncState(store)

    def __call__(self, storages: list[EncryptedJSONStorage]) -> None:
        device = self._state.device()
        if device is None:
            return
        writer = LocalWriter(self._state, device, self._wall_ms)
        changed: list[tuple[str, str]] = []
        for storage in storages:
            tables = self._tables_of(storage.path)
            if tables:
                data = storage.read() or {}
                refs = capture_tables(writer, data, tables)
                if refs:
                    storage.write(data)
                    changed += refs
        if changed:
            self._state.mark_dirty(changed)
            writer.finish()

    def _tables_of(self, path: Path) -> tuple[str, ...]:
        if path == self._store.data_dir / MAIN_FILE:
            return MAIN_TABLES
        if path.parent == self._store.data_dir / SHARD_DIR:
            return ("activities",)
        return ()


def capture_tables(writer: LocalWriter, data: dict, tables: tuple[str, ...]) -> list[tuple[str, str]]:
    """Capture the edits in one file's raw tables; return the records that changed."""
    entries = data.setdefault(RECORDS, {})
    changed = []
    for table in tables:
        kind = KINDS[table]
        docs = data.get(table, {})
        for record_id, doc in docs.items():
            if not is_synced(table, record_id):
                continue
            ref = record_ref(table, record_id)
            entry = entries.get(ref)
            if entry is not None and entry["h"] == doc_digest(kind, doc):
                continue
            entry = entry or new_entry(table, record_id)
            if capture_doc(writer, entry, doc):
                changed.append((table, record_id))
            entries[ref] = entry
        prefix = table + "/"
        for ref, entry in entries.items():
            if ref.startswith(prefix) and not entry["x"] and entry["id"] not in docs and entry["h"] is not None:
                erase(entry)
                changed.append((table, entry["id"]))
    return changed


def capture_changes(store: Store) -> None:
    """Install the change capture on a freshly opened store (it does nothing until sync is set up)."""
    store.change_capture = ChangeCapture(store, system_wall_ms)
