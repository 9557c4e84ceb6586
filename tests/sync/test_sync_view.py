"""Settings → Sync in a real browser: the status of a served instance and a conflict resolved with one click."""

from __future__ import annotations

import os
import re
import socket
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from devices import PASSPHRASE

from support import lighttrack, start_serve

from lighttrack.sync.engine import DeviceRevoked

pytestmark = pytest.mark.browser


@pytest.fixture
def page(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path,
                                             args=["--headless=new", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1100, "height": 800}, locale="en-GB", timezone_id="UTC")
        page.set_default_timeout(8000)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page
        browser.close()
        assert not errors, errors


def test_the_sync_view_shows_status_and_resolves_a_conflict(page, make_device, user_dsn, tmp_path):
    from playwright.sync_api import expect

    folder = tmp_path / "served"
    env = {**os.environ, "LIGHTTRACK_SYNC_PASSPHRASE": PASSPHRASE}
    lighttrack("sync", "setup", "--dsn", user_dsn, data_dir=folder, env=env, check=True, timeout=60)
    other = make_device("other")
    other.sync.rename_device("  Laptop ")
    made = other.services.activities.add({"name": "Draft", "startTime": "2026-03-10T07:00:00Z",
                                          "endTime": "2026-03-10T08:00:00Z"})
    other.sync.sync_now()
    served = start_serve(folder)
    try:
        served.data("app:completeFirstRun", {"autostart": False})
        served.data("sync:now")
        served.data("activity:update", made["id"], {"name": "Draft from the desktop"})
        other.services.activities.update(made["id"], {"name": "Draft from the laptop"})
        other.sync.sync_now()
        served.data("sync:now")

        assert page.context.request.get(served.login_url(), max_redirects=0).status == 303  # the session cookie
        page.goto(f"http://127.0.0.1:{served.port}/#/today")
        page.wait_for_selector("body[data-ready=true]")
        page.click(".nav a[data-view=sync]")
        view = page.locator("#view-sync")
        expect(view.locator(".sync-status")).to_contain_text("Pending changes: 0")
        # written as every other time in the app (en-GB: 24 hours, no seconds), not "02/12/2026, 14:05:09"
        expect(view.locator(".sync-status p").nth(1)).to_have_text(re.compile(r"^Last sync: \d{2}:\d{2}$"))
        conflict = view.locator(".sync-conflicts > li.record")
        expect(conflict).to_have_count(1)
        # the entry by its name, each side in words with the device that made it (not ids and field names)
        expect(conflict.locator("p")).to_have_text(re.compile(r"^Entry “Draft from the (desktop|laptop)”: Name and description$"))
        expect(conflict).to_contain_text(re.compile(r"“Draft from the laptop” \(Laptop, \d{2}:\d{2}\)"))
        conflict.locator("li", has_text="Draft from the desktop").get_by_role("button", name="Keep this").click()
        expect(view.locator(".sync-conflicts")).to_contain_text("No conflicts.")
        assert served.data("activity:get", made["id"])["name"] == "Draft from the desktop"

        served.data("sync:now")
        other.sync.sync_now()
        assert other.services.activities.get(made["id"])["name"] == "Draft from the desktop"
        assert other.sync.conflicts() == []

        view.get_by_role("button", name="Pair a device").click()
        code = view.locator(".pairing-code")
        expect(code).to_have_text(re.compile(r"^([A-Z2-7]{4}-){5}[A-Z2-7]{4}$"))
        expect(view.locator(".sync-pairing")).to_contain_text("--pairing-code " + code.inner_text())
        expect(view.locator(".sync-pairing")).to_contain_text(re.compile(r"until \d{2}:\d{2}\)"))
        third = make_device("third", setup=False)
        third.sync.join(user_dsn, code.inner_text())
        third.sync.rename_device("Old tablet")
        third.sync.sync_now()
        assert third.services.activities.get(made["id"])["name"] == "Draft from the desktop"

        view.get_by_role("button", name="Sync now").click()  # the list of devices is read again
        devices = view.locator(".sync-devices > li")
        expect(devices).to_have_count(3)
        expect(devices.filter(has_text="(this device)")).to_have_count(1)
        expect(devices.first).to_contain_text(re.compile(r"last seen \d{2}:\d{2}\b(?!:)"))
        expect(devices.filter(has_text="Laptop")).to_have_count(1)
        expect(devices.filter(has_text="Old tablet")).to_have_count(1)
        # this device is named after its computer until renamed; a blank name is refused and changes nothing
        mine = devices.filter(has_text="(this device)")
        expect(mine.locator(".sync-device-name")).to_have_text(socket.gethostname().split(".")[0])
        mine.get_by_role("button", name="Rename…").click()
        view.get_by_role("button", name="Sync now").click()  # a refresh must not close the form being filled
        expect(view.get_by_role("button", name="Sync now")).to_be_enabled()
        form = view.get_by_role("form", name="Rename this device")
        form.get_by_label("Device name").fill("   ")
        form.get_by_role("button", name="Save").click()
        expect(form.locator(".field-error")).to_have_text("Device name: enter a name, for example “Work laptop”.")
        form.get_by_label("Device name").fill("Desktop")
        form.get_by_role("button", name="Save").click()
        expect(mine.locator(".sync-device-name")).to_have_text("Desktop")
        expect(view.locator(".sync-status")).to_contain_text("This device: Desktop")
        for (width, height), theme in (((1366, 768), "light"), ((800, 600), "dark")):
            page.set_viewport_size({"width": width, "height": height})
            served.data("settings:set", "theme", theme)
            expect(page.locator("html")).to_have_attribute("data-theme", theme)
            page.screenshot(path=str(screenshot_path(f"sync-devices-{width}x{height}-{theme}")), full_page=True)
        served.data("sync:now")
        other.sync.sync_now()
        assert {d["name"] for d in other.sync.devices()} == {"Desktop", "Laptop", "Old tablet"}

        # another device removes one: the vault key changes, and this one asks for the passphrase once
        third.sync.revoke(other.sync.status()["deviceId"], PASSPHRASE)
        view.get_by_role("button", name="Sync now").click()
        unlock = view.locator(".sync-unlock")
        expect(unlock).to_be_visible()
        page.screenshot(path=str(screenshot_path("sync-view-unlock")), full_page=True)
        unlock.get_by_label("Sync passphrase").fill("not the passphrase")
        unlock.get_by_role("button", name="Unlock").click()
        expect(unlock.locator(".field-error")).to_contain_text("passphrase is wrong")
        unlock.get_by_label("Sync passphrase").fill(PASSPHRASE)
        unlock.get_by_role("button", name="Unlock").click()
        expect(unlock).to_be_hidden()
        expect(page.locator("#alerts .toast", has_text="Sync failed")).to_have_count(0)  # it is solved: not left up
        assert served.data("sync:now")["needsPassphrase"] is False

        # and removes one itself, with the passphrase
        gone = third.sync.status()["deviceId"]
        row = devices.filter(has_text="Old tablet")
        row.get_by_role("button", name="Remove…").click()
        view.get_by_role("button", name="Sync now").click()  # a refresh must not close the question being answered
        expect(view.get_by_role("button", name="Sync now")).to_be_enabled()
        expect(row).to_contain_text("It can't send changes any more")
        row.get_by_label("Sync passphrase").fill("not the passphrase")
        row.get_by_role("button", name="Remove", exact=True).click()
        expect(row.locator(".field-error")).to_contain_text("passphrase is wrong")
        row.get_by_label("Sync passphrase").fill(PASSPHRASE)
        row.get_by_role("button", name="Remove", exact=True).click()
        expect(devices.filter(has_text="Old tablet")).to_contain_text("(removed)")
        page.screenshot(path=str(screenshot_path("sync-view")), full_page=True)
        assert [d["removed"] for d in other_view(served) if d["deviceId"] == gone] == [True]
        with pytest.raises(DeviceRevoked):
            third.sync.sync_now()
    finally:
        served.stop()


