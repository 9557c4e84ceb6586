"""The Store: one lock, one encrypted TinyDB for small data, monthly activity shards, the span journal."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from tinydb import TinyDB
from tinydb.table import Document, Table

from ..errors import StoreError
from . import transaction
from .crypto import Cipher
from .files import atomic_write, disk_error
from .storage import EncryptedJSONStorage

MAIN_FILE = "lighttrack.db"
SHARD_DIR = "activities"
SHARD_SUFFIX = ".db"
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def require_main_file(data_dir: Path) -> None:
    """Refuse to open a folder whose lighttrack.db is gone while activities or ActivityWatch data remain.

    lighttrack.db indexes the monthly shards and holds projects, settings and buckets: starting without it would
    show an empty app and hide the older months for good.
    """
    if (data_dir / MAIN_FILE).exists():
        return
    remains = [p for d in (SHARD_DIR, "activitywatch") for p in (data_dir / d).rglob("*") if p.is_file()]
    if remains:
        raise StoreError(f"{MAIN_FILE} is missing from {data_dir}, but {len(remains)} file(s) of activities or "
                         f"ActivityWatch events remain. Restore {MAIN_FILE} from a backup (or restore a LightTrack backup "
                         "into a new data folder); LightTrack won't start empty over them.")


class IdTable(Table):
    """A TinyDB table keyed by LightTrack's own string ids (O(1) get by id).

    TinyDB declares document ids as int; the id-based calls are restated here for str ids, the one place that
    bridges the two.
    """

    document_id_class = str  # type: ignore[assignment]

    def get(self, doc_id: str) -> Document | None:  # type: ignore[override]
        """The document `doc_id`, or None."""
        found = super().get(doc_id=cast(int, doc_id))
        return found if isinstance(found, Document) else None

    def contains(self, doc_id: str) -> bool:  # type: ignore[override]
        return super().contains(doc_id=cast(int, doc_id))

    def remove(self, doc_ids: Iterable[str]) -> list[str]:  # type: ignore[override]
        """Remove the documents `doc_ids` (ids not stored are skipped); return the ids removed."""
        return cast(list[str], super().remove(doc_ids=cast(Iterable[int], list(doc_ids))))

    def ids(self) -> list[str]:
        """The ids of every document."""
        return list(self._read_table())

    def by_id(self) -> dict[str, dict[str, Any]]:
        """A copy of every document by id."""
        return {doc_id: dict(doc) for doc_id, doc in self._read_table().items()}

    def raw(self) -> Iterable[dict[str, Any]]:
        """The stored documents themselves, without TinyDB's per-read copies: callers must not mutate them."""
        return self.raw_by_id().values()

    def put(self, doc_id: str, doc: dict[str, Any]) -> None:
        """Insert or wholly replace the document `doc_id`."""
        if self.contains(doc_id=doc_id):
            self.update(_replace_with(doc), doc_ids=[cast(int, doc_id)])
        else:
            self.insert(Document(doc, doc_id=cast(int, doc_id)))


    def put_many(self, docs: dict[str, dict[str, Any]]) -> None:
        """Insert or wholly replace many documents in one table rewrite (`put` rewrites it per call)."""
        if docs:
            self._update_table(lambda table: cast(dict[str, Any], table).update(docs))

    def raw_by_id(self) -> dict[str, dict[str, Any]]:
        """The stored documents by id, without copies: callers must not mutate them."""
        return cast(dict[str, dict[str, Any]], self._read_table())


def _replace_with(doc: dict[str, Any]) -> Callable[[MutableMapping[Any, Any]], None]:
    def replace(current: MutableMapping[Any, Any]) -> None:
        current.clear()
        current.update(doc)
    return replace


class LightDB(TinyDB):
    table_class = IdTable

    def table(self, name: str, **kwargs: Any) -> IdTable:
        return cast(IdTable, super().table(name, **kwargs))


