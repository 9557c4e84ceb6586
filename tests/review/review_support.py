"""A scripted timeline: spans written to a real span store, read through the timeline, on a fake clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from lighttrack.core.review.service import ReviewService
from lighttrack.core.tracking.timeline import Timeline

UTC = timezone.utc
DAY = datetime(2026, 3, 10, tzinfo=UTC)


def at(hhmm: str, day: datetime = DAY) -> datetime:
    hours, minutes = hhmm.split(":")
    return day + timedelta(hours=int(hours), minutes=int(minutes))


def span(start: str, end: str, app: str, title: str = "", project=None, category=None, day: datetime = DAY, **extra):
    return {"start": at(start, day).isoformat(timespec="milliseconds"), "end": at(end, day).isoformat(timespec="milliseconds"),
            "app": app, "title": title or app, "projectId": project, "category": category, **extra}


class Scripted:
    """Services, the timeline and the review service of one data folder."""

    def __init__(self, services) -> None:
        self.services = services
        self.spans = services.spans  # one span store per data folder, as in the app
        self.timeline = Timeline(self.spans)
        self.review = ReviewService(services.ctx, services.activities, services.projects, services.settings,
                                    self.timeline.pieces)

    def record(self, *spans: dict) -> None:
        self.spans.append(list(spans))

    def day(self, day: datetime = DAY) -> list[dict]:
        return self.review.suggestions(day, day + timedelta(days=1))


