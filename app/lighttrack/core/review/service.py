"""The review inbox: suggestions over a range, accepting them as entries, rejecting them for good."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from ...errors import NotFoundError, ValidationError
from ...store.spandetail import flatten
from ..timing import worked
from .. import validate
from ..records.activities import ActivityService
from ..context import Context
from ..records.projects import ProjectService
from ..records.shapes import Activity
from ..records.settings import SettingsService
from ..integrations.external import ExternalItems
from ..timing.isotime import to_local
from . import blocks
from . import gaps as gaps_of
from .intervals import Interval, union

UTC = timezone.utc
CALENDAR = "calendar"  # the source of the calendar integration's events
EDITABLE = ("name", "description", "projectId", "categoryId", "tags")
SpanReader = Callable[[datetime, datetime], list[dict[str, Any]]]


def to_ms(iso: str) -> int:
    return round(datetime.fromisoformat(iso).timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


def iso_ms(ms: int) -> str:
    return from_ms(ms).isoformat(timespec="milliseconds")


class ReviewService:
    """Suggestions from the window timeline next to the activities.

    Threading contract: any thread may call; reads go through the span reader (thread-safe) and
    the store's transactions; two accepts of one suggestion create one entry (the second finds it covered).
    """

    def __init__(self, ctx: Context, activities: ActivityService, projects: ProjectService, settings: SettingsService,
                 read_spans: SpanReader) -> None:
        self._ctx = ctx
        self._activities = activities
        self._projects = projects
        self._settings = settings
        self._read_spans = read_spans
        self._calendar = ExternalItems(ctx)

    def suggestions(self, start: datetime, end: datetime) -> list[dict[str, Any]]:
        """Blocks of tracked time in [start, end) not covered by an activity nor rejected, oldest first."""
        names = {p["id"]: p["name"] for p in self._projects.all()}
        return [self._public(run, names) for run in self._runs(start, end)]

    def accept(self, items: list[Any]) -> list[Activity]:
        """Create one entry per suggestion (an id, or the suggestion with edited fields); return them."""
        wanted = [self._item(item, f"items[{i}]") for i, item in enumerate(items)]
        found = self._find({interval for _, interval, _ in wanted})
        created: list[Activity] = []
        for suggestion_id, interval, edits in wanted:
            run = found.get(suggestion_id) or self._find({interval}, exact=True).get(suggestion_id)
            if run is None:
                raise NotFoundError(f"The suggestion {suggestion_id} is no longer open (accepted, rejected or changed).")
            created.append(self._create(run, edits))
        return created

    def reject(self, ids: list[Any]) -> dict[str, Any]:
        """Hide the suggestions' time from the inbox for good."""
        intervals = [(s, blocks.interval_of(s, f"ids[{i}]")) for i, s in enumerate(ids)]
        with self._ctx.store.transaction():
            self._ctx.records.review_rejected.put_many(
                {suggestion_id: {"start": lo, "end": hi, "at": self._ctx.stamp()} for suggestion_id, (lo, hi) in intervals})
        self._ctx.bus.publish("review:changed", {"rejected": [s for s, _ in intervals]})
        return {"rejected": len(intervals)}

    def gaps(self, start: datetime, end: datetime) -> list[dict[str, Any]]:
        """Working hours in [start, end) with neither an entry nor tracked time (15 minutes or more)."""
        lo, hi = round(start.timestamp() * 1000), round(end.timestamp() * 1000)
        zone = self._ctx.zone
        first, last = to_local(start, zone).date(), to_local(end, zone).date()
        work = gaps_of.work_intervals(first, last, self._settings.get_all(), zone)
        busy = self._covered(start, end) + [(to_ms(s["start"]), to_ms(s["end"]))
                                            for s in self._read_spans(start, end) + self._meetings(start, end)]
        return [{"start": iso_ms(a), "end": iso_ms(b), "duration": b - a} for a, b in gaps_of.gaps(work, busy, lo, hi)]

    def propose_rule(self, item: object) -> dict[str, Any] | None:
        """The rule ("always do this") that would have given an open suggestion the item's project or category."""
        suggestion_id, interval, edits = self._item(item, "item")
        run = self._find({interval}).get(suggestion_id) or self._find({interval}, exact=True).get(suggestion_id)
        if run is None:
            raise NotFoundError(f"The suggestion {suggestion_id} is no longer open (accepted, rejected or changed).")
        if run.calendar:
            return None  # a meeting is named by its calendar, not by what the computer showed
        changed = {k: v for k, v in edits.items() if k in ("projectId", "categoryId") and v != dict(zip(
            ("projectId", "categoryId"), run.key)).get(k)}
        return gaps_of.proposed_rule(run.labels or {}, run.tracked, changed)

    # -- building ------------------------------------------------------------------------
    def _runs(self, start: datetime, end: datetime) -> list[blocks.Run]:
        """Calendar events as their own blocks, then the tracked time outside them, oldest first."""
        absorb_ms = int(self._settings.get("reviewMergeSeconds")) * 1000
        lo, hi = round(start.timestamp() * 1000), round(end.timestamp() * 1000)
        blocked = union(self._covered(start, end) + self._rejected(lo, hi))
        meetings = blocks.meeting_runs(self._meetings(start, end), blocked, lo, hi, to_ms)
        blocked = union(blocked + [(m.start, m.end) for m in meetings])
        parts = blocks.pieces(flatten(self._read_spans(start, end)), blocked, to_ms)
        tracked = [run.finish(parts) for run in blocks.absorb(blocks.runs(parts, blocked, absorb_ms), blocked, absorb_ms)]
        return sorted(meetings + tracked, key=lambda run: run.start)

    def _meetings(self, start: datetime, end: datetime) -> list[dict[str, Any]]:
        return [item for item in self._calendar.between(start, end) if item.get("source") == CALENDAR]

    def _covered(self, start: datetime, end: datetime) -> list[Interval]:
        now, covered = self._ctx.now(), []
        for activity in self._activities.between(start, end):
            lo, hi = to_ms(activity["startTime"]), round(worked.end_of(activity, now).timestamp() * 1000)
            pauses = union([(round(p0.timestamp() * 1000), round(p1.timestamp() * 1000))
                            for p0, p1 in worked.pause_spans(activity, now)])
            cursor = lo
            for p0, p1 in pauses:
                covered.append((cursor, p0))
                cursor = max(cursor, p1)
            covered.append((cursor, hi))
        return covered

    def _rejected(self, lo: int, hi: int) -> list[Interval]:
        with self._ctx.store.transaction():
            return [(d["start"], d["end"]) for d in self._ctx.records.review_rejected.view().values()
                    if d["start"] < hi and d["end"] > lo]

    @staticmethod
    def _public(run: blocks.Run, names: dict[str, str]) -> dict[str, Any]:
        return {"id": blocks.suggestion_id(run.start, run.end, run.key), "start": iso_ms(run.start),
                "end": iso_ms(run.end), "duration": run.tracked, "projectId": run.key[0], "categoryId": run.key[1],
                "tags": list(run.tags), "gaps": [{"start": iso_ms(a), "end": iso_ms(b)} for a, b in run.gaps or []],
                **blocks.describe(run, names)}

    # -- accepting -------------------------------------------------------------------------
    def _item(self, item: object, field: str) -> tuple[str, Interval, dict[str, Any]]:
        if isinstance(item, str):
            return item, blocks.interval_of(item, field), {}
        item = validate.obj(item, field)
        if "id" not in item:
            raise ValidationError(f"{field}.id is required.")
        edits = {k: item[k] for k in EDITABLE if k in item}
        return item["id"], blocks.interval_of(item["id"], f"{field}.id"), edits

    def _find(self, intervals: set[Interval], exact: bool = False) -> dict[str, blocks.Run]:
        """The open suggestions around `intervals` by id (a day either side, or exactly the interval)."""
        if not intervals:
            return {}
        margin = 0 if exact else 86_400_000
        lo, hi = min(i[0] for i in intervals) - margin, max(i[1] for i in intervals) + margin
        return {blocks.suggestion_id(r.start, r.end, r.key): r for r in self._runs(from_ms(lo), from_ms(hi))}

    def _create(self, run: blocks.Run, edits: dict[str, Any]) -> Activity:
        described = blocks.describe(run, {})
        top_app = next(s["value"] for s in described["sources"] if s["kind"] == "app")
        data = {"name": described["name"], "projectId": run.key[0], "categoryId": run.key[1], "tags": list(run.tags), **edits,
                "applicationName": top_app[:500], "metadata": {"source": "review"}}
        gaps = [(from_ms(a), from_ms(b)) for a, b in run.gaps or []]
        return self._activities.add_tracked(data, from_ms(run.start), from_ms(run.end), gaps)


def check_range(start: datetime, end: datetime, longest: timedelta) -> None:
    """Refuse an empty or too long range with a sentence naming the fields."""
    if end <= start:
        raise ValidationError("endISO must be after startISO.")
    if end - start > longest:
        raise ValidationError(f"endISO must be at most {longest.days} days after startISO.")
