"""The dashboard in a real headless Chromium against `lighttrack serve` (issue 4, part 3 and 4)."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect

from support import wait_until

UTC = timezone.utc
XSS = "<img src=x onerror=alert(1)>"


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def moment(step: float) -> datetime:
    """The step-th of 12 whole-minute moments between max(midnight, 6 h ago) and now: always earlier today.

    UTC is the local zone of the server and of the page in these tests.
    """
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    base = max(now.replace(hour=0, minute=0), now - timedelta(hours=6))
    unit = max(timedelta(minutes=1), (now - base) // 12 // timedelta(minutes=1) * timedelta(minutes=1))
    return base + unit * step


def add(served, name: str, step: float, steps: float = 1, **fields) -> dict:
    return served.data("activity:add", {"name": name, "startTime": iso(moment(step)),
                                        "endTime": iso(moment(step + steps)), **fields})


def names(served, project: dict) -> list[str]:
    return sorted(a["name"] for a in served.data("activity:getFiltered", {"projectId": project["id"]}))


def show_only(page, project: dict) -> None:
    """Filter the Activities view to one project (the server is shared by the tests of this module)."""
    page.select_option("#filter-project", project["id"])


def test_timer_start_pause_resume_stop_from_the_ui(dashboard):
    page, served = dashboard.page, dashboard.served
    dashboard.open()
    page.fill("#quick-name", "Write the report")
    page.fill("#quick-tags", "writing, urgent")
    page.click(".quick-start button[type=submit]")
    expect(page.locator(".timer-name")).to_have_text("Write the report")
    running = served.data("activity:getRunning")
    assert running["name"] == "Write the report" and running["tags"] == ["writing", "urgent"]

    page.click("#pause-button")
    expect(page.locator("#resume-button")).to_be_visible()
    assert served.data("activity:getRunning")["isPaused"] is True
    expect(page.locator(".timer-card .badge.paused")).to_have_text("Paused")

    page.click("#resume-button")
    expect(page.locator("#pause-button")).to_be_visible()
    assert served.data("activity:getRunning")["isPaused"] is False

    page.click("#stop-button")
    expect(page.locator(".timer-clock.idle")).to_be_visible()
    assert served.data("activity:getRunning") is None
    stopped = [a for a in served.data("activity:getTodayActivities") if a["name"] == "Write the report"]
    assert len(stopped) == 1 and stopped[0]["endTime"]

    page.keyboard.press("s")  # the shortcut focuses the quick-start box when nothing runs
    expect(page.locator("#quick-name")).to_be_focused()


def test_an_activity_started_through_the_api_appears_within_a_second(dashboard):
    page, served = dashboard.page, dashboard.served
    dashboard.open()
    expect(page.locator(".timer-clock.idle")).to_be_visible()
    time.sleep(0.3)  # the event stream is open
    started = time.monotonic()
    served.data("activity:start", {"name": "Started elsewhere"})
    expect(page.locator(".timer-name")).to_have_text("Started elsewhere", timeout=1000)
    expect(page.locator(".running-badge .badge-name")).to_have_text("Started elsewhere", timeout=1000)
    assert time.monotonic() - started < 1.0
    served.data("activity:stop", served.data("activity:getRunning")["id"])
    expect(page.locator(".timer-clock.idle")).to_be_visible(timeout=1000)


def test_earlier_versions_without_sync_say_where_they_would_come_from(dashboard):
    page, served = dashboard.page, dashboard.served
    activity = add(served, "Never synced", 3)
    dashboard.open()
    page.locator(f"#view-today .entry[data-id='{activity['id']}'] .entry-open").click()
    page.locator(".entry-history summary").click()
    expect(page.locator(".entry-history [role=status]")).to_have_text(
        "Earlier versions are kept on the sync server: set up sync to have them.")


def test_edits_in_the_popover_persist_after_reload(dashboard):
    page, served = dashboard.page, dashboard.served
    project = served.data("project:create", {"name": "Client work"})
    activity = add(served, "Typo in nmae", 2, 2)
    dashboard.open()
    row = page.locator(f"#view-today .entry[data-id='{activity['id']}']")
    row.locator(".entry-open").click()
    page.fill("#edit-name", "Fixed name")
    page.select_option("#edit-project", project["id"])
    page.fill("#edit-tags", "review, docs")
    page.click("#edit-save")
    wait_until(lambda: served.data("activity:get", activity["id"])["tags"] == ["review", "docs"], timeout=3)

    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    row = page.locator(f"#view-today .entry[data-id='{activity['id']}']")
    expect(row.locator(".entry-name")).to_have_text("Fixed name")
    expect(row.locator(".entry-project")).to_have_text("Client work")
    expect(row.locator(".chip")).to_have_text(["review", "docs"])

    row.locator(".entry-open").click()
    page.fill("#edit-duration", "0m")  # refused in the page: the error sits next to the field
    page.click("#edit-save")
    expect(page.locator("#edit-duration-error")).to_contain_text("Type a duration")
    expect(page.locator("#edit-duration")).to_have_attribute("aria-invalid", "true")
    assert served.data("activity:get", activity["id"])["endTime"] == activity["endTime"]
    page.keyboard.press("Escape")
    expect(page.locator(".entry-editor")).to_have_count(0)


def test_bulk_delete_and_undo(dashboard):
    page, served = dashboard.page, dashboard.served
    project = served.data("project:create", {"name": "Bulk"})
    made = [add(served, f"Task {n}", 3 * n, projectId=project["id"]) for n in range(3)]
    dashboard.open("activities")
    show_only(page, project)
    expect(page.locator("#view-activities .entry")).to_have_count(3)
    for activity in made[:2]:
        page.locator(f".entry[data-id='{activity['id']}'] input.select").check()
    expect(page.locator(".selection-bar .bar-count")).to_have_text("2 selected")
    page.click("#bulk-delete")
    expect(page.locator("#view-activities .entry")).to_have_count(1)
    assert names(served, project) == ["Task 2"]

    page.locator(".toast button.link", has_text="Undo").click()
    expect(page.locator("#view-activities .entry")).to_have_count(3)
    assert names(served, project) == ["Task 0", "Task 1", "Task 2"]


def test_merge_and_split_from_the_ui_with_undo(dashboard):
    page, served = dashboard.page, dashboard.served
    project = served.data("project:create", {"name": "Merging"})
    first = add(served, "Draft", 0, 3, projectId=project["id"])
    second = add(served, "Polish", 4, 2, projectId=project["id"])
    dashboard.open("activities")
    show_only(page, project)
    entries = page.locator("#view-activities .entry")
    expect(entries).to_have_count(2)
    for activity in (first, second):
        page.locator(f".entry[data-id='{activity['id']}'] input.select").check()
    page.click("#merge-button")
    expect(entries).to_have_count(1)
    merged = served.data("activity:getFiltered", {"projectId": project["id"]})
    assert [a["name"] for a in merged] == ["Draft + Polish"]
    assert merged[0]["duration"] == first["duration"] + second["duration"]
    page.locator(".toast", has_text="Merged").locator("button.link", has_text="Undo").click()
    expect(entries).to_have_count(2)
    assert names(served, project) == ["Draft", "Polish"]

    page.locator(f".entry[data-id='{first['id']}'] .entry-open").click()
    split_at = moment(1)
    page.fill("#edit-split", split_at.strftime("%H:%M"))
    page.click("#edit-split-button")
    expect(page.locator("#view-activities .group-count")).to_have_text("2")  # the two parts, grouped as one "Draft"
    parts = served.data("activity:getFiltered", {"projectId": project["id"], "sortOrder": "asc"})
    assert [p["startTime"][:16] for p in parts][1] == iso(split_at)[:16]
    assert sum(p["duration"] for p in parts) == first["duration"] + second["duration"]
    page.locator(".toast", has_text="split in two").locator("button.link", has_text="Undo").click()
    expect(page.locator("#view-activities .group-count")).to_have_count(0)
    expect(entries).to_have_count(2)
    assert names(served, project) == ["Draft", "Polish"]


def test_untrusted_text_is_shown_as_text_and_runs_nothing(dashboard):
    page, served = dashboard.page, dashboard.served
    project = served.data("project:create", {"name": f"Project {XSS}"})
    add(served, XSS, 1, 2, projectId=project["id"], windowTitle=XSS, applicationName=XSS)
    served.data("tag:create", {"name": "<script>alert(2)</script>"})
    served.data("goal:create", {"name": XSS, "type": "daily", "targetType": "hours", "targetValue": 1})
    dashboard.open()
    expect(page.locator(".entry-name", has_text=XSS)).to_have_count(1)
    for view in ("activities", "projects", "tags", "goals", "analytics"):
        dashboard.go(view)
    expect(page.locator(".goal-card .goal-name", has_text=XSS)).to_have_count(1)
    expect(page.locator(".top-activities li", has_text=XSS)).to_have_count(1)
    expect(page.locator(".bar-label", has_text=f"Project {XSS}")).to_have_count(1)
    time.sleep(0.3)
    assert dashboard.dialogs == []
    assert page.locator("main img, main script").count() == 0


def test_window_titles_in_the_timeline_are_text(dashboard):
    page, served = dashboard.page, dashboard.served
    feed_window_title(served, XSS)
    dashboard.open()
    page.locator(".span-list summary").click()
    expect(page.locator(".span-list td.window-title", has_text=XSS)).to_have_count(1)
    assert XSS in page.locator(".timeline-span").first.get_attribute("title")
    assert dashboard.dialogs == []
    assert page.locator("main img").count() == 0


def feed_window_title(served, title: str) -> None:
    """Report a browser tab through the ActivityWatch API; the timeline picks it up once settled.

    (A tab, not an aw-watcher-window event: those are skipped while LightTrack tracks windows itself,
    which `serve` does when the session's virtual display is up.)"""
    headers = {"Authorization": f"Bearer {served.token}", "Content-Type": "application/json"}
    bucket = "aw-watcher-web-e2e"
    served.request("POST", f"/api/0/buckets/{bucket}", json.dumps(
        {"client": "aw-client-web", "type": "web.tab.current", "hostname": "e2e"}).encode(), headers)
    now = datetime.now(UTC)
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    start = max(day, now - timedelta(minutes=10))  # today's, even just after midnight
    events = [{"timestamp": iso(start), "duration": min(120, (now - start).total_seconds()),
               "data": {"url": "https://example.org/", "title": title, "audible": False, "incognito": False}}]
    status, _, _ = served.request("POST", f"/api/0/buckets/{bucket}/events", json.dumps(events).encode(), headers)
    assert status == 200
    wait_until(lambda: served.data("timeline:get", iso(day), iso(day + timedelta(days=1))), timeout=30, interval=0.25,
               what="the tab in the timeline (written every few seconds)")


def test_settings_validation_shows_the_error_next_to_the_field(dashboard):
    page, served = dashboard.page, dashboard.served
    dashboard.open("settings")
    field = page.locator("#setting-idleThresholdSeconds")
    field.fill("5")
    field.press("Tab")
    error = page.locator("#setting-idleThresholdSeconds-error")
    expect(error).to_be_visible()
    expect(error).to_have_text("Idle after (seconds) must be between 10 and 86400.")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert served.data("settings:get", "idleThresholdSeconds") == 300
    # the error sits in the same setting row as the field
    assert page.locator(".setting[data-key=idleThresholdSeconds] .field-error").is_visible()

    field.fill("600")
    field.press("Tab")
    expect(error).to_be_hidden()
    wait_until(lambda: served.data("settings:get", "idleThresholdSeconds") == 600, timeout=3)

    page.select_option("#setting-theme", "dark")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    served.data("settings:set", "theme", "light")
    expect(page.locator("html")).to_have_attribute("data-theme", "light", timeout=1000)  # followed live
    served.data("settings:set", "idleThresholdSeconds", 300)


def test_screenshots_of_every_view(dashboard):
    page, served = dashboard.page, dashboard.served
    website = served.data("project:create", {"name": "Website", "color": "#e91e63", "budgetHours": 20, "hourlyRate": 90, "client": "ACME"})
    add(served, "Planning", 0, 2, tags=["meeting"])
    add(served, "Landing page", 2, 4, projectId=website["id"], tags=["frontend"])
    add(served, "Code review", 7, 3)
    served.data("goal:create", {"name": "Deep work", "type": "daily", "targetType": "hours", "targetValue": 4})
    running = served.data("activity:start", {"name": "Bug triage", "projectId": website["id"], "tags": ["bugs"]})
    dashboard.open()
    shots = []
    for width, height in ((1366, 768), (800, 600)):
        page.set_viewport_size({"width": width, "height": height})
        for theme in ("light", "dark"):
            served.data("settings:set", "theme", theme)  # kept across the reloads below
            expect(page.locator("html")).to_have_attribute("data-theme", theme)
            for view in ("today", "activities", "projects", "tags", "goals", "analytics", "settings", "quick"):
                if view == "quick":  # the tray's window: no sidebar, so no link to it
                    page.goto(f"{dashboard.url}#/quick")
                    page.wait_for_selector("body[data-ready=true]")
                else:
                    dashboard.go(view)
                page.wait_for_selector(f"#view-{view}:not([hidden])")
                page.wait_for_load_state("networkidle")
                if view == "analytics":
                    page.wait_for_selector(".analytics-body[data-rendered]")
                if view == "projects":
                    page.wait_for_selector("#view-projects [data-tracked=read]")
                shots.append(dashboard.screenshot(f"{view}-{width}x{height}-{theme}"))
            page.goto(f"{dashboard.url}#/activities")
            page.wait_for_selector("body[data-ready=true]")
            page.locator("#view-activities .entry input.select").first.check()
            shots.append(dashboard.screenshot(f"activities-selected-{width}x{height}-{theme}"))
            page.locator("#view-activities .entry-open").first.click()
            shots.append(dashboard.screenshot(f"popover-{width}x{height}-{theme}"))
            page.keyboard.press("Escape")
            page.locator(".selection-bar button.link", has_text="Clear").click()  # the palette and next views unselected
            page.keyboard.press("Control+k")
            page.fill("#palette-input", "1h30 Review @Website #review")
            page.wait_for_selector(".palette-list li:has-text('Add “Review”')")
            shots.append(dashboard.screenshot(f"palette-{width}x{height}-{theme}"))
            page.keyboard.press("Escape")
    served.data("settings:set", "theme", "system")
    assert all(p.stat().st_size > 5000 for p in shots)
    served.data("activity:stop", running["id"])


def test_a_module_that_fails_to_run_says_so_instead_of_a_blank_page(dashboard):
    """What the native window did when an engine rejected a module: the page must name the failure."""
    page = dashboard.page
    def throwing(route) -> None:  # the module as it is, throwing when it runs, as uPlot's did under WebKitGTK
        original = route.fetch()
        route.fulfill(response=original, body="throw new RangeError('invalid language tag: C');\n" + original.text())
    page.route("**/js/words.js", throwing)
    page.goto(f"{dashboard.url}#/today")
    expect(page.locator("#boot-error")).to_have_text("The dashboard could not start: "
                                                     "Uncaught RangeError: invalid language tag: C.")
    assert dashboard.errors == ["invalid language tag: C"]
    dashboard.errors.clear()  # expected here

    page.route("**/js/words.js", lambda route: route.fulfill(status=404, body=""))
    page.goto(f"{dashboard.url}?missing#/today")
    # the engine reports the failed graph on the page's module script
    expect(page.locator("#boot-error")).to_have_text("The dashboard could not start: could not load /js/main.js.")


def test_bridge_and_formatting_in_the_page(dashboard):
    page = dashboard.page
    dashboard.open()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    result = page.evaluate("""async () => {
        const f = await import('/js/format.js');
        const t = await import('/js/timeinput.js');
        const refused = await window.lighttrack.invoke('store:dropEverything').catch((e) => e.code);
        const start = new Date(Date.now() - 3600000).toISOString();
        const pausedSince = new Date(Date.now() - 600000).toISOString();
        return {
            clock: f.clock(3723000), durations: [5400000, 125 * 60000, 40000, 0].map(f.duration), split: f.splitList(' a, b ,a,, c '),
            elapsed: Math.round(f.elapsed({startTime: start, pausedDuration: 300000, isPaused: true, pauseStartTime: pausedSince}) / 60000),
            typed: ['2:30pm', '1430', 'yesterday 9:05', '13pm'].map((text) => t.parseClockInput(text, new Date(2026, 2, 29))?.toISOString() ?? null),
            typedDurations: ['1h30', '1:30', '45m', 'soon'].map((text) => t.parseDurationInput(text)),
            refused, version: await window.lighttrack.getVersion(),
            unsubscribe: typeof window.lighttrack.on('activity:started', () => {}),
        };
    }""")
    assert result["clock"] == "1:02:03" and result["durations"] == ["1:30", "2:05", "0:01", "0:00"]
    assert result["split"] == ["a", "b", "c"] and result["elapsed"] == 45
    assert result["typed"] == ["2026-03-29T14:30:00.000Z", "2026-03-29T14:30:00.000Z", "2026-03-28T09:05:00.000Z", None]
    assert result["typedDurations"] == [5400000, 5400000, 2700000, None]
    assert result["refused"] == "FORBIDDEN"
    assert not any("store:dropEverything" in url for url in requests)
    assert result["version"] and result["unsubscribe"] == "function"


def test_a_message_shown_again_replaces_its_copy_and_undo_toasts_stay_apart(dashboard):
    page = dashboard.page
    dashboard.open()
    counts = page.evaluate("""async () => {
        const { toast } = await import('/js/ui.js');
        for (const region of ['toasts', 'alerts']) document.getElementById(region).replaceChildren();
        toast('Saved.'); toast('Saved.');
        const undo = { label: 'Undo', run: () => {} };
        toast('Deleted “Call”.', { action: undo }); toast('Deleted “Call”.', { action: undo });
        const texts = [...document.querySelectorAll('#toasts .toast-text')].map((el) => el.textContent);
        return { saved: texts.filter((t) => t === 'Saved.').length, undo: texts.filter((t) => t.startsWith('Deleted')).length };
    }""")
    assert counts == {"saved": 1, "undo": 2}
