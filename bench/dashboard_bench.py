"""Dashboard speed in headless Chromium against `lighttrack serve`: first paint, and the month analytics view
over a year of data (issue 4: first paint ≤ 1 s, a chart over a month ≤ 300 ms).

Run: python bench/dashboard_bench.py  (needs Debian's chromium and the playwright package; never `playwright install`)
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from support import start_serve  # noqa: E402

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DAYS = 365
PER_DAY = 8
RUNS = 5


def seed_year(served) -> int:
    """A year of workdays: PER_DAY activities over four projects, added through the API."""
    projects = [served.data("project:create", {"name": f"Project {n}"})["id"] for n in range(4)]
    today = datetime.now(timezone.utc).replace(hour=8, minute=0, second=0, microsecond=0)
    added = 0
    for day in range(DAYS, 0, -1):
        start = today - timedelta(days=day)
        if start.weekday() >= 5:
            continue
        for n in range(PER_DAY):
            begin = start + timedelta(minutes=55 * n)
            served.data("activity:add", {"name": f"Task {n % 5}", "projectId": projects[n % 4], "tags": ["bench"],
                                         "startTime": begin.isoformat(), "endTime": (begin + timedelta(minutes=50)).isoformat()})
            added += 1
    return added


def first_paint(page, url: str) -> float:
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]")
    return page.evaluate("performance.getEntriesByName('first-paint')[0]?.startTime ?? NaN")


def month_view(page) -> float:
    """Milliseconds from clicking Month to the month's charts in the page."""
    page.click(".nav a[data-view=analytics]")
    page.wait_for_selector(".analytics-body[data-rendered]")
    page.click("#view-analytics .segment[data-scale=week]")
    page.wait_for_selector(".analytics-body[data-rendered=week]")
    started = time.perf_counter()
    page.click("#view-analytics .segment[data-scale=month]")
    page.wait_for_selector(".analytics-body[data-rendered=month]")
    return (time.perf_counter() - started) * 1000


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if not chromium:
        sys.exit("needs Debian's chromium")
    with tempfile.TemporaryDirectory() as folder:
        served = start_serve(Path(folder) / "data")
        try:
            began = time.perf_counter()
            count = seed_year(served)
            served.data("settings:set", "firstRunCompleted", True)  # the welcome dialog would cover the views
            print(f"seeded {count} activities over {DAYS} days in {time.perf_counter() - began:.1f} s")
            url = f"http://127.0.0.1:{served.port}/"
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                paints, months = [], []
                for _ in range(RUNS):
                    context = browser.new_context(viewport={"width": 1100, "height": 800})
                    page = context.new_page()
                    paints.append(first_paint(page, url))
                    months.append(month_view(page))
                    context.close()
                browser.close()
        finally:
            served.stop()
    print(f"first paint after navigation: median {statistics.median(paints):.0f} ms, max {max(paints):.0f} ms (target ≤ 1000)")
    print(f"month analytics view (stats + productivity + 12-week trend, rendered): median {statistics.median(months):.0f} ms, "
          f"max {max(months):.0f} ms (target ≤ 300)")


if __name__ == "__main__":
    main()
