"""What every importer produces: time entries with a stable key, and the error that names the bad line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ...errors import ValidationError
from ...store.activities import new_activity_id, shard_month
from ..timing.isotime import to_iso

MAX_NAME = 500


class ImportFileError(ValidationError):
    """A file that can't be imported; the message names the line (or the JSON item) at fault."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")


@dataclass
class Entry:
    """One time entry read from a file; `key` identifies it within its source so a re-import finds it again."""

    source: str
    key: str
    where: str
    name: str
    start: datetime
    end: datetime
    project: str | None = None
    client: str | None = None
    description: str | None = None
    tags: list[str] = field(default_factory=list)
    application: str | None = None
    billable: bool | None = None
    activity_id: str | None = None
    pauses: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ImportFileError(self.where, "the entry ends before it starts.")
        self.name = (self.name.strip() or "(no description)")[:MAX_NAME]
        self.tags = list(dict.fromkeys(t.strip()[:100] for t in self.tags if t and t.strip()))[:50]
        if self.activity_id is not None and shard_month(self.activity_id) != to_iso(self.start)[:7]:
            self.activity_id = None  # an id must live in the shard of its start; make a stable new one

    def id(self) -> str:
        """The activity id: kept from a LightTrack file, else derived from source and key (idempotent)."""
        return self.activity_id or new_activity_id(to_iso(self.start), seed=f"{self.source}:{self.key}")
