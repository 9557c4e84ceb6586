"""The review inbox end to end: ActivityWatch heartbeats for a morning → suggestions → accept all → the same totals."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect

from support import wait_until

UTC = timezone.utc
MINUTE = 60_000
STEP = timedelta(minutes=2)


def heartbeat(served, bucket: str, at: datetime, data: dict) -> None:
    body = json.dumps({"timestamp": at.isoformat(), "duration": 0, "data": data}).encode()
    status, raw, _ = served.request("POST", f"/api/0/buckets/{bucket}/heartbeat?pulsetime=130", body,
                                    {"Content-Type": "application/json"})
    assert status == 200, raw


def segment(served, bucket: str, start: datetime, minutes: int, data: dict) -> None:
    """Heartbeats every two minutes from `start`, the last one exactly `minutes` later."""
    at, end = start, start + timedelta(minutes=minutes)
    while at <= end:
        heartbeat(served, bucket, at, data)
        at += STEP


def create(served, bucket: str, kind: str) -> None:
    body = json.dumps({"client": bucket.split("_")[0], "type": kind, "hostname": bucket.split("_")[-1]}).encode()
    status, raw, _ = served.request("POST", f"/api/0/buckets/{bucket}", body, {"Content-Type": "application/json"})
    assert status in (200, 304), raw


def post_morning(served, morning: datetime, host: str = "desk") -> None:
    """Code 08:00–09:30, the browser on the API docs 09:30–11:00 (away 10:30–11:00), code again 11:00–12:00.

    Heartbeats only extend a bucket's newest event, so another morning goes to the buckets of another `host`.
    """
    window, web, afk = (f"aw-watcher-window_{host}", f"aw-watcher-web-chrome_{host}", f"aw-watcher-afk_{host}")
    create(served, window, "currentwindow")
    create(served, web, "web.tab.current")
    create(served, afk, "afkstatus")
    # The AFK watcher's events go first: events hours old count as settled at the next flush (every 5 s), and
    # window time fed before the away time is known would not have it cut out.
    segment(served, afk, morning, 150, {"status": "not-afk"})
    segment(served, afk, morning + timedelta(minutes=150), 30, {"status": "afk"})
    segment(served, afk, morning + timedelta(minutes=180), 60, {"status": "not-afk"})
    code = {"app": "code", "title": "main.py - acme - Visual Studio Code"}
    segment(served, window, morning, 90, code)
    segment(served, window, morning + timedelta(minutes=90), 90, {"app": "chrome", "title": "API docs <b>v2</b>"})
    segment(served, web, morning + timedelta(minutes=90), 60,
            {"url": "https://docs.acme.test/api", "title": "API docs <b>v2</b>", "audible": False, "incognito": False})
    segment(served, window, morning + timedelta(minutes=180), 60, code)


def tracked_ms(served, start: datetime, end: datetime) -> int:
    return served.data("timeline:getSummary", start.isoformat(), end.isoformat())["total"]


def test_a_morning_of_heartbeats_becomes_entries_with_the_same_totals(dashboard):
    served = dashboard.served
    day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=1)
    morning, after = day + timedelta(hours=8), day + timedelta(days=1)
    post_morning(served, morning)
    wait_until(lambda: tracked_ms(served, day, after) == 210 * MINUTE, timeout=90, what="the morning on the timeline")

    dashboard.open("review")
    dashboard.page.fill("#view-review input[type=date]", day.date().isoformat())
    dashboard.page.dispatch_event("#view-review input[type=date]", "change")
    cards = dashboard.page.locator("#view-review .review-card")
    expect(cards).to_have_count(3)
    expect(cards.nth(1)).to_contain_text("09:30–10:30")
    expect(cards.nth(1).locator("input[type=text]").first).to_have_value("docs.acme.test")
    expect(cards.nth(1)).to_contain_text("docs.acme.test")
    assert dashboard.page.locator("#view-review b").count() == 0  # titles are text
    # one duration formatter: the Review view writes h:mm like the entry list, Where and Analytics below
    expect(cards.nth(1).locator(".review-card-head .muted").first).to_have_text("1:00")
    expect(dashboard.page.locator("#review-accept-all")).to_contain_text("3:30")

    dashboard.page.click("#review-accept-all")
    expect(cards).to_have_count(0)
    entries = served.data("activity:getFiltered", {"startDate": day.date().isoformat(), "endDate": day.date().isoformat()})
    assert sorted(e["duration"] for e in entries) == [60 * MINUTE, 60 * MINUTE, 90 * MINUTE]
    assert served.data("analytics:getDailyStats", day.date().isoformat())["totalTime"] == 210 * MINUTE
    assert tracked_ms(served, day, after) == 210 * MINUTE

    dashboard.go("where")
    dashboard.page.fill("#view-where input[type=date] >> nth=0", day.date().isoformat())
    dashboard.page.dispatch_event("#view-where input[type=date] >> nth=0", "change")
    expect(dashboard.page.locator("#where-total")).to_have_text("3:30")
    expect(dashboard.page.locator("#view-where")).to_contain_text("docs.acme.test")
    dashboard.go("analytics")
    dashboard.page.click("#view-analytics button[data-scale=day]")
    dashboard.page.fill("#view-analytics input[type=date]", day.date().isoformat())
    dashboard.page.dispatch_event("#view-analytics input[type=date]", "change")
    expect(dashboard.page.locator("#view-analytics .figure", has_text="Tracked").first).to_contain_text("3:30")  # Analytics writes totals as h:mm


def test_correcting_a_project_offers_a_rule_that_settings_shows_and_reapplies(dashboard):
    served = dashboard.served
    acme = served.data("project:create", {"name": "Acme docs"})
    day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=3)
    post_morning(served, day + timedelta(hours=8), host="tablet")
    wait_until(lambda: tracked_ms(served, day, day + timedelta(days=1)) == 210 * MINUTE, timeout=90, what="the morning")
    dashboard.open("review")
    dashboard.page.fill("#view-review input[type=date]", day.date().isoformat())
    dashboard.page.dispatch_event("#view-review input[type=date]", "change")
    docs = dashboard.page.locator("#view-review .review-card", has_text="docs.acme.test")
    docs.locator("select.project-select").select_option(acme["id"])
    docs.get_by_role("button", name="Accept").click()
    dashboard.page.get_by_role("button", name="Create rule").click()
    wait_until(lambda: any(r.get("domain") == "docs.acme.test" and r["projectId"] == acme["id"]
                           for r in served.data("rules:getAll")), what="the rule")
    accepted = served.data("activity:getFiltered", {"projectId": acme["id"]})
    assert [(a["name"], a["duration"]) for a in accepted] == [("docs.acme.test", 60 * MINUTE)]

    dashboard.go("settings")
    sites = "#settings-rules input[aria-label='Web site']"
    wait_until(lambda: "docs.acme.test" in dashboard.page.eval_on_selector_all(sites, "els => els.map((e) => e.value)"),
               what="the rule in Settings")
    form = dashboard.page.locator(".reapply-form")
    form.locator("input[type=date]").nth(0).fill(day.date().isoformat())
    form.locator("input[type=date]").nth(1).fill(day.date().isoformat())
    form.get_by_role("button", name="Preview").click()
    expect(dashboard.page.locator("#reapply-result")).to_contain_text("1 tracked spans would change")
    expect(dashboard.page.locator("#reapply-result")).to_contain_text("Acme docs")
    form.get_by_role("button", name="Apply").click()
    expect(dashboard.page.locator("#reapply-result")).to_contain_text("1 tracked spans changed")
    summary = served.data("timeline:getSummary", day.isoformat(), (day + timedelta(days=1)).isoformat())
    assert {r["key"]: r["duration"] for r in summary["byProject"]}[acme["id"]] == 60 * MINUTE


def test_screenshots_of_the_inbox_and_where_my_time_went(dashboard):
    """Both views at 1366x768 and 800x600, light and dark, fit the window without horizontal scrolling."""
    served, page = dashboard.served, dashboard.page
    day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=2)
    post_morning(served, day + timedelta(hours=8), host="laptop")
    wait_until(lambda: tracked_ms(served, day, day + timedelta(days=1)) == 210 * MINUTE, timeout=90, what="the morning")
    for width, height in ((1366, 768), (800, 600)):
        for scheme in ("light", "dark"):
            page.set_viewport_size({"width": width, "height": height})
            page.emulate_media(color_scheme=scheme)
            dashboard.open("review")
            page.fill("#view-review input[type=date]", day.date().isoformat())
            page.dispatch_event("#view-review input[type=date]", "change")
            expect(page.locator("#view-review .review-card")).to_have_count(3)
            assert page.evaluate("document.documentElement.dataset.theme") == scheme
            dashboard.screenshot(f"review-{width}x{height}-{scheme}")
            dashboard.go("where")
            page.click("#view-where button[data-scale=week]")
            page.fill("#view-where input[type=date] >> nth=0", day.date().isoformat())
            page.dispatch_event("#view-where input[type=date] >> nth=0", "change")
            expect(page.locator("#where-total")).not_to_have_text("0:00")
            dashboard.screenshot(f"where-{width}x{height}-{scheme}")
            assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")
