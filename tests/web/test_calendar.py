"""The week calendar in real Chromium: drag to create, move and resize (snapped), the keyboard instead of drags, and the
day timeline's drag across windows; every change checked in what LightTrack stored, through the channels."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from playwright.sync_api import expect

from support import wait_until
from test_review_inbox import post_morning, tracked_ms

UTC = timezone.utc
PX_PER_MINUTE = 0.8


def last_week(day_index: int) -> date:
    """A day of the week before this one (Monday = 0): wholly past, so nothing runs in it."""
    today = datetime.now(UTC).date()
    return today - timedelta(days=today.weekday() + 7) + timedelta(days=day_index)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), UTC)


def open_last_week(dashboard):
    dashboard.open("calendar")
    page = dashboard.page
    page.wait_for_selector("#view-calendar:not([hidden]) .cal-day")
    page.click("#calendar-prev")
    page.wait_for_selector(f'.cal-day[data-day="{last_week(0).isoformat()}"]')
    return page


def show(page, hour: int, minute: int = 0) -> None:
    """Scroll the calendar so that this time of day is in the middle of it."""
    page.evaluate("""(y) => {
        const scroller = document.querySelector('#view-calendar .cal-scroll');
        const body = document.querySelector('#view-calendar .cal-body');
        scroller.scrollTop = body.offsetTop + y - scroller.clientHeight / 2;
    }""", (hour * 60 + minute) * PX_PER_MINUTE)


def point(page, day: date, hour: int, minute: int = 0, across: float = 0.5) -> tuple[float, float]:
    """The viewport position of a time on a day's column."""
    column = page.locator(f'.cal-day[data-day="{day.isoformat()}"]')
    boxes = []
    wait_until(lambda: boxes.append(column.bounding_box()) or boxes[-1], what="the day's column drawn")  # a redraw may replace it
    box = boxes[-1]
    return box["x"] + box["width"] * across, box["y"] + (hour * 60 + minute) * PX_PER_MINUTE


def close_editor(page) -> None:
    page.locator(".editor-root").get_by_role("button", name="Cancel").click()
    expect(page.locator(".editor-root input")).to_have_count(0)


def drag(page, start: tuple[float, float], end: tuple[float, float]) -> None:
    page.mouse.move(*start)
    page.mouse.down()
    steps = 8
    for i in range(1, steps + 1):
        page.mouse.move(start[0] + (end[0] - start[0]) * i / steps, start[1] + (end[1] - start[1]) * i / steps)
    page.mouse.up()


def stored(served, name: str, day: date) -> list[dict]:
    found = served.data("activity:getFiltered", {"startDate": (day - timedelta(days=2)).isoformat(),
                                                 "endDate": (day + timedelta(days=2)).isoformat(), "search": name})
    return [a for a in found if a["name"] == name]


def times_of(activity: dict) -> tuple[datetime, datetime]:
    return datetime.fromisoformat(activity["startTime"]), datetime.fromisoformat(activity["endTime"])


def add(served, name: str, start: datetime, end: datetime) -> dict:
    return served.data("activity:add", {"name": name, "startTime": start.isoformat(), "endTime": end.isoformat()})


def wait_stored(served, name: str, day: date, start: datetime, end: datetime) -> None:
    wait_until(lambda: [times_of(a) for a in stored(served, name, day)] == [(start, end)], timeout=10,
               what=f"{name} stored as {start:%a %H:%M}–{end:%H:%M} (have {[times_of(a) for a in stored(served, name, day)]})")


def test_dragging_on_a_day_creates_an_entry_snapped_to_five_minutes(dashboard):
    page = open_last_week(dashboard)
    day = last_week(2)
    show(page, 10, 30)
    start = point(page, day, 10, 2)
    end = point(page, day, 11, 1)
    drag(page, start, end)
    editor = page.locator(".editor-root input").first
    expect(editor).to_be_visible()
    close_editor(page)
    created = [a for a in stored(dashboard.served, "New entry", day) if a["startTime"].startswith(day.isoformat())]
    assert [times_of(a) for a in created] == [(at(day, 10), at(day, 11))]


def test_dragging_a_block_moves_it_to_another_day_and_time(dashboard):
    page = open_last_week(dashboard)
    day = last_week(1)
    add(dashboard.served, "Move me", at(day, 13), at(day, 14))
    block = page.locator('.cal-block[aria-label^="Move me"]')
    expect(block).to_be_visible()
    show(page, 14, 30)
    grab = point(page, day, 13, 30)
    target = point(page, day + timedelta(days=1), 15, 31)
    drag(page, grab, target)
    wait_stored(dashboard.served, "Move me", day, at(day + timedelta(days=1), 15), at(day + timedelta(days=1), 16))
    expect(page.locator(f'.cal-day[data-day="{(day + timedelta(days=1)).isoformat()}"] .cal-block[aria-label^="Move me"]')).to_be_visible()


