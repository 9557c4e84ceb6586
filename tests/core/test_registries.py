"""The app's lists are each defined once, and everything that shows them reads that one definition."""

import ast
import re
from pathlib import Path

import pytest

import lighttrack
from lighttrack.core.events import EVENTS, EventBus
from lighttrack.core.exchange.formats import EXPORT_FORMATS, export_formats
from lighttrack.core.records.productivity import ratings
from lighttrack.core.records.settingdefs import SECTIONS, SETTINGS
from lighttrack.errors import ValidationError
from lighttrack.sync.records import SET_SETTINGS, SYNCED_SETTINGS

EVENT_SHAPE = re.compile(r"[a-z]+:[a-z-]+ed")


@pytest.mark.parametrize("key", sorted(SETTINGS))
def test_every_setting_has_a_written_label_and_accepts_its_default(key):
    setting = SETTINGS[key]
    assert setting.label and setting.label[0].isupper() and setting.label != key
    assert setting.section in SECTIONS
    assert setting.check(setting.default, key) == setting.default


@pytest.mark.parametrize("key", sorted(k for k, s in SETTINGS.items() if s.kind == "number"))
def test_a_number_setting_refuses_exactly_what_its_shown_range_leaves_out(key):
    setting = SETTINGS[key]
    assert setting.check(setting.minimum, key) == setting.minimum
    assert setting.check(setting.maximum, key) == setting.maximum
    for outside in (setting.minimum - 1, setting.maximum + 1):
        with pytest.raises(ValidationError, match=key):
            setting.check(outside, key)


@pytest.mark.parametrize("key", sorted(k for k, s in SETTINGS.items() if s.kind == "choice"))
def test_a_choice_setting_takes_the_values_it_offers_and_nothing_else(key):
    setting = SETTINGS[key]
    for value, label in setting.choices:
        assert label and setting.check(value, key) == value
    with pytest.raises(ValidationError):
        setting.check("none-of-these", key)


def test_the_schema_lists_every_setting_section_by_section_in_the_views_order(services):
    described = services.settings.describe()
    assert {s["key"] for s in described} == set(SETTINGS)
    sections = list(dict.fromkeys(s["category"] for s in described))
    assert sections == [s for s in SECTIONS if s in sections]
    idle = next(s for s in described if s["key"] == "idleThresholdSeconds")
    assert (idle["label"], idle["section"], idle["minimum"], idle["maximum"], idle["unit"]) == \
        ("Idle after", "Tracking", 10, 86400, "seconds")
    hidden = [s["key"] for s in described if not s["shown"]]
    assert hidden == ["firstRunCompleted"]


def test_only_settings_that_describe_the_person_sync():
    assert "excludedApps" in SYNCED_SETTINGS and "excludedApps" in SET_SETTINGS
    assert not {"trackWindows", "idleThresholdSeconds", "autostart", "updateFeedUrl"} & SYNCED_SETTINGS
    assert SET_SETTINGS <= SYNCED_SETTINGS
    assert all(isinstance(SETTINGS[k].default, list) for k in SET_SETTINGS)


def _event_names_in_the_code() -> set[str]:
    """Every string of the app's code shaped like an event name ("area:something-happened")."""
    found = set()
    for path in Path(lighttrack.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and EVENT_SHAPE.fullmatch(node.value):
                found.add(node.value)
    return found


def test_the_bus_refuses_an_event_that_is_not_in_the_list():
    bus, heard = EventBus(), []
    bus.subscribe(lambda channel, data: heard.append(channel))
    with pytest.raises(ValueError, match="focus:ended"):
        bus.publish("focus:ended", {})
    bus.publish("focus:stopped", {})
    assert heard == ["focus:stopped"]


def test_every_event_named_in_the_code_and_the_page_is_in_the_one_list():
    named = _event_names_in_the_code()
    assert len(named) > 30 and named - set(EVENTS) == set()
    page = (Path(__file__).resolve().parents[2] / "web" / "js" / "channels.js").read_text()
    block = re.search(r"EVENT_CHANNELS\s*=\s*Object\.freeze\(\[(.*?)\]\)", page, re.S)[1]
    assert set(re.findall(r"'([^']+)'", block)) == set(EVENTS)


def test_the_page_reads_the_ratings_and_export_formats_from_the_app():
    assert [r["id"] for r in ratings()] == ["very-productive", "productive", "neutral", "distracting",
                                             "very-distracting"]
    assert [r["pulse"] for r in ratings()] == [100, 75, 50, 25, 0]
    assert [f["id"] for f in export_formats()] == list(EXPORT_FORMATS)
    web = Path(__file__).resolve().parents[2] / "web" / "js"
    for script in web.rglob("*.js"):
        text = script.read_text()
        assert "'very-distracting'" not in text and "'PDF report'" not in text, script.name
