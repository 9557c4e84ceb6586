"""The records as the channels return them: one TypedDict per kind, the JSON surface of CONTRACT.md.

They are TypedDicts, not classes, because a record flows unchanged from the store to JSON: typing it costs nothing
at run time and keeps the surface byte for byte. Where each record's rules live:
- Activity: fields checked in `records/activities.py` (`ActivityService._fields`, `_edited`, `_manual_end`);
  derived values (`duration`, `pausedDuration`, `isPaused`, `pauseStartTime`, worked time inside a range) computed
  only in `timing/worked.py`.
- Client: `records/clients.py` (a project names its client by `clientId`; `client`, the client's name, is derived
  when a project leaves the service). Project, Tag, Category: `records/projects.py`; Goal: `records/goals.py`
  (its progress: `analytics/goalprogress.py`);
  Rule: `records/rules.py`. Each service's `clean` is the one validation of its fields, `Catalog` the shared CRUD.
- Span: made, merged and given its `duration` in `tracking/timeline.py`; stored by the store's span journal.
"""

from __future__ import annotations

from typing import Any, TypedDict


class Pause(TypedDict):
    start: str
    end: str | None  # None: the pause is still open


class Activity(TypedDict):
    id: str
    name: str
    description: str | None
    projectId: str
    categoryId: str | None
    applicationName: str | None
    windowTitle: str | None
    isManualEntry: bool
    tags: list[str]
    metadata: dict[str, Any]
    syncStatus: str
    syncVersion: int
    isDeleted: bool
    deletedAt: str | None
    createdAt: str
    updatedAt: str
    pauses: list[Pause]
    startTime: str
    endTime: str | None
    duration: int | None  # worked milliseconds; a running activity's is computed live
    pausedDuration: int
    isPaused: bool
    pauseStartTime: str | None


class _Deletable(TypedDict, total=False):
    deletedAt: str  # set when soft-deleted


class Record(_Deletable):
    """What every catalog record carries."""

    id: str
    name: str
    isDeleted: bool
    createdAt: str
    updatedAt: str


class Project(Record):
    description: str | None
    color: str
    icon: str | None
    isArchived: bool
    parentId: str | None
    clientId: str | None
    client: str | None  # the name of the client `clientId` names, derived; never stored
    budgetHours: float | None
    hourlyRate: float | None
    currency: str
    metadata: dict[str, Any]


class Client(Record):
    notes: str | None
    isArchived: bool
    syncVersion: int


class Tag(Record):
    color: str | None


class Category(Record):
    color: str
    productivity: str


class _Reached(TypedDict, total=False):
    currentValue: float
    completedPeriod: str


class Goal(Record, _Reached):
    description: str | None
    type: str
    targetType: str
    targetValue: float
    projectId: str | None
    startDate: str
    endDate: str | None
    isActive: bool
    isCompleted: bool
    completedAt: str | None
    metadata: dict[str, Any]


class Rule(_Deletable):
    id: str
    kind: str
    app: str | None
    titlePattern: str | None
    path: str | None
    domain: str | None
    projectId: str | None
    categoryId: str | None
    priority: int
    enabled: bool
    isDeleted: bool
    createdAt: str
    updatedAt: str


class _Passive(TypedDict, total=False):
    passive: bool  # present without input (a video, a call): only when true


class Span(_Passive):
    """A stretch of one window (or ActivityWatch event) in the timeline, as `timeline:get` returns it."""

    start: str
    end: str
    duration: int  # milliseconds
    app: str | None
    title: str | None
    projectId: str | None
    category: str | None
    domain: str | None
    source: str | None
    file: str | None
