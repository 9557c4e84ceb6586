"""Goals in the dashboard (real Chromium): cards to read (scope, progress, inactive) that open the goal's editor;
targets typed as people say them (1:30, 1.5, 90m), errors at their field, delete after a second click."""

from __future__ import annotations

from playwright.sync_api import expect

from support import wait_until

LIVE = 1000


def named(served, name: str):
    return next((g for g in served.data("goal:getAll") if g["name"] == name), None)


def card(page, goal):
    return page.locator(f"#view-goals .goal-card[data-id='{goal['id']}']")


def test_a_goal_is_added_edited_paused_and_deleted_in_its_editor(dashboard):
    page, served = dashboard.page, dashboard.served
    project = served.data("project:create", {"name": "Goal scope"})
    dashboard.open("goals")
    page.click("#new-goal")
    expect(page.locator("#goal-name")).to_be_focused()
    page.fill("#goal-name", "Focus hours")
    page.select_option("#goal-type", "weekly")
    page.fill("#goal-target", "1h30")
    page.select_option("#goal-project", project["id"])
    page.click("#goal-save")
    goal = wait_until(lambda: named(served, "Focus hours"), timeout=5, what="the new goal")
    assert (goal["type"], goal["targetType"], goal["targetValue"], goal["projectId"]) == ("weekly", "hours", 1.5, project["id"])
    expect(card(page, goal).locator(".goal-scope")).to_contain_text("Weekly · Goal scope", timeout=LIVE)
    expect(card(page, goal).locator(".goal-figures")).to_have_text("0:00 of 1:30")
    assert card(page, goal).locator("input").count() == 0  # a card to read, not a form

    card(page, goal).locator("button").click()
    expect(page.locator("#goal-target")).to_have_value("1:30")
    page.fill("#goal-target", "a lot")
    page.click("#goal-save")
    expect(page.locator("#goal-target-error")).to_have_text("Type hours such as 4, 1.5 or 1:30.")
    expect(page.locator("#goal-target")).to_be_focused()
    page.fill("#goal-target", "2.5")
    page.uncheck("#goal-active")
    page.click("#goal-save")
    wait_until(lambda: served.data("goal:get", goal["id"])["isActive"] is False, timeout=5, what="the pause")
    assert served.data("goal:get", goal["id"])["targetValue"] == 2.5
    expect(card(page, goal).locator(".chip")).to_have_text("Inactive", timeout=LIVE)

    card(page, goal).locator("button").click()
    page.select_option("#goal-type", "project")
    page.select_option("#goal-project", "")
    page.click("#goal-save")
    expect(page.locator("#goal-project-error")).to_have_text("Pick the project this goal is for.")
    delete = page.locator("#goal-delete")
    delete.click()
    expect(delete).to_have_text("Really delete?")
    assert named(served, "Focus hours")  # the first click only asks
    delete.click()
    wait_until(lambda: named(served, "Focus hours") is None, timeout=5, what="the delete")
    expect(card(page, goal)).to_have_count(0, timeout=LIVE)


def test_a_productivity_goal_over_100_percent_is_refused_at_its_field(dashboard):
    page, served = dashboard.page, dashboard.served
    dashboard.open("goals")
    page.click("#new-goal")
    page.fill("#goal-name", "Too productive")
    page.select_option("#goal-measure", "productivity")
    expect(page.locator("label[for=goal-target]")).to_have_text("Target (%)")
    page.fill("#goal-target", "120")
    page.click("#goal-save")
    expect(page.locator("#goal-target-error")).to_have_text("Target of a productivity goal is a percentage (at most 100).")
    page.keyboard.press("Escape")
    assert named(served, "Too productive") is None


def test_screenshots_of_goals(dashboard):
    page, served = dashboard.page, dashboard.served
    project = served.data("project:create", {"name": "Shot goal project"})
    served.data("goal:create", {"name": "Shot deep work", "type": "daily", "targetType": "hours", "targetValue": 4})
    served.data("goal:create", {"name": "Shot client hours", "type": "weekly", "targetType": "hours", "targetValue": 20,
                                "projectId": project["id"]})
    served.data("goal:create", {"name": "Shot paused", "type": "monthly", "targetType": "activities", "targetValue": 30,
                                "isActive": False})
    dashboard.open("goals")
    expect(page.locator("#view-goals .goal-card")).not_to_have_count(0)
    shots = []
    for look in dashboard.looks():
        shots.append(dashboard.screenshot(f"goals-cards-{look}"))
        page.locator("#view-goals .goal-card", has_text="Shot client hours").locator("button").click()
        shots.append(dashboard.screenshot(f"goals-editor-{look}"))
        page.keyboard.press("Escape")
    assert all(p.stat().st_size > 5000 for p in shots)
