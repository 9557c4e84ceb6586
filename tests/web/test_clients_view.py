"""Clients in the dashboard (real Chromium): the client picker on every project (with "New client…"), the Clients
section (add, rename, archive, delete with confirmation), reports filtered and summed by client, and every list
and picker following a client changed through the HTTP API within a second."""

from __future__ import annotations

from playwright.sync_api import expect

from support import wait_until
from test_dashboard import add

LIVE = 1000


def card(page, project):
    return page.locator(f"#view-projects .project-card[data-id='{project['id']}']")


def client_row(page, client):
    return page.locator(f"#view-projects .client-row[data-id='{client['id']}']")


def picked(locator) -> str:
    return locator.locator(".client-select").evaluate("s => s.options[s.selectedIndex].text")


def options(locator) -> list[str]:
    return locator.evaluate("s => [...s.options].map((o) => o.text)")


def test_a_project_picks_its_client_and_a_new_client_is_made_from_the_picker(dashboard):
    page, served = dashboard.page, dashboard.served
    acme = served.data("client:create", {"name": "Picker Acme"})
    site = served.data("project:create", {"name": "Picker site"})
    dashboard.open("projects")
    picker = card(page, site).locator(".client-select")
    expect(picker).to_be_visible()
    assert options(picker)[0] == "No client" and options(picker)[-1] == "New client…"
    assert "Picker Acme" in options(picker)

    picker.select_option(acme["id"])
    wait_until(lambda: served.data("project:get", site["id"])["clientId"] == acme["id"], timeout=5, what="the client saved")

    card(page, site).locator(".client-select").select_option("__new__")
    name = card(page, site).locator(".new-client-name")
    expect(name).to_be_focused()
    name.fill("Picker Initech")
    name.press("Enter")
    made = wait_until(lambda: next((c for c in served.data("client:getAll") if c["name"] == "Picker Initech"), None),
                      timeout=5, what="the new client")
    wait_until(lambda: served.data("project:get", site["id"])["client"] == "Picker Initech", timeout=5, what="the project's client")
    expect(client_row(page, made)).to_have_count(1, timeout=LIVE)
    expect(card(page, site).locator(".client-select")).to_have_value(made["id"], timeout=LIVE)

    page.fill("#view-projects form[aria-label='Add project'] input[type=text]", "Picker form project")
    page.locator("#view-projects form[aria-label='Add project'] .client-select").select_option("__new__")
    page.fill("#view-projects form[aria-label='Add project'] .new-client-name", "Picker Globex")
    page.click("#view-projects form[aria-label='Add project'] button[type=submit]")
    made = wait_until(lambda: next((p for p in served.data("project:getAll") if p["name"] == "Picker form project"), None),
                      timeout=5, what="the project from the form")
    assert made["client"] == "Picker Globex"


def test_the_clients_section_adds_renames_archives_and_deletes_with_confirmation(dashboard):
    page, served = dashboard.page, dashboard.served
    dashboard.open("projects")
    form = page.locator("#view-projects form[aria-label='Add client']")
    form.locator("input").fill("  Section Acme ")
    form.locator("button[type=submit]").click()
    acme = wait_until(lambda: next((c for c in served.data("client:getAll") if c["name"] == "Section Acme"), None),
                      timeout=5, what="the client from the form")
    site = served.data("project:create", {"name": "Section site", "clientId": acme["id"]})

    form.locator("input").fill("section acme")  # the same name in other case: refused, nothing made
    form.locator("button[type=submit]").click()
    expect(form.locator(".field-error")).to_have_text("A client named 'section acme' already exists.")
    assert [c["name"] for c in served.data("client:getAll")].count("Section Acme") == 1

    row = client_row(page, acme)
    expect(row).to_contain_text("1 project")
    rename = row.locator("input[type=text]")
    rename.fill("")
    rename.press("Enter")
    expect(row.locator(".field-error")).to_have_text("Client name must not be empty.")
    rename.fill("Section Acme Ltd")
    rename.press("Enter")
    wait_until(lambda: served.data("project:get", site["id"])["client"] == "Section Acme Ltd", timeout=5, what="the rename")
    page.locator("body").click()  # leave the row: the list may redraw again
    expect(card(page, site).locator(".client-select option:checked")).to_have_text("Section Acme Ltd", timeout=LIVE)

    client_row(page, acme).locator("input[type=checkbox]").check()
    wait_until(lambda: served.data("client:get", acme["id"])["isArchived"], timeout=5, what="the archive")
    other = served.data("project:create", {"name": "Section other"})
    expect(card(page, other)).to_have_count(1, timeout=LIVE)
    assert "Section Acme Ltd" not in options(card(page, other).locator(".client-select"))  # hidden from pickers
    expect(card(page, site).locator(".client-select option:checked")).to_have_text("Section Acme Ltd (archived)")

    delete = client_row(page, acme).locator("button.danger")
    delete.click()
    expect(delete).to_have_text("Delete? 1 project loses it")
    assert served.data("client:get", acme["id"])["isDeleted"] is False  # the first click only asks
    delete.click()
    wait_until(lambda: served.data("project:get", site["id"])["clientId"] is None, timeout=5, what="the delete")
    expect(client_row(page, acme)).to_have_count(0, timeout=LIVE)
    expect(card(page, site).locator(".client-select")).to_have_value("", timeout=LIVE)


