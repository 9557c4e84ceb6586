"""The first-run welcome, the autostart channels and the update check, through the channel registry."""

from __future__ import annotations

import pytest

from lighttrack.autostart import Autostart
from lighttrack.channels.registry import Registry
from lighttrack.onboarding import FIRST_RUN_CHOICES, Onboarding


class MemoryEntry:
    """A login entry in memory."""

    location = "memory:login-items/LightTrack"

    def __init__(self, installed: str | None = None, refuse: bool = False) -> None:
        self.value = installed
        self.refuse = refuse

    def command_line(self, command: list[str]) -> str:
        return " ".join(command)

    def installed(self) -> str | None:
        return self.value

    def install(self, command: list[str]) -> None:
        if self.refuse:
            raise PermissionError(13, "Permission denied")
        self.value = self.command_line(command)

    def remove(self) -> None:
        self.value = None


@pytest.fixture
def setup(services):
    def make(entry: MemoryEntry | None = None):
        entry = entry if entry is not None else MemoryEntry()
        onboarding = Onboarding(services, Autostart(entry, ["/usr/bin/lighttrack"]),
                                lambda: {"version": "0.1.0", "dataDir": "/data", "keyStorage": "key file"})
        registry = Registry()
        onboarding.register(registry)
        onboarding.start()

        def call(channel, *args):
            return registry.dispatch(channel, list(args))
        return call, entry, onboarding
    return make


def test_welcome_says_what_is_tracked_where_and_what_the_os_will_ask(setup):
    call, _, _ = setup()
    welcome = call("app:getWelcome")["data"]
    assert welcome["firstRun"] is True and welcome["dataDir"] == "/data" and welcome["encrypted"] is True
    assert "Nothing leaves this machine" in welcome["privacy"] and len(welcome["tracked"]) == 3
    assert set(welcome["choices"]) == set(FIRST_RUN_CHOICES)
    assert welcome["defaults"]["idleThresholdSeconds"] == 300 and welcome["defaults"]["checkForUpdates"] is False
    assert all({"name", "why", "where"} <= set(p) for p in welcome["permissions"])
    assert welcome["autostart"]["supported"] is True


def test_completing_the_first_run_applies_the_choices_and_the_login_entry(setup, services):
    call, entry, _ = setup()
    done = call("app:completeFirstRun", {"idleThresholdSeconds": 120, "redactTitles": True, "autostart": True})
    assert done["success"], done
    assert done["data"]["firstRun"] is False
    assert services.settings.get("idleThresholdSeconds") == 120 and services.settings.get("redactTitles") is True
    assert entry.value == "/usr/bin/lighttrack"


@pytest.mark.parametrize("choices, field", [
    ({"idleThresholdSeconds": 5}, "choices.idleThresholdSeconds"),
    ({"autostart": "yes"}, "choices.autostart"),
    ({"theme": "dark"}, "theme"),
])
def test_bad_first_run_choices_change_nothing(setup, services, choices, field):
    call, entry, _ = setup()
    reply = call("app:completeFirstRun", {"redactTitles": True, **choices})
    assert reply["code"] == "VALIDATION_ERROR" and field in reply["error"]
    assert services.settings.get("firstRunCompleted") is False and services.settings.get("redactTitles") is False
    assert entry.value is None


def test_set_autostart_validates_and_follows_the_setting_both_ways(setup, services):
    call, entry, _ = setup()
    assert call("app:setAutostart", "on")["code"] == "VALIDATION_ERROR"
    assert call("app:setAutostart", True)["data"]["installed"] is True
    assert services.settings.get("autostart") is True
    services.settings.set("autostart", False)  # e.g. settings:set from the settings view
    assert entry.value is None
    assert call("app:getAutostart")["data"]["enabled"] is False


def test_a_refused_login_entry_keeps_the_setting_off(setup, services):
    call, _, _ = setup(MemoryEntry(refuse=True))
    reply = call("app:setAutostart", True)
    assert reply["success"] is False and "Permission denied" in reply["error"]
    assert services.settings.get("autostart") is False


def test_the_installers_login_entry_is_adopted_before_the_first_run(setup, services):
    setup(MemoryEntry(installed='"C:\\LightTrack\\LightTrack.exe"'))
    assert services.settings.get("autostart") is True


def test_a_wanted_entry_is_restored_at_start(setup, services):
    services.settings.set("autostart", True)
    _, entry, _ = setup()
    assert entry.value == "/usr/bin/lighttrack"


def test_stop_unsubscribes(setup, services):
    _, entry, onboarding = setup()
    onboarding.stop()
    services.settings.set("autostart", True)
    assert entry.value is None
