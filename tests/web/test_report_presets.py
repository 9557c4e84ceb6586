"""Report periods in real Chromium: the presets fill the dates the list and the export use."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from playwright.sync_api import expect

UTC = timezone.utc


def add(served, name: str, day) -> None:
    start = datetime.combine(day, time(10), UTC)
    served.data("activity:add", {"name": name, "startTime": start.isoformat(), "endTime": (start + timedelta(hours=1)).isoformat()})


def test_last_week_and_this_month_fill_the_dates_and_filter_the_list(dashboard):
    today = datetime.now(UTC).date()
    monday = today - timedelta(days=today.weekday())
    last_wednesday = monday - timedelta(days=5)
    add(dashboard.served, "Last week's report", last_wednesday)
    add(dashboard.served, "Long ago", today - timedelta(days=70))
    dashboard.open("activities")
    view = dashboard.page.locator("#view-activities")
    period = view.get_by_label("Period", exact=True)
    period.select_option(label="Last week")
    expect(view.get_by_label("From", exact=True)).to_have_value((monday - timedelta(days=7)).isoformat())
    expect(view.get_by_label("To", exact=True)).to_have_value((monday - timedelta(days=1)).isoformat())
    rows = view.locator(".entry-name")
    expect(rows.filter(has_text="Last week's report")).to_have_count(1)
    expect(rows.filter(has_text="Long ago")).to_have_count(0)

    period.select_option(label="This month")
    expect(view.get_by_label("From", exact=True)).to_have_value(today.replace(day=1).isoformat())
    view.get_by_label("From", exact=True).fill((today - timedelta(days=80)).isoformat())
    expect(period).to_have_value("custom")  # typing a date makes it the user's own period


def test_billable_amounts_per_client_project_and_day_for_the_period(dashboard):
    served = dashboard.served
    today = datetime.now(UTC).date()
    tuesday = today - timedelta(days=today.weekday() + 6)
    acme = served.data("project:create", {"name": "Acme site", "client": "Acme <b>Ltd</b>", "hourlyRate": 80, "currency": "EUR"})
    unpaid = served.data("project:create", {"name": "Side project"})
    start = datetime.combine(tuesday, time(9), UTC)
    for name, project, minutes, metadata in (("Design", acme, 90, {}), ("Pro bono", acme, 60, {"billable": False}),
                                             ("Hobby", unpaid, 120, {})):
        served.data("activity:add", {"name": name, "projectId": project["id"], "startTime": start.isoformat(),
                                     "endTime": (start + timedelta(minutes=minutes)).isoformat(), "metadata": metadata})
        start += timedelta(minutes=minutes)
    dashboard.open("activities")
    view = dashboard.page.locator("#view-activities")
    view.get_by_label("Period", exact=True).select_option(label="Last week")
    view.locator("#amounts summary").click()
    clients = view.get_by_role("table", name="Amounts per client")
    expect(clients.locator("tbody tr")).to_have_count(1)
    expect(clients.locator("tbody tr td")).to_have_text(["Acme <b>Ltd</b>", "1:30", "€120.00"])
    expect(view.get_by_role("table", name="Amounts per project").locator("tbody td")).to_have_text(
        ["Acme <b>Ltd</b>", "Acme site", "1:30", "€120.00"])
    expect(view.get_by_role("table", name="Amounts per day").locator("tbody td").nth(2)).to_have_text("€120.00")

    served.data("activity:add", {"name": "More design", "projectId": acme["id"], "startTime": f"{tuesday}T15:00:00+00:00",
                                 "endTime": f"{tuesday}T15:30:00+00:00"})  # from another door: the open table follows
    expect(clients.locator("tbody tr td").nth(2)).to_have_text("€160.00")