def test_dragging_the_lower_edge_resizes_and_snaps_to_the_next_entry(dashboard):
    page = open_last_week(dashboard)
    day = last_week(4)
    add(dashboard.served, "Resize me", at(day, 8), at(day, 9))
    add(dashboard.served, "Neighbour", at(day, 9, 47), at(day, 10, 30))
    expect(page.locator('.cal-block[aria-label^="Neighbour"]')).to_be_visible()
    show(page, 9)
    edge = point(page, day, 8, 59, across=0.3)
    drag(page, edge, point(page, day, 9, 30, across=0.3))
    wait_stored(dashboard.served, "Resize me", day, at(day, 8), at(day, 9, 30))
    expect(page.locator('.cal-block[aria-label^="Resize me"]')).to_have_attribute("aria-label", "Resize me, 08:00 to 09:30")
    drag(page, point(page, day, 9, 29, across=0.3), point(page, day, 9, 44, across=0.3))
    wait_stored(dashboard.served, "Resize me", day, at(day, 8), at(day, 9, 47))  # the neighbour's start, not 9:45


def test_the_keyboard_moves_resizes_and_creates_without_a_mouse(dashboard):
    page = open_last_week(dashboard)
    day = last_week(3)
    add(dashboard.served, "Keyboard", at(day, 16), at(day, 17))
    block = page.locator('.cal-block[aria-label^="Keyboard"]')
    expect(block).to_be_visible()
    block.focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    wait_stored(dashboard.served, "Keyboard", day, at(day, 16, 15), at(day, 17, 15))
    page.keyboard.press("Shift+ArrowUp")
    wait_stored(dashboard.served, "Keyboard", day, at(day, 16, 15), at(day, 17, 10))
    page.keyboard.press("ArrowRight")
    wait_stored(dashboard.served, "Keyboard", day, at(day + timedelta(days=1), 16, 15), at(day + timedelta(days=1), 17, 10))
    expect(page.locator('.cal-block[aria-label^="Keyboard"]')).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".editor-root input").first).to_be_focused()
    close_editor(page)

    empty_day = last_week(6)
    page.locator(f'.cal-day[data-day="{empty_day.isoformat()}"]').focus()
    page.keyboard.press("ArrowDown")  # the slot starts at 9:00; a step is 15 minutes
    page.keyboard.press("n")
    expect(page.locator(".editor-root input").first).to_be_visible()
    close_editor(page)
    wait_until(lambda: [times_of(a) for a in stored(dashboard.served, "New entry", empty_day)
                        if a["startTime"].startswith(empty_day.isoformat())] == [(at(empty_day, 9, 15), at(empty_day, 9, 45))],
               what="the entry N made at the slot")


def test_quick_arrow_presses_add_up_while_the_app_answers_slowly(dashboard):
    """Each press is stored; an answer that arrives between presses must not put the block back (it did under load)."""
    page = open_last_week(dashboard)
    day = last_week(4)
    add(dashboard.served, "Slow answers", at(day, 11), at(day, 12))
    held = []
    page.route("**/api/v1/invoke/activity:update", lambda route: held.append(route))  # answered when the test says
    block = page.locator('.cal-block[aria-label^="Slow answers"]')
    block.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    wait_until(lambda: page.wait_for_timeout(20) or held, what="the first move sent")  # waiting in Playwright routes it
    held.pop(0).continue_()  # the first answer arrives, and the week is read again, before the third press
    page.wait_for_event("response", lambda r: "activity:getFiltered" in r.url)
    page.locator('.cal-block[aria-label^="Slow answers"]').focus()
    page.keyboard.press("ArrowDown")

    def answered() -> bool:
        page.wait_for_timeout(20)
        while held:
            held.pop(0).continue_()
        return [times_of(a) for a in stored(dashboard.served, "Slow answers", day)] == [(at(day, 11, 15), at(day, 12, 15))]
    wait_until(answered, timeout=10, what="three presses stored as three moves")


def test_titles_are_text_in_blocks(dashboard):
    page = open_last_week(dashboard)
    day = last_week(5)
    add(dashboard.served, "<img src=x onerror=alert(1)>", at(day, 12), at(day, 13))
    block = page.locator(f'.cal-day[data-day="{day.isoformat()}"] .cal-block')
    expect(block.locator(".cal-block-name")).to_have_text("<img src=x onerror=alert(1)>")
    assert page.locator(".cal-block img").count() == 0
    assert not dashboard.dialogs


