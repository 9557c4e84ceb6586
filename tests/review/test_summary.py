"""timeline:getSummary over scripted timelines: sealed days from summaries, edge days from spans, privacy applied."""

from __future__ import annotations

import tracemalloc
from datetime import timedelta

from lighttrack.core.review.totals import TimelineSummary

from review_support import DAY, span


def minutes(n: float) -> int:
    return round(n * 60_000)


def summary_of(scripted, start, end):
    return TimelineSummary(scripted.spans, scripted.timeline.stream, scripted.services.settings,
                           scripted.services.projects, scripted.services.categories).summary(start, end)


def as_dict(rows):
    return {r["key"]: r["duration"] for r in rows}


def three_days(scripted, clock):
    acme = scripted.services.projects.create({"name": "Acme"})["id"]
    for offset in range(3):
        day = DAY + timedelta(days=offset)
        scripted.record(span("09:00", "10:00", "code", "main.py - acme", project=acme, category="development",
                             day=day, file="/src/acme/main.py"),
                        span("10:00", "10:30", "firefox", "Inbox - Mail", category="browsing", day=day,
                             domain="mail.example"))
    clock.current = DAY + timedelta(days=2, hours=12)
    scripted.spans.seal_before((DAY + timedelta(days=2)).date().isoformat())
    return acme


def test_a_range_over_sealed_and_open_days_totals_every_dimension(scripted, clock):
    acme = three_days(scripted, clock)
    found = summary_of(scripted, DAY + timedelta(hours=9, minutes=30), DAY + timedelta(days=3))
    assert found["total"] == minutes(60 + 90 + 90)
    assert as_dict(found["byApp"]) == {"code": minutes(150), "firefox": minutes(90)}
    assert as_dict(found["byDomain"]) == {"mail.example": minutes(90)}
    assert as_dict(found["byFile"]) == {"/src/acme/main.py": minutes(150)}
    assert as_dict(found["byCategory"]) == {"development": minutes(150), "browsing": minutes(90)}
    assert found["byCategory"][0]["name"] == "Development"
    assert as_dict(found["byProject"]) == {acme: minutes(150), None: minutes(90)}
    assert found["byProject"][0]["name"] == "Acme"
    assert found["byTitle"][0] == {"key": "main.py - acme", "duration": minutes(150)}


def test_sealed_days_are_answered_from_their_summaries(scripted, clock):
    three_days(scripted, clock)
    parts, covered, _ = scripted.spans.sealed_details(DAY.date().isoformat(), DAY.date().isoformat())
    assert covered == {DAY.date().isoformat()} and parts[0]["domains"] == {"firefox\x1fmail.example": minutes(30)}
    reads = []
    summary = TimelineSummary(scripted.spans, lambda a, b: reads.append((a, b)) or scripted.timeline.stream(a, b),
                              scripted.services.settings, scripted.services.projects, scripted.services.categories)
    assert summary.summary(DAY, DAY + timedelta(days=2))["total"] == minutes(180)
    assert all(b - a == timedelta(0) for a, b in reads)  # nothing of the two sealed days was read span by span


def test_privacy_settings_apply_to_past_days_at_once(scripted, clock):
    three_days(scripted, clock)
    settings = scripted.services.settings
    settings.set("excludedApps", ["firefox"])
    found = summary_of(scripted, DAY, DAY + timedelta(days=3))
    assert as_dict(found["byApp"]) == {"code": minutes(180)} and found["byDomain"] == []
    settings.set("excludedApps", [])
    settings.set("excludedTitlePatterns", ["(?i)inbox"])
    titles = as_dict(summary_of(scripted, DAY, DAY + timedelta(days=3))["byTitle"])
    assert titles == {"main.py - acme": minutes(180), "(hidden title)": minutes(90)}
    settings.set("redactTitles", True)
    titles = as_dict(summary_of(scripted, DAY, DAY + timedelta(days=3))["byTitle"])
    assert titles == {"code": minutes(180), "firefox": minutes(90)}