class Store:
    """Every file of a data folder, behind one re-entrant lock.

    Threading contract: any thread may call any method; `transaction()` holds the lock for
    its whole block, and reads should happen inside one too. Writes made inside a
    transaction reach the disk together when the outermost block exits without error,
    before `transaction()` returns; an error drops them all.
    """

    def __init__(self, data_dir: Path, cipher: Cipher, shard_cache: int = 1) -> None:
        self.data_dir = data_dir
        self.cipher = cipher
        self.lock = threading.RLock()
        self._batch = transaction.WriteBatch(data_dir)
        self._shard_cache = shard_cache
        self._main: LightDB | None = None
        self._shards: OrderedDict[str, LightDB] = OrderedDict()
        self._files: dict[str, LightDB] = {}
        # The one seam sync sees record writes through: called with the files written, inside the
        # outermost transaction just before it commits, so what it writes commits with them.
        self.change_capture: Callable[[list[EncryptedJSONStorage]], None] | None = None
        (data_dir / SHARD_DIR).mkdir(parents=True, exist_ok=True)
        transaction.recover(data_dir)

    # -- transactions -------------------------------------------------------
    @property
    def in_transaction(self) -> bool:
        """Whether the calling thread is inside a transaction (only it can be: the block holds the lock)."""
        if not self.lock.acquire(blocking=False):
            return False
        try:
            return self._batch.active
        finally:
            self.lock.release()

    def require_transaction(self, what: str) -> None:
        """Refuse a write to `what` outside this thread's transaction: it would miss the commit and sync's capture."""
        if not self.in_transaction:
            raise StoreError(f"A write to {what} was attempted outside a store transaction.")

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        with self.lock:
            self._batch.depth += 1
            try:
                yield self
            except BaseException:
                self._batch.depth -= 1
                if self._batch.depth == 0:
                    self._rollback()
                raise
            if self._batch.depth == 1:
                self._capture_changes()
            self._batch.depth -= 1
            if self._batch.depth == 0:
                self._commit()
                self._evict()

    def _capture_changes(self) -> None:
        if self.change_capture is None or not self._batch.pending():
            return
        try:
            self.change_capture(self._batch.pending())
        except BaseException:
            self._batch.depth -= 1
            self._rollback()
            raise

    def _commit(self) -> None:
        dirty = self._batch.take()
        try:
            transaction.commit(self.data_dir, dirty)
        except OSError as exc:
            self._rollback()
            raise disk_error(exc, "the change") from None

    def _rollback(self) -> None:
        """Forget every cached file so the next read sees what is on disk."""
        self._batch.take()
        self._main = None
        self._shards.clear()
        self._files.clear()

    # -- files ----------------------------------------------------------------
    def _open(self, path: Path) -> LightDB:
        return LightDB(storage=lambda: EncryptedJSONStorage(path, self.cipher, self._batch))

    @property
    def main(self) -> LightDB:
        if self._main is None:
            self._main = self._open(self.data_dir / MAIN_FILE)
        return self._main

    def table(self, name: str) -> IdTable:
        return self.main.table(name)

    def file(self, name: str) -> LightDB:
        """Return the database kept in the file `name` of the data folder (e.g. sync state)."""
        if name not in self._files:
            self._files[name] = self._open(self.data_dir / name)
        return self._files[name]

    def shard(self, month: str) -> LightDB:
        """Return the activity shard of `month` ('YYYY-MM'), keeping a few recent ones cached."""
        db = self._shards.pop(month, None)
        if db is None:
            db = self._open(self.data_dir / SHARD_DIR / f"{month}{SHARD_SUFFIX}")
        self._shards[month] = db
        self._evict()
        return db

    def _evict(self) -> None:
        """Forget the least recently used shards beyond the cache size, never one with unsaved writes."""
        for month in list(self._shards)[: max(0, len(self._shards) - self._shard_cache)]:
            if not self._batch.is_dirty(cast(EncryptedJSONStorage, self._shards[month].storage).path):
                del self._shards[month]

    def install_shard(self, month: str, plain: bytes) -> bool:
        """Write the whole shard of `month` from its plaintext JSON, when the month has no file yet.

        For a device starting from a sync snapshot: one atomic file write of its own, outside any
        transaction, with no parsing. Return False, writing nothing, when the file exists.
        """
        if not MONTH.fullmatch(month):
            raise StoreError(f"{month[:16]!r} is not a month of activities.")
        path = self.data_dir / SHARD_DIR / f"{month}{SHARD_SUFFIX}"
        with self.lock:
            if self._batch.active:
                raise StoreError("A shard can't be installed inside a transaction.")
            if path.exists():
                return False
            self._shards.pop(month, None)
            try:
                atomic_write(path, self.cipher.seal(plain))
            except OSError as exc:
                raise disk_error(exc, "the synced month") from None
        return True

    def shard_months(self) -> list[str]:
        """Return the months that have a shard file, oldest first."""
        folder = self.data_dir / SHARD_DIR
        return sorted(p.name[: -len(SHARD_SUFFIX)] for p in folder.glob("*" + SHARD_SUFFIX))

    def close(self) -> None:
        with self.lock:
            self._main = None
            self._shards.clear()
            self._files.clear()