def other_view(served) -> list[dict]:
    return served.data("sync:getDevices")


def screenshot_path(name: str):
    folder = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.png"


def test_an_entry_lists_its_earlier_versions_and_restores_one(page, user_dsn, tmp_path):
    from playwright.sync_api import expect

    folder = tmp_path / "served"
    lighttrack("sync", "setup", "--dsn", user_dsn, data_dir=folder, check=True, timeout=60,
               env={**os.environ, "LIGHTTRACK_SYNC_PASSPHRASE": PASSPHRASE})
    served = start_serve(folder)
    try:
        served.data("app:completeFirstRun", {"autostart": False})
        now = datetime.now(timezone.utc).replace(second=0, microsecond=0)
        start = max(now.replace(hour=0, minute=0), now - timedelta(hours=2))
        made = served.data("activity:add", {"name": "Draft", "startTime": start.isoformat(),
                                            "endTime": (start + timedelta(minutes=1)).isoformat()})
        served.data("sync:now")
        served.data("activity:update", made["id"], {"name": "Final"})
        served.data("sync:now")

        assert page.context.request.get(served.login_url(), max_redirects=0).status == 303
        page.goto(f"http://127.0.0.1:{served.port}/#/today")
        page.wait_for_selector("body[data-ready=true]")
        page.locator(f"#view-today .entry[data-id='{made['id']}'] .entry-open").click()
        page.locator(".entry-history summary").click()
        versions = page.locator(".history-list li")
        expect(versions).to_have_count(2)
        expect(versions.first).to_contain_text("Final")
        expect(versions.first).to_contain_text("latest")
        page.screenshot(path=str(screenshot_path("entry-history")))
        versions.nth(1).get_by_role("button", name="Restore").click()
        expect(page.locator(".entry-editor")).to_have_count(0)
        expect(page.locator(f"#view-today .entry[data-id='{made['id']}']")).to_contain_text("Draft")
        assert served.data("activity:get", made["id"])["name"] == "Draft"
    finally:
        served.stop()


