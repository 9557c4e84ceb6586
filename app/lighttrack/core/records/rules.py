"""Classification rules (app / title regex / path → project or category), editable by the user."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from ...errors import ValidationError
from .. import validate
from .catalog import Catalog
from .shapes import Rule
from ...store.repository import Records, Repository
from ..context import Context
from .projects import CategoryService, ProjectService

KINDS = ("project", "category")
USER_PRIORITY = 0
SEED_FLAG = "rulesSeeded"
_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")

# (app, title regex, category): seeded once as ordinary rules, so the user can edit or delete them.
DEFAULT_RULES = [
    (None, r"(?i)youtube|netflix|twitch|prime video|disney\+", "entertainment"),
    (None, r"(?i)twitter|\bx\.com\b|facebook|instagram|reddit|linkedin|mastodon|tiktok", "social media"),
    (None, r"(?i)google meet|zoom meeting|microsoft teams meeting|jitsi", "meetings"),
    *((app, None, "development") for app in (
        "code", "codium", "cursor", "pycharm", "idea", "webstorm", "goland", "clion", "rider", "vim", "nvim", "gvim",
        "emacs", "xterm", "gnome-terminal-server", "konsole", "alacritty", "kitty", "wezterm-gui", "foot", "tilix",
        "windowsterminal", "sublime_text", "zed")),
    *((app, None, "meetings") for app in ("zoom", "teams", "ms-teams", "webex", "skype")),
    *((app, None, "communication") for app in ("slack", "discord", "signal", "telegram-desktop", "thunderbird",
                                               "outlook", "element", "mail")),
    *((app, None, "browsing") for app in ("firefox", "firefox-esr", "chromium", "chrome", "google-chrome", "msedge",
                                          "brave", "safari", "opera", "vivaldi")),
    *((app, None, "entertainment") for app in ("vlc", "mpv", "spotify", "steam", "totem")),
    *((app, None, "design") for app in ("gimp", "inkscape", "figma", "krita", "blender", "darktable")),
    *((app, None, "writing") for app in ("soffice.bin", "libreoffice", "winword", "obsidian", "typora", "notion")),
]


class RuleService(Catalog[Rule]):
    """CRUD of rules; the tracker's classifier reads `all()` in priority order."""

    kind, event = "rule", "rule"
    unique_names = False
    FIELDS: ClassVar[set[str]] = {"kind", "app", "titlePattern", "path", "domain", "projectId", "categoryId", "priority",
                                  "enabled"}

    @staticmethod
    def repository(records: Records) -> Repository:
        return records.rules

    def __init__(self, ctx: Context, projects: ProjectService, categories: CategoryService) -> None:
        super().__init__(ctx)
        self._projects = projects
        self._categories = categories

    def all(self, include_deleted: bool = False) -> list[Rule]:
        return sorted(super().all(include_deleted), key=lambda r: (r["priority"], r["createdAt"], r["id"]))

    def defaults(self) -> dict[str, Any]:
        return {"app": None, "titlePattern": None, "path": None, "domain": None, "projectId": None, "categoryId": None,
                "priority": USER_PRIORITY, "enabled": True}

    def clean(self, data: dict[str, Any], current: dict[str, Any] | None) -> dict[str, Any]:
        validate.only(data, self.FIELDS, "rule")
        fields = {"kind": validate.choice(data.get("kind"), "kind", KINDS)} if "kind" in data or current is None else {}
        checks: dict[str, Callable[[Any], Any]] = {
            "app": lambda v: validate.text(v, "app", 200, required=False),
            "titlePattern": _pattern,
            "path": lambda v: validate.text(v, "path", 1000, required=False),
            "domain": _domain,
            "projectId": lambda v: self._projects.existing_id(v, "projectId"),
            "categoryId": lambda v: self._categories.existing_id(v, "categoryId"),
            "priority": lambda v: validate.number(v, "priority", -1000, 1000, integer=True),
            "enabled": lambda v: validate.boolean(v, "enabled"),
        }
        fields.update({k: check(data[k]) for k, check in checks.items() if k in data})
        _check_complete({**self.defaults(), **(current or {}), **fields})
        return fields

    def ensure_defaults(self) -> int:
        """Seed the default category rules once per data folder; return how many were added."""
        with self._ctx.store.transaction():
            meta = self._ctx.records.meta
            if meta.get(SEED_FLAG):
                return 0
            for number, (app, pattern, category) in enumerate(DEFAULT_RULES):
                priority = 10 if pattern else 50
                self.insert({"kind": "category", "app": app, "titlePattern": pattern, "categoryId": category,
                             "priority": priority}, record_id=f"default-{number:03d}")
            meta.put(SEED_FLAG, {"value": True})
        return len(DEFAULT_RULES)


def _pattern(value: object) -> str | None:
    pattern = validate.text(value, "titlePattern", 500, required=False)
    if pattern:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValidationError(f"titlePattern is not a valid regular expression: {exc}.") from None
    return pattern or None


def _domain(value: object) -> str | None:
    """A web site's domain ('github.com'); it also matches its subdomains."""
    domain = validate.text(value, "domain", 253, required=False)
    domain = (domain or "").strip().casefold().removeprefix("www.")
    if domain and not _DOMAIN.match(domain):
        raise ValidationError("domain must be a web site's name such as github.com.")
    return domain or None


def _check_complete(rule: dict[str, Any]) -> None:
    if not (rule.get("app") or rule.get("titlePattern") or rule.get("path") or rule.get("domain")):
        raise ValidationError("rule: give at least one of app, titlePattern, path or domain.")
    target = "projectId" if rule["kind"] == "project" else "categoryId"
    if not rule.get(target):
        raise ValidationError(f"{target} is required for a {rule['kind']} rule.")
