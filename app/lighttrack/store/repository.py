"""Repositories: the one way core reaches the records of the main file, each table named once below.

A repository is a keyed collection of JSON documents (one per record id) with the reads and writes core needs.
Two implementations keep the same contract, checked by one test suite run over both: `StoreRepository` on the
encrypted TinyDB file of a `Store`, and `MemoryRepository` in memory. Writes are refused outside a transaction of
their unit, so every write reaches the disk (and sync's change capture) together with the rest of its transaction.
Returned documents are the caller's own copies; `view()` is the one read without copies, for hot paths that only
look.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, fields
from typing import Any, Protocol

from ..errors import StoreError
from .database import Store

Doc = dict[str, Any]
Transaction = Callable[[], AbstractContextManager[object]]


class Repository(Protocol):
    """A table of documents by string id; iteration follows insertion order (a replaced document keeps its place).

    Threading contract: any thread; writes only inside the unit's transaction, which holds its lock.
    """

    name: str

    def get(self, record_id: str) -> Doc | None:
        """A copy of the document `record_id`, or None."""

    def contains(self, record_id: str) -> bool:
        """Whether `record_id` is stored."""

    def ids(self) -> list[str]:
        """Every stored id."""

    def all(self) -> list[Doc]:
        """Copies of every document."""

    def by_id(self) -> dict[str, Doc]:
        """Copies of every document by id."""

    def view(self) -> Mapping[str, Mapping[str, Any]]:
        """The stored documents by id without copies: valid until the next write, never to be mutated."""

    def put(self, record_id: str, doc: Mapping[str, Any]) -> None:
        """Insert or wholly replace the document `record_id` with a copy of `doc`."""

    def put_many(self, docs: Mapping[str, Mapping[str, Any]]) -> None:
        """Insert or wholly replace many documents in one write."""

    def remove(self, record_ids: Iterable[str]) -> list[str]:
        """Remove the documents `record_ids` (ids not stored are skipped); return the ids removed."""


def detached(doc: Mapping[str, Any]) -> Doc:
    """A copy of `doc` sharing no dict or list with it (documents are JSON: no other mutable values)."""
    return {key: _detached_value(value) for key, value in doc.items()}


def _detached_value(value: Any) -> Any:
    if isinstance(value, dict):
        return detached(value)
    if isinstance(value, list):
        return [_detached_value(item) for item in value]
    return value


class StoreRepository:
    """One table of the Store's encrypted main file."""

    def __init__(self, store: Store, name: str) -> None:
        self._store = store
        self.name = name

    def get(self, record_id: str) -> Doc | None:
        with self._store.lock:
            doc = self._store.table(self.name).raw_by_id().get(record_id)
            return detached(doc) if doc is not None else None

    def contains(self, record_id: str) -> bool:
        with self._store.lock:
            return record_id in self._store.table(self.name).raw_by_id()

    def ids(self) -> list[str]:
        with self._store.lock:
            return self._store.table(self.name).ids()

    def all(self) -> list[Doc]:
        with self._store.lock:
            return [detached(doc) for doc in self._store.table(self.name).raw()]

    def by_id(self) -> dict[str, Doc]:
        with self._store.lock:
            return {key: detached(doc) for key, doc in self._store.table(self.name).raw_by_id().items()}

    def view(self) -> Mapping[str, Mapping[str, Any]]:
        with self._store.lock:
            return self._store.table(self.name).raw_by_id()

    def put(self, record_id: str, doc: Mapping[str, Any]) -> None:
        self._check_transaction()
        self._store.table(self.name).put_many({record_id: detached(doc)})

    def put_many(self, docs: Mapping[str, Mapping[str, Any]]) -> None:
        self._check_transaction()
        self._store.table(self.name).put_many({key: detached(doc) for key, doc in docs.items()})

    def remove(self, record_ids: Iterable[str]) -> list[str]:
        self._check_transaction()
        table = self._store.table(self.name)
        present = [key for key in dict.fromkeys(record_ids) if key in table.raw_by_id()]
        return table.remove(present) if present else []

    def _check_transaction(self) -> None:
        self._store.require_transaction(self.name)


