"""Rotating log files; nothing a user typed or a window showed is logged at INFO or above."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"
# Libraries that log what they process (fontTools lists every character it subsets into a PDF at INFO, fpdf2 the
# characters a font lacks at WARNING): names must not reach the log that way.
CHATTY = ("fontTools", "fpdf")


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files only their owner can read (0600), the first and every rotated one."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.chmod(self.baseFilename, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


class OneLineFormatter(logging.Formatter):
    """For the terminal: the message only; tracebacks stay in the log file."""

    def format(self, record: logging.LogRecord) -> str:
        return f"lighttrack: {record.getMessage()}"


def _without_traceback(record: logging.LogRecord) -> bool:
    """Failures logged with a traceback are reported to the user by whoever caught them, in one line."""
    return not record.exc_info


def setup(folder: Path, verbose: bool = False, name: str = "lighttrack.log") -> Path:
    """Send logs to `folder`/`name` (1 MB × 5 files) and errors to stderr; return the file."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / name
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    file_handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(file_handler)
    console = logging.StreamHandler()
    console.setLevel(logging.ERROR)
    console.setFormatter(OneLineFormatter())
    console.addFilter(_without_traceback)
    root.addHandler(console)
    for library in CHATTY:
        logging.getLogger(library).setLevel(logging.ERROR)
    return path
