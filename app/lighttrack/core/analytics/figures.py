"""Analytics as pure functions over a merged period (see summary.py): totals, hours, projects, patterns."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date
from typing import Any

from ..records.productivity import DISTRACTING_AT_MOST, VERY_PRODUCTIVE, is_productive, pulse_weight
from .daysummary import CATEGORY, COMPLETED, MS, NAME, PROJECT, TAGS, Period

SHORT_ACTIVITY_MS = 5 * 60 * 1000
MS_PER_HOUR = 3_600_000
COMPARED = ("totalTime", "productiveTime", "breakTime", "meetingTime", "activeProjects", "completedActivities",
            "averageActivityDuration", "productivityScore", "productivityPulse")


def _tags(item: list[Any]) -> set[str]:
    return {t.lower() for t in item[TAGS]}


def _percent(part: float, whole: float) -> float:
    return round(part * 100 / whole, 2) if whole else 0.0


def totals(period: Period) -> dict[str, Any]:
    total = productive = breaks = meetings = 0
    completed: list[int] = []
    projects = set()
    for item in period.items.values():
        ms, tags = item[MS], _tags(item) if item[TAGS] else set()
        total += ms
        breaks += ms if "break" in tags else 0
        meetings += ms if "meeting" in tags else 0
        productive += ms if is_productive(tags) else 0
        if item[COMPLETED]:
            completed.append(ms)
        if ms > 0:
            projects.add(item[PROJECT])
    return {
        "totalTime": total, "productiveTime": productive, "breakTime": breaks, "meetingTime": meetings,
        "activeProjects": len(projects),
        "activityCount": sum(1 for i in period.items.values() if i[MS] > 0),
        "completedActivities": len(completed),
        "averageActivityDuration": round(sum(completed) / len(completed)) if completed else 0,
        "productivityScore": _percent(productive, total),
    }


def _distribution(per_key: Counter[str], key: str) -> list[dict[str, Any]]:
    total = sum(per_key.values())
    return [{key: k, "duration": ms, "percentage": _percent(ms, total)} for k, ms in per_key.most_common() if ms > 0]


def project_distribution(period: Period) -> list[dict[str, Any]]:
    per_project: Counter[str] = Counter()
    for item in period.items.values():
        per_project[item[PROJECT]] += item[MS]
    return _distribution(per_project, "projectId")


def tag_distribution(period: Period) -> list[dict[str, Any]]:
    """Time per tag; an activity with several tags counts for each (percentages of the total time)."""
    per_tag: Counter[str] = Counter()
    for item in period.items.values():
        for tag in item[TAGS]:
            per_tag[tag] += item[MS]
    total = period.total()
    return [{"tag": t, "duration": ms, "percentage": _percent(ms, total)} for t, ms in per_tag.most_common() if ms > 0]


def category_distribution(period: Period, categories: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Time per category with its name and productivity rating (0 very distracting … 4 very productive)."""
    rows = _distribution(period.categories, "categoryId")
    for row in rows:
        known = categories.get(row["categoryId"], {})
        row["name"], row["rating"] = known.get("name", row["categoryId"]), known.get("rating")
    return rows


def productivity_pulse(period: Period, ratings: dict[str, int]) -> dict[str, Any]:
    """A 0–100 score weighted by time, as RescueTime's pulse: very distracting 0 … very productive 100."""
    rated = {c: ms for c, ms in period.categories.items() if c in ratings and ms > 0}
    rated_ms = sum(rated.values())
    weighted = sum(pulse_weight(ratings[c]) * ms for c, ms in rated.items())
    return {
        "productivityPulse": round(weighted / rated_ms, 2) if rated_ms else None,
        "ratedTime": rated_ms,
        "distractingTime": sum(ms for c, ms in rated.items() if ratings[c] <= DISTRACTING_AT_MOST),
        "veryProductiveTime": sum(ms for c, ms in rated.items() if ratings[c] == VERY_PRODUCTIVE),
    }


def top_activities(period: Period, limit: int = 5) -> list[dict[str, Any]]:
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for item in period.items.values():
        key = (item[NAME], item[PROJECT])
        entry = grouped.setdefault(key, {"name": key[0], "projectId": key[1], "duration": 0, "count": 0})
        entry["duration"] += item[MS]
        entry["count"] += 1
    return sorted(grouped.values(), key=lambda e: (-e["duration"], e["name"]))[:limit]


def peak_hours(hourly: list[int], count: int = 3) -> list[int]:
    return [h for h in sorted(range(24), key=lambda h: (-hourly[h], h)) if hourly[h] > 0][:count]


