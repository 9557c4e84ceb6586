"""Which records sync, how each splits into field groups, and how groups turn back into a document."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

import orjson

from ..core.records.settingdefs import SETTINGS
from . import registers

# Settings that describe the person (privacy lists, weeks, focus lengths) travel; what describes
# one machine (tracking on/off, sampling, idle threshold, autostart, first run, updates) does not.
SYNCED_SETTINGS = frozenset(key for key, setting in SETTINGS.items() if setting.synced)
SET_SETTINGS = frozenset(key for key, setting in SETTINGS.items() if setting.merged)
REST = "fields"


@dataclass(frozen=True)
class Kind:
    """One synced table: its field groups (`REST` takes every field not named elsewhere)."""

    table: str
    groups: dict[str, tuple[str, ...]]
    local: frozenset[str]
    sets: frozenset[str] = field(default_factory=frozenset)
    scalar: str | None = None  # a group holding one field's bare value (settings)

    def group_values(self, doc: dict) -> dict[str, object]:
        """Split a document into its groups' values."""
        if self.scalar:
            return {self.scalar: doc.get("value")}
        named = {f for fields in self.groups.values() for f in fields}
        values: dict[str, object] = {}
        for group, fields in self.groups.items():
            if group in self.sets:
                values[group] = list(doc.get(fields[0]) or [])
            elif group == REST:
                values[group] = {k: v for k, v in doc.items() if k not in named and k not in self.local}
            else:
                values[group] = {f: doc[f] for f in fields if f in doc}
        return values

    def document(self, record_id: str, values: dict[str, object], current: dict | None) -> dict:
        """Build the document from group values, keeping the local-only fields of `current`."""
        if self.scalar:
            return {"value": values.get(self.scalar)}
        doc = {k: v for k, v in (current or {}).items() if k in self.local}
        doc["id"] = record_id
        for group, fields in self.groups.items():
            value = values.get(group)
            if group in self.sets:
                doc[fields[0]] = list(cast("Iterable[Any]", value or []))
            elif isinstance(value, dict):
                doc.update(value)
        return doc


# When each copy was made is per copy: the built-in project and categories are created on every device,
# and syncing their creation stamps would turn each into a conflict.
_CATALOG_LOCAL = frozenset({"id", "updatedAt", "createdAt"})
ACTIVITY = Kind(
    "activities",
    {"text": ("name", "description"), "class": ("projectId", "categoryId"), "tags": ("tags",),
     "times": ("startTime", "endTime"), "pauses": ("pauses",), "deleted": ("isDeleted", "deletedAt"), REST: ()},
    # derived (recomputed from times and pauses) or about this copy only
    frozenset({"id", "updatedAt", "syncStatus", "syncVersion", "duration", "pausedDuration", "isPaused",
               "pauseStartTime"}),
    sets=frozenset({"tags", "pauses"}),
)
KINDS: dict[str, Kind] = {
    "activities": ACTIVITY,
    # the client is a group of its own: choosing a project's client on one device and editing its other fields
    # on another merge without a conflict
    "projects": Kind("projects", {"client": ("clientId",), "deleted": ("isDeleted", "deletedAt"), REST: ()},
                     _CATALOG_LOCAL),
    "clients": Kind("clients", {"deleted": ("isDeleted", "deletedAt"), REST: ()}, _CATALOG_LOCAL),
    "categories": Kind("categories", {"deleted": ("isDeleted", "deletedAt"), REST: ()}, _CATALOG_LOCAL),
    "goals": Kind("goals", {"deleted": ("isDeleted", "deletedAt"), REST: ()}, _CATALOG_LOCAL),
    "rules": Kind("rules", {"deleted": ("isDeleted", "deletedAt"), REST: ()}, _CATALOG_LOCAL),
    "tags": Kind("tags", {"name": ("name",), "color": ("color",), "deleted": ("isDeleted", "deletedAt"), REST: ()},
                 _CATALOG_LOCAL),
    "settings": Kind("settings", {"value": ()}, frozenset(), scalar="value"),
    "devices": Kind("devices", {REST: ()}, frozenset({"id"})),  # each device's name
}
MAIN_TABLES = ("projects", "clients", "categories", "goals", "rules", "tags", "settings", "devices")


def is_synced(table: str, record_id: str) -> bool:
    return table in KINDS and (table != "settings" or record_id in SYNCED_SETTINGS)


def is_set_group(table: str, record_id: str, group: str) -> bool:
    if table == "settings":
        return record_id in SET_SETTINGS
    return group in KINDS[table].sets


def digest(value: object) -> str:
    """A short, stable fingerprint of a JSON value."""
    return hashlib.blake2b(orjson.dumps(value, option=orjson.OPT_SORT_KEYS), digest_size=8).hexdigest()


def doc_digest(kind: Kind, doc: dict) -> str:
    """The fingerprint of a document's synced content (local-only fields left out)."""
    return digest({k: v for k, v in doc.items() if k not in kind.local})


def set_value(group: str, reg: dict) -> list:
    """What a set register shows, in the order every device shows it (pauses: sorted, overlaps joined)."""
    values = registers.elements(reg)
    return normalised_pauses(values) if group == "pauses" else values


def normalised_pauses(pauses: list[dict]) -> list[dict]:
    """Pauses from several devices as one sorted list, overlapping ones joined (an open one lasts on)."""
    joined: list[dict] = []
    for pause in sorted(pauses, key=lambda p: p["start"]):
        last = joined[-1] if joined else None
        if last is not None and (last["end"] is None or pause["start"] <= last["end"]):
            last["end"] = None if last["end"] is None or pause["end"] is None else max(last["end"], pause["end"])
        else:
            joined.append(dict(pause))
    return joined