def test_overlapping_window_and_tab_spans_total_the_wall_clock_time(scripted, clock):
    scripted.record(span("09:00", "10:00", "Firefox", "Docs", category="browsing"),
                    span("09:10", "09:50", "firefox", "Docs", category="browsing", domain="docs.example"))
    found = summary_of(scripted, DAY, DAY + timedelta(days=1))
    assert found["total"] == minutes(60)
    assert as_dict(found["byApp"]) == {"firefox": minutes(40), "Firefox": minutes(20)}


def test_a_change_to_a_sealed_day_shows_in_the_next_summary(scripted, clock):
    three_days(scripted, clock)
    summary = TimelineSummary(scripted.spans, scripted.timeline.stream, scripted.services.settings,
                              scripted.services.projects, scripted.services.categories)
    week = (DAY - timedelta(days=2), DAY + timedelta(days=5))
    assert as_dict(summary.summary(*week)["byApp"]) == {"code": minutes(180), "firefox": minutes(90)}
    scripted.spans.forget_app("firefox")  # rewrites the sealed days
    assert as_dict(summary.summary(*week)["byApp"]) == {"code": minutes(180)}


def test_spans_stored_out_of_order_total_as_in_order(scripted, clock):
    scripted.record(span("11:00", "12:00", "code", "b.py", category="development"))
    scripted.record(span("09:00", "10:00", "code", "a.py", category="development"),
                    span("09:30", "11:30", "firefox", "Docs", category="browsing", domain="docs.example"))
    found = summary_of(scripted, DAY, DAY + timedelta(days=1))
    assert found["total"] == minutes(180)  # 09:00-12:00, the tab winning over both windows where they overlap
    assert as_dict(found["byApp"]) == {"code": minutes(60), "firefox": minutes(120)}


def test_a_long_day_is_totalled_without_holding_its_spans(scripted, clock):
    """A day of a span a second (a title that changes all the time): its totals are counted while its journal is read,
    so a look at today costs memory by the distinct titles, not by the day's spans (it grew the heap at each look)."""
    start = DAY + timedelta(hours=6)
    for batch in range(40):
        scripted.record(*(span_at(start + timedelta(seconds=batch * 500 + n)) for n in range(500)))
    summary = TimelineSummary(scripted.spans, scripted.timeline.stream, scripted.services.settings,
                              scripted.services.projects, scripted.services.categories)
    tracemalloc.start()
    try:
        found = summary.summary(DAY, DAY + timedelta(days=1))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found["total"] == 20_000 * 1000 and as_dict(found["byCategory"]) == {"development": 20_000 * 1000}
    assert peak < 2 * 2**20, f"{peak / 2**20:.1f} MB held while 20,000 spans were totalled"


def span_at(moment) -> dict:
    iso = moment.isoformat(timespec="milliseconds")
    end = (moment + timedelta(seconds=1)).isoformat(timespec="milliseconds")
    return {"start": iso, "end": end, "app": "code", "title": f"file {moment.second % 50}.py", "projectId": None,
            "category": "development"}


def test_a_local_day_over_sealed_days_decodes_them_once(scripted, clock):
    """A day in a zone east or west of UTC takes parts of two UTC days: the parts of sealed days are worked out once,
    not decoded again at each look (a busy sealed day decoded at each look grew the heap by tens of MB)."""
    three_days(scripted, clock)
    reads = []
    summary = TimelineSummary(scripted.spans, lambda a, b: reads.append((a, b)) or scripted.timeline.stream(a, b),
                              scripted.services.settings, scripted.services.projects, scripted.services.categories)
    local_day = (DAY + timedelta(hours=9, minutes=30), DAY + timedelta(days=1, hours=9, minutes=30))
    assert as_dict(summary.summary(*local_day)["byApp"]) == {"code": minutes(60), "firefox": minutes(30)}
    assert len(reads) == 2  # the evening of the first day, the morning of the second
    reads.clear()
    assert as_dict(summary.summary(*local_day)["byApp"]) == {"code": minutes(60), "firefox": minutes(30)}
    assert reads == []
    scripted.spans.forget_app("firefox")  # rewrites the sealed days: the parts are worked out again
    assert as_dict(summary.summary(*local_day)["byApp"]) == {"code": minutes(60)}
