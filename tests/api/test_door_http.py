"""Who gets in: web pages can't write into /api/0, GET / holds no token, the browser gets a session by a one-time code."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import textwrap

import orjson
import pytest

from support import lighttrack, start_serve

EVIL = "https://evil.example"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    served = start_serve(tmp_path_factory.mktemp("door") / "data")
    yield served
    served.stop()


def _aw_events(server, bucket: str) -> list:
    status, raw, _ = server.request("GET", f"/api/0/buckets/{bucket}/events")
    assert status == 200, raw
    return orjson.loads(raw)


def _bucket(server, name: str) -> str:
    status, raw, _ = server.request("POST", f"/api/0/buckets/{name}", orjson.dumps({"type": "currentwindow", "client": "t",
                                                                                      "hostname": "h"}),
                                    {"Content-Type": "application/json"})
    assert status == 200, raw
    return name


EVENT = orjson.dumps({"timestamp": "2026-03-10T09:00:00Z", "duration": 5, "data": {"app": "fake", "title": "planted"}})


@pytest.mark.parametrize(("path", "body", "headers"), [
    ("events", EVENT, {"Content-Type": "text/plain"}),  # a no-preflight fetch
    ("events", b"x=1", {"Content-Type": "application/x-www-form-urlencoded", "Origin": EVIL}),  # an HTML form
    ("heartbeat?pulsetime=5", EVENT, {"Content-Type": "text/plain;charset=UTF-8"}),
    ("events", EVENT, {"Content-Type": "application/json", "Origin": EVIL}),  # after a preflight
    ("events", EVENT, {}),
])
def test_web_page_requests_cannot_write_into_api0(server, path, body, headers):
    bucket = _bucket(server, f"door-{abs(hash((path, body, tuple(headers.items()))))}")
    status, raw, answer = server.request("POST", f"/api/0/buckets/{bucket}/{path}", body, headers)
    assert status in (403, 415), raw
    assert orjson.loads(raw)["message"]
    assert not any(h.lower().startswith("access-control-") for h in answer)
    assert _aw_events(server, bucket) == []


def test_a_multipart_import_from_a_page_is_refused(server):
    boundary = "XyZ"
    export = orjson.dumps({"buckets": {"planted": {"id": "planted", "type": "currentwindow", "client": "x", "hostname": "h",
                                                   "events": [orjson.loads(EVENT)]}}})
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.json\"\r\n"
            f"Content-Type: application/json\r\n\r\n").encode() + export + f"\r\n--{boundary}--\r\n".encode()
    status, raw, _ = server.request("POST", "/api/0/import", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 415, raw
    assert server.request("GET", "/api/0/buckets/planted")[0] == 404


def test_only_extensions_the_user_allowed_get_cors(server):
    origin = "chrome-extension://abcdefghijklmnop"
    status, _, headers = server.request("GET", "/api/0/export", headers={"Origin": origin})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers
    status, _, headers = server.request("OPTIONS", "/api/0/buckets/x/heartbeat",
                                        headers={"Origin": EVIL, "Access-Control-Request-Method": "POST"})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers
    server.data("settings:set", "activityWatchExtensionOrigins", [origin])
    try:
        status, _, headers = server.request("GET", "/api/0/export", headers={"Origin": origin})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == origin
        bucket = _bucket(server, "extension-bucket")
        status, _, headers = server.request("POST", f"/api/0/buckets/{bucket}/heartbeat?pulsetime=5", EVENT,
                                            {"Origin": origin, "Content-Type": "application/json"})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == origin
        assert server.call("settings:set", "activityWatchExtensionOrigins", ["https://evil.example"])[0] == 400
    finally:
        server.data("settings:set", "activityWatchExtensionOrigins", [])


def test_the_dashboard_page_without_a_session_holds_no_token(server):
    status, raw, headers = server.request("GET", "/")
    assert status == 401 and server.token.encode() not in raw and b"lighttrack open" in raw
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"] and headers["X-Frame-Options"] == "DENY"
    for path in ("/index.html", "/js/bridge.js"):
        assert server.token.encode() not in server.request("GET", path)[1]


def _session(server) -> str:
    url = lighttrack("open", "--print", data_dir=server.data_dir, check=True).stdout.strip()
    assert url.startswith(f"http://127.0.0.1:{server.port}/?code=")
    path = url.split(str(server.port), 1)[1]
    status, _, headers = server.request("GET", path)
    assert status == 303 and headers["Location"] == "/"
    cookie = headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert server.request("GET", path)[0] == 401  # spent
    return cookie.split(";")[0]


def test_a_one_time_code_opens_a_session_that_calls_the_api_without_the_token(server):
    cookie = _session(server)
    status, raw, headers = server.request("GET", "/", headers={"Cookie": cookie})
    assert status == 200 and b"<script" in raw and server.token.encode() not in raw
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    call = {"Cookie": cookie, "Content-Type": "application/json"}
    body = orjson.dumps({"args": []})
    assert orjson.loads(server.request("POST", "/api/v1/invoke/project:getAll", body, call)[1])["success"]
    # what another page on this machine could send with the cookie: refused
    for refused in ({**call, "Content-Type": "text/plain"}, {**call, "Origin": "http://127.0.0.1:1"}, {}):
        assert server.request("POST", "/api/v1/invoke/project:getAll", body, refused)[0] == 401
    assert server.request("POST", "/api/v1/login-code", b"{}", call)[0] == 401  # a session can't mint codes


def test_a_browser_session_cannot_name_files(server, tmp_path):
    cookie = _session(server)
    secret = tmp_path / "secret.csv"
    secret.write_text("root:$6$SECRETHASH:19000:0:99999:7:::\n")
    call = {"Cookie": cookie, "Content-Type": "application/json"}
    for channel, args in (("import:preview", [str(secret)]), ("export:run", ["csv", {"path": str(tmp_path / "x.csv")}]),
                          ("export:backup", [{"path": str(tmp_path)}])):
        status, raw, _ = server.request("POST", f"/api/v1/invoke/{channel}", orjson.dumps({"args": args}), call)
        assert status == 403 and b"SECRETHASH" not in raw, raw
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.csv"]


def test_import_errors_never_echo_the_file(server, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("User,Email,Start date,Start time,Duration,Description\n"
                      "root,x,SECRETHASH,SECRETTIME,SECRETDUR,x\n")
    status, envelope = server.call("import:preview", str(secret), "toggl-csv")
    assert status == 400 and "SECRET" not in envelope["error"] and "line 2" in envelope["error"]


def test_exports_never_overwrite_and_nul_bytes_are_refused(server, tmp_path):
    victim = tmp_path / "existing.csv"
    victim.write_text("keep me")
    status, envelope = server.call("export:run", "csv", {"path": str(victim)})
    assert status == 400 and "never overwrites" in envelope["error"] and victim.read_text() == "keep me"
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "elsewhere.csv")
    assert server.call("export:run", "csv", {"path": str(link)})[0] == 400
    assert not (tmp_path / "elsewhere.csv").exists()
    for channel, args in (("export:run", ["csv", {"path": f"{tmp_path}/a\0b.csv"}]), ("import:preview", ["/etc/\0passwd"])):
        status, envelope = server.call(channel, *args)
        assert status == 400 and "NUL" in envelope["error"], envelope


def test_another_local_account_gets_no_token(server):
    runuser, python = shutil.which("runuser"), "/usr/bin/python3"
    if os.geteuid() != 0 or runuser is None or not os.access(python, os.X_OK):
        pytest.skip("needs root, runuser and /usr/bin/python3 to act as the account nobody")
    probe = textwrap.dedent(f"""
        import http.client
        conn = http.client.HTTPConnection("127.0.0.1", {server.port}, timeout=10)
        conn.request("GET", "/")
        print(conn.getresponse().read().decode(errors="replace"))
    """)
    seen = subprocess.run([runuser, "-u", "nobody", "--", python, "-I", "-c", probe], capture_output=True,
                          text=True, timeout=30, cwd="/")
    assert seen.returncode == 0, seen.stderr
    assert server.token not in seen.stdout and "lighttrack open" in seen.stdout


def test_the_browser_is_opened_without_a_secret_on_its_command_line(server, tmp_path):
    seen = tmp_path / "argv"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {seen}\n')
    browser.chmod(0o755)
    env = {**os.environ, "BROWSER": str(browser)}
    lighttrack("open", data_dir=server.data_dir, check=True, env=env)
    argv = seen.read_text()
    assert "code=" not in argv and server.token not in argv and argv.startswith("file://")
    page = server.data_dir / "open-dashboard.html"
    assert stat.S_IMODE(page.stat().st_mode) == 0o600 and "?code=" in page.read_text()
