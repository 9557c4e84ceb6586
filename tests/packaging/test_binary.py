"""The one-file binary itself, not the source: CLI, doctor, serve, the bundled dashboard, autostart, first run."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from frozen import binary_env
from lighttrack import __version__
from support import Served

pytestmark = pytest.mark.slow

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def run(binary: Path, *args: str, env: dict, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([str(binary), *args], capture_output=True, text=True, env=env, timeout=timeout)


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("binary")
    return {"data": base / "data", "config": base / "config", "env": binary_env(base / "config")}


@pytest.fixture(scope="module")
def served_binary(binary, folders):
    """`lighttrack serve --port 0` run from the binary, with its own data folder."""
    proc = subprocess.Popen([str(binary), "serve", "--port", "0", "--data-dir", str(folders["data"])],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=folders["env"])
    line = proc.stdout.readline()
    match = re.search(r"Dashboard: http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        proc.kill()
        pytest.fail(f"the binary's serve did not start: {line!r} {proc.stderr.read()[-2000:]}")
    token = run(binary, "token", "--data-dir", str(folders["data"]), env=folders["env"]).stdout.strip()
    served = Served(proc, int(match[1]), token, folders["data"])
    yield served
    served.stop()


def test_version_is_the_package_version(binary, tmp_path):
    result = run(binary, "--version", env=binary_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"lighttrack {__version__}"


def test_doctor_reports_every_component(binary, tmp_path):
    result = run(binary, "doctor", "--data-dir", str(tmp_path / "data"), env=binary_env(tmp_path / "config"))
    assert result.returncode == 0, result.stderr
    names = [line.split(":", 1)[0] for line in result.stdout.splitlines()]
    for component in ("display", "tray backend", "webview backend", "notifications", "keyring backend", "store",
                      "API port", "autostart"):
        assert component in names, result.stdout
    assert "autostart:          off" in result.stdout


def test_bad_usage_exits_2_without_a_traceback(binary, tmp_path):
    result = run(binary, "frobnicate", env=binary_env(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_serve_answers_health(served_binary):
    status, body, _ = served_binary.request("GET", "/api/v1/health")
    assert status == 200
    assert b'"status":"healthy"' in body and __version__.encode() in body


def test_welcome_is_offered_on_the_first_run(served_binary):
    welcome = served_binary.data("app:getWelcome")
    assert welcome["firstRun"] is True and welcome["dataDir"] == str(served_binary.data_dir)
    assert welcome["choices"]["idleThresholdSeconds"] == 300 and welcome["autostart"]["supported"] is True


# The welcome module driven on the real page with the page's own bridge (main.js mounts it once wired in).
def test_dashboard_and_welcome_load_from_the_bundled_web_folder(served_binary, chromium_path):
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(served_binary.login_url())  # the one-time address, as `serve` prints it, opens the session
            page.wait_for_selector("body[data-ready=true]", timeout=15000)
            assert page.title().endswith("LightTrack")
            assert page.locator(".nav a[data-view=today]").is_visible()
            dialog = page.locator("dialog.welcome[open]")
            dialog.wait_for(timeout=15000)
            assert str(served_binary.data_dir) in dialog.inner_text()
            dialog.locator("input[type=number]").fill("10")
            dialog.get_by_label("Keep app names only, not window titles").check()
            dialog.get_by_label("Start LightTrack when I log in").uncheck()
            dialog.get_by_role("button", name="Start tracking").click()
            page.wait_for_selector("dialog.welcome:not([open])", state="attached")
        finally:
            browser.close()
    assert errors == []
    assert served_binary.data("app:getWelcome")["firstRun"] is False
    assert served_binary.data("settings:get", "idleThresholdSeconds") == 600
    assert served_binary.data("settings:get", "redactTitles") is True
    assert served_binary.data("app:getAutostart")["installed"] is False


def test_activity_started_through_the_binary_cli_is_seen_by_status(binary, served_binary, folders):
    data_dir = str(folders["data"])
    started = run(binary, "start", "Packaging review", "--tag", "release", "--data-dir", data_dir, env=folders["env"])
    assert started.returncode == 0, started.stderr
    status = run(binary, "status", "--data-dir", data_dir, env=folders["env"])
    assert "Tracking: Packaging review" in status.stdout
    assert served_binary.data("activity:getRunning")["name"] == "Packaging review"


def test_autostart_entry_written_and_removed_by_the_binary(binary, served_binary, folders):
    entry = folders["config"] / "autostart" / "lighttrack.desktop"
    state = served_binary.data("app:setAutostart", True)
    assert state["enabled"] and state["installed"] and state["location"] == str(entry)
    text = entry.read_text()
    assert f"Exec={binary} --data-dir {folders['data']}\n" in text
    if shutil.which("desktop-file-validate"):
        assert subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True).stdout == ""
    doctor = run(binary, "doctor", "--data-dir", str(folders["data"]), env=folders["env"])
    assert f"autostart:          on: {entry} runs {binary}" in doctor.stdout
    assert served_binary.data("app:setAutostart", False)["installed"] is False
    assert not entry.exists()


def test_sigterm_stops_the_binary_cleanly(binary, folders):
    data_dir = folders["data"].parent / "data-stop"
    proc = subprocess.Popen([str(binary), "serve", "--port", "0", "--data-dir", str(data_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=folders["env"])
    assert proc.stdout.readline().startswith("Dashboard: ")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(15) == 0
