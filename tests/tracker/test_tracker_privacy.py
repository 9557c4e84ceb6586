"""Privacy filters before storage, and project/category detection from real-world title formats."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tracker_support import START

from lighttrack.core.tracking.classify import Classifier, detect_project, vscode_folder
from lighttrack.core.tracking.privacy import PrivacyRules
from lighttrack.core.tracking.window import Window


def all_spans(tracker):
    tracker.timeline.close()
    return tracker.timeline.get(START - timedelta(hours=1), START + timedelta(days=1))


def raw_files(tmp_path) -> bytes:
    return b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())


def test_excluded_apps_and_titles_are_never_stored(tracker, services, dummy, step, caplog):
    services.settings.set("excludedApps", ["KeePassXC"])
    services.settings.set("excludedTitlePatterns", [r"(?i)bank|medical"])
    caplog.set_level("DEBUG")
    for app, title in (("keepassxc", "Passwords.kdbx - KeePassXC"), ("firefox", "My Bank — Mozilla Firefox"),
                       ("firefox", "Medical results — Mozilla Firefox"), ("code", "ok.py - proj - Visual Studio Code")):
        dummy.show(app, title)
        step(times=3)
    spans = all_spans(tracker)
    assert [s["app"] for s in spans] == ["code"]
    text = caplog.text + str(tracker.status())
    assert "Bank" not in text and "Passwords" not in text and "Medical" not in text


def test_excluded_windows_never_reach_the_running_activity(tracker, services, dummy, step):
    activity = services.activities.start({"name": "Work"})
    services.settings.set("excludedApps", ["signal"])
    dummy.show("signal", "Chat with Alice")
    step(times=3)
    assert services.activities.get(activity["id"])["windowTitle"] is None
    assert tracker.status()["currentWindow"] is None


def test_redacted_titles_are_stored_as_the_app_name(tracker, services, dummy, step, tmp_path):
    services.settings.set("redactTitles", True)
    dummy.show("firefox", "Secret plans — Mozilla Firefox")
    step(times=3)
    assert [(s["app"], s["title"]) for s in all_spans(tracker)] == [("firefox", "firefox")]
    assert tracker.status()["currentWindow"] == {"app": "firefox", "title": "firefox"}


def test_private_browser_windows_lose_their_titles(tracker, dummy, step):
    dummy.show("firefox", "Gift ideas — Mozilla Firefox Private Browsing")
    step(times=2)
    dummy.show("chromium", "Something", private=True)
    step(times=2)
    assert [s["title"] for s in all_spans(tracker)] == ["firefox", "chromium"]


def test_pausing_tracking_records_nothing(tracker, dummy, step):
    tracker.set_paused(True)
    dummy.show("code", "a")
    step(times=5)
    status = tracker.status()
    assert status["paused"] is True and status["currentWindow"] is None
    assert all_spans(tracker) == []
    tracker.set_paused(False)
    step(times=3)
    assert [s["app"] for s in all_spans(tracker)] == ["code"]


def test_forget_app_deletes_its_past_spans(tracker, dummy, step):
    dummy.show("slack", "general")
    step(times=3)
    dummy.show("code", "a")
    step(times=3)
    dummy.show("slack", "random")
    step(times=3)
    assert tracker.forget_app("Slack")["removedSpans"] == 1
    assert [s["app"] for s in all_spans(tracker)] == ["code"]


@pytest.mark.parametrize("title, folder", [
    ("main.py - lighttrack - Visual Studio Code", "lighttrack"),
    ("● main.py — lighttrack — Visual Studio Code", "lighttrack"),
    ("timeline.py - lighttrack [SSH: devbox] - Visual Studio Code", "lighttrack"),
    ("lighttrack - Visual Studio Code", "lighttrack"),
    ("Welcome - Visual Studio Code", None),
    ("notes.md - Visual Studio Code", None),
    ("app.ts - webshop - VSCodium", "webshop"),
])
def test_vscode_titles(title, folder):
    assert vscode_folder(title) == folder


def test_jetbrains_titles():
    assert detect_project(Window("pycharm", "lighttrack – timeline.py")) == ("lighttrack", None)
    assert detect_project(Window("idea", "shop [~/no/such/dir] – …/src/Main.java – IntelliJ IDEA"))[0] == "shop"


def test_terminal_and_vim_find_the_git_repository(tmp_path):
    repo = tmp_path / "webshop"
    (repo / ".git").mkdir(parents=True)
    (repo / "src").mkdir()
    assert detect_project(Window("xterm", f"me@host: {repo}/src")) == ("webshop", str(repo))
    assert detect_project(Window("gnome-terminal-server", "vim", cwd=str(repo / "src"))) == ("webshop", str(repo))
    assert detect_project(Window("gvim", f"cart.py ({repo}/src) - GVIM")) == ("webshop", str(repo))
    assert detect_project(Window("xterm", "me@host: /")) == (None, None)


def test_rules_map_apps_titles_and_paths_to_projects_and_categories(tmp_path):
    rules = [
        {"kind": "project", "app": None, "titlePattern": r"JIRA-\d+", "path": None, "projectId": "p-jira"},
        {"kind": "project", "app": None, "titlePattern": None, "path": str(tmp_path), "projectId": "p-path"},
        {"kind": "category", "app": "figma", "titlePattern": None, "path": None, "categoryId": "design"},
    ]
    classifier = Classifier(rules, {"lighttrack": "p-lt"})
    assert classifier.label(Window("firefox", "JIRA-42 fix login — Firefox")).projectId == "p-jira"
    assert classifier.label(Window("gvim", "x", cwd=str(tmp_path / "a"))).projectId == "p-path"
    assert classifier.label(Window("code", "a.py - lighttrack - Visual Studio Code")).projectId == "p-lt"
    assert classifier.label(Window("Figma", "Board")).category == "design"


def test_privacy_rules_from_settings():
    rules = PrivacyRules.from_settings({"excludedApps": ["Vault"], "excludedTitlePatterns": ["secret"], "trackWindows": True})
    assert rules.admit(Window("vault", "x")) is None
    assert rules.admit(Window("app", "x", exe="/opt/Vault")) is None
    assert rules.admit(Window("app", "top secret")) is None
    assert rules.admit(Window("app", "fine")).title == "fine"


def test_user_rules_and_detected_projects_label_spans(tracker, services, dummy, step):
    project = services.projects.create({"name": "LightTrack"})
    dummy.show("code", "main.py - lighttrack - Visual Studio Code")
    step(times=2)
    other = services.projects.create({"name": "Support"})
    tracker.rules.create({"kind": "project", "titlePattern": "Zendesk", "projectId": other["id"]})
    dummy.show("firefox", "Ticket 12 - Zendesk — Mozilla Firefox")
    step(times=2)
    assert [(s["projectId"], s["category"]) for s in all_spans(tracker)] == [(project["id"], "development"),
                                                                            (other["id"], "browsing")]