class MemoryUnit:
    """The tables of a MemoryRepository set, one re-entrant lock and the Store's transaction semantics.

    A transaction holds the lock for its whole block; when the outermost block raises, every write made since it
    began is undone (an inner block's error caught inside the outer one keeps its writes, as in the Store).
    """

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.tables: dict[str, dict[str, Doc]] = {}
        self._depth = 0
        self._saved: dict[str, dict[str, Doc]] | None = None

    @property
    def in_transaction(self) -> bool:
        """Whether the calling thread is inside a transaction (only it can be: the block holds the lock)."""
        if not self.lock.acquire(blocking=False):
            return False
        try:
            return self._depth > 0
        finally:
            self.lock.release()

    @contextmanager
    def transaction(self) -> Iterator[MemoryUnit]:
        with self.lock:
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._leave(rollback=True)
                raise
            self._leave(rollback=False)

    def table(self, name: str) -> dict[str, Doc]:
        return self.tables.setdefault(name, {})

    def before_write(self, name: str) -> None:
        """Refuse a write outside this thread's transaction; keep the tables as the outermost transaction found them,
        once, before its first write (the caller then holds the lock)."""
        if not self.in_transaction:
            raise StoreError(f"A write to {name} was attempted outside a store transaction.")
        if self._saved is None:
            self._saved = {key: dict(table) for key, table in self.tables.items()}

    def _leave(self, rollback: bool) -> None:
        self._depth -= 1
        if self._depth:
            return
        if rollback and self._saved is not None:
            self.tables = self._saved
        self._saved = None


class MemoryRepository:
    """One table of a MemoryUnit; documents are stored and returned as copies, so no caller shares them."""

    def __init__(self, unit: MemoryUnit, name: str) -> None:
        self._unit = unit
        self.name = name

    def get(self, record_id: str) -> Doc | None:
        with self._unit.lock:
            doc = self._unit.table(self.name).get(record_id)
            return detached(doc) if doc is not None else None

    def contains(self, record_id: str) -> bool:
        with self._unit.lock:
            return record_id in self._unit.table(self.name)

    def ids(self) -> list[str]:
        with self._unit.lock:
            return list(self._unit.table(self.name))

    def all(self) -> list[Doc]:
        with self._unit.lock:
            return [detached(doc) for doc in self._unit.table(self.name).values()]

    def by_id(self) -> dict[str, Doc]:
        with self._unit.lock:
            return {key: detached(doc) for key, doc in self._unit.table(self.name).items()}

    def view(self) -> Mapping[str, Mapping[str, Any]]:
        with self._unit.lock:
            return self._unit.table(self.name)

    def put(self, record_id: str, doc: Mapping[str, Any]) -> None:
        self.put_many({record_id: doc})

    def put_many(self, docs: Mapping[str, Mapping[str, Any]]) -> None:
        self._unit.before_write(self.name)
        with self._unit.lock:
            self._unit.table(self.name).update({key: detached(doc) for key, doc in docs.items()})

    def remove(self, record_ids: Iterable[str]) -> list[str]:
        self._unit.before_write(self.name)
        with self._unit.lock:
            table = self._unit.table(self.name)
            return [key for key in dict.fromkeys(record_ids) if table.pop(key, None) is not None]


@dataclass(frozen=True)
class Records:
    """The registry: one repository per record type of the main file, each table named once here.

    `transaction` opens the unit of work every repository's writes belong to (the Store's own transaction for
    the encrypted file).
    """

    transaction: Transaction
    projects: Repository = field(metadata={"table": "projects"})
    clients: Repository = field(metadata={"table": "clients"})
    tags: Repository = field(metadata={"table": "tags"})
    categories: Repository = field(metadata={"table": "categories"})
    goals: Repository = field(metadata={"table": "goals"})
    rules: Repository = field(metadata={"table": "rules"})
    settings: Repository = field(metadata={"table": "settings"})
    meta: Repository = field(metadata={"table": "meta"})
    integrations: Repository = field(metadata={"table": "integrations"})
    outbox: Repository = field(metadata={"table": "outbox"})
    external_items: Repository = field(metadata={"table": "external_items"})
    jira_worklogs: Repository = field(metadata={"table": "jira_worklogs"})
    jira_links: Repository = field(metadata={"table": "jira_links"})
    review_rejected: Repository = field(metadata={"table": "review_rejected"})
    export_history: Repository = field(metadata={"table": "exportHistory"})
    aw_settings: Repository = field(metadata={"table": "awsettings"})
    tracker_memory: Repository = field(metadata={"table": "tracker"})
    device_names: Repository = field(metadata={"table": "devices"})  # written by sync

    @classmethod
    def tables(cls) -> dict[str, str]:
        """Table name by attribute, for every repository."""
        return {f.name: f.metadata["table"] for f in fields(cls) if "table" in f.metadata}

    def named(self, table: str) -> Repository:
        """The repository of the table `table` (for code that walks several tables, like backups)."""
        for attribute, name in self.tables().items():
            if name == table:
                repository: Repository = getattr(self, attribute)
                return repository
        raise StoreError(f"No repository keeps the table {table[:64]!r}.")


def store_records(store: Store) -> Records:
    """Every repository over the Store's encrypted main file, written in the Store's transactions."""
    return Records(store.transaction, **{a: StoreRepository(store, t) for a, t in Records.tables().items()})


def memory_records() -> Records:
    """Every repository in memory, sharing one MemoryUnit (its lock and transactions)."""
    unit = MemoryUnit()
    return Records(unit.transaction, **{a: MemoryRepository(unit, t) for a, t in Records.tables().items()})
