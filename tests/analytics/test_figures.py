"""Analytics figures against hand-computed expectations, across midnight and the DST change of 2024-03-31.

Europe/Berlin moves from 02:00 CET to 03:00 CEST on 2024-03-31, so that day has 23 hours.
  A "Write report"  P1, development (very productive)  30 Mar 22:30 CET → 31 Mar 03:30 CEST = 4 h
                     (90 min on the 30th: hour 22 = 30, hour 23 = 60; 150 min on the 31st: hours 0, 1 = 60, 3 = 30)
  B "Standup"       P2, meetings (neutral), tag meeting  31 Mar 09:00–09:15 = 15 min
  C "Lunch"         tag break                              31 Mar 12:00–12:45 = 45 min
  D "Videos"        entertainment (very distracting)       31 Mar 20:00–21:00 = 60 min
  E "Coding"        P1, development                        1 Apr 10:00–12:00, paused 10:30–11:00 = 90 min
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from lighttrack.errors import ValidationError

MIN = 60_000


@pytest.fixture
def data(berlin, berlin_clock):
    s = berlin
    p1 = s.projects.create({"name": "Thesis"})["id"]
    p2 = s.projects.create({"name": "Team"})["id"]
    add = s.activities.add
    add({"name": "Write report", "projectId": p1, "categoryId": "development",
         "startTime": "2024-03-30T22:30:00+01:00", "endTime": "2024-03-31T03:30:00+02:00"})
    add({"name": "Standup", "projectId": p2, "categoryId": "meetings", "tags": ["meeting"],
         "startTime": "2024-03-31T09:00:00+02:00", "endTime": "2024-03-31T09:15:00+02:00"})
    add({"name": "Lunch", "tags": ["break"], "startTime": "2024-03-31T12:00:00+02:00",
         "endTime": "2024-03-31T12:45:00+02:00"})
    add({"name": "Videos", "categoryId": "entertainment", "startTime": "2024-03-31T20:00:00+02:00",
         "endTime": "2024-03-31T21:00:00+02:00"})
    berlin_clock.current = datetime(2024, 4, 1, 8, 0, tzinfo=timezone.utc)
    coding = s.activities.start({"name": "Coding", "projectId": p1, "categoryId": "development"})
    berlin_clock.advance(minutes=30)
    s.activities.pause(coding["id"])
    berlin_clock.advance(minutes=30)
    s.activities.resume(coding["id"])
    berlin_clock.advance(minutes=60)
    s.activities.stop(coding["id"])
    berlin_clock.current = datetime(2024, 4, 10, 10, 0, tzinfo=timezone.utc)
    return {"p1": p1, "p2": p2}


def test_daily_stats_of_the_dst_day(berlin, data):
    day = berlin.reports.daily("2024-03-31")
    assert day["totalTime"] == 270 * MIN
    assert (day["breakTime"], day["meetingTime"], day["productiveTime"]) == (45 * MIN, 15 * MIN, 210 * MIN)
    assert day["productivityScore"] == 77.78
    hours = [0] * 24
    hours[0], hours[1], hours[3], hours[9], hours[12], hours[20] = 60 * MIN, 60 * MIN, 30 * MIN, 15 * MIN, 45 * MIN, 60 * MIN
    assert day["hourlyBreakdown"] == hours
    assert day["activeProjects"] == 3
    assert day["completedActivities"] == 4
    assert day["averageActivityDuration"] == (150 + 45 + 15 + 60) * MIN // 4
    assert day["topActivities"][0] == {"name": "Write report", "projectId": data["p1"], "duration": 150 * MIN, "count": 1}
    assert [(p["projectId"], p["duration"]) for p in day["projectDistribution"]] == [
        (data["p1"], 150 * MIN), ("default", 105 * MIN), (data["p2"], 15 * MIN)]


def test_category_ratings_give_a_time_weighted_pulse(berlin, data):
    day = berlin.reports.daily("2024-03-31")
    # (4·25·150 + 2·25·15 + 0·25·60) / (150 + 15 + 60) = 15750 / 225
    assert day["productivityPulse"] == 70.0
    assert (day["ratedTime"], day["distractingTime"], day["veryProductiveTime"]) == (225 * MIN, 60 * MIN, 150 * MIN)
    assert [(c["categoryId"], c["name"], c["rating"], c["duration"]) for c in day["categoryDistribution"]] == [
        ("development", "Development", 4, 150 * MIN), ("entertainment", "Entertainment", 0, 60 * MIN),
        ("meetings", "Meetings", 2, 15 * MIN)]


def test_the_day_before_midnight_gets_its_part(berlin, data):
    day = berlin.reports.daily("2024-03-30")
    assert day["totalTime"] == 90 * MIN
    assert day["hourlyBreakdown"][22:] == [30 * MIN, 60 * MIN]


def test_pauses_are_left_out_of_hours(berlin, data):
    day = berlin.reports.daily("2024-04-01")
    assert day["totalTime"] == 90 * MIN
    assert day["hourlyBreakdown"][10:12] == [30 * MIN, 60 * MIN]


def test_range_merges_an_activity_across_days(berlin, data):
    stats = berlin.reports.range("2024-03-30", "2024-04-01")
    assert stats["days"] == 3
    assert stats["totalTime"] == 450 * MIN
    assert stats["completedActivities"] == 5
    assert stats["averageActivityDuration"] == (240 + 15 + 45 + 60 + 90) * MIN // 5
    assert [d["totalTime"] for d in stats["dailyTotals"]] == [90 * MIN, 270 * MIN, 90 * MIN]
    assert stats["averageDailyTime"] == 150 * MIN
    assert stats["mostProductiveDay"] == "2024-03-31"


def test_the_average_per_day_leaves_out_days_still_to_come(berlin, data, berlin_clock):
    """On Monday morning of the week, the week's average was its total over seven days: four of them not yet lived."""
    berlin_clock.current = datetime(2024, 4, 1, 10, 0, tzinfo=timezone.utc)  # Monday 12:00 in Berlin
    week = berlin.reports.weekly("2024-04-01")
    assert week["totalTime"] == 90 * MIN and len(week["dailyTotals"]) == 7
    assert week["averageDailyTime"] == 90 * MIN  # one day lived so far
    berlin_clock.current = datetime(2024, 3, 20, 10, 0, tzinfo=timezone.utc)
    assert berlin.reports.weekly("2024-04-01")["averageDailyTime"] == 0  # a week still to come


