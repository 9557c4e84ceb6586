"""Suggested entries from scripted timelines: coverage, merging, acceptance and rejection."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from lighttrack.errors import NotFoundError, ValidationError

from review_support import DAY, at, span


def ms(minutes: float) -> int:
    return round(minutes * 60_000)


def overlaps(a_start: str, a_end: str, b_start: str, b_end: str) -> bool:
    a0, a1, b0, b1 = (datetime.fromisoformat(t) for t in (a_start, a_end, b_start, b_end))
    return a0 < b1 and b0 < a1


def test_same_project_spans_become_one_block_and_a_short_interruption_is_absorbed(scripted):
    acme = scripted.services.projects.create({"name": "Acme"})["id"]
    scripted.record(span("09:00", "09:40", "code", "main.py - acme - Visual Studio Code", project=acme, category="development"),
                    span("09:40", "09:41", "slack", "general", category="communication"),
                    span("09:41", "10:30", "code", "api.py - acme - Visual Studio Code", project=acme, category="development"),
                    span("10:30", "11:00", "firefox", "News", category="browsing", domain="news.example"))
    first, second = scripted.day()
    assert (first["start"], first["end"], first["duration"]) == (at("09:00").isoformat(timespec="milliseconds"),
                                                                at("10:30").isoformat(timespec="milliseconds"), ms(90))
    assert first["projectId"] == acme and first["categoryId"] == "development"
    assert {"kind": "app", "value": "slack", "duration": ms(1)} in first["sources"]
    assert "Acme" in first["reason"]
    assert second["name"] == "news.example" and second["duration"] == ms(30)


def test_suggestions_never_overlap_entries_or_away_time(scripted):
    scripted.record(span("09:00", "10:00", "code", category="development"),
                    span("10:20", "11:00", "code", category="development"))  # 10:00-10:20 away (nothing tracked)
    entry = scripted.services.activities.add({"name": "Standup", "startTime": at("09:30").isoformat(),
                                              "endTime": at("09:45").isoformat()})
    found = scripted.day()
    assert [s["duration"] for s in found] == [ms(30), ms(15), ms(40)]
    for suggestion in found:
        assert not overlaps(suggestion["start"], suggestion["end"], entry["startTime"], entry["endTime"])
        assert not overlaps(suggestion["start"], suggestion["end"], at("10:00").isoformat(), at("10:20").isoformat())


def test_a_short_untracked_gap_stays_inside_the_block_and_becomes_a_pause(scripted):
    scripted.record(span("09:00", "09:30", "code", category="development"),
                    span("09:31", "10:00", "code", category="development"))
    (block,) = scripted.day()
    assert block["duration"] == ms(59) and len(block["gaps"]) == 1
    (entry,) = scripted.review.accept([block["id"]])
    assert entry["duration"] == ms(59) and entry["pausedDuration"] == ms(1)
    assert entry["startTime"] == block["start"] and entry["endTime"] == block["end"]


def test_accepted_suggestions_total_the_tracked_time_and_leave_the_inbox(scripted):
    scripted.record(span("09:00", "09:50", "code", category="development"),
                    span("09:50", "10:10", "zoom", "Weekly", category="meetings"),
                    span("10:10", "10:12", "slack", category="communication"),
                    span("10:30", "11:45", "soffice.bin", "report.odt", category="writing"))
    tracked = sum(s["duration"] for s in scripted.timeline.get(DAY, DAY + timedelta(days=1)))
    found = scripted.day()
    created = scripted.review.accept([s["id"] for s in found])
    assert sum(a["duration"] for a in created) == tracked == sum(s["duration"] for s in found)
    assert scripted.day() == []
    assert all(not a["isManualEntry"] and a["metadata"] == {"source": "review"} for a in created)


def test_edit_then_accept_keeps_the_edits(scripted):
    acme = scripted.services.projects.create({"name": "Acme"})["id"]
    scripted.record(span("09:00", "10:00", "firefox", "Docs", category="browsing", domain="docs.acme.test"))
    (block,) = scripted.day()
    (entry,) = scripted.review.accept([{**block, "name": "Read the API docs", "projectId": acme, "tags": ["docs"]}])
    assert (entry["name"], entry["projectId"], entry["tags"]) == ("Read the API docs", acme, ["docs"])


def test_rejected_suggestions_do_not_come_back_even_when_the_timeline_grows(scripted, clock):
    scripted.record(span("09:00", "10:00", "steam", category="entertainment"))
    (block,) = scripted.day()
    assert scripted.review.reject([block["id"]]) == {"rejected": 1}
    assert scripted.day() == []
    scripted.record(span("10:00", "10:30", "code", category="development"))
    assert [s["start"] for s in scripted.day()] == [at("10:00").isoformat(timespec="milliseconds")]
    with pytest.raises(NotFoundError):
        scripted.review.accept([block["id"]])


def test_a_suggestion_accepted_twice_creates_one_entry(scripted):
    scripted.record(span("09:00", "10:00", "code", category="development"))
    (block,) = scripted.day()
    scripted.review.accept([block["id"]])
    with pytest.raises(NotFoundError):
        scripted.review.accept([block["id"]])
    assert len(scripted.services.activities.between(DAY, DAY + timedelta(days=1))) == 1


@pytest.mark.parametrize("bad", ["nope", "sg_5_1_abc", 42, {"name": "x"}, {"id": "sg_x_y_z"}])
def test_bad_items_are_refused_naming_the_field_and_nothing_changes(scripted, bad):
    scripted.record(span("09:00", "10:00", "code", category="development"))
    with pytest.raises(ValidationError, match=r"items\[0\]"):
        scripted.review.accept([bad])
    assert scripted.services.activities.between(DAY, DAY + timedelta(days=1)) == []
    assert len(scripted.day()) == 1


def test_a_block_across_midnight_is_accepted_from_either_day(scripted, clock):
    clock.current = DAY + timedelta(days=2)
    scripted.record(span("23:00", "23:59", "code", category="development"),
                    {**span("23:59", "00:00", "code", category="development"), "end": at("01:00", DAY + timedelta(days=1)).isoformat(timespec="milliseconds")})
    first_day = scripted.day()
    assert first_day[-1]["end"] == (DAY + timedelta(days=1)).isoformat(timespec="milliseconds")
    (entry,) = scripted.review.accept([first_day[-1]["id"]])
    assert entry["duration"] == ms(60)
    assert [s["duration"] for s in scripted.day(DAY + timedelta(days=1))] == [ms(60)]


def test_a_browser_tab_inside_a_window_span_counts_once(scripted):
    scripted.record(span("09:00", "10:00", "Firefox", "Docs", category="browsing"),
                    span("09:10", "09:50", "firefox", "Docs", category="browsing", domain="docs.example"),
                    span("10:00", "10:20", "code", category="development"))
    found = scripted.day()
    assert sum(s["duration"] for s in found) == ms(80)
    assert found[0]["name"] == "docs.example" and found[0]["duration"] == ms(60)


def test_a_calendar_event_is_its_own_block_and_the_windows_during_it_are_not_suggested_twice(scripted, services):
    from lighttrack.core.integrations.external import ExternalItems

    ExternalItems(services.ctx).put_many([{"id": "calendar:1", "source": "calendar", "kind": "meeting", "uid": "u1",
                                          "start": at("10:00").isoformat(timespec="milliseconds"),
                                          "end": at("10:30").isoformat(timespec="milliseconds"), "title": "Sprint planning"}])
    scripted.record(span("09:00", "11:00", "code", category="development"))
    before, meeting, after = scripted.day()
    assert (meeting["name"], meeting["categoryId"], meeting["tags"], meeting["reason"]) == (
        "Sprint planning", "meetings", ["meeting"], "Calendar event")
    assert (before["duration"], meeting["duration"], after["duration"]) == (ms(60), ms(30), ms(30))
    (entry,) = scripted.review.accept([meeting["id"]])
    assert (entry["name"], entry["tags"], entry["duration"]) == ("Sprint planning", ["meeting"], ms(30))
    assert [s["name"] for s in scripted.day()] == ["code", "code"]
