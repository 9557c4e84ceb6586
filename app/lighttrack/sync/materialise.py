"""Merging received record versions into the local registers and writing the documents they show.

The domain rules of the conflict table are applied here, when a document is computed from
its registers: a concurrent stop keeps the earliest one, a delete beats a concurrent edit,
privacy switches favour privacy, and two running activities leave only the latest running.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from ..core.timing import worked
from ..core.timing.isotime import from_iso, to_iso
from ..errors import LightTrackError
from ..store.activities import OPEN_END, ActivityRepository, shard_month
from ..store.database import Store
from . import registers
from .capture import new_entry
from .records import KINDS, digest, doc_digest, is_set_group, is_synced, set_value
from .state import RECORDS, record_ref

RUNNING_PROBE = "9999-12-31T00:00:00.000+00:00"
MASS_DELETE_COUNT = 500
MASS_DELETE_SHARE = 0.2
MASS_DELETE_FLOOR = 20  # a handful of deletions in a small data set is not a mass change


class MassDelete(LightTrackError):
    """A pull would delete a large part of the local data; nothing was written."""


def merge_record(entry: dict, state: dict) -> dict:
    """Join a local record entry with a received version (erase wins over everything)."""
    if state.get("x") or entry["x"]:
        return {**entry, "g": {}, "x": True}
    merged = {**entry, "g": dict(entry["g"])}
    for group, reg in state["g"].items():
        merged["g"][group] = registers.merge(entry["g"].get(group, registers.EMPTY), reg)
    return merged


def group_value(table: str, record_id: str, group: str, reg: dict) -> object:
    """The value a register shows, after the domain rules."""
    if is_set_group(table, record_id, group):
        return set_value(group, reg)
    if len(reg["e"]) == 1:
        return reg["e"][0][3]
    values = [e[3] for e in registers.siblings(reg)]
    if len(values) > 1:
        if group == "deleted" and any(v.get("isDeleted") for v in values):
            return next(v for v in values if v.get("isDeleted"))
        if table == "settings" and record_id == "redactTitles":
            return any(values)
        if group == "times" and len({v["startTime"] for v in values}) == 1 and any(v["endTime"] for v in values):
            return min((v for v in values if v["endTime"]), key=lambda v: v["endTime"])
    return registers.winner(reg)


class Materialiser:
    """Applies received versions inside the caller's store transaction, one file rewrite per batch."""

    def __init__(self, store: Store, before_mass_delete: Callable[[], object] | None = None) -> None:
        self._store = store
        self._activities = ActivityRepository(store)
        self._before_mass_delete = before_mass_delete
        self.touched_activities = False

    def apply_all(self, states: list[dict], allow_mass_delete: bool = False) -> None:
        """Merge received versions into the registers and write the documents that changed.

        Raises MassDelete, before writing anything, when the batch would delete more than
        MASS_DELETE_COUNT records or more than a fifth of the records in the files it touches;
        when allowed, such a batch is preceded by `before_mass_delete` (a backup of the files).
        """
        by_file: dict[str | None, list[dict]] = {}
        for state in states:
            table, record_id = state["t"], state["id"]
            if not is_synced(table, record_id) or (table == "activities" and shard_month(record_id) is None):
                continue
            by_file.setdefault(shard_month(record_id) if table == "activities" else None, []).append(state)
        merged = {month: self._merge_file(month, group) for month, group in by_file.items()}
        refusal = _mass_deletion(merged.values())
        if refusal and not allow_mass_delete:
            raise MassDelete(refusal)
        if refusal and self._before_mass_delete is not None:
            self._before_mass_delete()
        for month, (changed, _) in merged.items():
            self._write_file(month, changed)

    def _merge_file(self, month: str | None, states: list[dict]) -> tuple[dict, dict]:
        """Return the merged entries that changed, and the file's entries before."""
        db = self._store.shard(month) if month else self._store.main
        entries = db.table(RECORDS).raw_by_id()
        changed: dict[str, dict[str, Any]] = {}
        for state in states:
            ref = record_ref(state["t"], state["id"])
            entry = changed.get(ref) or entries.get(ref)
            base = dict(entry) if entry is not None else new_entry(state["t"], state["id"])
            merged = merge_record(base, state)
            if entry is None or merged["g"] != entry["g"] or merged["x"] != entry["x"]:
                changed[ref] = merged
        return changed, entries

    def _write_file(self, month: str | None, changed: dict) -> None:
        db = self._store.shard(month) if month else self._store.main
        writes: dict[str, dict[str, dict | None]] = {}
        for entry in changed.values():
            writes.setdefault(entry["t"], {})[entry["id"]] = self.document_for(entry, db)
        db.table(RECORDS).put_many(changed)
        for table, docs in writes.items():
            self._write(table, docs)

    def write_document(self, entry: dict) -> None:
        """Write the document one entry shows (after a local resolution)."""
        month = shard_month(entry["id"]) if entry["t"] == "activities" else None
        db = self._store.shard(month) if month is not None else self._store.main
        self._write(entry["t"], {entry["id"]: self.document_for(entry, db)})

    def document_for(self, entry: dict, db) -> dict | None:
        """The document an entry shows (None: erased); records its fingerprints in the entry."""
        table, record_id = entry["t"], entry["id"]
        kind = KINDS[table]
        if entry["x"]:
            entry.update(b={}, h=None)
            return None
        current = db.table(table).raw_by_id().get(record_id)
        values = {g: group_value(table, record_id, g, reg) for g, reg in entry["g"].items() if reg["e"]}
        doc = kind.document(record_id, values, current)
        if table == "activities":
            doc = self._activity(doc, current)
            self.touched_activities = True
        elif "createdAt" in kind.local and "createdAt" not in doc:
            doc["createdAt"] = doc["updatedAt"] = _first_written(entry)
        entry["b"] = {g: digest(v) for g, v in kind.group_values(doc).items()}
        entry["h"] = doc_digest(kind, doc)
        return doc

    def _activity(self, doc: dict, current: dict | None) -> dict:
        start = from_iso(doc["startTime"])
        end = from_iso(doc["endTime"]) if doc.get("endTime") else None
        fresh = {"syncStatus": "synced", "syncVersion": 1, "updatedAt": doc.get("createdAt")}
        merged = {**fresh, **(current or {}), **doc}
        return worked.with_times(merged, start, end)

    def _write(self, table: str, docs: dict[str, dict | None]) -> None:
        gone = [record_id for record_id, doc in docs.items() if doc is None]
        kept = {record_id: doc for record_id, doc in docs.items() if doc is not None}
        if table == "activities":
            if self._activities.running_id() in gone:
                self._activities.set_running(None)
            if gone:
                self._activities.remove(gone)
            self._activities.put_many(list(kept.values()))
        else:
            self._store.table(table).remove(doc_ids=[i for i in gone if self._store.table(table).contains(doc_id=i)])
            self._store.table(table).put_many(kept)

    def settle_running(self) -> None:
        """Leave one running activity: the latest started; the others end where it began.

        The ends are written as ordinary local edits (the change capture sees them), so every
        device that settles the same pair writes the same value and the choice sticks.
        """
        running = [d for d in self._activities.overlapping(RUNNING_PROBE, OPEN_END)
                   if not d.get("endTime") and not d.get("isDeleted")]
        if not running:
            if self._activities.running_id() is not None:
                self._activities.set_running(None)
            return
        latest = max(running, key=lambda d: (d["startTime"], d["id"]))
        for doc in running:
            if doc is not latest:
                ended = worked.with_times(doc, from_iso(doc["startTime"]), max(from_iso(latest["startTime"]),
                                                                                 from_iso(doc["startTime"])))
                ended["metadata"] = {**(doc.get("metadata") or {}), "syncStoppedBy": latest["id"]}
                self._activities.put(ended)
        self._activities.set_running(latest["id"])


