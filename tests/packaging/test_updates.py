"""Update awareness: nothing is contacted unless allowed; the feed on a local HTTP server when it is."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lighttrack import updates
from lighttrack.errors import ValidationError


class Feed:
    """A feed server on 127.0.0.1 that records each request."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.routes: dict[str, tuple[int, dict, bytes]] = {}
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                feed.requests.append(self.path)
                status, headers, body = feed.routes.get(self.path, (404, {}, b""))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def serve(self, path: str, body, status: int = 200, headers: dict | None = None) -> str:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.routes[path] = (status, {"Content-Type": "application/json", **(headers or {})}, raw)
        return self.url(path)


@pytest.fixture
def feed():
    server = Feed()
    yield server
    server.server.shutdown()


def allow(services, url: str) -> None:
    services.settings.set("updateFeedUrl", url)
    services.settings.set("checkForUpdates", True)


def test_nothing_is_contacted_while_checks_are_off(services, feed):
    services.settings.set("updateFeedUrl", feed.serve("/latest.json", {"version": "9.0.0"}))
    result = updates.check(services.settings, current="0.1.0")
    assert result == {"allowed": False, "current": "0.1.0", "checked": False}
    assert feed.requests == []


def test_off_by_default_with_no_feed(services):
    assert services.settings.get("checkForUpdates") is False
    assert services.settings.get("updateFeedUrl") == ""


def test_a_newer_version_is_reported_with_its_page(services, feed):
    allow(services, feed.serve("/latest.json", {"version": "0.2.0", "url": "https://example.org/dl", "notes": "Fixes"}))
    result = updates.check(services.settings, current="0.1.0")
    assert result["checked"] and result["updateAvailable"] and result["latest"] == "0.2.0"
    assert result["url"] == "https://example.org/dl" and result["notes"] == "Fixes"
    assert feed.requests == ["/latest.json"]


def test_github_latest_release_shape_and_same_version(services, feed):
    allow(services, feed.serve("/gh", {"tag_name": "v0.1.0", "html_url": "https://example.org/r", "body": "x"}))
    result = updates.check(services.settings, current="0.1.0")
    assert result["checked"] and result["updateAvailable"] is False and result["latest"] == "0.1.0"


@pytest.mark.parametrize("body, status, sentence", [
    (b"not json", 200, "not JSON"),
    ({"version": 3}, 200, "names no version"),
    ({"version": "soon"}, 200, "not a version number"),
    (b"", 503, "HTTP 503"),
    (b"x" * (updates.MAX_FEED_BYTES + 10), 200, "larger"),
])
def test_bad_feeds_are_sentences_not_errors(services, feed, body, status, sentence):
    allow(services, feed.serve("/bad", body, status))
    result = updates.check(services.settings, current="0.1.0")
    assert result["checked"] is False and sentence in result["error"]


def test_a_redirect_to_plain_http_is_refused(services, feed):
    target = feed.serve("/plain", {"version": "9.9.9"})
    allow(services, feed.serve("/moved", b"", 302, {"Location": target}))
    result = updates.check(services.settings, current="0.1.0")
    assert "not https" in result["error"] and feed.requests == ["/moved"]


def test_an_unreachable_feed_is_a_sentence(services, feed):
    url = feed.url("/gone")
    feed.server.shutdown()
    feed.server.server_close()
    allow(services, url)
    assert "could not be reached" in updates.check(services.settings, current="0.1.0", timeout=2)["error"]


def test_allowed_without_a_feed_says_so(services):
    services.settings.set("checkForUpdates", True)
    assert "No update feed" in updates.check(services.settings)["error"]


@pytest.mark.parametrize("url", ["http://example.org/feed.json", "ftp://127.0.0.1/x", "file:///etc/passwd",
                                 "https://", "https://[::1", 42])
def test_feed_url_must_be_https_or_this_machine(services, url):
    with pytest.raises(ValidationError, match="updateFeedUrl"):
        services.settings.set("updateFeedUrl", url)


@pytest.mark.parametrize("older, newer", [("0.1.0", "0.1.1"), ("0.9.9", "0.10.0"), ("1.0.0rc1", "1.0.0"),
                                          ("1.0", "1.0.1"), ("v1.2.3", "1.2.4")])
def test_version_order(older, newer):
    assert updates.version_key(older) < updates.version_key(newer)