def test_client_changes_through_the_api_show_within_a_second_while_focus_is_in_the_view(dashboard):
    page, served = dashboard.page, dashboard.served
    site = served.data("project:create", {"name": "Live client site", "hourlyRate": 100})
    add(served, "Live billable", 1, 2, projectId=site["id"])
    dashboard.open("projects")
    page.focus("#view-projects form[aria-label='Add project'] input[type=text]")

    made = served.data("client:create", {"name": "Live Acme"})
    expect(client_row(page, made)).to_have_count(1, timeout=LIVE)
    expect(card(page, site).locator(f".client-select option[value='{made['id']}']")).to_have_count(1, timeout=LIVE)
    served.data("project:update", site["id"], {"clientId": made["id"]})
    expect(card(page, site).locator(".client-select")).to_have_value(made["id"], timeout=LIVE)
    served.data("client:update", made["id"], {"name": "Live Acme Renamed"})
    expect(card(page, site).locator(".client-select option:checked")).to_have_text("Live Acme Renamed", timeout=LIVE)
    expect(client_row(page, made).locator("input[type=text]")).to_have_value("Live Acme Renamed", timeout=LIVE)

    budget = card(page, site).locator("input[type=number]").first
    budget.fill("12")  # typing in the card, not saved yet: the card stays, its picker follows
    other = served.data("client:create", {"name": "Live Other"})
    expect(card(page, site).locator(f".client-select option[value='{other['id']}']")).to_have_count(1, timeout=LIVE)
    expect(budget).to_be_focused()
    expect(budget).to_have_value("12")

    dashboard.go("activities")
    page.focus("#activity-search")
    expect(page.locator(f"#filter-client option[value='{made['id']}']")).to_have_text("Live Acme Renamed")
    page.select_option("#filter-client", made["id"])
    expect(page.locator("#view-activities .entry-name", has_text="Live billable")).to_have_count(1)
    page.locator("#amounts summary").click()
    per_client = page.locator("table[aria-label='Amounts per client'] tbody tr")
    expect(per_client).to_have_count(1)
    expect(per_client.first).to_contain_text("Live Acme Renamed")
    page.focus("#activity-search")
    served.data("client:update", made["id"], {"name": "Live Acme Final"})
    expect(per_client.first).to_contain_text("Live Acme Final", timeout=LIVE)
    expect(page.locator(f"#filter-client option[value='{made['id']}']")).to_have_text("Live Acme Final", timeout=LIVE)
    served.data("client:delete", made["id"])
    expect(page.locator(f"#filter-client option[value='{made['id']}']")).to_have_count(0, timeout=LIVE)


def test_screenshots_of_projects_with_clients(dashboard):
    page, served = dashboard.page, dashboard.served
    acme = served.data("client:create", {"name": "Shot Acme Corporation"})
    served.data("client:create", {"name": "Shot Initech"})
    archived = served.data("client:create", {"name": "Shot Old Client", "isArchived": True})
    for number in range(6):  # more than the list shows at once
        served.data("client:create", {"name": f"Shot Studio {number + 1}"})
    website = served.data("project:create", {"name": "Shot website", "clientId": acme["id"], "hourlyRate": 90,
                                             "budgetHours": 40})
    served.data("project:create", {"name": "Shot audit", "client": "Shot Initech"})
    served.data("project:create", {"name": "Shot legacy", "clientId": archived["id"]})
    dashboard.open("projects")
    shots = []
    for width, height in ((1366, 768), (800, 600)):
        page.set_viewport_size({"width": width, "height": height})
        for theme in ("light", "dark"):
            served.data("settings:set", "theme", theme)
            expect(page.locator("html")).to_have_attribute("data-theme", theme)
            expect(page.locator("#view-projects .client-row")).not_to_have_count(0)
            shots.append(dashboard.screenshot(f"projects-clients-{width}x{height}-{theme}"))
            card(page, website).scroll_into_view_if_needed()
            # the view scrolls inside the page: nothing of it (hidden labels of lower rows) makes the page itself scroll
            assert page.evaluate("document.documentElement.scrollHeight") <= height
            shots.append(dashboard.screenshot(f"projects-client-pickers-{width}x{height}-{theme}"))
            page.evaluate("document.querySelector('main').scrollTo(0, 0)")
    served.data("settings:set", "theme", "system")
    assert all(p.stat().st_size > 5000 for p in shots)