def distraction_patterns(period: Period, ratings: dict[str, int]) -> list[dict[str, Any]]:
    """Context switching and fragmented work (as the seed defines them) and time in distracting apps."""
    ordered = period.ordered()
    switches = sum(1 for a, b in itertools.pairwise(ordered) if a[PROJECT] != b[PROJECT])
    short = sum(1 for i in ordered if i[COMPLETED] and i[MS] < SHORT_ACTIVITY_MS)
    patterns = []
    if ordered and switches > len(ordered) * 0.3:
        patterns.append({"type": "frequent_context_switching", "severity": "high", "occurrences": switches,
                         "recommendation": "Try to batch similar tasks together to reduce context switching."})
    if ordered and short > len(ordered) * 0.4:
        patterns.append({"type": "fragmented_work", "severity": "medium", "occurrences": short,
                         "recommendation": "Many short activities detected. Consider blocking time for focused work."})
    pulse = productivity_pulse(period, ratings)
    if pulse["ratedTime"] and pulse["distractingTime"] > pulse["ratedTime"] * 0.25:
        patterns.append({"type": "distracting_apps", "severity": "medium",
                         "occurrences": sum(1 for i in ordered if ratings.get(i[CATEGORY], 2) <= 1),
                         "recommendation": "Over a quarter of your time went to distracting apps and sites."})
    return patterns


def recommendations(score: float, peak: list[int], patterns: list[dict[str, Any]], total: int) -> list[str]:
    if total == 0:
        return ["Nothing was tracked in this period yet: start a timer to see your patterns."]
    advice = []
    if score < 50:
        advice.append("Your productivity score is below 50%. Consider reducing meetings and distractions.")
    if peak:
        advice.append(f"You're most productive around {peak[0]:02d}:00. Schedule important work during this time.")
    kinds = {p["type"] for p in patterns}
    if "frequent_context_switching" in kinds:
        advice.append("Reduce context switching by batching similar tasks together.")
    if "fragmented_work" in kinds:
        advice.append("Block longer stretches of time for focused work.")
    if "distracting_apps" in kinds:
        advice.append("Try a focus session to keep distracting apps away during deep work.")
    return advice


def overview(period: Period, ratings: dict[str, int], categories: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The figures every view shares."""
    return {
        **totals(period),
        **productivity_pulse(period, ratings),
        "hourlyBreakdown": list(period.hourly),
        "topActivities": top_activities(period),
        "projectDistribution": project_distribution(period),
        "categoryDistribution": category_distribution(period, categories),
        "tagDistribution": tag_distribution(period),
    }


def daily_series(day_totals: list[tuple[date, int]], today: date) -> dict[str, Any]:
    """Per-day totals of a multi-day view, their average over the days lived so far (up to `today`) and the best day."""
    daily = [{"date": d.isoformat(), "totalTime": ms} for d, ms in day_totals]
    best_day, best_ms = max(day_totals, key=lambda pair: pair[1])
    lived = [ms for d, ms in day_totals if d <= today]
    return {
        "dailyTotals": daily,
        "averageDailyTime": round(sum(lived) / len(lived)) if lived else 0,
        "mostProductiveDay": best_day.isoformat() if best_ms else None,
    }


def productivity_analysis(period: Period, ratings: dict[str, int], categories: dict[str, dict[str, Any]]) -> dict[str, Any]:
    summary = totals(period)
    peak = peak_hours(period.productive_hourly)
    patterns = distraction_patterns(period, ratings)
    return {
        "totalTime": summary["totalTime"],
        "productiveTime": summary["productiveTime"],
        "productivityScore": summary["productivityScore"],
        **productivity_pulse(period, ratings),
        "projectDistribution": project_distribution(period),
        "categoryDistribution": category_distribution(period, categories),
        "hourlyDistribution": list(period.productive_hourly),
        "peakProductivityHours": peak,
        "distractionPatterns": patterns,
        "recommendations": recommendations(summary["productivityScore"], peak, patterns, summary["totalTime"]),
    }


def comparison(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """The change of each headline figure from the previous period to the current one."""
    changes = {}
    for key in COMPARED:
        now, before = current.get(key), previous.get(key)
        if now is None or before is None:
            changes[key] = {"current": now, "previous": before, "change": None, "changePercent": None}
            continue
        change = round(now - before, 2)
        changes[key] = {"current": now, "previous": before, "change": change,
                        "changePercent": round(change * 100 / before, 2) if before else None}
    return changes


def goal_value(target_type: str, period: Period) -> float:
    """The current value of a goal's target: hours worked, activities done, or the productivity score."""
    if target_type == "hours":
        return round(period.total() / MS_PER_HOUR, 2)
    if target_type == "activities":
        return float(sum(1 for i in period.items.values() if i[COMPLETED] and i[MS] > 0))
    score: float = totals(period)["productivityScore"]
    return score
