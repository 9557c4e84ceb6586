"""Analytics' categories and productivity pulse come from the tracked timeline, entries' categories otherwise."""

from __future__ import annotations

from datetime import timedelta

from review_support import DAY, span


def test_categories_and_pulse_come_from_the_timeline(scripted, services):
    day = DAY.date().isoformat()
    services.activities.add({"name": "Manual", "startTime": (DAY + timedelta(hours=7)).isoformat(),
                             "endTime": (DAY + timedelta(hours=8)).isoformat(), "categoryId": "writing"})
    before = services.reports.daily(day)
    assert [(r["categoryId"], r["duration"]) for r in before["categoryDistribution"]] == [("writing", 3_600_000)]
    scripted.record(span("09:00", "10:00", "code", category="development"),
                    span("10:00", "10:30", "steam", category="entertainment"),
                    span("10:30", "10:40", "nautilus"))
    stats = services.reports.daily(day)
    assert [(r["categoryId"], r["duration"]) for r in stats["categoryDistribution"]] == [
        ("development", 3_600_000), ("entertainment", 1_800_000)]
    analysis = services.reports.productivity(day, day)
    assert analysis["productivityPulse"] == round((4 * 25 * 60 + 0 * 30) / 90, 2)
    services.settings.set("excludedApps", ["steam"])
    assert [r["categoryId"] for r in services.reports.daily(day)["categoryDistribution"]] == ["development"]
