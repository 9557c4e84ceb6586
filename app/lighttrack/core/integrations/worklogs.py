"""Jira worklogs of activities (no network): issue keys, what was pushed, and what to do next.

The book (`jira_worklogs`, keyed by activity id) is the truth about what Jira holds: the issue key,
the worklog id and the activity's `syncVersion` it was pushed at. It survives edits that replace an
activity's metadata, so nothing is pushed twice. `metadata.jira` on the activity mirrors it for display.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...store.activities import ActivityRepository
from ..context import Context

ISSUE_KEY = re.compile(r"(?<![A-Za-z0-9_-])([A-Z][A-Z0-9_]{0,9}-[1-9][0-9]{0,6})(?![A-Za-z0-9_-])")


def find_issue_key(activity: dict[str, Any], project_keys: set[str] | None, linked: str | None = None) -> str | None:
    """The issue an activity is about: an explicit link, metadata.jira.issueKey, or a key in its texts.

    Keys found in texts count only for known Jira projects (so 'UTF-8' is no issue) unless none are known.
    """
    if linked:
        return linked
    chosen = ((activity.get("metadata") or {}).get("jira") or {}).get("issueKey")
    if isinstance(chosen, str) and ISSUE_KEY.fullmatch(chosen):
        return chosen
    for field in ("name", "description", "windowTitle"):
        key: str
        for key in ISSUE_KEY.findall(activity.get(field) or ""):
            if project_keys is None or key.split("-")[0] in project_keys:
                return key
    return None


@dataclass(frozen=True)
class Plan:
    """What to do for one activity: 'create', 'update', 'delete', 'move' (delete then create) or 'skip'."""

    action: str
    key: str | None = None


def plan(activity: dict[str, Any] | None, record: dict[str, Any] | None, key: str | None, min_seconds: int) -> Plan:
    """Decide the worklog action for `activity` (None or soft-deleted: gone) given what was pushed."""
    wanted = (activity is not None and not activity.get("isDeleted") and activity.get("endTime")
              and key is not None and activity.get("duration", 0) >= min_seconds * 1000)
    if activity is None or not wanted:
        return Plan("delete", record["issueKey"]) if record and record.get("worklogId") else Plan("skip")
    if record is None or not record.get("worklogId"):
        return Plan("create", key)
    if record["issueKey"] != key:
        return Plan("move", key)
    if record.get("version") == activity.get("syncVersion"):
        return Plan("skip")
    return Plan("update", key)


class WorklogBook:
    """The pushed worklogs and explicit issue links. Threading contract: each method is one transaction."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._repo = ActivityRepository(ctx.store)

    def activity(self, activity_id: str) -> dict[str, Any] | None:
        """The stored activity, soft-deleted ones included."""
        with self._ctx.store.transaction():
            return self._repo.get(activity_id)

    def record(self, activity_id: str) -> dict[str, Any] | None:
        with self._ctx.store.transaction():
            return self._ctx.records.jira_worklogs.get(activity_id)

    def records(self) -> dict[str, dict[str, Any]]:
        with self._ctx.store.transaction():
            return self._ctx.records.jira_worklogs.by_id()

    def save(self, activity_id: str, record: dict[str, Any] | None) -> None:
        with self._ctx.store.transaction():
            if record is not None:
                self._ctx.records.jira_worklogs.put(activity_id, record)
            else:
                self._ctx.records.jira_worklogs.remove([activity_id])

    def link(self, activity_id: str) -> str | None:
        with self._ctx.store.transaction():
            doc = self._ctx.records.jira_links.view().get(activity_id)
        return doc["issueKey"] if doc else None

    def set_link(self, activity_id: str, key: str | None) -> None:
        """Link an activity to an issue (None: unlink), mirrored in its `metadata.jira.issueKey` without counting as an edit."""
        with self._ctx.store.transaction():
            if key:
                self._ctx.records.jira_links.put(activity_id, {"issueKey": key})
            else:
                self._ctx.records.jira_links.remove([activity_id])
            doc = self._repo.get(activity_id)
            if doc is not None:
                metadata = doc.get("metadata") or {}
                self._repo.put({**doc, "metadata": {**metadata, "jira": {**metadata.get("jira", {}), "issueKey": key}}})

    def mark(self, activity_id: str, version: int | None, status: str, jira: dict[str, Any]) -> dict[str, Any] | None:
        """Set `syncStatus` and `metadata.jira` without counting as an edit.

        'synced' is set only if the activity is still at `version`; an edit made meanwhile keeps it
        'pending', so the next round updates the worklog.
        """
        with self._ctx.store.transaction():
            doc = self._repo.get(activity_id)
            if doc is None:
                return None
            doc["metadata"] = {**(doc.get("metadata") or {}), "jira": jira}
            if status != "synced" or doc.get("syncVersion") == version:
                doc["syncStatus"] = status
            self._repo.put(doc)
        return doc
