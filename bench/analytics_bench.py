"""Analytics latency for a day, week, month and year over 1 and 5 years of generated data, and the time to
export a year to CSV, JSON and PDF. Run: .venv/bin/python bench/analytics_bench.py

"cold" drops the cache of day summaries first (a view before the ticker has primed the cache at start-up);
"warm" is every later view. The figures are the best of a few runs (the machine may be shared).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date, datetime, time as clock_time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from lighttrack.core.context import Context
from lighttrack.core.analytics.service import PRIME_DAYS
from lighttrack.core.services import Services
from lighttrack.store.activities import ActivityRepository
from lighttrack.store.crypto import Cipher, new_key
from lighttrack.store.database import Store

ZONE = ZoneInfo("Europe/Berlin")
PER_DAY = 20
NAMES = ["Code review", "Write docs", "Standup", "Email", "Design", "Fix bug", "Plan sprint", "Research"]
CATEGORIES = ["development", "writing", "meetings", "communication", "browsing", "entertainment", None]


class FixedClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


def generate(services: Services, first: date, last: date, projects: list[str]) -> int:
    """Write ~PER_DAY activities a day, one store transaction per month; return how many."""
    rng, repo, count = random.Random(7), ActivityRepository(services.ctx.store), 0
    day = first
    while day <= last:
        month_docs = []
        month = day.month
        while day <= last and day.month == month:
            month_docs += _day_docs(services, day, projects, rng)
            day += timedelta(days=1)
        with services.ctx.store.transaction():
            repo.put_many(month_docs)
        count += len(month_docs)
    return count


def _day_docs(services: Services, day: date, projects: list[str], rng: random.Random) -> list[dict]:
    cursor = datetime.combine(day, clock_time(8, 0), ZONE)
    docs = []
    for _ in range(PER_DAY):
        length = timedelta(minutes=rng.randint(5, 40))
        tags = rng.choice([[], [], ["break"], ["meeting"], ["deep"]])
        fields = {"name": rng.choice(NAMES), "projectId": rng.choice(projects), "categoryId": rng.choice(CATEGORIES),
                  "tags": tags}
        docs.append(services.activities.new_doc(fields, cursor, cursor + length, manual=False))
        cursor += length + timedelta(minutes=rng.randint(0, 5))
    return docs


def timed(action, repeat: int = 3) -> float:
    """Best of `repeat` runs in milliseconds (the machine may be busy; the best run is the cost)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def bench_views(services: Services, last: date) -> None:
    reports = services.reports
    views = {
        "day": lambda: reports.daily(last.isoformat()),
        "week": lambda: reports.weekly((last - timedelta(days=last.weekday())).isoformat()),
        "month": lambda: reports.monthly(last.isoformat()[:7]),
        "year": lambda: reports.range((last - timedelta(days=364)).isoformat(), last.isoformat()),
        "year productivity": lambda: reports.productivity((last - timedelta(days=364)).isoformat(), last.isoformat()),
        "year vs previous": lambda: reports.compare((last - timedelta(days=364)).isoformat(), last.isoformat()),
    }
    for name, view in views.items():
        def cold(view=view):
            reports.cache.clear()
            view()
        print(f"  {name:<18} cold {timed(cold):8.1f} ms   warm {timed(view, 5):7.1f} ms")


def bench_exports(services: Services, last: date, folder: Path) -> None:
    options = {"startDate": (last - timedelta(days=364)).isoformat(), "endDate": last.isoformat(), "path": str(folder)}
    for fmt in ("csv", "json", "pdf"):
        result = {}

        def run(fmt=fmt):
            result.update(services.exports.export_range(fmt, options))
        ms = timed(run, 1)
        print(f"  {fmt:<5} {ms:8.0f} ms   {result['activityCount']} activities, {result['fileSize'] / 1e6:.1f} MB")
    ms = timed(lambda: services.exports.backup({"path": str(folder)}), 1)
    print(f"  backup (everything) {ms:6.0f} ms")


def main() -> None:
    last = date(2025, 12, 31)
    for years in (1, 5):
        with tempfile.TemporaryDirectory() as tmp:
            clock = FixedClock(datetime.combine(last + timedelta(days=1), clock_time(12), timezone.utc))
            services = Services.open(Context(Store(Path(tmp), Cipher(new_key())), clock=clock, zone=ZONE))
            projects = [services.projects.create({"name": f"Project {i}"})["id"] for i in range(8)]
            first = date(last.year - years + 1, 1, 1)
            started = time.perf_counter()
            count = generate(services, first, last, projects)
            print(f"{years} year(s): {count} activities generated in {time.perf_counter() - started:.1f} s")
            bench_views(services, last)
            services.reports.cache.clear()
            print(f"  start-up priming of the last {PRIME_DAYS} days (ticker thread): {timed(services.reports.prime, 1):.0f} ms")
            if years == 1:
                os.environ.setdefault("LIGHTTRACK_EXPORT_DIR", tmp)
                print(" export of a year:")
                bench_exports(services, last, Path(tmp))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