def test_weekly_and_monthly(berlin, data):
    week = berlin.reports.weekly("2024-03-25")
    assert (week["weekStart"], week["weekEnd"], week["totalTime"]) == ("2024-03-25", "2024-03-31", 360 * MIN)
    assert len(week["dailyTotals"]) == 7
    march = berlin.reports.monthly("2024-03")
    assert (march["startDate"], march["endDate"], march["totalTime"]) == ("2024-03-01", "2024-03-31", 360 * MIN)
    assert len(march["dailyTotals"]) == 31
    assert berlin.reports.monthly("2024-04-17")["totalTime"] == 90 * MIN


def test_comparison_with_the_previous_period(berlin, data):
    result = berlin.reports.compare("2024-04-01", "2024-04-01")
    assert result["previous"]["startDate"] == "2024-03-31"
    total = result["changes"]["totalTime"]
    assert (total["current"], total["previous"], total["change"]) == (90 * MIN, 270 * MIN, -180 * MIN)
    assert total["changePercent"] == -66.67
    month = berlin.reports.compare("2024-03-01", "2024-03-31")
    assert (month["previous"]["startDate"], month["previous"]["endDate"]) == ("2024-02-01", "2024-02-29")
    assert month["changes"]["totalTime"]["changePercent"] is None  # nothing before


def test_productivity_analysis(berlin, data):
    analysis = berlin.reports.productivity("2024-03-31", "2024-03-31")
    assert analysis["productivityScore"] == 77.78
    assert analysis["peakProductivityHours"] == [0, 1, 20]
    kinds = {p["type"] for p in analysis["distractionPatterns"]}
    assert kinds == {"frequent_context_switching", "distracting_apps"}  # 2 switches in 4; 60 of 225 rated min
    assert any("most productive around 00:00" in r for r in analysis["recommendations"])


def test_productivity_over_exact_times(berlin, data):
    analysis = berlin.reports.productivity("2024-03-31T00:00:00", "2024-03-31T06:00:00")
    assert analysis["totalTime"] == 150 * MIN
    assert analysis["startDate"] == "2024-03-30T23:00:00+00:00"


