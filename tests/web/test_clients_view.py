"""Projects and clients in the dashboard (real Chromium): read-only rows that open an editor (name, palette colour,
client with "New client…", budget, rate), field errors in the user's words, archive with undo, delete after a second
click, sorting and search; the Clients list and its editor; reports summed by client; every list and picker
following a change made through the HTTP API within a second."""

from __future__ import annotations

from playwright.sync_api import expect

from support import wait_until
from test_dashboard import add

LIVE = 1000


def row(page, project):
    return page.locator(f"#view-projects .project-row[data-id='{project['id']}']")


def client_row(page, client):
    return page.locator(f"#view-projects .client-row[data-id='{client['id']}']")


def editor(page):
    return page.locator("#view-projects form.project-editor")


def options(locator) -> list[str]:
    return locator.evaluate("s => [...s.options].map((o) => o.text)")


def named(served, area: str, name: str):
    return next((r for r in served.data(f"{area}:getAll") if r["name"] == name), None)


def test_rows_are_read_only_and_open_an_editor_that_picks_or_makes_the_client(dashboard):
    page, served = dashboard.page, dashboard.served
    acme = served.data("client:create", {"name": "Picker Acme"})
    site = served.data("project:create", {"name": "Picker site"})
    dashboard.open("projects")
    expect(row(page, site)).to_contain_text("No client")
    assert row(page, site).locator("input, select").count() == 0  # a row to read, not a form

    row(page, site).locator("button").click()
    expect(page.locator("#project-name")).to_be_focused()
    expect(page.locator("#project-name")).to_have_value("Picker site")
    picker = page.locator("#project-client")
    assert options(picker)[0] == "No client" and options(picker)[-1] == "New client…"
    assert "Picker Acme" in options(picker)
    picker.select_option(acme["id"])
    page.click("#project-save")
    wait_until(lambda: served.data("project:get", site["id"])["clientId"] == acme["id"], timeout=5, what="the client saved")
    expect(editor(page)).to_have_count(0)
    expect(row(page, site).locator(".project-client")).to_have_text("Picker Acme")
    expect(row(page, site).locator("button")).to_be_focused()  # back to the row that opened it

    row(page, site).locator("button").click()
    page.locator("#project-client").select_option("__new__")
    expect(page.locator(".new-client-name")).to_be_focused()
    page.locator(".new-client-name").fill("Picker Initech")
    page.locator(".new-client-name").press("Enter")
    made = wait_until(lambda: named(served, "client", "Picker Initech"), timeout=5, what="the new client")
    wait_until(lambda: served.data("project:get", site["id"])["client"] == "Picker Initech", timeout=5, what="the project's client")
    expect(client_row(page, made)).to_have_count(1, timeout=LIVE)
    expect(row(page, site).locator(".project-client")).to_have_text("Picker Initech")


def test_a_new_project_takes_a_palette_colour_a_new_client_budget_and_rate(dashboard):
    page, served = dashboard.page, dashboard.served
    dashboard.open("projects")
    page.click("#new-project")
    expect(page.locator("#project-name")).to_be_focused()
    colours = page.locator(".swatch-choice")
    expect(colours).to_have_count(len(served.data("project:getColors")))
    expect(page.locator(".color-field .hint")).to_contain_text("A colour no other project uses is picked")
    page.fill("#project-name", "Picker form project")
    page.locator(".swatch-choice[aria-label='#30a46c']").click()
    expect(page.locator(".swatch-choice[aria-label='#30a46c']")).to_have_attribute("aria-checked", "true")
    page.locator("#project-client").select_option("__new__")
    page.fill(".new-client-name", "Picker Globex")
    page.fill("#project-budget", "12,5")
    page.fill("#project-rate", "90")
    page.click("#project-save")
    made = wait_until(lambda: named(served, "project", "Picker form project"), timeout=5, what="the project from the editor")
    assert (made["client"], made["color"], made["budgetHours"], made["hourlyRate"]) == ("Picker Globex", "#30a46c", 12.5, 90)
    expect(row(page, made)).to_contain_text("Picker Globex")
    expect(row(page, made).locator(".progress-text")).to_have_text("0% of 12.5 h", timeout=LIVE)
    expect(page.locator("#toasts")).to_contain_text("Project “Picker form project” created")


