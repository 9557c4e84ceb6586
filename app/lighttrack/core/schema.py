"""The store's schema version and its ordered migrations."""

from __future__ import annotations

import logging
from collections.abc import Callable

from ..errors import StoreError
from ..store.repository import Records
from .records.clients import NAME_LIMIT, name_based_id, new_client
from .records.projects import DEFAULT_PROJECT_ID

log = logging.getLogger(__name__)

DEFAULT_CATEGORIES = [
    ("development", "#3f51b5", "very-productive"), ("writing", "#009688", "productive"),
    ("design", "#9c27b0", "productive"), ("communication", "#ff9800", "neutral"),
    ("meetings", "#795548", "neutral"), ("browsing", "#607d8b", "neutral"),
    ("entertainment", "#f44336", "very-distracting"), ("social media", "#e91e63", "distracting"),
]


def _initial(records: Records, stamp: str) -> None:
    records.projects.put(DEFAULT_PROJECT_ID, {
        "id": DEFAULT_PROJECT_ID, "name": "General", "description": "Activities without a project",
        "color": "#00bcd4", "icon": None, "isArchived": False, "parentId": None, "client": None,
        "budgetHours": None, "hourlyRate": None, "currency": "USD", "metadata": {}, "isDeleted": False,
        "createdAt": stamp, "updatedAt": stamp})


def _categories(records: Records, stamp: str) -> None:
    for name, color, productivity in DEFAULT_CATEGORIES:
        records.categories.put(name, {"id": name, "name": name.capitalize(), "color": color, "productivity": productivity,
                         "isDeleted": False, "createdAt": stamp, "updatedAt": stamp})


def _clients(records: Records, stamp: str) -> None:
    """Each distinct client text of the projects becomes a client (first spelling wins); projects point at it."""
    known = {str(doc.get("name", "")).lower(): doc_id for doc_id, doc in records.clients.view().items()
             if not doc.get("isDeleted")}
    projects = {}
    for project_id, project in records.projects.view().items():
        text = project.get("client")
        name = text.strip()[:NAME_LIMIT] if isinstance(text, str) else ""
        if name and name.lower() not in known:
            known[name.lower()] = name_based_id(name)
            records.clients.put(known[name.lower()], new_client(known[name.lower()], name, stamp))
        kept = {k: v for k, v in project.items() if k != "client"}
        projects[project_id] = {**kept, "clientId": known[name.lower()] if name else project.get("clientId")}
    records.projects.put_many(projects)


MIGRATIONS: list[tuple[int, str, Callable[[Records, str], None]]] = [
    (1, "default project", _initial),
    (2, "default categories", _categories),
    (3, "clients from the projects' client text", _clients),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def migrate(records: Records, stamp: str) -> int:
    """Apply the migrations the store lacks, each in its own transaction; return the version."""
    with records.transaction():
        doc = records.meta.get("schema")
        version = doc["version"] if doc else 0
    if version > SCHEMA_VERSION:
        raise StoreError(f"The data folder was written by a newer LightTrack (schema {version}); please update.")
    for number, name, step in MIGRATIONS:
        if number > version:
            with records.transaction():
                step(records, stamp)
                records.meta.put("schema", {"version": number})
            log.info("store migrated to schema %d (%s)", number, name)
    return max(version, SCHEMA_VERSION)
