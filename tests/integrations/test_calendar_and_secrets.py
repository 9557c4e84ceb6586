"""Calendar feeds (iCalendar, recurring events) and the rule that tokens never reach files, logs or exports."""

from __future__ import annotations

import logging
from datetime import timezone

import orjson
import pytest

from support import stored_bytes

FEED_PATH = "/calendar/private-6f1d2c/basic.ics"
ICS = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:standup@example.com
DTSTART:20260302T093000Z
DTEND:20260302T094500Z
RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR
EXDATE:20260304T093000Z
SUMMARY:Standup
END:VEVENT
BEGIN:VEVENT
UID:standup@example.com
RECURRENCE-ID:20260305T093000Z
DTSTART:20260305T100000Z
DTEND:20260305T101500Z
SUMMARY:Standup (moved)
END:VEVENT
BEGIN:VEVENT
UID:review@example.com
DTSTART;TZID=Europe/Berlin:20260309T140000
DTEND;TZID=Europe/Berlin:20260309T150000
SUMMARY:Design review
LOCATION:Room 4
END:VEVENT
BEGIN:VEVENT
UID:cancelled@example.com
DTSTART:20260309T160000Z
DTEND:20260309T170000Z
STATUS:CANCELLED
SUMMARY:Cancelled sync
END:VEVENT
BEGIN:VEVENT
UID:holiday@example.com
DTSTART;VALUE=DATE:20260306
DTEND;VALUE=DATE:20260307
SUMMARY:Holiday
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def feed(service):
    service.route("GET", FEED_PATH, lambda seen, match: (200, ICS, {"Content-Type": "text/calendar"}))
    return service.url + FEED_PATH


def test_meetings_from_a_feed_with_recurrence(manager, services, feed, call):
    services.ctx.zone = timezone.utc  # the all-day event starts at local midnight
    manager.connect("calendar", {"feedUrl": feed})
    manager.sync_now("calendar")
    meetings = call("calendar:getEvents", "2026-03-02T00:00:00Z", "2026-03-10T00:00:00Z")
    found = [(m["start"], m["title"]) for m in meetings]
    assert found == [
        ("2026-03-02T09:30:00.000+00:00", "Standup"), ("2026-03-03T09:30:00.000+00:00", "Standup"),
        ("2026-03-05T10:00:00.000+00:00", "Standup (moved)"), ("2026-03-06T00:00:00.000+00:00", "Holiday"),
        ("2026-03-06T09:30:00.000+00:00", "Standup"), ("2026-03-09T09:30:00.000+00:00", "Standup"),
        ("2026-03-09T13:00:00.000+00:00", "Design review")]


def test_a_meeting_becomes_one_activity_tagged_meeting(manager, services, feed, call):
    call("integration:connect", "calendar", {"feedUrl": feed})
    call("integration:syncNow", "calendar")
    meetings = call("calendar:getEvents", "2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z")
    review = next(m for m in meetings if m["title"] == "Design review")
    activity = call("calendar:toActivity", review["id"])
    assert activity["tags"] == ["meeting"] and activity["categoryId"] == "meetings"
    assert activity["duration"] == 3600_000 and activity["startTime"] == "2026-03-09T13:00:00.000+00:00"
    assert call("calendar:toActivity", review["id"])["id"] == activity["id"]
    call("integration:syncNow", "calendar")
    assert call("calendar:toActivity", review["id"])["id"] == activity["id"]
    assert [s["state"] for s in call("integration:list")] == ["disconnected", "disconnected", "disconnected", "ok"]


def test_tokens_never_reach_store_files_logs_exports_or_errors(manager, services, vault, feed, service, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    secrets = {"jira": "jira-SECRET-9f8e7d", "slack": "xoxp-SECRET-1a2b", "github": "ghp_SECRET_3c4d"}
    service.route("GET", "/rest/api/2/myself", lambda s, m: (200, {"displayName": "Ada"}))
    service.route("POST", "/api/auth.test", lambda s, m: (200, {"ok": True}))
    service.route("GET", "/user", lambda s, m: (200, {"login": "ada"}))
    manager.connect("jira", {"siteUrl": service.url, "email": "a@b.c", "apiToken": secrets["jira"]})
    manager.connect("slack", {"token": secrets["slack"], "apiUrl": service.url + "/api"})
    manager.connect("github", {"token": secrets["github"], "apiUrl": service.url})
    manager.connect("calendar", {"feedUrl": feed})
    service.down = True
    manager.sync_now()
    statuses = orjson.dumps(manager.list())
    service.down = False
    store = services.ctx.store
    decrypted = b"".join(store.cipher.open(p.read_bytes()) for p in store.data_dir.rglob("*.db"))
    vault_file = vault._dir / "secrets.key"
    files = stored_bytes(store.data_dir).replace(vault_file.read_bytes(), b"")
    logs = "\n".join(r.getMessage() for r in caplog.records).encode()
    for secret in [*secrets.values(), FEED_PATH]:
        for where, blob in (("store", decrypted), ("files", files), ("logs", logs), ("status", statuses)):
            assert secret.encode() not in blob, f"{secret} found in {where}"
    assert vault.get("integration:jira:apiToken") == secrets["jira"]
    manager.disconnect("jira")
    assert vault.get("integration:jira:apiToken") is None
