"""What the dashboard window needs from WebKitGTK itself (pywebview's GTK backend only).

WebKitGTK derives navigator.language from the LC_CTYPE locale by cutting it at the dot, so the common `C.UTF-8`
becomes "C": not a language tag, and every `Intl` constructor given navigator.language throws. The charts library
does that when its module loads, which stopped the whole page from starting. Handing WebKit the user's languages
as proper tags (the same list GLib gives gettext, honouring $LANGUAGE) avoids it.
"""

from __future__ import annotations

import gi

try:
    gi.require_version("WebKit2", "4.1")  # the version pywebview prefers; it falls back to 4.0 the same way
except ValueError:
    gi.require_version("WebKit2", "4.0")
from gi.repository import GLib, WebKit2  # after the version is chosen

FALLBACK = "en-US"
NOT_LANGUAGES = ("C", "POSIX")


def language_tags(locale_names: list[str]) -> list[str]:
    """BCP 47 tags from GLib's locale names (`de_DE.UTF-8`, `de_DE`, `de`, `C`), most wanted first."""
    tags: list[str] = []
    for name in locale_names:
        if "." in name or "@" in name or name in NOT_LANGUAGES:
            continue  # each codeset or modifier variant also comes without it, and C means "no language"
        tag = name.replace("_", "-")
        if tag not in tags:
            tags.append(tag)
    return tags or [FALLBACK]


def use_user_languages() -> None:
    """Set navigator.language(s) and the Intl default of every page WebKit shows in this process.

    Must run before the first web view is created: the setting is process-wide in WebKit and reaches the
    web processes it starts afterwards."""
    WebKit2.WebContext.get_default().set_preferred_languages(language_tags(GLib.get_language_names()))
