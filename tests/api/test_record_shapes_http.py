"""The JSON shape of every record as the channels return it over HTTP, pinned key by key and type by type.

The pinned shapes are written out here, apart from the TypedDicts of core/records/shapes.py, so a change to either
the surface or the types shows up: the last test checks that the types declare exactly the keys the surface has.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import get_type_hints

import pytest

from lighttrack.core.records import shapes
from support import wait_until

TEXT, OPT_TEXT, FLAG, INT, NUM, OPT_NUM, LIST, OBJ = (str,), (str, type(None)), (bool,), (int,), (int, float), \
    (int, float, type(None)), (list,), (dict,)
STAMPED = {"isDeleted": FLAG, "createdAt": TEXT, "updatedAt": TEXT}

ACTIVITY = {
    "id": TEXT, "name": TEXT, "description": OPT_TEXT, "projectId": TEXT, "categoryId": OPT_TEXT,
    "applicationName": OPT_TEXT, "windowTitle": OPT_TEXT, "isManualEntry": FLAG, "tags": LIST, "metadata": OBJ,
    "syncStatus": TEXT, "syncVersion": INT, "isDeleted": FLAG, "deletedAt": OPT_TEXT, "createdAt": TEXT,
    "updatedAt": TEXT, "pauses": LIST, "startTime": TEXT, "endTime": OPT_TEXT, "duration": (int, type(None)),
    "pausedDuration": INT, "isPaused": FLAG, "pauseStartTime": OPT_TEXT,
}
PROJECT = {"id": TEXT, "name": TEXT, "description": OPT_TEXT, "color": TEXT, "icon": OPT_TEXT, "isArchived": FLAG,
           "parentId": OPT_TEXT, "clientId": OPT_TEXT, "client": OPT_TEXT, "budgetHours": OPT_NUM, "hourlyRate": OPT_NUM, "currency": TEXT,
           "metadata": OBJ, **STAMPED}
CLIENT = {"id": TEXT, "name": TEXT, "notes": OPT_TEXT, "isArchived": FLAG, "syncVersion": INT, **STAMPED}
TAG = {"id": TEXT, "name": TEXT, "color": OPT_TEXT, **STAMPED}
CATEGORY = {"id": TEXT, "name": TEXT, "color": TEXT, "productivity": TEXT, **STAMPED}
GOAL = {"id": TEXT, "name": TEXT, "description": OPT_TEXT, "type": TEXT, "targetType": TEXT, "targetValue": NUM,
        "projectId": OPT_TEXT, "startDate": TEXT, "endDate": OPT_TEXT, "isActive": FLAG, "isCompleted": FLAG,
        "completedAt": OPT_TEXT, "metadata": OBJ, **STAMPED}
RULE = {"id": TEXT, "kind": TEXT, "app": OPT_TEXT, "titlePattern": OPT_TEXT, "path": OPT_TEXT, "domain": OPT_TEXT,
        "projectId": OPT_TEXT, "categoryId": OPT_TEXT, "priority": INT, "enabled": FLAG, **STAMPED}
SPAN = {"start": TEXT, "end": TEXT, "duration": INT, "app": OPT_TEXT, "title": OPT_TEXT, "projectId": OPT_TEXT,
        "category": OPT_TEXT, "domain": OPT_TEXT, "source": OPT_TEXT, "file": OPT_TEXT}
DELETED = {"deletedAt": TEXT}  # what a soft-deleted catalog record adds


def assert_shape(record: dict, shape: dict) -> None:
    assert set(record) == set(shape), f"keys differ: extra {set(record) - set(shape)}, missing {set(shape) - set(record)}"
    wrong = {key: type(value).__name__ for key, value in record.items()
             if not isinstance(value, shape[key]) or (shape[key] in (INT, NUM) and isinstance(value, bool))}
    assert wrong == {}


def test_an_activity_has_the_contract_shape_running_paused_stopped_and_deleted(served):
    started = served.data("activity:start", {"name": "Write", "tags": ["draft"]})
    assert_shape(started, ACTIVITY)
    paused = served.data("activity:pause", started["id"])
    assert_shape(paused, ACTIVITY)
    assert paused["pauses"] == [{"start": paused["pauseStartTime"], "end": None}]
    stopped = served.data("activity:stop", started["id"])
    assert_shape(stopped, ACTIVITY)
    assert [set(p) for p in stopped["pauses"]] == [{"start", "end"}]
    added = served.data("activity:add", {"name": "Call", "startTime": "2026-01-05T09:00:00+00:00", "duration": 60_000})
    assert_shape(added, ACTIVITY)
    served.data("activity:delete", added["id"])
    deleted = served.data("activity:getFiltered", {"includeDeleted": True, "startDate": "2026-01-05",
                                                    "endDate": "2026-01-05"})
    assert [a["id"] for a in deleted] == [added["id"]]
    assert_shape(deleted[0], ACTIVITY)


@pytest.mark.parametrize(("kind", "data", "shape"), [
    ("project", {"name": "Acme"}, PROJECT),
    ("project", {"name": "Acme", "client": "Initech"}, PROJECT),
    ("client", {"name": "Initech"}, CLIENT),
    ("tag", {"name": "billable"}, TAG),
    ("category", {"name": "Reading", "productivity": "productive"}, CATEGORY),
    ("goal", {"name": "Four hours", "type": "daily", "targetType": "hours", "targetValue": 4}, GOAL),
])
def test_a_catalog_record_has_its_shape_when_created_listed_updated_and_deleted(served, kind, data, shape):
    created = served.data(f"{kind}:create", data)
    assert_shape(created, shape)
    assert_shape(next(r for r in served.data(f"{kind}:getAll") if r["id"] == created["id"]), shape)
    assert_shape(served.data(f"{kind}:update", created["id"], {"name": data["name"] + " 2"}), shape)
    assert_shape(served.data(f"{kind}:delete", created["id"]), {**shape, **DELETED})


def test_a_rule_has_its_shape(served):
    created = served.data("rules:create", {"kind": "category", "app": "code", "categoryId": "development"})
    assert_shape(created, RULE)
    assert all(set(r) == set(RULE) for r in served.data("rules:getAll"))


def test_a_timeline_span_has_its_shape(served):
    served.data("settings:set", "trackWindows", True)
    headers = {"Authorization": f"Bearer {served.token}", "Content-Type": "application/json"}
    bucket = "aw-watcher-web-shape"
    served.request("POST", f"/api/0/buckets/{bucket}", json.dumps(
        {"client": "aw-client-web", "type": "web.tab.current", "hostname": "shape"}).encode(), headers)
    now = datetime.now(UTC)
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    start = max(day, now - timedelta(minutes=10))
    events = [{"timestamp": start.isoformat(), "duration": min(120, (now - start).total_seconds()),
               "data": {"url": "https://example.org/a", "title": "Example", "audible": False, "incognito": False}}]
    status, _, _ = served.request("POST", f"/api/0/buckets/{bucket}/events", json.dumps(events).encode(), headers)
    assert status == 200
    spans = wait_until(lambda: served.data("timeline:get", day.isoformat(), (day + timedelta(days=1)).isoformat()),
                       timeout=30, interval=0.25, what="the tab in the timeline")
    for span in spans:
        assert_shape(span, SPAN)


@pytest.mark.parametrize(("typed", "shape", "optional"), [
    (shapes.Activity, ACTIVITY, set()), (shapes.Project, PROJECT, set(DELETED)),
    (shapes.Client, CLIENT, set(DELETED)), (shapes.Tag, TAG, set(DELETED)),
    (shapes.Category, CATEGORY, set(DELETED)), (shapes.Goal, GOAL, {*DELETED, "currentValue", "completedPeriod"}),
    (shapes.Rule, RULE, set(DELETED)), (shapes.Span, SPAN, {"passive"}),
])
def test_the_record_types_declare_the_keys_of_the_surface(typed, shape, optional):
    assert set(typed.__required_keys__) == set(shape)
    assert set(typed.__optional_keys__) == optional
    assert set(get_type_hints(typed)) == set(shape) | optional