def test_same_named_projects_from_two_devices_are_offered_a_merge(page, make_device, user_dsn, tmp_path):
    from playwright.sync_api import expect

    folder = tmp_path / "served"
    lighttrack("sync", "setup", "--dsn", user_dsn, data_dir=folder, check=True, timeout=60,
               env={**os.environ, "LIGHTTRACK_SYNC_PASSPHRASE": PASSPHRASE})
    served = start_serve(folder)
    other = make_device("laptop")
    try:
        served.data("app:completeFirstRun", {"autostart": False})
        here = served.data("project:create", {"name": "Acme"})
        kept = served.data("activity:add", {"name": "Design", "projectId": here["id"],
                                            "startTime": "2026-03-11T07:00:00Z", "endTime": "2026-03-11T08:00:00Z"})
        there = other.services.projects.create({"name": "acme"})  # earlier: the laptop's clock says 10 March
        served.data("sync:now")
        other.sync.sync_now()
        served.data("sync:now")
        beta, gamma = served.data("project:create", {"name": "Beta"}), served.data("project:create", {"name": "Gamma"})

        assert page.context.request.get(served.login_url(), max_redirects=0).status == 303
        page.goto(f"http://127.0.0.1:{served.port}/#/projects")
        page.wait_for_selector("body[data-ready=true]")
        rows = page.locator("#view-projects .project-row")
        twin = rows.filter(has=page.locator(".chip", has_text="Duplicate"))
        expect(twin).to_have_count(1)  # only the newer of the two offers to fold into the older
        expect(twin).to_have_attribute("data-id", here["id"])
        twin.locator("button").click()
        expect(page.locator("#view-projects .duplicate-note")).to_contain_text("Another project has this name")
        page.screenshot(path=str(screenshot_path("projects-duplicate")), full_page=True)
        page.locator("#view-projects .duplicate-note").get_by_role("button", name="Merge into it").click()
        expect(page.locator("#view-projects .duplicate-note")).to_have_count(0)
        expect(rows.filter(has=page.locator(".chip", has_text="Duplicate"))).to_have_count(0)
        expect(page.locator(".toast")).to_contain_text("Merged “Acme” into “acme”: 1 activity moved.")
        assert served.data("activity:get", kept["id"])["projectId"] == there["id"]

        page.locator(f"#view-projects .project-row[data-id='{gamma['id']}'] button").click()
        page.locator(".merge-into summary").click()
        page.get_by_label("Merge Gamma into").select_option(beta["id"])
        page.get_by_role("button", name="Merge into “Beta”").click()
        expect(page.locator(f"#view-projects .project-row[data-id='{gamma['id']}']")).to_have_count(0)
        expect(page.locator(".toast", has_text="Merged “Gamma” into “Beta”")).to_have_count(1)
        assert gamma["id"] not in {p["id"] for p in served.data("project:getAll")}

        served.data("sync:now")
        other.sync.sync_now()
        assert other.services.activities.get(kept["id"])["projectId"] == there["id"]
        assert [p["id"] for p in other.services.projects.all() if p["name"].lower() == "acme"] == [there["id"]]
    finally:
        served.stop()
