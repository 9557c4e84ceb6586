"""aw-webui against LightTrack in real Chromium: the build served at /aw/, its requests answered same-origin.

LightTrack ships no aw-webui and none can be built here (the PyPI aw-server 0.12.0 wheel lacks its js/
bundle; npm has none), so `awwebui_fixture/` stands in: a page that makes the Activity view's requests —
settings, buckets, the day's query — and shows the totals. A real build is tried when AW_WEBUI_BUILD names one.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import orjson
import pytest

from support import start_serve

pytestmark = pytest.mark.browser
FIXTURE = Path(__file__).with_name("awwebui_fixture")
JSON = {"Content-Type": "application/json"}


def event(at: str, seconds: float, **data) -> dict:
    return {"timestamp": f"2026-03-10T{at}:00+00:00", "duration": seconds, "data": data}


def post(served, path: str, body: object) -> None:
    status, raw, _ = served.request("POST", path, orjson.dumps(body), JSON)
    assert status in (200, 304), raw


def seed(served) -> None:
    """A morning on host "box": 10 min a.py, 5 min docs, then 10 min b.py while away."""
    post(served, "/api/0/buckets/aw-watcher-window_box", {"type": "currentwindow", "client": "aw-watcher-window",
                                                           "hostname": "box"})
    post(served, "/api/0/buckets/aw-watcher-afk_box", {"type": "afkstatus", "client": "aw-watcher-afk", "hostname": "box"})
    post(served, "/api/0/buckets/aw-watcher-window_box/events", [
        event("09:00", 600, app="code", title="a.py"), event("09:10", 300, app="firefox", title="docs"),
        event("09:15", 600, app="code", title="b.py")])
    post(served, "/api/0/buckets/aw-watcher-afk_box/events", [
        event("09:00", 900, status="not-afk"), event("09:15", 600, status="afk")])
    post(served, "/api/0/settings/classes", [{"name": ["Work", "Programming"], "rule": {"type": "regex", "regex": "\\.py$"}}])


@pytest.fixture
def webui_served(tmp_path):
    server = start_serve(tmp_path / "data", "--aw-webui", str(FIXTURE))
    yield server
    server.stop()


def rows(page, table: str) -> list[tuple[str, float]]:
    return [(key, float(seconds)) for key, seconds in
            page.eval_on_selector_all(f"#{table} tr", "rows => rows.map(r => [r.cells[0].textContent, r.cells[1].textContent])")]


def test_the_activity_views_requests_answer_with_the_days_totals(browser, webui_served):
    seed(webui_served)
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"http://127.0.0.1:{webui_served.port}/aw/#/activity/box/2026-03-10")
    page.wait_for_selector("body[data-ready=true]", timeout=15000)
    # b.py falls in the AFK time: 10 min a.py + 5 min docs are active
    assert page.text_content("#duration") == "900"
    assert rows(page, "apps") == [("code", 600.0), ("firefox", 300.0)]
    assert rows(page, "categories") == [("Work > Programming", 600.0), ("Uncategorized", 300.0)]
    assert page.text_content("#error") == "" and not errors
    page.close()


def test_without_a_build_aw_says_how_to_set_one(served_plain):
    status, raw, _ = served_plain.request("GET", "/aw/")
    assert status == 404 and b"--aw-webui" in raw


def test_a_folder_without_index_html_is_refused_at_start(tmp_path):
    from support import lighttrack
    result = lighttrack("serve", "--port", "0", "--aw-webui", str(tmp_path), data_dir=tmp_path / "data")
    assert result.returncode == 1 and "no index.html" in result.stderr and "Traceback" not in result.stderr


@pytest.fixture
def served_plain(tmp_path):
    server = start_serve(tmp_path / "data")
    yield server
    server.stop()


@pytest.mark.skipif(not os.environ.get("AW_WEBUI_BUILD"),
                    reason="no aw-webui build here (PyPI's aw-server 0.12.0 wheel lacks its js/ bundle, npm has none); "
                           "set AW_WEBUI_BUILD to a built aw-webui folder to run this")
def test_a_real_aw_webui_build_shows_the_activity_view(browser, tmp_path):
    server = start_serve(tmp_path / "data", "--aw-webui", os.environ["AW_WEBUI_BUILD"])
    try:
        seed(server)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.port}/aw/#/activity/box/day/2026-03-10")
        page.wait_for_selector("text=firefox", timeout=30000)
        page.close()
    finally:
        server.stop()


def test_the_build_s_files_are_served_and_nothing_beside_them(tmp_path):
    build = tmp_path / "build"
    (build / "js").mkdir(parents=True)
    (build / "index.html").write_text('<script src="/js/app.js"></script>')
    (build / "js" / "app.js").write_text("console.log(1)")
    (tmp_path / "secret.txt").write_text("not for the browser")
    server = start_serve(tmp_path / "data", "--aw-webui", str(build))
    try:
        status, raw, headers = server.request("GET", "/aw/js/app.js")
        assert (status, raw) == (200, b"console.log(1)") and headers["Content-Type"].startswith("text/javascript")
        status, raw, _ = server.request("GET", "/aw/#/activity")
        assert status == 200 and b'src="/aw/js/app.js"' in raw  # the index, its links moved under /aw/
        assert server.request("GET", "/aw")[2]["Location"] == "/aw/"
        for path in ("/aw/../secret.txt", "/aw/%2e%2e/secret.txt", "/aw/js/..%2f..%2fsecret.txt"):
            status, raw, _ = server.request("GET", path)
            assert status == 404 and b"not for the browser" not in raw, path
        assert server.request("POST", "/aw/", b"{}", JSON)[0] == 405
    finally:
        server.stop()
