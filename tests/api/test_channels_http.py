"""Every seed channel over real HTTP on 127.0.0.1: valid calls, and bad input that changes nothing."""

from __future__ import annotations

import pytest

SEED_CHANNELS = [
    "activity:start", "activity:stop", "activity:pause", "activity:resume", "activity:merge", "activity:split",
    "activity:export", "activity:bulkUpdate", "activity:bulkDelete", "activity:getTodayActivities",
    "activity:getFiltered", "activity:add", "activity:update", "activity:delete", "project:getAll",
    "project:create", "project:update", "project:delete", "settings:get", "settings:set",
    "analytics:getDailyStats", "analytics:getWeeklyStats", "analytics:getProductivityAnalysis",
]


def snapshot(served) -> tuple:
    """Everything a bad call could have changed (a running activity's live duration aside)."""
    activities = [{**a, "duration": a["duration"] if a["endTime"] else None}
                  for a in served.data("activity:getFiltered", {"includeDeleted": True})]
    return activities, served.data("project:getAll"), served.data("settings:getAll"), served.data("tag:getAll")


def test_every_seed_channel_works_with_valid_input(served, tmp_path):
    project = served.data("project:create", {"name": "Client work", "color": "#ff0000", "budgetHours": 40})
    assert served.data("project:update", project["id"], {"hourlyRate": 95.5})["hourlyRate"] == 95.5
    a = served.data("activity:start", {"name": "Design review", "projectId": project["id"], "tags": ["review"]})
    assert served.data("activity:pause", a["id"])["isPaused"] is True
    assert served.data("activity:resume", a["id"])["isPaused"] is False
    stopped = served.data("activity:stop", a["id"])
    assert stopped["endTime"] and stopped["duration"] >= 0
    first = served.data("activity:add", {"name": "Call", "projectId": project["id"],
                                         "startTime": "2026-01-05T09:00:00+00:00", "endTime": "2026-01-05T09:30:00+00:00"})
    second = served.data("activity:add", {"name": "Notes", "projectId": project["id"],
                                          "startTime": "2026-01-05T10:00:00+00:00", "duration": 600_000})
    merged = served.data("activity:merge", [first["id"], second["id"]])
    assert merged["duration"] == 40 * 60_000
    parts = served.data("activity:split", merged["id"], "2026-01-05T09:15:00+00:00")
    assert sum(p["duration"] for p in parts) == merged["duration"]
    updated = served.data("activity:update", parts[0]["id"], {"name": "Client call"})
    assert updated["name"] == "Client call"
    bulk = served.data("activity:bulkUpdate", [p["id"] for p in parts], {"tags": ["billable"]})
    assert all(p["tags"] == ["billable"] for p in bulk)
    export = served.data("activity:export", [p["id"] for p in parts], "csv")
    assert export["activityCount"] == 2
    assert [x["id"] for x in served.data("activity:getFiltered", {"tags": ["billable"], "sortOrder": "asc"})] == [p["id"] for p in parts]
    assert served.data("activity:getTodayActivities")[0]["id"] == a["id"]
    assert served.data("activity:delete", parts[0]["id"]) == parts[0]["id"]
    assert served.data("activity:bulkDelete", [parts[1]["id"]]) == [parts[1]["id"]]
    assert served.data("settings:set", "idleThresholdSeconds", 600) == 600
    assert served.data("settings:get", "idleThresholdSeconds") == 600
    day = served.data("analytics:getDailyStats", "2026-01-05")
    assert day["totalTime"] == 0  # both parts are deleted now
    week = served.data("analytics:getWeeklyStats", "2026-01-05")
    assert len(week["dailyTotals"]) == 7
    analysis = served.data("analytics:getProductivityAnalysis", "2026-01-01", "2026-12-31")
    assert {"productivityScore", "peakProductivityHours", "recommendations"} <= set(analysis)
    assert served.data("project:delete", project["id"])["isDeleted"] is True
    names = {p["name"] for p in served.data("project:getAll")}
    assert "Client work" not in names and "General" in names


