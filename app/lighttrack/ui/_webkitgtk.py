"""What the dashboard window needs from WebKitGTK itself (pywebview's GTK backend only).

Languages: WebKitGTK derives navigator.language from the LC_CTYPE locale by cutting it at the dot, so the common
`C.UTF-8` becomes "C": not a language tag, and every `Intl` constructor given navigator.language throws. The charts
library does that when its module loads, which stopped the whole page from starting. Handing WebKit the user's
languages as proper tags (the same list GLib gives gettext, honouring $LANGUAGE) avoids it.

Opacity: see `opaque_web_view`.
"""

from __future__ import annotations

import gi

gi.require_version("Gtk", "3.0")  # WebKit2 4.x is built on GTK 3, as pywebview's GTK backend
try:
    gi.require_version("WebKit2", "4.1")  # the version pywebview prefers; it falls back to 4.0 the same way
except ValueError:
    gi.require_version("WebKit2", "4.0")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402  (after the versions are chosen)

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


def opaque_web_view(window: Gtk.Window) -> None:
    """Make the window's web view opaque before its first load starts.

    pywebview keeps the view transparent and makes it opaque from an idle callback once the load has started. The
    redraw that follows finds no painted page, and WebKit's UI process then waits up to 500 ms for the web process
    to paint one (its drawing area's forced update). When the web process is at that instant itself waiting for the
    window process (it does as the load starts), the window's main loop stood still the whole 500 ms: 3 openings of
    14 took 1.1 s instead of 0.6 s. Drawn opaque from the start, the first redraw comes while the web process is
    still launching, when WebKit does not wait; the view shows its background colour until the page paints.
    Must run on the GUI thread, before the load starts (pywebview's before_show event)."""
    view = web_view(window)
    if view is not None:
        view.set_opacity(1.0)


def web_view(widget: Gtk.Widget) -> WebKit2.WebView | None:
    """The first WebKit web view in `widget`'s tree (pywebview nests it in a scrolled window)."""
    if isinstance(widget, WebKit2.WebView):
        return widget
    children = widget.get_children() if isinstance(widget, Gtk.Container) else []
    return next((view for view in map(web_view, children) if view is not None), None)