def _mass_deletion(files) -> str | None:
    """Why the batch is a mass deletion, or None."""
    deleted = total = 0
    for changed, before in files:
        total += sum(1 for entry in before.values() if not _is_deleted(entry))
        deleted += sum(1 for ref, entry in changed.items() if _is_deleted(entry)
                       and ref in before and not _is_deleted(before[ref]))
    if deleted > MASS_DELETE_COUNT or (deleted > MASS_DELETE_FLOOR and deleted > MASS_DELETE_SHARE * total):
        return (f"Sync stopped: the changes from other devices would delete {deleted} of {total} records. "
                "If that is what you meant, run `lighttrack sync now --allow-mass-delete`.")
    return None


def _is_deleted(entry: dict) -> bool:
    if entry["x"]:
        return True
    reg = entry["g"].get("deleted")
    value = group_value(entry["t"], entry["id"], "deleted", reg) if reg and reg["e"] else None
    return isinstance(value, dict) and bool(value.get("isDeleted"))


def _first_written(entry: dict) -> str:
    """When the record was first written anywhere, as far as its registers tell (a copy's creation time)."""
    wall = min((e[2][0] for reg in entry["g"].values() for e in reg["e"]), default=0)
    return to_iso(datetime.fromtimestamp(wall / 1000, timezone.utc))