def test_editor_errors_name_the_field_and_store_nothing(dashboard):
    page, served = dashboard.page, dashboard.served
    served.data("project:create", {"name": "Taken name"})
    before = len(served.data("project:getAll"))
    dashboard.open("projects")
    page.click("#new-project")
    page.click("#project-save")
    expect(page.locator("#project-name-error")).to_have_text("Name must not be empty.")
    expect(page.locator("#project-name")).to_have_attribute("aria-invalid", "true")
    page.fill("#project-name", "taken name")
    page.click("#project-save")
    expect(page.locator("#project-name-error")).to_have_text("A project named 'taken name' already exists.")
    page.fill("#project-name", "Fresh name")
    page.fill("#project-budget", "lots")
    page.click("#project-save")
    expect(page.locator("#project-budget-error")).to_have_text("Type a number of hours, such as 40.")
    expect(page.locator("#project-budget")).to_be_focused()
    page.fill("#project-budget", "-3")
    page.click("#project-save")
    expect(page.locator("#project-budget-error")).to_have_text("Budget must be between 0 and 1e+06.")
    page.fill("#project-budget", "")
    page.locator("#project-client").select_option("__new__")
    page.click("#project-save")
    expect(page.locator("#project-client-error")).to_have_text("Type the new client’s name.")
    expect(page.locator(".new-client-name")).to_be_focused()  # the field to mend takes the focus
    page.keyboard.press("Escape")  # the name field: back to the list of clients
    expect(page.locator("#project-client")).to_have_value("")
    page.keyboard.press("Escape")
    expect(editor(page)).to_have_count(0)
    assert len(served.data("project:getAll")) == before


def test_archive_has_undo_delete_asks_first_and_search_and_sort_find_a_project(dashboard):
    page, served = dashboard.page, dashboard.served
    big = served.data("project:create", {"name": "Sort big"})
    small = served.data("project:create", {"name": "Sort alpha small"})
    add(served, "Sort big work", 1, 3, projectId=big["id"])
    add(served, "Sort small work", 5, 1, projectId=small["id"])
    dashboard.open("projects")
    page.wait_for_selector("#view-projects .project-list[data-tracked=read]")
    page.fill("#project-search", "sort ")
    names = page.locator("#view-projects .project-row .name-text")
    expect(names).to_have_text(["Sort alpha small", "Sort big"])
    page.get_by_role("button", name="Tracked").click()
    expect(names).to_have_text(["Sort big", "Sort alpha small"])
    page.fill("#project-search", "no such thing")
    expect(page.locator("#view-projects .project-table .empty")).to_have_text("No project or client matches “no such thing”.")
    page.fill("#project-search", "sort")

    row(page, small).locator("button").click()
    page.click("#project-archive")
    wait_until(lambda: served.data("project:get", small["id"])["isArchived"], timeout=5, what="the archive")
    expect(row(page, small)).to_have_count(0)  # archived projects are hidden until asked for
    page.locator("#toasts .toast", has_text="archived").get_by_role("button", name="Undo").click()
    wait_until(lambda: not served.data("project:get", small["id"])["isArchived"], timeout=5, what="the undo")
    expect(row(page, small)).to_have_count(1, timeout=LIVE)

    row(page, small).locator("button").click()
    delete = page.locator("#project-delete")
    delete.click()
    expect(delete).to_have_text("Really delete?")
    assert served.data("project:get", small["id"])["isDeleted"] is False  # the first click only asks
    delete.click()
    wait_until(lambda: named(served, "project", "Sort alpha small") is None, timeout=5, what="the delete")
    expect(row(page, small)).to_have_count(0, timeout=LIVE)
    expect(page.locator("#toasts")).to_contain_text("“Sort alpha small” deleted")
    page.fill("#project-search", "")
    row(page, {"id": "default"}).locator("button").click()  # the built-in project: no delete, no merge
    expect(page.locator("#project-save")).to_be_visible()
    expect(page.locator("#project-delete, .merge-into")).to_have_count(0)


def test_the_clients_list_adds_renames_archives_and_deletes_with_confirmation(dashboard):
    page, served = dashboard.page, dashboard.served
    dashboard.open("projects")
    page.click("#new-client")
    expect(page.locator("#client-name")).to_be_focused()
    page.fill("#client-name", "  Section Acme ")
    page.click("#client-save")
    acme = wait_until(lambda: named(served, "client", "Section Acme"), timeout=5, what="the client from the editor")
    site = served.data("project:create", {"name": "Section site", "clientId": acme["id"]})

    page.click("#new-client")
    page.fill("#client-name", "section acme")  # the same name in other case: refused, nothing made
    page.click("#client-save")
    expect(page.locator("#client-name-error")).to_have_text("A client named 'section acme' already exists.")
    page.keyboard.press("Escape")
    assert [c["name"] for c in served.data("client:getAll")].count("Section Acme") == 1

    expect(client_row(page, acme)).to_contain_text("1 project", timeout=LIVE)
    client_row(page, acme).locator("button").click()
    page.fill("#client-name", "")
    page.click("#client-save")
    expect(page.locator("#client-name-error")).to_have_text("Client name must not be empty.")
    page.fill("#client-name", "Section Acme Ltd")
    page.locator("#client-name").press("Enter")
    wait_until(lambda: served.data("project:get", site["id"])["client"] == "Section Acme Ltd", timeout=5, what="the rename")
    expect(row(page, site).locator(".project-client")).to_have_text("Section Acme Ltd", timeout=LIVE)

    client_row(page, acme).locator("button").click()
    page.check("#client-archived")
    page.click("#client-save")
    wait_until(lambda: served.data("client:get", acme["id"])["isArchived"], timeout=5, what="the archive")
    expect(client_row(page, acme).locator(".chip")).to_have_text("Archived")
    other = served.data("project:create", {"name": "Section other"})
    row(page, other).locator("button").click()
    assert "Section Acme Ltd" not in options(page.locator("#project-client"))  # hidden from pickers
    page.keyboard.press("Escape")
    row(page, site).locator("button").click()
    expect(page.locator("#project-client option:checked")).to_have_text("Section Acme Ltd (archived)")
    page.keyboard.press("Escape")

    client_row(page, acme).locator("button").click()
    delete = page.locator("#client-delete")
    delete.click()
    expect(delete).to_have_text("Delete? 1 project loses it")
    assert served.data("client:get", acme["id"])["isDeleted"] is False  # the first click only asks
    delete.click()
    wait_until(lambda: served.data("project:get", site["id"])["clientId"] is None, timeout=5, what="the delete")
    expect(client_row(page, acme)).to_have_count(0, timeout=LIVE)
    expect(row(page, site).locator(".project-client")).to_have_text("No client", timeout=LIVE)


