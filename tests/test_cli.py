"""The command line as a user types it: real processes, real data folders."""

from __future__ import annotations

import re
import subprocess
import sys

import orjson

from lighttrack import __version__
from support import env_without_display, lighttrack


def test_version(tmp_path):
    result = lighttrack("--version", data_dir=tmp_path)
    assert result.stdout.strip() == f"lighttrack {__version__}" and result.returncode == 0


def test_bad_usage_exits_2_without_traceback(tmp_path):
    for args in (("frobnicate",), ("start",), ("serve", "--port", "99999"), ("export", "--format", "docx")):
        result = lighttrack(*args, data_dir=tmp_path)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr and "error:" in result.stderr


def test_quick_actions_against_the_store_when_nothing_runs(tmp_path):
    data = tmp_path / "data"
    assert "Nothing is being tracked." in lighttrack("status", data_dir=data, check=True).stdout
    lighttrack("start", "Write chapter", "--tag", "writing", data_dir=data, check=True)
    status = orjson.loads(lighttrack("status", "--json", data_dir=data, check=True).stdout)
    assert status["running"]["name"] == "Write chapter" and status["running"]["tags"] == ["writing"]
    lighttrack("pause", data_dir=data, check=True)
    assert "Paused: Write chapter" in lighttrack("status", data_dir=data, check=True).stdout
    lighttrack("resume", data_dir=data, check=True)
    assert "Stopped 'Write chapter'" in lighttrack("stop", data_dir=data, check=True).stdout
    failed = lighttrack("stop", data_dir=data)
    assert failed.returncode == 1 and failed.stderr.strip() == "lighttrack: Nothing is being tracked."


def test_unknown_project_is_one_clear_line(tmp_path):
    result = lighttrack("start", "x", "--project", "Nope", data_dir=tmp_path)
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "No project named 'Nope'" in result.stderr


def test_quick_actions_go_through_the_running_instance(served):
    lighttrack("start", "Via API", "--project", "General", data_dir=served.data_dir, check=True)
    running = served.data("activity:getRunning")
    assert running["name"] == "Via API" and running["projectId"] == "default"
    lighttrack("stop", data_dir=served.data_dir, check=True)
    assert served.data("activity:getRunning") is None


def test_token_matches_the_api(served):
    assert lighttrack("token", data_dir=served.data_dir, check=True).stdout.strip() == served.token


def test_doctor_has_a_line_per_component(served):
    out = lighttrack("doctor", data_dir=served.data_dir, check=True).stdout
    for component in ("display", "tray backend", "webview backend", "notifications", "keyring backend", "store", "API port"):
        assert re.search(rf"^{component}:", out, re.M), component
    assert f"{served.port} (running)" in out
    assert "encrypted" in out


def test_serve_twice_on_one_data_folder_is_refused(served):
    result = lighttrack("serve", "--port", "0", data_dir=served.data_dir)
    assert result.returncode == 1 and "already running" in result.stderr


def test_without_display_the_app_says_so_and_serves(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "lighttrack", "--port", "0", "--data-dir", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env_without_display())
    try:
        assert proc.stdout.readline().strip() == "No display found: running as `lighttrack serve`."
        assert re.match(r"Dashboard: http://127\.0\.0\.1:\d+/\?code=[\w-]+$", proc.stdout.readline().strip())
    finally:
        proc.terminate()
        proc.wait(10)
    assert proc.returncode == 0


def test_import_then_export_from_the_command_line(tmp_path):
    data = tmp_path / "data"
    toggl = tmp_path / "toggl.csv"
    toggl.write_text("User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,"
                     "Duration,Tags\nAnn,ann@example.com,,Website,,Landing page,No,2024-03-04,09:00:00,2024-03-04,"
                     "10:30:00,01:30:00,design\n")
    first = lighttrack("import", str(toggl), "--format", "toggl-csv", data_dir=data, check=True)
    assert "Imported 1 new activity; 0 were already there." in first.stdout
    again = lighttrack("import", str(toggl), data_dir=data, check=True)
    assert "Imported 0 new activities; 1 was already there." in again.stdout
    out = tmp_path / "report.csv"
    done = lighttrack("export", "--format", "csv", "--from", "2024-03-04", "--to", "2024-03-04", "-o", str(out),
                      data_dir=data, check=True)
    assert str(out) in done.stdout and "Landing page" in out.read_text(encoding="utf-8-sig")
    bad = lighttrack("export", "--format", "csv", "--from", "04/03/2024", data_dir=data)
    assert bad.returncode == 1 and "startDate" in bad.stderr and "Traceback" not in bad.stderr