def test_dragging_across_windows_on_the_day_timeline_makes_an_entry_of_them(dashboard):
    served = dashboard.served
    day = datetime.now(UTC).date() - timedelta(days=1)
    morning = at(day, 8)
    before = {a["id"] for a in stored(served, "New entry", day)}
    post_morning(served, morning, host="lanes")
    wait_until(lambda: tracked_ms(served, morning, morning + timedelta(hours=5)) == 210 * 60_000, timeout=90,
               what="the morning on the timeline")
    dashboard.open("calendar")
    page = dashboard.page
    set_mode(page, "day")
    page.click("#calendar-prev")
    lane = page.locator(".lane-windows")
    expect(lane.locator(".lane-piece").first).to_be_attached()
    page.click("#lanes-zoom-in")  # 2×: the morning spans more pixels
    expect(page.locator(".lanes-zoom")).to_have_text("2×")
    page.evaluate("document.querySelector('.lanes-scroll').scrollLeft = 0")
    box = lane.bounding_box()
    track = page.locator(".lanes-track").bounding_box()

    def x(hour: float) -> float:
        return track["x"] + track["width"] * hour / 24

    page.evaluate(f"document.querySelector('.lanes-scroll').scrollLeft = {track['width'] * 7.5 / 24}")
    track = page.locator(".lanes-track").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(x(8.5), y)
    expect(page.locator(".lanes-details")).to_contain_text("code")
    drag(page, (x(8.5), y), (x(9.75), y))  # inside the code window (8:00–9:30) to inside the browser's (9:30–10:30)
    expect(page.locator(".editor-root input").first).to_be_visible()
    close_editor(page)
    made = [a for a in stored(served, "New entry", day) if a["id"] not in before]
    assert [times_of(a) for a in made] == [(at(day, 8), at(day, 10, 30))]
    take_screenshots(dashboard, day)


def set_mode(page, mode: str) -> None:
    """Week or day, starting from this week or today."""
    button = page.locator("#calendar-mode")
    if (button.get_attribute("aria-pressed") == "true") != (mode == "day"):
        button.click()
    page.click("#calendar-today")
    expect(page.locator(".cal-day")).to_have_count(1 if mode == "day" else 7)


def take_screenshots(dashboard, day: date) -> None:
    """The week (with the windows behind) and the day timeline at 1366x768 and 800x600, light and dark, inside the window."""
    page = dashboard.page
    for width, height in ((1366, 768), (800, 600)):
        for scheme in ("light", "dark"):
            page.set_viewport_size({"width": width, "height": height})
            page.emulate_media(color_scheme=scheme)
            dashboard.open("calendar")
            set_mode(page, "week")
            if not page.locator(f'.cal-day[data-day="{day.isoformat()}"]').count():
                page.click("#calendar-prev")
            expect(page.locator(f'.cal-day[data-day="{day.isoformat()}"] .cal-window').first).to_be_attached()
            # a band of windows says what it was (it was an unlabelled tint); the hint explains the bands
            expect(page.locator(f'.cal-day[data-day="{day.isoformat()}"] .cal-window-label', has_text="chrome").first).to_be_attached()
            expect(page.locator(".cal-hint")).to_contain_text("faint bands behind are the windows LightTrack tracked")
            show(page, 9)
            dashboard.screenshot(f"calendar-week-{width}x{height}-{scheme}")
            assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")
            set_mode(page, "day")
            page.click("#calendar-prev")
            expect(page.locator(".lane-windows .lane-piece").first).to_be_attached()
            page.locator(".lane-windows .lane-piece").first.hover()
            dashboard.screenshot(f"calendar-day-{width}x{height}-{scheme}")
            assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")


def test_an_entry_added_through_the_api_appears_as_a_block_within_a_second(dashboard):
    page = open_last_week(dashboard)
    day = last_week(0)
    page.locator(f'.cal-day[data-day="{day.isoformat()}"]').focus()  # the focus inside the view doesn't hold it back
    add(dashboard.served, "From the API", at(day, 18), at(day, 19))
    expect(page.locator(f'.cal-day[data-day="{day.isoformat()}"] .cal-block[aria-label^="From the API"]')).to_be_attached(timeout=1000)
    expect(page.locator(f'.cal-day[data-day="{day.isoformat()}"]')).to_be_focused()


def test_moving_a_tracked_entry_keeps_its_seconds_and_length(dashboard):
    page = open_last_week(dashboard)
    day = last_week(0)
    start = at(day, 13) + timedelta(seconds=30)
    add(dashboard.served, "Tracked with seconds", start, at(day, 14))
    page.locator('.cal-block[aria-label^="Tracked with seconds"]').focus()
    page.keyboard.press("ArrowDown")
    wait_stored(dashboard.served, "Tracked with seconds", day, start + timedelta(minutes=5), at(day, 14, 5))
