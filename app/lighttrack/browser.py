"""The dashboard in the user's web browser, opened without a secret on the browser's command line."""

from __future__ import annotations

import webbrowser
from pathlib import Path

from .store.files import atomic_write

REDIRECT_FILE = "open-dashboard.html"


def open_in_browser(data_dir: Path, url: str) -> bool:
    """Open `url` (which carries a one-time code) through a private redirect page, as Jupyter does.

    Other local accounts see the browser's command line (`ps`); the code stays in a 0600 file instead.
    """
    page = data_dir / REDIRECT_FILE
    html = (f'<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">'
            f'<meta http-equiv="refresh" content="0;url={url}"><title>LightTrack</title>'
            f'<p>Opening <a href="{url}">the LightTrack dashboard</a>…</p>')
    atomic_write(page, html.encode(), 0o600)
    return bool(webbrowser.open(page.resolve().as_uri()))
