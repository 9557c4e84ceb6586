"""Snapshots: one device's whole synced state, sealed in parts, so a fresh device need not replay the log.

A device that has pushed and pulled everything (nothing waiting to be sealed or acknowledged)
seals its register entries, and for activities the documents they show, one part per file:
the main file's records, then one part per month. Its state then holds every version up to
its cursor, so a device that loads the snapshot and pulls on from that position holds what
replaying the whole log gives: merging is idempotent, and a version the snapshot already
holds changes nothing when it arrives again.

A month this device holds no records of yet is written as it came (no per-record work: that
is what makes a bootstrap fast); the main file, and a month that already has records here,
are merged like pulled versions.
"""

from __future__ import annotations

from collections.abc import Callable

from ..store.activities import ActivityRepository, shard_month
from ..store.database import LightDB, Store
from .materialise import Materialiser
from .records import is_synced
from .seal import FORMAT, SealError, Sealer
from .state import RECORDS, SyncState, record_ref

SNAPSHOT_MIN_ROWS = 2000  # a new snapshot once the log grew by this many versions ...
SNAPSHOT_SHARE = 0.1  # ... and by a tenth of its length, so rewriting it stays a small part of the traffic


def due(cursor: int, covered: int) -> bool:
    """True when the log grew enough past the snapshot covering it up to `covered` to make a new one."""
    grown = cursor - covered
    return grown >= SNAPSHOT_MIN_ROWS and grown >= SNAPSHOT_SHARE * cursor


def seal_snapshot(store: Store, state: SyncState, sealer: Sealer, upto: int) -> list[bytes] | None:
    """This device's state as sealed parts covering the log up to `upto`; None when an edit is still unsynced.

    Each file is read in a transaction of its own (the store's lock is held a moment per month);
    an edit made meanwhile leaves an outbox mark, and the snapshot is then given up for this round.
    """
    with store.transaction():
        if state.pending_count():
            return None
        months = store.shard_months()
    files: list[str | None] = [None, *months]
    parts = []
    for index, month in enumerate(files):
        with store.transaction():
            parts.append(sealer.seal_part(_part(_database(store, month), month), upto, index, len(files)))
    with store.transaction():
        return None if state.pending_count() else parts


def _part(db: LightDB, month: str | None) -> dict:
    part = {"f": FORMAT, "month": month, "records": list(db.table(RECORDS).raw_by_id().values())}
    if month is not None:
        part["activities"] = list(db.table("activities").raw_by_id().values())
    return part


def _database(store: Store, month: str | None) -> LightDB:
    return store.shard(month) if month is not None else store.main


class SnapshotLoader:
    """Loads the parts of one snapshot, each in a store transaction of its own (a crash midway loses nothing:
    the cursor moves only after the last part, and loading a part again changes nothing)."""

    def __init__(self, store: Store, sealer: Sealer, allow_mass_delete: bool,
                 before_mass_delete: Callable[[], object]) -> None:
        self._store = store
        self._sealer = sealer
        self._allow_mass_delete = allow_mass_delete
        self.materialiser = Materialiser(store, before_mass_delete)
        self.newest = [0, 0]

    def load(self, upto: int, blobs: list[bytes]) -> bool:
        """Load every part; False (nothing more loaded) when a part does not open or is of a newer format."""
        for index, blob in enumerate(blobs):
            try:
                part = self._sealer.open_part(blob, upto, index, len(blobs))
            except SealError:
                return False
            if part.get("f") != FORMAT:
                return False
            with self._store.transaction():
                self._load_part(part)
        return True

    def _load_part(self, part: dict) -> None:
        month = part.get("month")
        records = [e for e in part["records"] if is_synced(e["t"], e["id"])
                   and (e["t"] == "activities") == (month is not None)
                   and (month is None or shard_month(e["id"]) == month)]
        self._note_stamps(records)
        if month is None or _database(self._store, month).table(RECORDS).raw_by_id():
            states = [{"t": e["t"], "id": e["id"], "g": e["g"], "x": e["x"]} for e in records]
            self.materialiser.apply_all(states, self._allow_mass_delete)
            return
        docs = [d for d in part.get("activities", []) if shard_month(d.get("id")) == month]
        _database(self._store, month).table(RECORDS).put_many({record_ref(e["t"], e["id"]): e for e in records})
        ActivityRepository(self._store).put_many(docs)
        self.materialiser.touched_activities = self.materialiser.touched_activities or bool(docs)

    def _note_stamps(self, records: list[dict]) -> None:
        for entry in records:
            for reg in entry["g"].values():
                for element in reg["e"]:
                    if element[2][:2] > self.newest:
                        self.newest = element[2][:2]
