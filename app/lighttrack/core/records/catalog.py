"""Named records kept in the main store file (projects, tags, categories, goals): one CRUD pattern."""

from __future__ import annotations

import secrets
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar, cast

from ...errors import ConflictError, NotFoundError, ValidationError
from ...store.repository import Records, Repository
from .. import validate
from ..context import Context
from .palette import next_color

R = TypeVar("R", bound=Mapping[str, Any])


class Catalog(ABC, Generic[R]):
    """Create/read/update/soft-delete of one kind of named record.

    Subclasses pick their repository and clean the fields (`clean(data, current)` returns the
    validated fields present in `data`). Names are unique, ignoring case, among live records.
    `R` is the record's shape at the surface (records/shapes.py): documents are plain dicts inside,
    typed where they leave.
    """

    kind = ""
    event = ""
    unique_names = True
    protected: frozenset[str] = frozenset()

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    @property
    def _table(self) -> Repository:
        return self.repository(self._ctx.records)

    @staticmethod
    @abstractmethod
    def repository(records: Records) -> Repository:
        """The repository this kind of record lives in."""

    def all(self, include_deleted: bool = False) -> list[R]:
        with self._ctx.store.transaction():
            docs = [d for d in self._table.all() if include_deleted or not d.get("isDeleted")]
        return [self.typed(d) for d in sorted(docs, key=lambda d: (d.get("name") or "").lower())]

    def get(self, record_id: object) -> R:
        with self._ctx.store.transaction():
            return self.typed(self._live(record_id))

    def typed(self, doc: dict[str, Any]) -> R:
        """A stored document as the record it is (the store keeps JSON; its shape was checked on the way in)."""
        return cast(R, doc)

    def existing_id(self, record_id: object, field: str) -> str | None:
        """Check that `record_id` (may be None) names a live record; for fields of other records."""
        if record_id is None:
            return None
        checked = validate.ident(record_id, field)
        with self._ctx.store.transaction():
            doc = self._table.view().get(checked)
        if doc is None or doc.get("isDeleted"):
            raise ValidationError(f"{field}: there is no {self.kind} with id {record_id!r}.")
        return checked

    def create(self, data: object) -> R:
        data = validate.obj(data, "data")
        with self._ctx.store.transaction():
            data, follow_up = self.resolve(data)
            doc = self.insert(self.clean(data, None))
        follow_up()
        self._publish("created", doc)
        return doc

    def insert(self, fields: dict[str, Any], record_id: str | None = None) -> R:
        """Store a new record from validated `fields`, inside the caller's transaction; no event."""
        self._check_name(fields.get("name"), None)
        stamp = self._ctx.stamp()
        doc = {"id": record_id or secrets.token_hex(8), **self.defaults(), **fields,
               "isDeleted": False, "createdAt": stamp, "updatedAt": stamp}
        self._table.put(doc["id"], doc)
        return self.typed(doc)

    def update(self, record_id: object, updates: object) -> R:
        updates = validate.obj(updates, "updates")
        with self._ctx.store.transaction():
            current = self._live(record_id)
            updates, follow_up = self.resolve(updates)
            fields = self.clean(updates, current)
            self._check_name(fields.get("name"), current["id"])
            doc = {**current, **fields, "updatedAt": self._ctx.stamp()}
            self._table.put(doc["id"], doc)
            self.after_update(current, doc)
        follow_up()
        self._publish("updated", doc)
        return self.typed(doc)

    def delete(self, record_id: object) -> R:
        with self._ctx.store.transaction():
            current = self._live(record_id)
            if current["id"] in self.protected:
                raise ConflictError(f"The built-in {self.kind} can't be deleted.")
            doc = {**current, "isDeleted": True, "deletedAt": self._ctx.stamp()}
            self._table.put(doc["id"], doc)
            follow_up = self.after_delete(doc)
        self._publish("deleted", doc)
        follow_up()
        return self.typed(doc)

    def amend(self, record_id: str, fields: dict[str, Any]) -> R:
        """Change checked `fields` of one live record inside the caller's transaction; no event."""
        doc = {**self._live(record_id), **fields, "updatedAt": self._ctx.stamp()}
        self._table.put(doc["id"], doc)
        return self.typed(doc)

    def reassign(self, field: str, old: str, new: str | None) -> list[R]:
        """Point every live record whose `field` is `old` at `new`, inside the caller's transaction; no event.

        Return the changed records (the caller publishes their updates once its transaction committed)."""
        stamp = self._ctx.stamp()
        changed = [{**doc, field: new, "updatedAt": stamp} for doc in self._table.view().values()
                   if doc.get(field) == old and not doc.get("isDeleted")]
        self._table.put_many({doc["id"]: doc for doc in changed})
        return [self.typed(doc) for doc in changed]

    def publish_changes(self, verb: str, docs: Sequence[Mapping[str, Any]]) -> None:
        """The events of changes made by `amend`/`reassign`, once the caller's transaction committed."""
        for doc in docs:
            self._publish(verb, doc)

    def purge_deleted(self, cutoff_iso: str) -> int:
        """Remove for good the records soft-deleted before `cutoff_iso`."""
        with self._ctx.store.transaction():
            old = [doc_id for doc_id, d in self._table.view().items()
                   if d.get("isDeleted") and d.get("deletedAt", "") < cutoff_iso]
            if old:
                self._table.remove(old)
        return len(old)

    def defaults(self) -> dict[str, Any]:
        return {}

    @abstractmethod
    def clean(self, data: dict[str, Any], current: dict[str, Any] | None) -> dict[str, Any]:
        """Return the validated fields present in `data` (`current` is None when creating)."""

    def resolve(self, data: dict[str, Any]) -> tuple[dict[str, Any], Callable[[], None]]:
        """Hook inside the writing transaction, before `clean`: turn references by name into records (made when
        missing); returns the data to clean and what to publish once the transaction committed."""
        return data, lambda: None

    def after_update(self, before: dict[str, Any], after: dict[str, Any]) -> None:
        """Hook for cascades (a renamed tag renames it on activities)."""

    def after_delete(self, doc: dict[str, Any]) -> Callable[[], None]:
        """Hook for cascades inside the deleting transaction; returns what to publish once it committed."""
        return lambda: None

    def _live(self, record_id: object) -> dict[str, Any]:
        doc = self._table.get(record_id) if isinstance(record_id, str) else None
        if doc is None or doc.get("isDeleted"):
            raise NotFoundError(f"No {self.kind} with id {str(record_id)[:64]!r}.")
        return doc

    def _next_color(self) -> str:
        return next_color(d.get("color") for d in self._table.view().values() if not d.get("isDeleted"))

    def _check_name(self, name: str | None, own_id: str | None) -> None:
        if name is None or not self.unique_names:
            return
        for doc_id, doc in self._table.view().items():
            if doc.get("name", "").lower() == name.lower() and not doc.get("isDeleted") and doc_id != own_id:
                raise ConflictError(f"A {self.kind} named {name!r} already exists.")

    def _publish(self, verb: str, doc: Mapping[str, Any]) -> None:
        if self.event:
            self._ctx.bus.publish(f"{self.event}:{verb}", self.typed(dict(doc)))
