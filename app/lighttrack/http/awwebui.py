"""`/aw/`: the aw-webui build the user pointed LightTrack at, same-origin with /api/0 (LightTrack ships none).

Its files as they are, and for any other address its index.html (aw-webui routes in the page), with the index's
root-relative links (`/js/…`, `/static/…`) moved under /aw/.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

WEBUI_PREFIX = "/aw/"
ROOT_LINK = re.compile(r'\b(src|href)="/(?!/|aw/)')
NO_WEBUI = ("No aw-webui build is set: start LightTrack with `lighttrack serve --aw-webui DIR` or set awWebuiFolder "
            "to a folder that holds aw-webui's index.html.")
TEXT = {"Content-Type": "text/plain; charset=utf-8"}
FILE_PIECE = 256 * 1024

WebuiAnswer = tuple[int, bytes | Iterable[bytes], dict[str, str]]


def webui_answer(folder: Path | None, path: str, environ: dict[str, Any]) -> WebuiAnswer:
    """The answer to a request for `path` (/aw or under /aw/) from the build in `folder`."""
    method = environ.get("REQUEST_METHOD", "GET")
    if not path.startswith(WEBUI_PREFIX):
        return 308, b"", {"Location": WEBUI_PREFIX}
    if method not in ("GET", "HEAD"):
        return 405, f"{method} is not allowed on {path[:200]}.".encode(), {**TEXT, "Allow": "GET, HEAD"}
    if folder is None or not (folder / "index.html").is_file():
        return 404, NO_WEBUI.encode(), TEXT
    name = path[len(WEBUI_PREFIX):]
    if name and _inside(name) and (folder / name).is_file():
        return _file(folder / name, environ)
    if name and "." in name.rsplit("/", 1)[-1]:
        return 404, f"aw-webui has no file {name[:200]}.".encode(), TEXT
    return _index(folder)


def _inside(name: str) -> bool:
    """Whether `name` stays inside the build's folder (no `..`, no absolute path, no backslash or NUL)."""
    return not name.startswith("/") and "\\" not in name and "\x00" not in name and ".." not in name.split("/")


def _file(path: Path, environ: dict[str, Any]) -> WebuiAnswer:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml"):
        kind += "; charset=utf-8"
    handle = path.open("rb")
    headers = {"Content-Type": kind, "Content-Length": str(path.stat().st_size), "Cache-Control": "no-cache",
               "X-Content-Type-Options": "nosniff"}
    wrapper = environ.get("wsgi.file_wrapper")
    return 200, wrapper(handle, FILE_PIECE) if wrapper else _pieces(handle), headers


def _pieces(handle: Any) -> Iterable[bytes]:
    with handle:
        while piece := handle.read(FILE_PIECE):
            yield piece


def _index(folder: Path) -> WebuiAnswer:
    html = (folder / "index.html").read_text(encoding="utf-8", errors="replace")
    return 200, ROOT_LINK.sub(r'\1="/aw/', html).encode(), {"Content-Type": "text/html; charset=utf-8",
                                                            "Cache-Control": "no-store"}
