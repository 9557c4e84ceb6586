"""Rotating log files; nothing a user typed or a window showed is logged at INFO or above."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"


def setup(folder: Path, verbose: bool = False) -> Path:
    """Send logs to `folder`/lighttrack.log (1 MB × 5 files) and warnings to stderr; return the file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "lighttrack.log"
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(file_handler)
    console = logging.StreamHandler()
    console.setLevel(logging.ERROR)
    console.setFormatter(logging.Formatter("lighttrack: %(message)s"))
    root.addHandler(console)
    return path