BAD_CALLS = [
    ("activity:start", [], "VALIDATION_ERROR"),
    ("activity:start", ["not an object"], "VALIDATION_ERROR"),
    ("activity:start", [{"name": 42}], "VALIDATION_ERROR"),
    ("activity:start", [{"name": "x" * 100_000}], "VALIDATION_ERROR"),
    ("activity:start", [{"name": "ok", "projectId": "missing"}], "VALIDATION_ERROR"),
    ("activity:start", [{"name": "ok", "startTime": "2999-01-01T00:00:00Z"}], "VALIDATION_ERROR"),
    ("activity:stop", ["202601-0000000000000000"], "NOT_FOUND"),
    ("activity:stop", [123], "VALIDATION_ERROR"),
    ("activity:pause", [None], "VALIDATION_ERROR"),
    ("activity:resume", ["../../etc/passwd"], "NOT_FOUND"),
    ("activity:merge", [["only-one"]], "VALIDATION_ERROR"),
    ("activity:merge", [["202601-0000000000000000", "202601-0000000000000001"]], "NOT_FOUND"),
    ("activity:split", ["202601-0000000000000000", "not a time"], "VALIDATION_ERROR"),
    ("activity:export", [[], "docx"], "VALIDATION_ERROR"),
    ("activity:bulkUpdate", [[], {}], "VALIDATION_ERROR"),
    ("activity:bulkUpdate", [["202601-0000000000000000"], {"startTime": "2026-01-01"}], "VALIDATION_ERROR"),
    ("activity:bulkDelete", ["nope"], "VALIDATION_ERROR"),
    ("activity:getTodayActivities", [1], "VALIDATION_ERROR"),
    ("activity:getFiltered", [{"limit": -1}], "VALIDATION_ERROR"),
    ("activity:getFiltered", [{"startDate": "soon"}], "VALIDATION_ERROR"),
    ("activity:add", [{"name": "x", "startTime": "2026-01-01T10:00:00Z", "endTime": "2026-01-01T09:00:00Z"}], "VALIDATION_ERROR"),
    ("activity:add", [{"name": "x"}], "VALIDATION_ERROR"),
    ("activity:update", ["202601-0000000000000000", {"name": "y"}], "NOT_FOUND"),
    ("activity:update", ["202601-0000000000000000", "y"], "VALIDATION_ERROR"),
    ("activity:delete", [{}], "VALIDATION_ERROR"),
    ("project:getAll", [{"includeDeleted": "yes"}], "VALIDATION_ERROR"),
    ("project:create", [{"name": ""}], "VALIDATION_ERROR"),
    ("project:create", [{"name": "General"}], "CONFLICT"),
    ("project:create", [{"name": "P", "color": "red"}], "VALIDATION_ERROR"),
    ("project:update", ["nope", {"name": "x"}], "NOT_FOUND"),
    ("project:delete", ["default"], "CONFLICT"),
    ("settings:get", ["noSuchSetting"], "VALIDATION_ERROR"),
    ("settings:set", ["idleThresholdSeconds", 5], "VALIDATION_ERROR"),
    ("settings:set", ["idleThresholdSeconds", "300"], "VALIDATION_ERROR"),
    ("settings:set", ["excludedTitlePatterns", ["(unclosed"]], "VALIDATION_ERROR"),
    ("analytics:getDailyStats", ["31/12/2026"], "VALIDATION_ERROR"),
    ("analytics:getWeeklyStats", [], "VALIDATION_ERROR"),
    ("analytics:getProductivityAnalysis", ["2026-02-01", "2026-01-01"], "VALIDATION_ERROR"),
    ("no:such", [], "UNKNOWN_CHANNEL"),
]
STATUS = {"VALIDATION_ERROR": 400, "NOT_FOUND": 404, "CONFLICT": 409, "UNKNOWN_CHANNEL": 404}


def test_bad_input_to_every_channel_gets_its_code_and_changes_nothing(served):
    running = served.data("activity:start", {"name": "Keep running"})
    before = snapshot(served)
    seen = set()
    for channel, args, code in BAD_CALLS:
        status, envelope = served.call(channel, *args)
        assert (status, envelope["success"], envelope["code"]) == (STATUS[code], False, code), (channel, args, envelope)
        assert envelope["error"] and "Traceback" not in envelope["error"]
        seen.add(channel)
    assert set(SEED_CHANNELS) <= seen
    assert snapshot(served) == before
    assert served.data("activity:getRunning")["id"] == running["id"]


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'{"args": "x"}', b"\xff\xfe"])
def test_malformed_bodies_are_validation_errors(served, body):
    status, raw, _ = served.request("POST", "/api/v1/invoke/project:getAll", body,
                                    {"Authorization": f"Bearer {served.token}"})
    assert status == 400 and b'"VALIDATION_ERROR"' in raw
