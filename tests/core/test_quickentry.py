"""Quick entry (CONTRACT.md "Quick entry"): one typed line into an activity, on real files with a fake clock."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from lighttrack.errors import ValidationError
from support import FakeClock, open_services

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def quick(tmp_path):
    """Services in Berlin at Tuesday 10 March 2026, 10:00 local (09:00 UTC)."""
    services = open_services(tmp_path / "data", clock=FakeClock(), zone=BERLIN)
    services.projects.create({"name": "Acme"})
    return services


def test_a_range_with_project_and_tag(quick):
    parsed = quick.quick_entry.parse("9-10:30 Write report @Acme #writing")
    assert parsed["name"] == "Write report" and parsed["projectName"] == "Acme" and parsed["tags"] == ["writing"]
    assert parsed["startTime"] == "2026-03-10T08:00:00.000+00:00"
    assert parsed["endTime"] == "2026-03-10T09:30:00.000+00:00"
    assert parsed["duration"] == 90 * 60_000
    assert quick.activities.filtered({}) == []  # parse stores nothing


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2pm-3pm x", "13:00", "14:00"),
    ("2-3pm x", "13:00", "14:00"),
    ("11am to 1pm x", "10:00", "12:00"),
    ("yesterday 14:00-15:00 x", "13:00", "14:00"),
    ("1h30 x", "07:30", "09:00"),
    ("45m x", "08:15", "09:00"),
])
def test_times_as_people_type_them(quick, text, start, end):
    parsed = quick.quick_entry.parse(text)
    assert parsed["name"] == "x"
    assert parsed["startTime"][11:16] == start and parsed["endTime"][11:16] == end


def test_yesterday_is_the_day_before_in_the_local_zone(quick):
    parsed = quick.quick_entry.parse("yesterday 14:00-15:00 Call")
    assert parsed["startTime"].startswith("2026-03-09T13:00")


def test_a_range_past_midnight_ends_the_next_day(quick):
    parsed = quick.quick_entry.parse("yesterday 23:00-0:30 Deploy")
    assert parsed["startTime"].startswith("2026-03-09T22:00") and parsed["endTime"].startswith("2026-03-09T23:30")


def test_quick_add_stores_the_entry_with_project_and_tags(quick):
    stored = quick.quick_entry.quick_add("1h30 Review @acme #review #client")
    acme = next(p for p in quick.projects.all() if p["name"] == "Acme")
    assert stored["projectId"] == acme["id"] and stored["tags"] == ["review", "client"]
    assert stored["duration"] == 90 * 60_000 and stored["isManualEntry"] is True
    assert [a["id"] for a in quick.activities.filtered({})] == [stored["id"]]


def test_without_times_it_starts_a_timer(quick):
    started = quick.quick_entry.quick_add("Plan the week #planning")
    assert started["endTime"] is None and quick.activities.running()["id"] == started["id"]


def test_an_unknown_project_is_refused_by_name_and_nothing_is_created(quick):
    with pytest.raises(ValidationError, match="Globex"):
        quick.quick_entry.quick_add("9-10 Call @Globex")
    assert "Globex" not in [p["name"] for p in quick.projects.all()]
    assert quick.activities.filtered({}) == []


def test_create_project_makes_the_unknown_project(quick):
    stored = quick.quick_entry.quick_add('9-10 Call @"Big Client"', {"createProject": True})
    created = quick.projects.get(stored["projectId"])
    assert created["name"] == "Big Client"


@pytest.mark.parametrize(("text", "words"), [
    ("", "Type what you did"),
    ("9-10 @Acme", "Name the activity"),
    ("13pm-2pm x", "13pm"),
    ("25:00-26:00 x", "not a time"),
    ("0h x", "longer than zero"),
])
def test_bad_lines_say_what_is_wrong(quick, text, words):
    with pytest.raises(ValidationError, match=words):
        quick.quick_entry.parse(text)


def test_form_fields_beside_the_line_fill_what_it_leaves_out(quick):
    acme = next(p for p in quick.projects.all() if p["name"] == "Acme")
    started = quick.quick_entry.quick_add("Write the report #writing", {"projectId": acme["id"], "tags": ["urgent"]})
    assert started["projectId"] == acme["id"] and started["tags"] == ["writing", "urgent"]
    with pytest.raises(ValidationError, match="projectId"):
        quick.quick_entry.parse("x", {"projectId": "nope"})
