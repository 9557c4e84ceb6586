"""The API server's loop sleeps long when nothing happens (waitress's 1 s default cost 0.8 s CPU an hour), yet it
answers at once and stops at once."""

from __future__ import annotations

import http.client
import time

from lighttrack.http.server import LOOP_SECONDS, ApiServer, bind_local


def test_an_idle_server_answers_at_once_and_stops_at_once():
    assert LOOP_SECONDS >= 10
    server = ApiServer(lambda environ, start: (start("200 OK", [("Content-Length", "2")]), [b"ok"])[1], bind_local(0))
    server.start()
    port = server._server.getsockname()[1]
    try:
        time.sleep(1.5)  # the loop is asleep now
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"ok"
        conn.close()
        assert time.monotonic() - started < 1
    finally:
        started = time.monotonic()
        server.stop()
        assert time.monotonic() - started < 1 and not server._thread.is_alive()


def test_a_server_whose_loop_lost_its_wake_up_trigger_still_stops_and_frees_its_port():
    server = ApiServer(lambda environ, start: (start("200 OK", [("Content-Length", "2")]), [b"ok"])[1], bind_local(0))
    server.start()
    port = server._server.getsockname()[1]
    server._server.trigger.close()  # as waitress does when the trigger fails inside the loop
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 5
    bind_local(int(port)).close()  # the port is free again