def test_an_empty_period(berlin):
    day = berlin.reports.daily("2024-01-01")
    assert (day["totalTime"], day["productivityScore"], day["productivityPulse"]) == (0, 0.0, None)
    assert berlin.reports.productivity("2024-01-01", "2024-01-07")["recommendations"][0].startswith("Nothing was tracked")


@pytest.mark.parametrize(("call", "field"), [
    (lambda r: r.daily("2024-13-01"), "date"),
    (lambda r: r.range("2024-03-02", "2024-03-01"), "endDate"),
    (lambda r: r.range("2000-01-01", "2024-03-01"), "endDate"),
    (lambda r: r.monthly("March"), "month"),
    (lambda r: r.productivity("yesterday", "2024-03-01"), "startDate"),
    (lambda r: r.totals("2024-03-01", "someday"), "endDate"),
])
def test_bad_arguments_name_the_field(berlin, call, field):
    with pytest.raises(ValidationError, match=field):
        call(berlin.reports)


def test_channels_answer_with_the_envelope(berlin, data):
    from lighttrack.channels.catalog import build_registry
    registry = build_registry(berlin, lambda: {})
    assert registry.dispatch("analytics:getMonthlyStats", ["2024-03"])["data"]["totalTime"] == 360 * MIN
    assert registry.dispatch("analytics:getRangeStats", ["2024-03-30", "2024-03-31"])["data"]["totalTime"] == 360 * MIN
    assert registry.dispatch("analytics:comparePeriods", ["2024-03-31", "2024-03-31"])["success"]
    assert registry.dispatch("analytics:getTotals", ["2024-03-30", "2024-03-31"])["data"]["totalTime"] == 360 * MIN
    refused = registry.dispatch("analytics:getRangeStats", ["2024-03-30"])
    assert (refused["code"], refused["error"]) == ("VALIDATION_ERROR", "endDate is required.")


def test_a_merged_range_adds_each_activity_once_and_leaves_the_days_as_they_were(berlin, data):
    """An activity across midnight is one entry of the range, its days' own totals unchanged by the merge."""
    stats = berlin.reports.range("2024-03-30", "2024-04-01")
    assert [(a["name"], a["duration"], a["count"]) for a in stats["topActivities"]][:2] == [
        ("Write report", 240 * MIN, 1), ("Coding", 90 * MIN, 1)]
    assert [(d["date"], d["totalTime"]) for d in stats["dailyTotals"]] == [
        ("2024-03-30", 90 * MIN), ("2024-03-31", (150 + 15 + 45 + 60) * MIN), ("2024-04-01", 90 * MIN)]
    assert {t["tag"]: t["duration"] for t in stats["tagDistribution"]} == {"meeting": 15 * MIN, "break": 45 * MIN}
    assert (stats["breakTime"], stats["meetingTime"], stats["activeProjects"]) == (45 * MIN, 15 * MIN, 3)


def test_totals_give_each_day_and_the_sum_from_the_cache_or_the_store(berlin, data):
    first = berlin.reports.totals("2024-03-30", "2024-04-01")
    assert first["dailyTotals"] == [{"date": "2024-03-30", "totalTime": 90 * MIN},
                                    {"date": "2024-03-31", "totalTime": (150 + 15 + 45 + 60) * MIN},
                                    {"date": "2024-04-01", "totalTime": 90 * MIN}]
    assert first["totalTime"] == (90 + 270 + 90) * MIN
    assert berlin.reports.totals("2024-03-30", "2024-04-01") == first  # the second read comes from the cache
    assert berlin.reports.range("2024-03-30", "2024-04-01")["totalTime"] == first["totalTime"]
    with pytest.raises(ValidationError, match="endDate must not be before startDate"):
        berlin.reports.totals("2024-04-01", "2024-03-30")


def test_every_view_carries_the_productivity_analysis_of_its_period(berlin, data):
    stats = berlin.reports.range("2024-03-30", "2024-04-01")
    analysis = berlin.reports.productivity("2024-03-30", "2024-04-01")
    for key in ("distractionPatterns", "recommendations", "peakProductivityHours", "productivityPulse"):
        assert stats[key] == analysis[key], key
