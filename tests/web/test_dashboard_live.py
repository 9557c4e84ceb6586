"""One store for every view: changes from another door (the API here) show within a second, also while focus is
inside the view; and the command palette (Ctrl+K) runs actions and takes quick entries."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from playwright.sync_api import expect

from support import wait_until
from test_dashboard import UTC, add

LIVE = 1000


def test_every_list_and_picker_follows_api_changes_within_a_second(dashboard):
    page, served = dashboard.page, dashboard.served
    dashboard.open()
    page.focus("#quick-name")  # focus inside the view does not hold the update back
    add(served, "Live on Today", 1)
    expect(page.locator("#view-today .entry-name", has_text="Live on Today")).to_have_count(1, timeout=LIVE)
    running = served.data("activity:start", {"name": "Live badge"})
    expect(page.locator(".running-badge .badge-name")).to_have_text("Live badge", timeout=LIVE)
    served.data("activity:stop", running["id"])
    expect(page.locator(".running-badge")).to_contain_text("No timer running", timeout=LIVE)

    dashboard.go("activities")
    page.focus("#activity-search")
    add(served, "Live in Activities", 2)
    expect(page.locator("#view-activities .entry-name", has_text="Live in Activities")).to_have_count(1, timeout=LIVE)
    made = served.data("project:create", {"name": "Live project"})
    expect(page.locator(f"#filter-project option[value='{made['id']}']")).to_have_count(1, timeout=LIVE)

    dashboard.go("projects")
    page.focus("#project-search")
    served.data("project:create", {"name": "Live project row"})
    expect(page.locator("#view-projects .project-row .name-text", has_text="Live project row")).to_have_count(1, timeout=LIVE)

    dashboard.go("goals")
    served.data("goal:create", {"name": "Live goal", "type": "daily", "targetType": "hours", "targetValue": 2})
    expect(page.locator(".goal-card", has_text="Live goal")).to_have_count(1, timeout=LIVE)


def test_the_command_palette_runs_actions_and_adds_quick_entries(dashboard):
    page, served = dashboard.page, dashboard.served
    dashboard.open()
    page.keyboard.press("Control+k")
    expect(page.locator("#palette-input")).to_be_focused()
    page.fill("#palette-input", "analytics")
    page.keyboard.press("Enter")
    expect(page.locator("#view-analytics")).to_be_visible()

    page.keyboard.press("Control+k")
    page.fill("#palette-input", "45m Palette entry @Paletted #pal")
    # the line says all it will store, as the quick-entry preview does: project (new), tag, times, duration
    expect(page.locator(".palette-list li").last).to_have_text(
        re.compile(r"^Add “Palette entry” · Paletted \(new project\) #pal · (\w+,? \d+ \w+ )?\d{2}:\d{2} – \d{2}:\d{2} · 0:45$"))
    page.keyboard.press("Enter")
    expect(page.locator(".palette")).to_have_count(0)
    today = datetime.now(UTC).date()
    wait_until(lambda: served.data("activity:getFiltered", {"search": "Palette entry", "startDate": (today - timedelta(days=1)).isoformat()}),
               timeout=3)
    stored = served.data("activity:getFiltered", {"search": "Palette entry", "startDate": (today - timedelta(days=1)).isoformat()})[0]
    assert stored["duration"] == 45 * 60_000 and stored["tags"] == ["pal"]
    assert served.data("project:get", stored["projectId"])["name"] == "Paletted"
