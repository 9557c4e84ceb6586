"""Settings → Integrations and what connected services add to the other views, against local fake services."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from support import wait_until
from test_dashboard import add, moment

FEED = "/private-5ecret7/basic.ics"
PAT = "pat-5ecret-token"


def ics_time(step: float) -> str:
    return moment(step).strftime("%Y%m%dT%H%M%SZ")


class FakeServices:
    """A calendar feed and the few Jira REST endpoints LightTrack uses, on 127.0.0.1; requests are recorded."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, str]] = []
        self.refuse_token = False
        self.ics = (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//LightTrack tests//EN\r\nBEGIN:VEVENT\r\nUID:review@example.com\r\n"
                    f"DTSTART:{ics_time(1)}\r\nDTEND:{ics_time(2)}\r\nSUMMARY:Design review\r\nLOCATION:Room 4\r\n"
                    "END:VEVENT\r\nEND:VCALENDAR\r\n").encode()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, method: str, path: str, auth: str) -> tuple[int, bytes, str]:
        self.seen.append((method, path, auth))
        if path == FEED:
            return 200, self.ics, "text/calendar"
        if not path.startswith("/rest/api/2/"):
            return 404, b"not found", "text/plain"
        if auth != f"Bearer {PAT}" or self.refuse_token:
            return 401, b'{"errorMessages": ["Unauthorized"]}', "application/json"
        route = path.removeprefix("/rest/api/2")
        if route == "/myself":
            return 200, b'{"name": "ada", "displayName": "Ada Lovelace"}', "application/json"
        if route == "/project":
            return 200, b'[{"id": "10000", "key": "WEB", "name": "Web shop"}]', "application/json"
        if route.endswith("/worklog"):
            return (201, b'{"id": "501"}', "application/json") if method == "POST" else (200, b'{"worklogs": []}', "application/json")
        return 404, b"{}", "application/json"

    def handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def handle_one(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                status, body, kind = fake.answer(method, self.path, self.headers.get("Authorization", ""))
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                self.handle_one("GET")

            def do_POST(self) -> None:
                self.handle_one("POST")

            def log_message(self, *args) -> None:
                pass
        return Handler

    def start(self) -> FakeServices:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def fake():
    services = FakeServices().start()
    yield services
    services.stop()


def card(page, name: str):
    return page.locator(f".integration[data-integration={name}]")


def test_a_calendar_feed_connects_and_its_meetings_become_activities(dashboard, fake):
    page, served = dashboard.page, dashboard.served
    dashboard.open("settings")
    expect(page.locator(".integration")).to_have_count(4)
    assert page.locator(".integration input[name=apiToken], .integration input[name=token], .integration input[name=feedUrl]") \
        .evaluate_all("els => els.map(e => e.type)") == ["password"] * 4  # secrets are typed blind
    calendar = card(page, "calendar")
    expect(calendar.locator(".state-badge")).to_have_text("Not connected")
    calendar.locator("summary").click()
    connect = calendar.get_by_role("button", name="Connect Calendar")
    connect.click()
    feed = calendar.get_by_label("iCalendar (.ics) secret address")
    expect(feed).to_have_attribute("aria-invalid", "true")
    expect(calendar.locator(".field-error").first).to_have_text("iCalendar (.ics) secret address is needed to connect.")

    feed.fill("http://example.com/calendar.ics")  # a secret address never travels unencrypted
    connect.click()
    expect(calendar.locator(".field-error").first).to_contain_text("https://")
    feed.fill(fake.url + "/gone.ics")  # the service answers, but there is no such feed
    connect.click()
    expect(calendar.get_by_role("alert").filter(has_text="HTTP 404")).to_be_visible()
    assert served.data("integration:getStatus", "calendar")["connected"] is False

    feed.fill(fake.url + FEED)
    connect.click()
    expect(calendar.locator(".state-badge")).to_have_text("Connected")
    expect(calendar.locator(".integration-message")).to_contain_text("The calendar feed answers (1 event")
    expect(calendar.locator(".integration-status")).to_contain_text("Last sync")  # the dashboard syncs right away
    calendar.locator("summary").click()
    expect(calendar.get_by_label("iCalendar (.ics) secret address")).to_have_value("")
    assert "5ecret7" not in page.content()
    calendar.locator("summary").click()
    page.locator("#settings-integrations").screenshot(path=str(dashboard.screenshot_path("settings-integrations")))

    dashboard.go("today")
    meeting = page.locator(".external-item.kind-meeting")
    expect(meeting).to_contain_text("Design review")
    expect(meeting).to_contain_text("Room 4")
    meeting.get_by_role("button", name="Add Design review as an activity").click()
    expect(meeting).to_contain_text("Added as an activity")
    added = [a for a in served.data("activity:getTodayActivities") if a["name"] == "Design review"]
    assert len(added) == 1 and added[0]["tags"] == ["meeting"]
    expect(page.locator(f"#view-today .entry[data-id='{added[0]['id']}']")).to_be_visible()
    dashboard.screenshot("today-meetings")

    dashboard.go("settings")
    card(page, "calendar").get_by_role("button", name="Disconnect Calendar").click()
    expect(card(page, "calendar").locator(".state-badge")).to_have_text("Not connected")
    dashboard.go("today")
    expect(page.locator("section.external")).to_be_hidden()


def test_jira_connects_links_an_activity_and_shows_its_worklog_status(dashboard, fake):
    page, served = dashboard.page, dashboard.served
    activity = add(served, "Fix the checkout header", 3, 2)
    dashboard.open("settings")
    jira = card(page, "jira")
    jira.locator("summary").click()
    jira.get_by_label("Deployment").select_option("server")
    expect(jira.get_by_label("E-mail (Jira Cloud)")).to_be_hidden()
    jira.get_by_label("Site URL").fill(fake.url)
    token = jira.locator("input[name=apiToken]")
    token.fill("wrong-token")
    jira.get_by_role("button", name="Connect Jira").click()
    expect(jira.get_by_role("alert").filter(has_text="refused the credentials")).to_be_visible()
    token.fill(PAT)
    jira.get_by_role("button", name="Connect Jira").click()
    expect(jira.locator(".integration-message")).to_have_text("Connected to Jira as Ada Lovelace.")
    expect(jira.locator(".integration-status")).to_contain_text("Last sync")

    dashboard.go("activities")
    page.fill("#activity-search", "Fix the checkout header")
    row = page.locator(f"#view-activities .entry[data-id='{activity['id']}']")
    row.locator("input.select").check()
    page.fill("#jira-issue", "web-7")
    page.click("#jira-link")
    expect(page.locator(".toast", has_text="Linked to WEB-7")).to_be_visible()
    expect(row.locator(".row-sync")).to_contain_text("Jira WEB-7 · worklog sent at", timeout=5000)
    assert ("POST", "/rest/api/2/issue/WEB-7/worklog", f"Bearer {PAT}") in fake.seen
    assert served.data("activity:get", activity["id"])["syncStatus"] == "synced"
    dashboard.screenshot("activities-jira")

    fake.refuse_token = True  # the token was revoked: Test says so, and the status shows the last error
    dashboard.go("settings")
    jira.get_by_role("button", name="Test the Jira connection").click()
    expect(jira.locator(".integration-message")).to_contain_text("Jira refused the credentials (HTTP 401)")
    expect(jira.locator(".integration-error")).to_contain_text("check the token")
    expect(jira.locator(".state-badge")).to_have_text("Connected, last attempt failed")
    fake.refuse_token = False
    jira.get_by_role("button", name="Disconnect Jira").click()
    expect(jira.locator(".state-badge")).to_have_text("Not connected")
    wait_until(lambda: not served.data("integration:getStatus", "jira")["connected"], timeout=3)
