"""ActivityWatch's categories become LightTrack category rules that label windows as ActivityWatch would."""

from __future__ import annotations

import pytest

from lighttrack.core.activitywatch.categories import import_categories
from lighttrack.core.records.palette import PALETTE
from lighttrack.core.tracking.classify import Classifier
from lighttrack.core.records.rules import RuleService
from lighttrack.core.tracking.window import Window
from lighttrack.errors import ValidationError

CLASSES = [
    {"id": 0, "name": ["Work"], "rule": {"type": "regex", "regex": "Google Docs|libreoffice"}, "data": {"color": "#0F0"}},
    {"id": 1, "name": ["Work", "Programming"], "rule": {"type": "regex", "regex": "GitHub|Stack Overflow|code"},
     "data": {"color": "#00ff00"}},
    {"id": 2, "name": ["Media", "Music"], "rule": {"type": "regex", "regex": "spotify|deezer", "ignore_case": True}},
    {"id": 3, "name": ["Comms"], "rule": {"type": "none"}},
]


@pytest.fixture
def rules(services):
    return RuleService(services.ctx, services.projects, services.categories)


def label(rules, services, app: str, title: str) -> str | None:
    category_id = Classifier(rules.all(), {}).label(Window(app, title)).category
    return next((c["name"] for c in services.categories.all() if c["id"] == category_id), None)


def test_imported_rules_label_windows_like_activitywatch(rules, services):
    result = import_categories(CLASSES, rules, services.categories)
    # 3 regex rules + app rules for the plain alternatives: libreoffice, github, code, spotify, deezer
    assert result == {"categories": 3, "rules": 3 + 5, "skipped": ["Comms"]}
    assert label(rules, services, "firefox", "Pull request #7 · GitHub") == "Work / Programming"
    assert label(rules, services, "code", "main.py") == "Work / Programming"  # app rule from the plain alternative
    assert label(rules, services, "firefox", "Budget - Google Docs") == "Work"
    assert label(rules, services, "firefox", "SPOTIFY – Web Player") == "Media / Music"  # ignore_case kept
    assert label(rules, services, "Spotify", "") == "Media / Music"
    colors = {c["name"]: c["color"] for c in services.categories.all()}
    assert colors["Work / Programming"] == "#00ff00"
    assert colors["Work"] in PALETTE  # "#0F0" is not a colour LightTrack takes: the category gets one of its own


def test_a_second_import_adds_nothing(rules, services):
    import_categories(CLASSES, rules, services.categories)
    before = len(rules.all())
    assert import_categories(CLASSES, rules, services.categories) == {"categories": 0, "rules": 0, "skipped": ["Comms"]}
    assert len(rules.all()) == before


@pytest.mark.parametrize("classes, field", [
    ("nope", "classes"), ([{"name": [], "rule": {"regex": "x"}}], "classes[0].name"),
    ([CLASSES[0], {"name": ["X"], "rule": {"type": "regex", "regex": "(unclosed"}}], "classes[1].rule.regex"),
    ([{"name": ["X"], "rule": {"regex": 5}}], "classes[0].rule"),
])
def test_bad_categories_change_nothing(rules, services, classes, field):
    rules_before, categories_before = rules.all(), services.categories.all()
    with pytest.raises(ValidationError, match=field.replace("[", r"\[").replace("]", r"\]")):
        import_categories(classes, rules, services.categories)
    assert rules.all() == rules_before and services.categories.all() == categories_before
