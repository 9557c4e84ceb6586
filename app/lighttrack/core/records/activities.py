"""Activities: start/stop/pause/resume, manual entries, edits, soft deletes, merge and split."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any, cast

from ...errors import ConflictError, NotFoundError, ValidationError
from ...store.activities import ActivityRepository, new_activity_id
from ..timing import worked
from .. import validate
from ..context import Context
from .projects import ProjectService, TagService
from .shapes import Activity
from .activityfilter import FAR_FUTURE, FAR_PAST, ActivityFilter
from ..timing.isotime import day_bounds, from_iso, parse_time, to_iso, to_local

DEFAULT_PROJECT = "default"
PURGE_AFTER = timedelta(days=30)
TEXT_FIELDS = {"name": 500, "description": 10000, "applicationName": 500, "windowTitle": 2000}
EDITABLE = {"name", "description", "projectId", "categoryId", "tags", "metadata", "applicationName", "windowTitle"}
TIMES = {"startTime", "endTime"}


def rename_tag(repo: ActivityRepository, old: str, new: str) -> None:
    """Rename a tag on every activity carrying it (inside the tag update's transaction)."""
    for doc in list(repo.every()):
        if old in doc.get("tags", []):
            repo.put({**doc, "tags": list(dict.fromkeys(new if t == old else t for t in doc["tags"]))})


def reassign_project(repo: ActivityRepository, source: str, target: str, stamp: str) -> int:
    """Move every activity of project `source` to `target` (inside the caller's transaction); return how many."""
    moved = [{**doc, "projectId": target, "updatedAt": stamp} for doc in repo.every() if doc.get("projectId") == source]
    repo.put_many(moved)
    return len(moved)


class ActivityService:
    """Every change to activities; each public method is one store transaction, then its event."""

    def __init__(self, ctx: Context, projects: ProjectService, tags: TagService) -> None:
        self._ctx = ctx
        self._repo = ActivityRepository(ctx.store)
        self._projects = projects
        self._tags = tags

    # -- reads ------------------------------------------------------------------
    def get(self, activity_id: object) -> Activity:
        with self._ctx.store.transaction():
            return self.public(self._live(activity_id))

    def running(self) -> Activity | None:
        with self._ctx.store.transaction():
            running_id = self._repo.running_id()
            doc = self._repo.get(running_id) if running_id else None
            return self.public(doc) if doc else None

    def between(self, start: datetime, end: datetime, include_deleted: bool = False) -> list[Activity]:
        """Activities overlapping [start, end), oldest first."""
        with self._ctx.store.transaction():
            docs = self._repo.overlapping(to_iso(start), to_iso(end))
            found = [self.public(d) for d in docs if include_deleted or not d.get("isDeleted")]
        return sorted(found, key=lambda a: a["startTime"])

    def today(self) -> list[Activity]:
        """Activities overlapping the local calendar day of now."""
        return self.between(*day_bounds(to_local(self._ctx.now(), self._ctx.zone).date(), self._ctx.zone))

    def every(self) -> list[Activity]:
        with self._ctx.store.transaction():
            return [self.public(d) for d in self._repo.every() if not d.get("isDeleted")]

    def filtered(self, raw_filter: object = None) -> list[Activity]:
        """activity:getFiltered: the activities matching a filter, newest first by default."""
        query = ActivityFilter(raw_filter, self._ctx)
        start, end = query.window()
        with self._ctx.store.transaction():
            if start is None and end is None:
                docs = self._repo.every()
            else:
                docs = self._repo.overlapping(to_iso(start) if start else FAR_PAST, to_iso(end) if end else FAR_FUTURE)
            return query.page([self.public(d) for d in docs if query.matches(d)])

    def public(self, doc: dict[str, Any]) -> Activity:
        """The surface shape: a running activity's duration is computed live."""
        shown = dict(doc)
        if not doc.get("endTime"):
            shown["duration"] = worked.worked_ms(doc, self._ctx.now())
        return cast(Activity, shown)

    # -- timer --------------------------------------------------------------------
    def start(self, data: dict[str, Any]) -> Activity:
        data = validate.obj(data, "data")
        validate.only(data, EDITABLE | {"startTime"}, "activity")
        with self._ctx.store.transaction():  # "now" is read under the lock: a start racing another stays after it
            now = self._ctx.now()
            start = parse_time(data["startTime"], "startTime", self._ctx.zone) if "startTime" in data else now
            if start > now:
                raise ValidationError("startTime must not be in the future; use activity:add to plan time.")
            fields = self._fields(data, creating=True)
            stopped = self._stop_running(start)
            doc = self.new_doc(fields, start, end=None, manual=False)
            self._repo.put(doc)
            self._repo.set_running(doc["id"])
        if stopped:
            self._ctx.bus.publish("activity:stopped", stopped)
        started = self.public(doc)
        self._ctx.bus.publish("activity:started", started)
        return started

    def stop(self, activity_id: object) -> Activity:
        with self._ctx.store.transaction():
            doc = self._live(activity_id)
            if doc.get("endTime"):
                raise ConflictError("The activity is already stopped.")
            stopped = self._close(doc, self._ctx.now())
        self._ctx.bus.publish("activity:stopped", stopped)
        return stopped

    def pause(self, activity_id: object, at: datetime | None = None) -> Activity:
        """Pause the running activity from `at` (default now; the tracker passes the idle start)."""
        with self._ctx.store.transaction():
            doc = self._running(activity_id)
            if doc["isPaused"]:
                raise ConflictError("The activity is already paused.")
            at = max(min(at or self._ctx.now(), self._ctx.now()), self._last_mark(doc))
            doc = self._save(worked.with_times({**doc, "pauses": [*doc["pauses"], {"start": to_iso(at), "end": None}]},
                                               from_iso(doc["startTime"]), None))
        paused = self.public(doc)
        self._ctx.bus.publish("activity:paused", paused)
        return paused

    def resume(self, activity_id: object, discard_pause: bool = True, at: datetime | None = None) -> Activity:
        """Resume a paused activity from `at` (default now; the tracker passes when input returned).

        With `discard_pause` False the pause counts as worked time.
        """
        with self._ctx.store.transaction():
            doc = self._running(activity_id)
            if not doc["isPaused"]:
                raise ConflictError("The activity is not paused.")
            pause_start = from_iso(doc["pauseStartTime"])
            end = to_iso(max(min(at or self._ctx.now(), self._ctx.now()), pause_start))
            pauses = [p if p["end"] else {**p, "end": end} for p in doc["pauses"]]
            if not discard_pause:
                pauses = pauses[:-1]
            doc = self._save(worked.with_times({**doc, "pauses": pauses}, from_iso(doc["startTime"]), None))
        resumed = self.public(doc)
        self._ctx.bus.publish("activity:resumed", resumed)
        return resumed

    # -- entries and edits ----------------------------------------------------------
    def add(self, data: dict[str, Any]) -> Activity:
        data = validate.obj(data, "data")
        validate.only(data, EDITABLE | TIMES | {"duration"}, "activity")
        if "startTime" not in data:
            raise ValidationError("startTime is required for a manual entry.")
        start = parse_time(data["startTime"], "startTime", self._ctx.zone)
        end = self._manual_end(data, start)
        with self._ctx.store.transaction():
            doc = self.new_doc(self._fields(data, creating=True), start, end, manual=True)
            self._repo.put(doc)
        added = self.public(doc)
        self._ctx.bus.publish("activity:updated", added)
        return added

    def add_tracked(self, data: dict[str, Any], start: datetime, end: datetime,
                    gaps: list[tuple[datetime, datetime]]) -> Activity:
        """A finished entry over [start, end] built from tracked time; the untracked `gaps` inside are its pauses."""
        data = validate.obj(data, "item")
        validate.only(data, EDITABLE, "item")
        pauses = [{"start": to_iso(lo), "end": to_iso(hi)} for lo, hi in gaps if start < lo < hi < end]
        with self._ctx.store.transaction():
            doc = self.new_doc({**self._fields(data, creating=True), "pauses": pauses}, start, end, manual=False)
            self._repo.put(doc)
        added = self.public(doc)
        self._ctx.bus.publish("activity:updated", added)
        return added

    def update(self, activity_id: object, updates: dict[str, Any]) -> Activity:
        updates = validate.obj(updates, "updates")
        validate.only(updates, EDITABLE | TIMES, "updates")
        with self._ctx.store.transaction():
            doc = self._live(activity_id)
            doc = self._save(self._edited(doc, updates))
        updated = self.public(doc)
        self._ctx.bus.publish("activity:updated", updated)
        return updated

    def bulk_update(self, activity_ids: list[str], updates: dict[str, Any]) -> list[Activity]:
        updates = validate.obj(updates, "updates")
        validate.only(updates, EDITABLE - {"applicationName", "windowTitle"}, "updates")
        with self._ctx.store.transaction():
            docs = [self._live(i) for i in activity_ids]
            saved = [self._save(self._edited(doc, updates)) for doc in docs]
        updated = [self.public(d) for d in saved]
        for activity in updated:
            self._ctx.bus.publish("activity:updated", activity)
        return updated

    def delete(self, activity_ids: list[str]) -> list[str]:
        """Soft-delete activities (restorable for 30 days); a running one is stopped first."""
        with self._ctx.store.transaction():
            for doc in [self._live(i) for i in activity_ids]:
                if not doc.get("endTime"):
                    doc = self._docs_after_close(doc, self._ctx.now())
                self._save({**doc, "isDeleted": True, "deletedAt": self._ctx.stamp()})
        for activity_id in activity_ids:
            self._ctx.bus.publish("activity:deleted", {"id": activity_id})
        return activity_ids

    def restore(self, activity_id: object) -> Activity:
        with self._ctx.store.transaction():
            doc = self._repo.get(activity_id)
            if doc is None:
                raise NotFoundError(f"No activity with id {str(activity_id)[:64]!r}.")
            if not doc.get("isDeleted"):
                raise ConflictError("The activity is not deleted.")
            doc = self._save({**doc, "isDeleted": False, "deletedAt": None})
        restored = self.public(doc)
        self._ctx.bus.publish("activity:updated", restored)
        return restored

    def purge_deleted(self) -> int:
        """Remove for good what was soft-deleted more than 30 days ago; return how many."""
        cutoff = to_iso(self._ctx.now() - PURGE_AFTER)
        removed = 0
        with self._ctx.store.transaction():
            for month in self._repo.months_with_deletions():
                old = [d["id"] for d in self._repo.in_month(month) if d.get("isDeleted") and d.get("deletedAt", "") < cutoff]
                self._repo.remove(old)
                removed += len(old)
        return removed

    # -- merge and split ---------------------------------------------------------------
    def merge(self, activity_ids: list[str]) -> Activity:
        with self._ctx.store.transaction():
            docs = sorted((self._live(i) for i in activity_ids), key=lambda d: d["startTime"])
            self._check_mergeable(docs)
            merged = self._merged(docs)
            self._repo.put(merged)
            for doc in docs:
                self._save({**doc, "isDeleted": True, "deletedAt": self._ctx.stamp(),
                            "metadata": {**doc.get("metadata", {}), "mergedInto": merged["id"]}})
        result = self.public(merged)
        self._ctx.bus.publish("activities:merged", {"mergedActivity": result, "deletedIds": activity_ids})
        return result

    def split(self, activity_id: object, split_time: object) -> list[Activity]:
        at = parse_time(split_time, "splitTime", self._ctx.zone)
        with self._ctx.store.transaction():
            doc = self._live(activity_id)
            start, end = from_iso(doc["startTime"]), worked.end_of(doc, self._ctx.now())
            if not start < at < end:
                raise ValidationError("splitTime must be strictly inside the activity.")
            parts = self._split_parts(doc, at)
            for part in parts:
                self._repo.put(part)
            if not doc.get("endTime"):
                self._repo.set_running(parts[1]["id"])
            self._save({**doc, "isDeleted": True, "deletedAt": self._ctx.stamp(),
                        "metadata": {**doc.get("metadata", {}), "splitInto": [p["id"] for p in parts]}})
        result = [self.public(p) for p in parts]
        self._ctx.bus.publish("activity:split", {"originalId": activity_id, "newActivities": result})
        return result

    # -- helpers --------------------------------------------------------------------------
    def _live(self, activity_id: object) -> dict[str, Any]:
        doc = self._repo.get(activity_id)
        if doc is None or doc.get("isDeleted"):
            raise NotFoundError(f"No activity with id {str(activity_id)[:64]!r}.")
        return doc

    def _running(self, activity_id: object) -> dict[str, Any]:
        doc = self._live(activity_id)
        if doc.get("endTime"):
            raise ConflictError("The activity is stopped; only a running activity can be paused or resumed.")
        return doc

    def _save(self, doc: dict[str, Any]) -> dict[str, Any]:
        doc = {**doc, "updatedAt": self._ctx.stamp(), "syncVersion": doc.get("syncVersion", 1) + 1}
        if doc.get("syncStatus") == "synced":
            doc["syncStatus"] = "pending"
        self._repo.put(doc)
        return doc

    def _close(self, doc: dict[str, Any], end: datetime) -> Activity:
        """Stop `doc` at `end` (an open pause counts as paused until then); return it public."""
        return self.public(self._docs_after_close(doc, end))

    def _docs_after_close(self, doc: dict[str, Any], end: datetime) -> dict[str, Any]:
        doc = self._save(worked.with_times(doc, from_iso(doc["startTime"]), max(end, from_iso(doc["startTime"]))))
        if self._repo.running_id() == doc["id"]:
            self._repo.set_running(None)
        return doc

    def _stop_running(self, at: datetime) -> Activity | None:
        running_id = self._repo.running_id()
        doc = self._repo.get(running_id) if running_id else None
        if doc is None or doc.get("endTime") or doc.get("isDeleted"):
            self._repo.set_running(None)
            return None
        if at < from_iso(doc["startTime"]):
            raise ValidationError("startTime must not be before the start of the running activity.")
        return self._close(doc, at)

    def _last_mark(self, doc: dict[str, Any]) -> datetime:
        """The latest instant already accounted for: a new pause can't start before it."""
        marks = [from_iso(doc["startTime"])] + [from_iso(p["end"]) for p in doc["pauses"] if p.get("end")]
        return max(marks)

    def _manual_end(self, data: dict[str, Any], start: datetime) -> datetime:
        if "endTime" in data and "duration" in data:
            raise ValidationError("Give either endTime or duration, not both.")
        if "duration" in data:
            return start + timedelta(milliseconds=validate.number(data["duration"], "duration", 1, 366 * 86400000, integer=True))
        if "endTime" not in data:
            raise ValidationError("endTime (or duration) is required for a manual entry.")
        end = parse_time(data["endTime"], "endTime", self._ctx.zone)
        if end <= start:
            raise ValidationError("endTime must be after startTime.")
        return end

    def _fields(self, data: dict[str, Any], creating: bool) -> dict[str, Any]:
        """Validate the editable fields present in `data`; return them cleaned."""
        fields: dict[str, Any] = {}
        for name, limit in TEXT_FIELDS.items():
            if name in data:
                fields[name] = validate.text(data[name], name, limit, required=name == "name")
        if creating and "name" not in fields:
            raise ValidationError("name is required.")
        if "projectId" in data or creating:
            fields["projectId"] = self._projects.existing_id(data.get("projectId"), "projectId") or DEFAULT_PROJECT
        if "categoryId" in data:
            fields["categoryId"] = None if data["categoryId"] is None else validate.ident(data["categoryId"], "categoryId")
        if "tags" in data:
            fields["tags"] = self._tags.ensure(validate.names(data["tags"], "tags"))
        if "metadata" in data:
            fields["metadata"] = validate.metadata(data["metadata"], "metadata")
        return fields

    def _edited(self, doc: dict[str, Any], updates: dict[str, Any]) -> dict[str, Any]:
        edited = {**doc, **self._fields(updates, creating=False)}
        if not TIMES & set(updates):
            return edited
        start = (parse_time(updates["startTime"], "startTime", self._ctx.zone) if "startTime" in updates
                 else from_iso(doc["startTime"]))
        if not doc.get("endTime"):
            if "endTime" in updates:
                raise ValidationError("endTime of a running activity can't be set: stop it instead.")
            if start > self._ctx.now():
                raise ValidationError("startTime of a running activity must not be in the future.")
            return worked.with_times(edited, start, None)
        end = parse_time(updates["endTime"], "endTime", self._ctx.zone) if "endTime" in updates else from_iso(doc["endTime"])
        if end <= start:
            raise ValidationError("endTime must be after startTime.")
        return worked.with_times(edited, start, end)

    def new_doc(self, fields: dict[str, Any], start: datetime, end: datetime | None, manual: bool) -> dict[str, Any]:
        """A new activity document from validated fields; the caller stores it."""
        stamp = self._ctx.stamp()
        doc = {
            "id": new_activity_id(to_iso(start)), "name": fields["name"], "description": None,
            "projectId": DEFAULT_PROJECT, "categoryId": None, "applicationName": None, "windowTitle": None,
            "isManualEntry": manual, "tags": [], "metadata": {}, "syncStatus": "pending", "syncVersion": 1,
            "isDeleted": False, "deletedAt": None, "createdAt": stamp, "updatedAt": stamp, "pauses": [],
            **fields,
        }
        return worked.with_times(doc, start, end)

    def _check_mergeable(self, docs: list[dict[str, Any]]) -> None:
        if len({d["projectId"] for d in docs}) > 1:
            raise ConflictError("Only activities of one project can be merged.")
        if any(not d.get("endTime") for d in docs):
            raise ConflictError("A running activity can't be merged: stop it first.")
        for earlier, later in itertools.pairwise(docs):
            if later["startTime"] < earlier["endTime"]:
                raise ConflictError("Overlapping activities can't be merged.")

    def _merged(self, docs: list[dict[str, Any]]) -> dict[str, Any]:
        """One activity spanning `docs`; the gaps between them become pauses, so time is conserved."""
        pauses = [p for d in docs for p in d["pauses"]]
        pauses += [{"start": a["endTime"], "end": b["startTime"]}
                   for a, b in itertools.pairwise(docs) if b["startTime"] > a["endTime"]]
        first, last = docs[0], docs[-1]
        fields = {
            "name": " + ".join(dict.fromkeys(d["name"] for d in docs))[:500],
            "description": "\n\n".join(d["description"] for d in docs if d.get("description")) or None,
            "projectId": first["projectId"], "categoryId": first.get("categoryId"),
            "applicationName": first.get("applicationName"), "windowTitle": first.get("windowTitle"),
            "tags": list(dict.fromkeys(t for d in docs for t in d.get("tags", []))),
            "metadata": {"mergedFrom": [d["id"] for d in docs]},
        }
        doc = self.new_doc(fields, from_iso(first["startTime"]), None, manual=all(d["isManualEntry"] for d in docs))
        doc["pauses"] = sorted(pauses, key=lambda p: p["start"])
        return worked.with_times(doc, from_iso(first["startTime"]), from_iso(last["endTime"]))

    def _split_parts(self, doc: dict[str, Any], at: datetime) -> list[dict[str, Any]]:
        end = from_iso(doc["endTime"]) if doc.get("endTime") else None
        stamp = self._ctx.stamp()
        parts = []
        for number, (lo, hi) in enumerate(((from_iso(doc["startTime"]), at), (at, end)), start=1):
            part = {**doc, "id": new_activity_id(to_iso(lo)), "createdAt": stamp, "updatedAt": stamp,
                    "syncStatus": "pending", "syncVersion": 1,
                    "metadata": {**doc.get("metadata", {}), "splitFrom": doc["id"], "splitPart": number}}
            parts.append(worked.with_times(part, lo, hi))
        return parts
