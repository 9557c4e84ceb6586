"""Tags and categories in the dashboard (real Chromium): lists to read whose rows open a small editor (name, palette
colour, a category's rating), new ones from the same editor, delete after a second click, errors at their field."""

from __future__ import annotations

from playwright.sync_api import expect

from support import wait_until

LIVE = 1000


def named(served, area: str, name: str):
    return next((r for r in served.data(f"{area}:getAll") if r["name"] == name), None)


def label_row(page, record):
    return page.locator(f"#view-tags .label-row[data-id='{record['id']}']")


def test_a_tag_is_renamed_recoloured_and_deleted_in_its_editor(dashboard):
    page, served = dashboard.page, dashboard.served
    tag = served.data("tag:create", {"name": "edit-me"})
    dashboard.open("tags")
    assert label_row(page, tag).locator("input").count() == 0  # a row to read, not a form
    label_row(page, tag).locator("button").click()
    expect(page.locator("#tag-name")).to_be_focused()
    page.fill("#tag-name", "edited")
    page.locator(".swatch-choice[aria-label='#8e4ec6']").click()
    page.click("#tag-save")
    wait_until(lambda: served.data("tag:get", tag["id"])["name"] == "edited", timeout=5, what="the rename")
    assert served.data("tag:get", tag["id"])["color"] == "#8e4ec6"
    expect(label_row(page, tag).locator(".label-name")).to_have_text("edited")
    expect(label_row(page, tag).locator("button")).to_be_focused()

    served.data("tag:create", {"name": "taken"})
    label_row(page, tag).locator("button").click()
    page.fill("#tag-name", "Taken")
    page.click("#tag-save")
    expect(page.locator("#tag-name-error")).to_contain_text("already exists")
    expect(page.locator("#tag-name")).to_be_focused()
    delete = page.locator("#tag-delete")
    delete.click()
    expect(delete).to_have_text("Really delete?")
    assert named(served, "tag", "edited")  # the first click only asks
    delete.click()
    wait_until(lambda: named(served, "tag", "edited") is None, timeout=5, what="the delete")
    expect(label_row(page, tag)).to_have_count(0, timeout=LIVE)


def test_a_new_category_takes_its_rating_and_a_free_palette_colour(dashboard):
    page, served = dashboard.page, dashboard.served
    dashboard.open("tags")
    page.click("#new-category")
    expect(page.locator("#category-name")).to_be_focused()
    expect(page.locator(".color-field .hint")).to_contain_text("A colour no other category uses is picked")
    page.fill("#category-name", "Deep work")
    page.select_option("#category-productivity", "very-productive")
    page.click("#category-save")
    made = wait_until(lambda: named(served, "category", "Deep work"), timeout=5, what="the new category")
    assert made["productivity"] == "very-productive"
    assert made["color"] in served.data("project:getColors")
    row = label_row(page, made)
    expect(row.locator(".label-rating")).to_have_text(
        next(r["label"] for r in served.data("category:getRatings") if r["id"] == "very-productive"))

    page.click("#new-category")
    page.click("#category-save")
    expect(page.locator("#category-name-error")).to_have_text("Name must not be empty.")
    page.keyboard.press("Escape")
    served.data("category:update", made["id"], {"name": "Deep focus"})
    expect(row.locator(".label-name")).to_have_text("Deep focus", timeout=LIVE)


def test_screenshots_of_tags_and_categories(dashboard):
    page, served = dashboard.page, dashboard.served
    for name in ("client-work", "admin", "learning", "billable"):
        served.data("tag:create", {"name": f"shot-{name}"})
    dashboard.open("tags")
    shots = []
    for look in dashboard.looks():
        shots.append(dashboard.screenshot(f"tags-{look}"))
        page.locator("#view-tags .label-row").first.locator("button").click()
        shots.append(dashboard.screenshot(f"tags-editor-{look}"))
        page.keyboard.press("Escape")
    assert all(p.stat().st_size > 5000 for p in shots)
