"""This device's sync state, kept in the encrypted data folder and written in store transactions.

`sync.db` holds the device (ids, epoch, counter, cursor, clock), the records waiting to be
sealed (`dirty`) and the sealed versions not yet acknowledged (`sealed`). Each record's
registers sit beside the record itself, in the table `sync_records` of the same file, so an
edit, its registers and its outbox mark always commit together.
"""

from __future__ import annotations

import base64
from typing import cast

from tinydb.table import Document

from ..errors import ConflictError
from ..store.database import Store

STATE_FILE = "sync.db"
RECORDS = "sync_records"
SELF = "self"


class NotConfigured(ConflictError):
    """Sync was never set up for this data folder: a state to change first (409), not a fault."""


def record_ref(table: str, record_id: str) -> str:
    return f"{table}/{record_id}"


class SyncState:
    """Reads and writes `sync.db`; callers hold a store transaction."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def _db(self):
        return self._store.file(STATE_FILE)

    def device(self) -> dict | None:
        doc = self._db.table("device").get(doc_id=SELF)
        return dict(doc) if doc is not None else None

    def require_device(self) -> dict:
        """The device, which sync setup made; refused before that."""
        device = self.device()
        if device is None:
            raise NotConfigured("Sync is not set up: run `lighttrack sync setup --dsn DSN` first.")
        return device

    def save_device(self, device: dict) -> None:
        self._db.table("device").put(SELF, device)

    def next_counter(self, device: dict) -> int:
        """Hand out this epoch's next counter (dots and sealed versions share it)."""
        device["counter"] += 1
        return device["counter"]

    def mark_dirty(self, refs: list[tuple[str, str]]) -> None:
        table = self._db.table("dirty")
        known = {doc.doc_id for doc in table.all()}
        fresh = {record_ref(kind, record_id): {"t": kind, "id": record_id} for kind, record_id in refs}
        table.insert_multiple(Document(doc, doc_id=cast(int, ref)) for ref, doc in fresh.items() if ref not in known)

    def dirty(self) -> list[dict]:
        return [dict(d) for d in self._db.table("dirty").all()]

    def clear_dirty(self, refs: list[str]) -> None:
        self._db.table("dirty").remove(doc_ids=refs)

    def add_sealed(self, rows: list[tuple[int, bytes, bytes]]) -> None:
        """Keep sealed versions `(counter, record key, blob)` until the server acknowledges them."""
        self._db.table("sealed").insert_multiple(
            Document({"counter": counter, "rk": _b64(rk), "blob": _b64(blob)}, doc_id=cast(int, str(counter)))
            for counter, rk, blob in rows)

    def sealed(self) -> list[dict]:
        rows = [{"counter": d["counter"], "rk": _unb64(d["rk"]), "blob": _unb64(d["blob"])}
                for d in self._db.table("sealed").all()]
        return sorted(rows, key=lambda r: r["counter"])

    def acknowledge(self, counters: list[int]) -> None:
        self._db.table("sealed").remove(doc_ids=[str(c) for c in counters])

    def pending_count(self) -> int:
        return len(self._db.table("dirty")) + len(self._db.table("sealed"))

    def drop_sealed(self) -> None:
        self._db.table("sealed").truncate()

    def sent_days(self) -> dict[str, int]:
        """The days of window activity on the server, with when their file had last changed then (ns)."""
        return {str(doc.doc_id): doc["changed"] for doc in self._db.table("span_days").all()}

    def note_sent_days(self, days: dict[str, int]) -> None:
        self._db.table("span_days").put_many({day: {"changed": changed} for day, changed in days.items()})


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text)
