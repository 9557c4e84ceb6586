"""Focus sessions on Today, deleting a date range and importing a file in Settings → Data, the period comparison in
Analytics, and the first-run welcome, in a real headless Chromium."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from playwright.sync_api import expect

from support import wait_until
from test_dashboard import UTC, add, iso

TOGGL = """User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)
Ann Lee,ann@example.com,Acme,Imported site,,Landing page from Toggl,Yes,2024-03-04,09:00:00,2024-03-04,10:30:00,01:30:00,"design, web",
"""


def test_focus_session_start_skip_and_stop_from_today(dashboard):
    page, served = dashboard.page, dashboard.served
    dashboard.open()
    page.click("#focus-start")
    focus = page.locator(".focus-card")
    expect(focus.locator(".badge")).to_have_text("Focus")
    expect(focus.locator(".focus-clock")).to_have_text(re.compile(r"^0:2[45]:\d\d$"))
    expect(page.locator(".timer-name")).to_have_text("Focus session")
    assert "focus" in served.data("activity:getRunning")["tags"]
    dashboard.screenshot("today-focus")

    page.click("#focus-skip")  # take the break now: the focus activity pauses
    expect(focus.locator(".badge")).to_have_text("Short break")
    expect(page.locator("#resume-button")).to_be_visible()
    page.click("#focus-skip")
    expect(focus.locator(".badge")).to_have_text("Focus")
    expect(focus.locator(".muted")).to_contain_text("1 focus phase done")
    page.click("#focus-stop")
    expect(page.locator("#focus-start")).to_be_visible()
    assert served.data("activity:getRunning") is None

    served.data("focus:start", {"name": "Deep work"})  # started elsewhere (the tray): shown live
    expect(focus.locator(".badge")).to_have_text("Focus", timeout=1000)
    served.data("focus:stop")
    expect(page.locator("#focus-start")).to_be_visible(timeout=1000)


def test_import_a_toggl_csv_in_the_browser_twice(dashboard, tmp_path):
    page, served = dashboard.page, dashboard.served
    export = tmp_path / "toggl.csv"
    export.write_text(TOGGL)
    dashboard.open("settings")
    form = page.get_by_role("form", name="Import activities")
    form.get_by_label("File to import").set_input_files(str(export))
    form.get_by_role("button", name="Preview").click()
    result = form.locator(".import-result")
    expect(result).to_contain_text("Preview (toggl-csv): 1 new, 0 already present")
    expect(result.locator(".import-creates").first).to_have_text("Projects it will create: Imported site (Acme)")
    expect(result.locator(".import-creates").nth(1)).to_have_text("Clients it will create: Acme")
    expect(result.locator(".import-creates").nth(2)).to_have_text("Tags it will create: design, web")
    expect(result.locator(".import-rows tbody tr")).to_have_count(1)
    expect(result.locator(".import-rows tbody td").nth(1)).to_have_text("Landing page from Toggl")
    expect(result.locator(".import-rows tbody td").nth(3)).to_have_text("Acme")
    assert not served.data("activity:getFiltered", {"search": "Landing page from Toggl", "startDate": "2024-03-01"})

    form.get_by_role("button", name="Import", exact=True).click()
    expect(result).to_contain_text("Imported (toggl-csv): 1 new, 0 already present, new projects: Imported site, "
                                   "new clients: Acme")
    assert next(p for p in served.data("project:getAll") if p["name"] == "Imported site")["client"] == "Acme"
    imported = served.data("activity:getFiltered", {"search": "Landing page from Toggl", "startDate": "2024-03-01"})
    assert len(imported) == 1 and imported[0]["tags"] == ["design", "web"]

    form.get_by_role("button", name="Import", exact=True).click()  # idempotent: a second import adds nothing
    expect(result).to_contain_text("Imported (toggl-csv): 0 new, 1 already present")
    dashboard.go("activities")
    page.fill("#view-activities input[type=date] >> nth=0", "2024-03-01")
    page.locator("#view-activities input[type=date] >> nth=0").dispatch_event("change")
    page.fill("#activity-search", "Landing page from Toggl")
    expect(page.locator("#view-activities .entry")).to_have_count(1)


def test_delete_a_date_range_after_confirming_and_undo(dashboard):
    page, served = dashboard.page, dashboard.served
    day = (datetime.now(UTC) - timedelta(days=20)).replace(hour=10, minute=0, second=0, microsecond=0)
    for n in range(2):
        served.data("activity:add", {"name": f"Old task {n}", "startTime": iso(day + timedelta(hours=n)),
                                     "endTime": iso(day + timedelta(hours=n, minutes=30))})
    keep = add(served, "Kept today", 0, 1)
    in_range = {"startDate": day.date().isoformat(), "endDate": day.date().isoformat()}
    dashboard.open("settings")
    form = page.get_by_role("form", name="Delete data in a date range")
    form.get_by_role("button", name="Delete…").click()
    expect(form.get_by_label("From")).to_have_attribute("aria-invalid", "true")
    form.get_by_label("From").fill(day.date().isoformat())
    form.get_by_label("To (included)").fill((day - timedelta(days=1)).date().isoformat())
    form.get_by_role("button", name="Delete…").click()
    expect(form.get_by_role("alert").filter(has_text="must not be before")).to_be_visible()

    form.get_by_label("To (included)").fill(day.date().isoformat())
    form.get_by_role("button", name="Delete…").click()
    question = form.get_by_role("alertdialog")
    expect(question).to_contain_text("Delete 2 activities started on")
    expect(page.locator("#erase-confirm")).to_be_focused()
    dashboard.screenshot("settings-delete-range")
    page.click("#erase-confirm")
    expect(page.locator(".toast", has_text="2 activities deleted")).to_be_visible()
    wait_until(lambda: not served.data("activity:getFiltered", in_range), timeout=3)
    assert served.data("activity:get", keep["id"])["name"] == "Kept today"

    page.locator(".toast button.link", has_text="Undo").click()
    wait_until(lambda: len(served.data("activity:getFiltered", in_range)) == 2, timeout=3)

    form.get_by_label("Delete for good (no undo)").check()
    form.get_by_role("button", name="Delete…").click()
    expect(question).to_contain_text("cannot be undone")
    page.click("#erase-confirm")
    expect(page.locator(".toast", has_text="2 activities deleted for good")).to_be_visible()
    assert not served.data("activity:getFiltered", {**in_range, "includeDeleted": True})


def test_analytics_compares_with_the_previous_period(dashboard):
    page, served = dashboard.page, dashboard.served
    add(served, "This week's work", 0, 2)
    dashboard.open("analytics")
    page.wait_for_selector(".analytics-body[data-rendered=week]")
    figure = page.locator(".figure.comparison")
    expect(figure.locator(".figure-label")).to_have_text("vs. last week at this point")  # the same elapsed part
    expect(figure.locator("strong")).to_have_text(re.compile(r"^[+−±]\d"))
    page.click("#view-analytics .segment[data-scale=month]")
    expect(figure.locator(".figure-label")).to_have_text("vs. last month at this point")
    dashboard.screenshot("analytics-comparison")


def test_first_run_welcome_then_800x600_dark(dashboard):
    page, served = dashboard.page, dashboard.served
    served.data("settings:set", "firstRunCompleted", False)
    dashboard.open()
    welcome = page.locator("dialog.welcome")
    expect(welcome).to_have_attribute("open", "")
    expect(welcome).to_contain_text(str(served.data_dir))
    dashboard.screenshot("welcome")
    page.set_viewport_size({"width": 800, "height": 600})
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    dashboard.screenshot("welcome-800x600-dark")
    welcome.locator("input[type=number]").fill("10")
    autostart = welcome.get_by_label("Start LightTrack when I log in")
    if autostart.count():
        autostart.uncheck()
    welcome.get_by_role("button", name="Start tracking").click()
    expect(welcome).not_to_have_attribute("open", "")
    assert served.data("app:getWelcome")["firstRun"] is False
    assert served.data("settings:get", "idleThresholdSeconds") == 600
    served.data("settings:set", "idleThresholdSeconds", 300)

    served.data("focus:start", {"name": "Small window"})
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    expect(page.locator(".focus-card .badge")).to_have_text("Focus")
    dashboard.screenshot("today-focus-800x600-dark")
    dashboard.go("settings")
    jira = page.locator(".integration[data-integration=jira]")
    jira.locator("summary").click()
    jira.scroll_into_view_if_needed()
    dashboard.screenshot("settings-jira-800x600-dark")
    served.data("focus:stop")
