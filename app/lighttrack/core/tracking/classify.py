"""Project detection and category classification of window samples (pure, no I/O but a cached `.git` lookup)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from .window import Window

VSCODE_APPS = ("code", "code-oss", "codium", "vscodium", "cursor", "code - insiders")
VSCODE_SUFFIX = re.compile(r"(?i)^(visual studio code|vscodium|code - oss|cursor)( - insiders)?$")
JETBRAINS_APPS = ("pycharm", "idea", "webstorm", "goland", "clion", "rider", "phpstorm", "rubymine",
                  "datagrip", "rustrover", "studio", "android-studio", "fleet")
TERMINAL_APPS = ("xterm", "uxterm", "gnome-terminal-server", "gnome-terminal", "konsole", "alacritty", "kitty",
                 "wezterm-gui", "wezterm", "foot", "tilix", "terminator", "urxvt", "st", "xfce4-terminal",
                 "terminal", "iterm2", "windowsterminal", "cmd", "powershell", "pwsh", "vim", "nvim", "gvim", "emacs")
_SEPARATORS = re.compile(r" [—–-] ")
_BRACKETED = re.compile(r"\s*\[[^\]]*\]\s*")
_PATH = re.compile(r"(?:^|[\s(:\[])((?:~|/|[A-Za-z]:\\)[^\s:()\[\]]*)")
_NOT_FOLDER = re.compile(r"(?i)^(welcome|untitled-\d+|settings|extension: .*|release notes.*|keyboard shortcuts)$")


@dataclass(frozen=True)
class Label:
    """What a sample is about: the project (id or None), the category (id or None), the detected folder."""

    projectId: str | None
    category: str | None
    detected: str | None = None


def app_key(window: Window) -> str:
    return window.app.casefold().removesuffix(".exe")


def vscode_folder(title: str) -> str | None:
    """'file — folder — Visual Studio Code' (or ' - ' on Linux/Windows) → 'folder'."""
    parts = _SEPARATORS.split(title.lstrip("●• "))
    if len(parts) < 2 or not VSCODE_SUFFIX.match(parts[-1].strip()):
        return None
    folder = _BRACKETED.sub("", parts[-2] if len(parts) >= 3 else parts[0]).strip()
    if len(parts) == 2 and ("." in folder or _NOT_FOLDER.match(folder)):
        return None  # 'file.py - Visual Studio Code' with no folder open
    return folder or None


def jetbrains_project(title: str) -> tuple[str | None, str | None]:
    """'project – file' or 'project [~/path] – file – IDE' → (project, path or None)."""
    first = _SEPARATORS.split(title, maxsplit=1)[0]
    path = re.search(r"\[([^\]]+)\]", first)
    name = _BRACKETED.sub("", first).strip()
    return (name or None), (path[1] if path else None)


def title_path(title: str) -> str | None:
    """A directory named in a terminal or vim title ('user@host: ~/code/x', 'main.py (~/code/x) - VIM')."""
    match = _PATH.search(title)
    return match[1].rstrip("/\\") or "/" if match else None


@lru_cache(maxsize=512)
def git_root(path: str) -> str | None:
    """The nearest folder at or above `path` holding a `.git`, or None."""
    current = os.path.expanduser(path)
    while current and os.path.isabs(current):
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent
    return None


def detect_project(window: Window) -> tuple[str | None, str | None]:
    """Return (project name, folder path) guessed from the app's title format or working directory."""
    app = app_key(window)
    if app in VSCODE_APPS or VSCODE_SUFFIX.match(_SEPARATORS.split(window.title)[-1].strip()):
        return vscode_folder(window.title), None
    if any(app.startswith(name) for name in JETBRAINS_APPS):
        name, path = jetbrains_project(window.title)
        return name, (path and git_root(path)) or path
    if app in TERMINAL_APPS:
        for candidate in (title_path(window.title), window.cwd):
            root = git_root(candidate) if candidate else None
            if root:
                return PurePath(root).name, root
    return None, None


class Classifier:
    """Labels windows with the user's rules first, then project detection.

    `rules` are rule documents sorted by priority (see core/records/rules.py); `projects` maps
    lower-cased project names to ids, so a detected folder named like a project maps to it.
    """

    def __init__(self, rules: Sequence[Mapping[str, Any]], projects: dict[str, str]) -> None:
        self._rules = [(rule, re.compile(rule["titlePattern"]) if rule.get("titlePattern") else None)
                       for rule in rules if rule.get("enabled", True)]
        self._projects = projects

    def label(self, window: Window, domain: str | None = None) -> Label:
        """The window's project and category; `domain` is the web site of a browser tab, when known."""
        detected, path = (None, None) if window.private else detect_project(window)
        paths = [p for p in (path, window.cwd, window.exe) if p]
        project = self._first(window, paths, "project", domain) or self._projects.get((detected or "").casefold())
        return Label(project, self._first(window, paths, "category", domain), detected)

    def _first(self, window: Window, paths: list[str], kind: str, domain: str | None) -> str | None:
        for rule, pattern in self._rules:
            if rule["kind"] == kind and _matches(rule, pattern, window, paths, domain):
                label: str | None = rule["projectId"] if kind == "project" else rule["categoryId"]
                return label
        return None


def _matches(rule: Mapping[str, Any], pattern: re.Pattern[str] | None, window: Window, paths: list[str],
             domain: str | None) -> bool:
    if rule.get("app") and rule["app"].casefold() not in (app_key(window), window.app.casefold()):
        return False
    wanted = rule.get("domain")
    if wanted and not (domain and (domain.casefold() == wanted or domain.casefold().endswith("." + wanted))):
        return False
    if pattern is not None and not pattern.search(window.title):
        return False
    if rule.get("path"):
        prefix = os.path.expanduser(rule["path"]).rstrip("/\\")
        if not any(os.path.expanduser(p) == prefix or os.path.expanduser(p).startswith(prefix + os.sep) for p in paths):
            return False
    return True