def test_client_changes_through_the_api_show_within_a_second_while_focus_is_in_the_view(dashboard):
    page, served = dashboard.page, dashboard.served
    site = served.data("project:create", {"name": "Live client site", "hourlyRate": 100})
    add(served, "Live billable", 1, 2, projectId=site["id"])
    dashboard.open("projects")
    page.focus("#project-search")

    made = served.data("client:create", {"name": "Live Acme"})
    expect(client_row(page, made)).to_have_count(1, timeout=LIVE)
    served.data("project:update", site["id"], {"clientId": made["id"]})
    expect(row(page, site).locator(".project-client")).to_have_text("Live Acme", timeout=LIVE)
    served.data("client:update", made["id"], {"name": "Live Acme Renamed"})
    expect(row(page, site).locator(".project-client")).to_have_text("Live Acme Renamed", timeout=LIVE)
    expect(client_row(page, made).locator(".client-name")).to_have_text("Live Acme Renamed", timeout=LIVE)
    expect(row(page, site).locator(".project-amount")).to_contain_text("100.00", timeout=LIVE)

    row(page, site).locator("button").click()
    page.fill("#project-budget", "12")  # typing in the editor, not saved yet: the editor stays, its picker follows
    other = served.data("client:create", {"name": "Live Other"})
    expect(page.locator(f"#project-client option[value='{other['id']}']")).to_have_count(1, timeout=LIVE)
    served.data("project:update", site["id"], {"hourlyRate": 120})
    expect(page.locator("#project-budget")).to_be_focused()
    expect(page.locator("#project-budget")).to_have_value("12")
    page.keyboard.press("Escape")
    expect(row(page, site).locator(".project-amount")).to_contain_text("120.00", timeout=LIVE)

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
    add(served, "Shot website work", 1, 6, projectId=website["id"])
    served.data("project:create", {"name": "Shot audit", "client": "Shot Initech", "budgetHours": 2})
    served.data("project:create", {"name": "Shot legacy", "clientId": archived["id"]})
    dashboard.open("projects")
    page.wait_for_selector("#view-projects .project-list[data-tracked=read]")
    shots = []
    for look in dashboard.looks():
        expect(page.locator("#view-projects .client-row")).not_to_have_count(0)
        shots.append(dashboard.screenshot(f"projects-clients-{look}"))
        # the view scrolls inside the page: nothing of it makes the page itself scroll
        assert page.evaluate("document.documentElement.scrollHeight") <= page.viewport_size["height"]
        row(page, website).locator("button").click()
        expect(page.locator("#project-client")).to_have_value(acme["id"])
        shots.append(dashboard.screenshot(f"projects-editor-{look}"))
        page.keyboard.press("Escape")
        expect(editor(page)).to_have_count(0)
    assert all(p.stat().st_size > 5000 for p in shots)


def test_the_command_palette_opens_a_new_project_and_a_new_client(dashboard):
    page = dashboard.page
    dashboard.open("today")
    for action, field in (("New project", "#project-name"), ("New client", "#client-name")):
        page.keyboard.press("Control+k")
        page.fill("#palette-input", action.lower())
        page.keyboard.press("Enter")
        expect(page.locator("#view-projects")).to_be_visible()
        expect(page.locator(field)).to_be_focused()
        expect(page.locator(field)).to_have_value("")
        page.keyboard.press("Escape")
        expect(page.locator("#view-projects form.popover")).to_have_count(0)


def test_escape_closes_the_editor_wherever_the_focus_is(dashboard):
    page, served = dashboard.page, dashboard.served
    site = served.data("project:create", {"name": "Escape site"})
    dashboard.open("projects")
    row(page, site).locator("button").click()
    page.click("#view-projects .project-editor .popover-title")  # not a field: the focus leaves the form
    page.keyboard.press("Escape")
    expect(editor(page)).to_have_count(0)
    row(page, site).locator("button").click()
    page.evaluate("document.activeElement.blur()")  # as before the editor's first field takes the focus
    page.keyboard.press("Escape")
    expect(editor(page)).to_have_count(0)
