"""Analytics as pure functions over a merged period (see summary.py): totals, hours, projects, patterns."""

from __future__ import annotations

import operator
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..records.productivity import DISTRACTING_AT_MOST, VERY_PRODUCTIVE, is_productive, pulse_weight
from .daysummary import CATEGORY, COMPLETED, MS, NAME, PROJECT, TAGS, Period

SHORT_ACTIVITY_MS = 5 * 60 * 1000
MS_PER_HOUR = 3_600_000
COMPARED = ("totalTime", "productiveTime", "breakTime", "meetingTime", "activeProjects", "completedActivities",
            "averageActivityDuration", "productivityScore", "productivityPulse")


def _percent(part: float, whole: float) -> float:
    return round(part * 100 / whole, 2) if whole else 0.0


@dataclass
class Tally:
    """A period's items added up once by the keys the figures group by (a year is ~9,000 items and a few keys)."""

    by_tags: Counter[tuple[str, ...]] = field(default_factory=Counter)
    by_project: Counter[str] = field(default_factory=Counter)
    by_activity: Counter[tuple[str, str]] = field(default_factory=Counter)  # (name, projectId)
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    active_projects: set[str] = field(default_factory=set)
    with_time: int = 0
    completed: int = 0
    completed_ms: int = 0


def tally(period: Period) -> Tally:
    # one dict update an item (a year: ~9,000), then the few thousand groups are added up by each key
    groups: dict[tuple[Any, ...], list[int]] = {}
    for item in period.items.values():
        ms = item[MS]
        key = (item[NAME], item[PROJECT], tuple(item[TAGS]), item[COMPLETED], ms > 0)
        group = groups.get(key)
        if group is None:
            groups[key] = [ms, 1]
        else:
            group[0] += ms
            group[1] += 1
    t = Tally()
    for (name, project, tags, completed, with_time), (ms, count) in groups.items():
        t.by_tags[tags] += ms
        t.by_project[project] += ms
        t.by_activity[name, project] += ms
        t.counts[name, project] += count
        if completed:
            t.completed += count
            t.completed_ms += ms
        if with_time:
            t.with_time += count
            t.active_projects.add(project)
    return t


def totals(t: Tally) -> dict[str, Any]:
    total = productive = breaks = meetings = 0
    for tag_list, ms in t.by_tags.items():
        tags = {tag.lower() for tag in tag_list}
        total += ms
        breaks += ms if "break" in tags else 0
        meetings += ms if "meeting" in tags else 0
        productive += ms if is_productive(tags) else 0
    return {
        "totalTime": total, "productiveTime": productive, "breakTime": breaks, "meetingTime": meetings,
        "activeProjects": len(t.active_projects),
        "activityCount": t.with_time,
        "completedActivities": t.completed,
        "averageActivityDuration": round(t.completed_ms / t.completed) if t.completed else 0,
        "productivityScore": _percent(productive, total),
    }


def _distribution(per_key: Counter[str], key: str) -> list[dict[str, Any]]:
    total = sum(per_key.values())
    return [{key: k, "duration": ms, "percentage": _percent(ms, total)} for k, ms in per_key.most_common() if ms > 0]


def project_distribution(t: Tally) -> list[dict[str, Any]]:
    return _distribution(t.by_project, "projectId")


def tag_distribution(t: Tally) -> list[dict[str, Any]]:
    """Time per tag; an activity with several tags counts for each (percentages of the total time)."""
    per_tag: Counter[str] = Counter()
    for tags, ms in t.by_tags.items():
        for tag in tags:
            per_tag[tag] += ms
    total = sum(t.by_tags.values())
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


def top_activities(t: Tally, limit: int = 5) -> list[dict[str, Any]]:
    top = sorted(t.by_activity.items(), key=lambda pair: (-pair[1], pair[0][0]))[:limit]
    return [{"name": name, "projectId": project, "duration": ms, "count": t.counts[name, project]}
            for (name, project), ms in top]


def peak_hours(hourly: list[int], count: int = 3) -> list[int]:
    return [h for h in sorted(range(24), key=lambda h: (-hourly[h], h)) if hourly[h] > 0][:count]


def distraction_patterns(period: Period, ratings: dict[str, int]) -> list[dict[str, Any]]:
    """Context switching and fragmented work (as the seed defines them) and time in distracting apps."""
    ordered = period.ordered()
    projects = [item[PROJECT] for item in ordered]
    switches = sum(map(operator.ne, projects, projects[1:]))
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
    """The figures every view shares, with the patterns and advice of the productivity analysis (one read a view)."""
    added = tally(period)
    summary = totals(added)
    peak = peak_hours(period.productive_hourly)
    patterns = distraction_patterns(period, ratings)
    return {
        **summary,
        **productivity_pulse(period, ratings),
        "hourlyBreakdown": list(period.hourly),
        "topActivities": top_activities(added),
        "projectDistribution": project_distribution(added),
        "categoryDistribution": category_distribution(period, categories),
        "tagDistribution": tag_distribution(added),
        "peakProductivityHours": peak,
        "distractionPatterns": patterns,
        "recommendations": recommendations(summary["productivityScore"], peak, patterns, summary["totalTime"]),
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
    added = tally(period)
    summary = totals(added)
    peak = peak_hours(period.productive_hourly)
    patterns = distraction_patterns(period, ratings)
    return {
        "totalTime": summary["totalTime"],
        "productiveTime": summary["productiveTime"],
        "productivityScore": summary["productivityScore"],
        **productivity_pulse(period, ratings),
        "projectDistribution": project_distribution(added),
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
    score: float = totals(tally(period))["productivityScore"]
    return score
