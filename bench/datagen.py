"""Generate years of realistic activities straight into a data folder (fast: one commit per month)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from lighttrack.core.timing.isotime import to_iso
from lighttrack.runtime import open_data
from lighttrack.store.activities import ActivityRepository, new_activity_id

NAMES = ["Code review", "Standup", "Feature work", "Bug triage", "Email", "Design doc", "Pairing", "Planning",
         "Research", "Support ticket", "Refactoring", "Writing tests", "Lunch break", "1:1 meeting"]
TAGS = [["dev"], ["meeting"], ["dev", "focus"], [], ["break"], ["writing"], ["dev"]]


def _day_activities(day: date, projects: list[str], rng: random.Random, per_day: int) -> list[dict]:
    cursor = datetime(day.year, day.month, day.day, 8, 0, tzinfo=timezone.utc)
    docs = []
    for _ in range(per_day):
        length = timedelta(minutes=rng.randint(5, 40))
        start, end = cursor, cursor + length
        start_iso = to_iso(start)
        docs.append({
            "id": new_activity_id(start_iso), "name": rng.choice(NAMES), "description": None,
            "projectId": rng.choice(projects), "categoryId": None, "startTime": start_iso, "endTime": to_iso(end),
            "duration": int(length.total_seconds() * 1000), "isPaused": False, "pausedDuration": 0,
            "pauseStartTime": None, "pauses": [], "applicationName": "code", "windowTitle": "main.py — repo",
            "isManualEntry": False, "tags": rng.choice(TAGS), "metadata": {}, "syncStatus": "pending",
            "syncVersion": 1, "isDeleted": False, "deletedAt": None, "createdAt": start_iso, "updatedAt": start_iso,
        })
        cursor = end + timedelta(minutes=rng.randint(0, 5))
    return docs


def generate(data_dir: Path, years: int, per_day: int = 35, seed: int = 7) -> int:
    """Fill `data_dir` with `years` of activities (busy weekdays, light weekends) ending yesterday."""
    rng = random.Random(seed)
    data = open_data(data_dir)
    try:
        projects = [data.services.projects.create({"name": f"Project {i}", "client": f"Client {i % 4}"})["id"]
                    for i in range(12)]
        repo = ActivityRepository(data.store)
        last = date.today() - timedelta(days=1)
        day, total = last - timedelta(days=365 * years), 0
        while day <= last:
            month_docs = []
            month = day.month
            while day <= last and day.month == month:
                month_docs += _day_activities(day, projects, rng, per_day if day.weekday() < 5 else 5)
                day += timedelta(days=1)
            with data.store.transaction():
                repo.put_many(month_docs)
            total += len(month_docs)
        return total
    finally:
        data.close()
