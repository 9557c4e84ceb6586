"""Hand-offs to the desktop: links in the web browser, files shown in the file manager."""

from __future__ import annotations

import subprocess
import sys
import webbrowser
from pathlib import Path
from urllib.parse import urlsplit

EXTERNAL_SCHEMES = ("http", "https", "mailto")


def open_external(url: object) -> bool:
    """Open an http(s) or mailto link in the user's browser or mail client; anything else is refused."""
    if not isinstance(url, str) or len(url) > 4096 or any(c.isspace() or ord(c) < 32 for c in url):
        return False
    parts = urlsplit(url)
    if parts.scheme not in EXTERNAL_SCHEMES or (parts.scheme != "mailto" and not parts.netloc):
        return False
    return bool(webbrowser.open(url))


def show_in_folder(path: object) -> bool:
    """Open the file manager at an existing file (selected where the platform allows) or folder."""
    if not isinstance(path, str) or not path:
        return False
    target = Path(path).expanduser()
    if not target.exists():
        return False
    subprocess.Popen(_reveal_command(target.resolve()), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return True


def _reveal_command(target: Path) -> list[str]:
    if sys.platform == "win32":
        return ["explorer", f"/select,{target}"]
    if sys.platform == "darwin":
        return ["open", "-R", str(target)]
    return ["xdg-open", str(target if target.is_dir() else target.parent)]
