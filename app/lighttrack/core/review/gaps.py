"""Working hours with neither entries nor tracked time, and the rule a correction suggests (pure)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import PurePath
from typing import Any

from ..timing.isotime import localize
from .intervals import Interval, subtract, union

UTC = timezone.utc
MIN_GAP_MS = 15 * 60_000
MAJORITY = 0.5


def work_intervals(first: date, last: date, settings: dict[str, Any], zone: tzinfo | None) -> list[Interval]:
    """The working hours of the local days first..last, in epoch ms."""
    begin, end = time.fromisoformat(settings["workHoursStart"]), time.fromisoformat(settings["workHoursEnd"])
    found, day = [], first
    while day <= last:
        if day.isoweekday() in settings["workDays"] and end > begin:
            lo = localize(datetime.combine(day, begin), zone).astimezone(UTC)
            hi = localize(datetime.combine(day, end), zone).astimezone(UTC)
            found.append((round(lo.timestamp() * 1000), round(hi.timestamp() * 1000)))
        day += timedelta(days=1)
    return found


def gaps(work: list[Interval], busy: list[Interval], lo: int, hi: int) -> list[Interval]:
    """The parts of the working hours inside [lo, hi) that nothing covers, at least 15 minutes long."""
    busy = union(busy)
    found = []
    for w0, w1 in work:
        for g0, g1 in subtract(max(w0, lo), min(w1, hi), busy):
            if g1 - g0 >= MIN_GAP_MS:
                found.append((g0, g1))
    return found


def proposed_rule(labels: dict[str, Counter[str]], tracked: int, edits: dict[str, Any]) -> dict[str, Any] | None:
    """The rule that would have given a block the user's correction: by domain, folder or app, whichever
    covers most of the block; None when the correction changes no project or category."""
    target = {k: edits[k] for k in ("projectId", "categoryId") if edits.get(k)}
    if not target:
        return None
    kind = "project" if "projectId" in target else "category"
    match = _match(labels, tracked)
    return {"kind": kind, **match, **({"projectId": target["projectId"]} if kind == "project" else
                                      {"categoryId": target["categoryId"]})}


def _match(labels: dict[str, Counter[str]], tracked: int) -> dict[str, Any]:
    for kind, field in (("domain", "domain"), ("file", "path")):
        counts = labels.get(kind)
        if counts:
            value, ms = counts.most_common(1)[0]
            if ms >= tracked * MAJORITY:
                return {field: value if kind == "domain" else str(PurePath(value).parent)}
    return {"app": labels["app"].most_common(1)[0][0]}
