"""Analytics as pure functions over lists of activities (no I/O): totals, hours, projects, patterns."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, tzinfo

from . import timing
from .timeutil import from_iso, to_local

UNPRODUCTIVE_TAGS = {"break", "meeting"}
SHORT_ACTIVITY_MS = 5 * 60 * 1000


def _hour_slices(start: datetime, end: datetime, zone: tzinfo | None):
    """Yield (local hour of day, slice start, slice end) covering [start, end) in whole local hours."""
    cursor = start
    while cursor < end:
        local = to_local(cursor, zone)
        following = min(end, cursor + timedelta(minutes=60 - local.minute, seconds=-local.second,
                                                microseconds=-local.microsecond))
        yield local.hour, cursor, following
        cursor = following


def hourly_breakdown(activities: list[dict], start: datetime, end: datetime, now: datetime, zone: tzinfo | None) -> list[int]:
    """Worked milliseconds per local hour of day (0–23) inside [start, end)."""
    hours = [0] * 24
    for activity in activities:
        a_start = max(start, from_iso(activity["startTime"]))
        a_end = min(end, timing.end_of(activity, now))
        for hour, lo, hi in _hour_slices(a_start, a_end, zone):
            hours[hour] += timing.worked_ms(activity, now, lo, hi)
    return hours


def _worked(activities: list[dict], start: datetime, end: datetime, now: datetime) -> list[tuple[dict, int]]:
    return [(a, timing.worked_ms(a, now, start, end)) for a in activities]


def _is_productive(activity: dict) -> bool:
    return not UNPRODUCTIVE_TAGS & {t.lower() for t in activity.get("tags", [])}


def totals(worked: list[tuple[dict, int]]) -> dict:
    total = sum(ms for _, ms in worked)
    breaks = sum(ms for a, ms in worked if "break" in {t.lower() for t in a.get("tags", [])})
    productive = sum(ms for a, ms in worked if _is_productive(a))
    completed = [ms for a, ms in worked if a.get("endTime")]
    return {
        "totalTime": total,
        "productiveTime": productive,
        "breakTime": breaks,
        "activeProjects": len({a["projectId"] for a, ms in worked if ms > 0}),
        "completedActivities": len(completed),
        "averageActivityDuration": round(sum(completed) / len(completed)) if completed else 0,
    }


def project_distribution(worked: list[tuple[dict, int]]) -> list[dict]:
    per_project: Counter = Counter()
    for activity, ms in worked:
        per_project[activity["projectId"]] += ms
    total = sum(per_project.values())
    return [{"projectId": pid, "duration": ms, "percentage": round(ms * 100 / total, 2) if total else 0.0}
            for pid, ms in per_project.most_common() if ms > 0]


def top_activities(worked: list[tuple[dict, int]], limit: int = 5) -> list[dict]:
    grouped: dict[tuple[str, str], dict] = {}
    for activity, ms in worked:
        key = (activity["name"], activity["projectId"])
        entry = grouped.setdefault(key, {"name": key[0], "projectId": key[1], "duration": 0, "count": 0})
        entry["duration"] += ms
        entry["count"] += 1
    return sorted(grouped.values(), key=lambda e: -e["duration"])[:limit]


def daily_stats(activities: list[dict], day: date, start: datetime, end: datetime, now: datetime,
                zone: tzinfo | None) -> dict:
    worked = _worked(activities, start, end, now)
    return {
        "date": day.isoformat(),
        **totals(worked),
        "hourlyBreakdown": hourly_breakdown(activities, start, end, now, zone),
        "topActivities": top_activities(worked),
        "projectDistribution": project_distribution(worked),
    }


def weekly_stats(activities: list[dict], days: list[tuple[date, datetime, datetime]], now: datetime) -> dict:
    start, end = days[0][1], days[-1][2]
    worked = _worked(activities, start, end, now)
    daily = [{"date": d.isoformat(), "totalTime": sum(timing.worked_ms(a, now, lo, hi) for a in activities)}
             for d, lo, hi in days]
    summary = totals(worked)
    best = max(daily, key=lambda d: d["totalTime"])
    return {
        "weekStart": days[0][0].isoformat(),
        "weekEnd": days[-1][0].isoformat(),
        **summary,
        "dailyTotals": daily,
        "averageDailyTime": round(summary["totalTime"] / len(days)),
        "mostProductiveDay": best["date"] if best["totalTime"] else None,
        "projectDistribution": project_distribution(worked),
        "topActivities": top_activities(worked),
    }


def distraction_patterns(activities: list[dict], worked_ms: dict[str, int]) -> list[dict]:
    """Context switching and fragmented work, as the seed defines them."""
    ordered = sorted(activities, key=lambda a: a["startTime"])
    switches = sum(1 for a, b in zip(ordered, ordered[1:]) if a["projectId"] != b["projectId"])
    short = sum(1 for a in ordered if a.get("endTime") and worked_ms.get(a["id"], 0) < SHORT_ACTIVITY_MS)
    patterns = []
    if ordered and switches > len(ordered) * 0.3:
        patterns.append({"type": "frequent_context_switching", "severity": "high", "occurrences": switches,
                         "recommendation": "Try to batch similar tasks together to reduce context switching."})
    if ordered and short > len(ordered) * 0.4:
        patterns.append({"type": "fragmented_work", "severity": "medium", "occurrences": short,
                         "recommendation": "Many short activities detected. Consider blocking time for focused work."})
    return patterns


def recommendations(score: float, peak_hours: list[int], patterns: list[dict], total: int) -> list[str]:
    if total == 0:
        return ["Nothing was tracked in this period yet: start a timer to see your patterns."]
    advice = []
    if score < 50:
        advice.append("Your productivity score is below 50%. Consider reducing meetings and distractions.")
    if peak_hours:
        advice.append(f"You're most productive around {peak_hours[0]:02d}:00. Schedule important work during this time.")
    if any(p["type"] == "frequent_context_switching" for p in patterns):
        advice.append("Reduce context switching by batching similar tasks together.")
    if any(p["type"] == "fragmented_work" for p in patterns):
        advice.append("Block longer stretches of time for focused work.")
    return advice


def productivity_analysis(activities: list[dict], start: datetime, end: datetime, now: datetime,
                          zone: tzinfo | None) -> dict:
    worked = _worked(activities, start, end, now)
    summary = totals(worked)
    total = summary["totalTime"]
    score = round(summary["productiveTime"] * 100 / total, 2) if total else 0.0
    productive = [a for a in activities if _is_productive(a)]
    hours = hourly_breakdown(productive, start, end, now, zone)
    peak = [h for h in sorted(range(24), key=lambda h: (-hours[h], h)) if hours[h] > 0][:3]
    patterns = distraction_patterns(activities, {a["id"]: ms for a, ms in worked})
    return {
        "startDate": start.isoformat(), "endDate": end.isoformat(),
        "totalTime": total,
        "productiveTime": summary["productiveTime"],
        "productivityScore": score,
        "projectDistribution": project_distribution(worked),
        "hourlyDistribution": hours,
        "peakProductivityHours": peak,
        "distractionPatterns": patterns,
        "recommendations": recommendations(score, peak, patterns, total),
    }

