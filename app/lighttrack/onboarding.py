"""First run, start at login and update awareness: the app:* channels the welcome and settings views use.

`attach` is what the runtime calls once its registry exists; the `Onboarding` it returns keeps the login entry in
step with the `autostart` setting through the event bus, and is started and stopped with the runtime's workers.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from .autostart import Autostart, choose_entry, launch_command
from .channels.registry import Param, Registry
from .core import validate
from .core.records.settingdefs import SETTINGS
from .errors import LightTrackError

log = logging.getLogger(__name__)

FIRST_RUN_CHOICES = ("idleThresholdSeconds", "trackWindows", "redactTitles", "autostart", "checkForUpdates")
TRACKED = (
    "The app in front and its window title, sampled once a second while you use the computer.",
    "When you step away: after the idle threshold without keyboard or mouse input, that time is set aside "
    "for you to keep or drop.",
    "The activities, projects and tags you start, stop and edit.",
)
PRIVACY = ("Nothing leaves this machine: no account, no telemetry, no cloud. Integrations, sync and update checks "
           "only run once you turn them on.")
REMINDERS = "for idle and break reminders"
PERMISSIONS = {  # what the operating system will ask the user to allow, and why
    "darwin": [
        ("Accessibility", "to read the title of the window in front",
         "System Settings → Privacy & Security → Accessibility"),
        ("Screen Recording", "macOS shows other apps' window titles only to apps with this permission; "
                             "LightTrack never captures the screen",
         "System Settings → Privacy & Security → Screen Recording"),
        ("Notifications", REMINDERS, "System Settings → Notifications"),
    ],
    "win32": [("Notifications", REMINDERS, "Settings → System → Notifications")],
    "linux-keyring": [
        ("Keyring", "your desktop's keyring may ask to be unlocked: it holds the key of LightTrack's encrypted data",
         "your desktop's Passwords and Keys"),
    ],
    "linux-wayland-gnome": [
        ("Window titles on GNOME (Wayland)", "GNOME shows the window in front only to a Shell extension: "
                                             "enable LightTrack's (lighttrack@lighttrack.app)", "GNOME Extensions"),
    ],
}


def _desktop_keys(platform: str, env, uses_keyring: bool) -> list[str]:
    """Which permission lists apply to this session: only what this desktop will really ask."""
    if platform != "linux":
        return [platform]
    keys = ["linux-keyring"] if uses_keyring else []
    if env.get("XDG_SESSION_TYPE", "").lower() == "wayland" or env.get("WAYLAND_DISPLAY"):
        desktop = env.get("XDG_CURRENT_DESKTOP", "").lower()
        keys += ["linux-wayland-gnome"] if "gnome" in desktop else []
    return keys


def _permissions(platform: str, env, uses_keyring: bool) -> list[dict]:
    return [{"name": n, "why": why, "where": where}
            for key in _desktop_keys(platform, env, uses_keyring) for n, why, where in PERMISSIONS.get(key, [])]


def _uses_keyring(label: str | None) -> bool:
    return label is not None and label.startswith("OS keyring")


class Onboarding:
    """The welcome, the autostart setting and the update check of one running app.

    Threading contract: channel calls come from API threads, `settings:changed` from any publisher;
    writing the login entry is a small file or registry write done on that thread.
    """

    def __init__(self, services, autostart: Autostart, info: Callable[[], dict]) -> None:
        self._settings = services.settings
        self.autostart = autostart
        self._info = info
        self._unsubscribe = services.ctx.bus.subscribe(self._on_event)

    def register(self, registry: Registry) -> None:
        registry.register("app:getWelcome", self.welcome)
        registry.register("app:completeFirstRun", self.complete_first_run, Param("choices", validate.obj))
        registry.register("app:declineFirstRun", self.decline_first_run)
        registry.register("app:getAutostart", self.autostart_status)
        registry.register("app:setAutostart", self.set_autostart, Param("enabled", validate.boolean))
        registry.register("app:checkForUpdates", self._check_for_updates)

    def _check_for_updates(self) -> dict:
        """app:checkForUpdates; the HTTP client (http.client, ssl: a few MB) loads only when the user asks."""
        from . import updates

        return updates.check(self._settings)

    def start(self) -> None:
        """Refresh a wanted login entry that is missing or stale; before the first run, adopt the installer's."""
        values = self._settings.get_all()
        if values["autostart"]:
            self._apply_logged(True)
        elif not values["firstRunCompleted"] and self.autostart.status(False)["installed"]:
            self._settings.set("autostart", True)  # the installer's "start when I sign in" box was ticked

    def stop(self) -> None:
        self._unsubscribe()

    def welcome(self) -> dict:
        """app:getWelcome: what the first-run screen says and offers."""
        values = self._settings.get_all()
        info = self._info()
        platform = "linux" if sys.platform.startswith("linux") else sys.platform
        return {"firstRun": not values["firstRunCompleted"], "version": info.get("version"), "platform": platform,
                "dataDir": info.get("dataDir"), "keyStorage": info.get("keyStorage"), "encrypted": True,
                "tracked": list(TRACKED), "privacy": PRIVACY,
                "permissions": _permissions(platform, os.environ, _uses_keyring(info.get("keyStorage"))),
                "choices": {key: values[key] for key in FIRST_RUN_CHOICES},
                "defaults": {key: SETTINGS[key].default for key in FIRST_RUN_CHOICES},
                "limits": {"idleThresholdSeconds": [10, 86400]}, "autostart": self.autostart_status()}

    def complete_first_run(self, choices: dict) -> dict:
        """app:completeFirstRun({idleThresholdSeconds?, trackWindows?, redactTitles?, autostart?, checkForUpdates?})."""
        validate.only(choices, FIRST_RUN_CHOICES, "choices")
        cleaned = {key: SETTINGS[key].check(value, f"choices.{key}") for key, value in choices.items()}
        if cleaned.get("autostart"):
            self.autostart.apply(True)  # refused here, before any setting changes, when the system says no
        cleaned.setdefault("trackWindows", True)  # the welcome's box is ticked: saying yes is the answer
        for key, value in cleaned.items():
            self._settings.set(key, value)
        self._settings.set("firstRunCompleted", True)
        return self.welcome()

    def decline_first_run(self) -> dict:
        """app:declineFirstRun: "not now" (Escape on the welcome) records nothing, and the welcome stays answered.

        Tracking starts only when the user turns `trackWindows` on later.
        """
        self._settings.set("trackWindows", False)
        self._settings.set("firstRunCompleted", True)
        return self.welcome()

    def autostart_status(self) -> dict:
        return self.autostart.status(bool(self._settings.get("autostart")))

    def set_autostart(self, enabled: bool) -> dict:
        """app:setAutostart(enabled): write or remove the login entry, then remember the choice."""
        self.autostart.apply(enabled)
        self._settings.set("autostart", enabled)
        return self.autostart_status()

    def _on_event(self, channel: str, data) -> None:
        if channel == "settings:changed" and data.get("key") == "autostart":
            self._apply_logged(data["value"])

    def _apply_logged(self, enabled: bool) -> None:
        try:
            self.autostart.apply(enabled)
        except LightTrackError as exc:
            log.warning("autostart: %s", exc)


def attach(services, registry: Registry, data_dir: Path, info: Callable[[], dict]) -> Onboarding:
    """Register the onboarding channels and start following the `autostart` setting."""
    onboarding = Onboarding(services, Autostart(choose_entry(), launch_command(data_dir)), info)
    onboarding.register(registry)
    return onboarding

