"""Suggested entries from the timeline (pure): uncovered tracked time cut into named blocks.

Spans not covered by an activity (nor rejected before) become pieces; consecutive pieces with the
same project and category join into a run, across untracked gaps of at most `absorb_ms`; a run
shorter than `absorb_ms` between two runs of one kind is absorbed into them, and any other short run
joins a neighbour it touches. A block's duration is its tracked time: the untracked gaps inside it
are listed so that an accepted block becomes an entry with those gaps as pauses.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...errors import ValidationError
from .intervals import Interval, crosses, subtract

ID_PREFIX = "sg"
LABELS = ("app", "title", "domain", "file")  # what a span says about the work
TOP_SOURCES = 5


@dataclass(slots=True)
class Run:
    """Consecutive pieces `first`..`last` (indexes into the pieces) of one project/category.

    Labels and gaps are worked out once per final block (`finish`), not at every merge.
    """

    key: tuple[Any, ...]
    start: int
    end: int
    first: int
    last: int
    tracked: int = 0
    gaps: list[Interval] | None = None  # filled in by `finish` (thousands of runs are made, few are kept)
    labels: dict[str, Counter[str]] | None = None
    tags: tuple[str, ...] = ()
    calendar: bool = False

    def absorb(self, other: Run) -> None:
        self.end = max(self.end, other.end)
        self.last = other.last
        self.tracked += other.tracked

    def finish(self, parts: list[tuple[int, int, dict[str, Any]]]) -> Run:
        """Fill in the untracked gaps and the time per label from the pieces."""
        if self.calendar:
            return self
        labels: dict[str, Counter[str]] = {kind: Counter() for kind in LABELS}
        reach, self.gaps = self.start, []
        for start, end, span in parts[self.first:self.last + 1]:
            if start > reach:
                self.gaps.append((reach, start))
            reach = max(reach, end)
            labels["app"][span.get("app") or "unknown"] += end - start
            for kind in LABELS[1:]:
                if span.get(kind):
                    labels[kind][span[kind]] += end - start
        self.labels = {kind: counts for kind, counts in labels.items() if counts}
        return self


def pieces(spans: list[dict[str, Any]], blocked: list[Interval], to_ms: Callable[[str], int]
           ) -> list[tuple[int, int, dict[str, Any]]]:
    """The parts of the spans outside the blocked intervals, oldest first."""
    found = []
    for span in spans:
        for lo, hi in subtract(to_ms(span["start"]), to_ms(span["end"]), blocked):
            found.append((lo, hi, span))
    return sorted(found, key=lambda p: p[0])


def runs(parts: list[tuple[int, int, dict[str, Any]]], blocked: list[Interval], absorb_ms: int) -> list[Run]:
    """Join consecutive pieces of one project/category across short untracked gaps."""
    result: list[Run] = []
    last: Run | None = None
    for index, (start, end, span) in enumerate(parts):
        key = (span.get("projectId"), span.get("category"))
        if last is None or last.key != key or not joinable(last.end, start, blocked, absorb_ms):
            last = Run(key, start, end, index, index, end - start)
            result.append(last)
        else:
            last.end, last.last, last.tracked = max(last.end, end), index, last.tracked + end - start
    return result


def joinable(end: int, start: int, blocked: list[Interval], absorb_ms: int) -> bool:
    """True when the untracked time between `end` and `start` may sit inside one block."""
    return start - end <= absorb_ms and (start <= end or not crosses(end, start, blocked))


def absorb(found: list[Run], blocked: list[Interval], absorb_ms: int) -> list[Run]:
    """Fold short interruptions into the runs around them, then short leftovers into a touching neighbour."""
    stack: list[Run] = []
    for run in found:
        stack.append(run)
        while len(stack) >= 3 and _sandwiched(stack[-3], stack[-2], stack[-1], blocked, absorb_ms):
            outer, middle, after = stack[-3], stack[-2], stack.pop()
            stack.pop()
            outer.absorb(middle)
            outer.absorb(after)
    return _attach_short(stack, blocked, absorb_ms)


def _sandwiched(before: Run, middle: Run, after: Run, blocked: list[Interval], absorb_ms: int) -> bool:
    return (before.key == after.key and middle.tracked < absorb_ms
            and joinable(before.end, middle.start, blocked, absorb_ms)
            and joinable(middle.end, after.start, blocked, absorb_ms))


def _attach_short(found: list[Run], blocked: list[Interval], absorb_ms: int) -> list[Run]:
    result: list[Run] = []
    pending: Run | None = None  # a short run waiting to join the next one
    for run in found:
        if pending is not None:
            if joinable(pending.end, run.start, blocked, absorb_ms) and run.tracked >= absorb_ms:
                pending.key = run.key
                pending.absorb(run)
                run = pending
            else:
                result.append(pending)
            pending = None
        previous = result[-1] if result else None
        if run.tracked < absorb_ms and previous is not None and joinable(previous.end, run.start, blocked, absorb_ms):
            previous.absorb(run)
        elif run.tracked < absorb_ms:
            pending = run
        else:
            result.append(run)
    return result + ([pending] if pending is not None else [])


def meeting_runs(meetings: list[dict[str, Any]], blocked: list[Interval], lo: int, hi: int,
                 to_ms: Callable[[str], int]) -> list[Run]:
    """Calendar events as their own blocks: the parts of each inside [lo, hi) that nothing covers yet."""
    found = []
    for meeting in meetings:
        start, end = max(lo, to_ms(meeting["start"])), min(hi, to_ms(meeting["end"]))
        for part_start, part_end in subtract(start, end, blocked) if end > start else []:
            title = str(meeting.get("title") or "Meeting")
            found.append(Run((None, "meetings"), part_start, part_end, -1, -1, part_end - part_start,
                             labels={"app": Counter({"calendar": part_end - part_start}),
                                     "title": Counter({title: part_end - part_start})},
                             gaps=[], tags=("meeting",), calendar=True))
    return found


def suggestion_id(start: int, end: int, key: tuple[Any, ...]) -> str:
    """An id that names the block's interval, so a rejection or acceptance needs no stored copy."""
    digest = hashlib.sha256(repr((start, end, key)).encode()).hexdigest()[:10]
    return f"{ID_PREFIX}_{start}_{end}_{digest}"


