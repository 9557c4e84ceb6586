"""Snapshots: one device's whole synced state, sealed in parts, so a fresh device need not replay the log.

A device that has pushed and pulled everything (nothing waiting to be sealed or acknowledged)
seals its state one part per file: first the main file's register entries with its clock, then
each month's shard as the file holds it (documents and their register entries) with the time
range it covers. Its state then holds every version up to its cursor, so a device that loads
the snapshot and pulls on from that position holds what replaying the whole log gives: merging
is idempotent, and a version the snapshot already holds changes nothing when it arrives again.

A month the loading device has no file for is written as it came, without being parsed (that
is what makes a bootstrap fast); the main file, and a month it already has, are merged like
pulled versions.
"""

from __future__ import annotations

from collections.abc import Callable

import orjson

from ..store.activities import ActivityRepository, shard_month
from ..store.database import LightDB, Store
from .materialise import Materialiser
from .records import is_synced
from .seal import FORMAT, SealError, Sealer
from .state import RECORDS, SyncState

SNAPSHOT_MIN_ROWS = 2000  # a new snapshot once the log grew by this many versions ...
SNAPSHOT_SHARE = 0.1  # ... and by a tenth of its length, so rewriting it stays a small part of the traffic
SHARD_TABLES = ("activities", RECORDS)


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
        plains = [_main_part(store, state)]
    for month in months:
        with store.transaction():
            plains.append(_month_part(store, month))
    parts = [sealer.seal_part(plain, upto, index, len(plains)) for index, plain in enumerate(plains)]
    with store.transaction():
        return None if state.pending_count() else parts


def _main_part(store: Store, state: SyncState) -> bytes:
    device = state.device() or {}
    return _encode({"f": FORMAT, "month": None, "hlc": device.get("hlc", [0, 0]),
                    "records": list(store.main.table(RECORDS).raw_by_id().values())})


def _month_part(store: Store, month: str) -> bytes:
    shard = store.shard(month)
    tables = {name: shard.table(name).raw_by_id() for name in SHARD_TABLES}
    return _encode({"f": FORMAT, "month": month, "range": ActivityRepository(store).range_of(month)},
                   orjson.dumps(tables))


def _encode(meta: dict, body: bytes = b"") -> bytes:
    return orjson.dumps(meta) + b"\n" + body  # JSON never holds a raw newline: the first one ends the header


def _decode(plain: bytes) -> tuple[dict, bytes]:
    head, _, body = plain.partition(b"\n")
    return orjson.loads(head), body


def _database(store: Store, month: str | None) -> LightDB:
    return store.shard(month) if month is not None else store.main


class SnapshotLoader:
    """Loads the parts of one snapshot. A crash midway loses nothing: the caller moves the cursor only after
    the last part, and a part loaded again changes nothing (a month written whole is merged the second time)."""

    def __init__(self, store: Store, sealer: Sealer, allow_mass_delete: bool,
                 before_mass_delete: Callable[[], object]) -> None:
        self._store = store
        self._sealer = sealer
        self._allow_mass_delete = allow_mass_delete
        self.materialiser = Materialiser(store, before_mass_delete)
        self.newest = [0, 0]
        self.months: dict[str, dict | None] = {}  # month -> its range when written whole, None when merged

    def load(self, upto: int, blobs: list[bytes]) -> bool:
        """Load every part; False (nothing more loaded) when a part does not open or is of another format."""
        for index, blob in enumerate(blobs):
            try:
                meta, body = _decode(self._sealer.open_part(blob, upto, index, len(blobs)))
            except (SealError, orjson.JSONDecodeError):
                return False
            if meta.get("f") != FORMAT:
                return False
            self._load_part(meta, body)
        return True

    def finish(self) -> None:
        """Inside the caller's transaction: make the months known and leave one activity running."""
        ActivityRepository(self._store).adopt_months(self.months)
        if self.months or self.materialiser.touched_activities:
            self.materialiser.settle_running()

    def _load_part(self, meta: dict, body: bytes) -> None:
        month = meta.get("month")
        if month is None:
            self.newest = max(self.newest, list(meta.get("hlc") or [0, 0])[:2])
            self._merge(meta["records"], None)
        elif self._store.install_shard(month, body):
            self.months[month] = meta.get("range")
        else:
            self.months[month] = None
            self._merge(list(orjson.loads(body).get(RECORDS, {}).values()), month)

    def _merge(self, records: list[dict], month: str | None) -> None:
        states = [{"t": e["t"], "id": e["id"], "g": e["g"], "x": e["x"]} for e in records
                  if is_synced(e["t"], e["id"]) and (e["t"] == "activities") == (month is not None)
                  and (month is None or shard_month(e["id"]) == month)]
        with self._store.transaction():
            self.materialiser.apply_all(states, self._allow_mass_delete)