def interval_of(suggestion: object, field: str) -> Interval:
    """The [start, end) in epoch ms named by a suggestion id; a clear error for anything else."""
    parts = suggestion.split("_") if isinstance(suggestion, str) and len(suggestion) <= 80 else []
    if len(parts) != 4 or parts[0] != ID_PREFIX or not (parts[1].isdigit() and parts[2].isdigit()):
        raise ValidationError(f"{field} is not a suggestion id.")
    start, end = int(parts[1]), int(parts[2])
    if end <= start:
        raise ValidationError(f"{field} is not a suggestion id.")
    return start, end


def describe(run: Run, project_names: dict[str, str]) -> dict[str, Any]:
    """The suggestion's name, sources and reason from what the run tracked."""
    labels = run.labels or {}
    name_kind = next((k for k in ("file", "domain", "title") if labels.get(k)), "app")
    name = labels[name_kind].most_common(1)[0][0]
    sources = [{"kind": kind, "value": value, "duration": ms}
               for kind in ("app", "domain", "file", "title")
               for value, ms in labels.get(kind, Counter()).most_common(TOP_SOURCES)]
    apps = [str(s["value"]) for s in sources if s["kind"] == "app"]
    project = project_names.get(run.key[0] or "")
    if run.calendar:
        return {"name": name[:500], "sources": sources, "reason": "Calendar event"}
    reason = (f"Project {project} by rule; " if project else "") + "tracked in " + ", ".join(apps[:3])
    if run.gaps:
        reason += f"; {len(run.gaps)} short gap(s) left out"
    return {"name": name[:500], "sources": sources, "reason": reason}
