"""Where exports go: the user's documents folder (LIGHTTRACK_EXPORT_DIR overrides it) or a chosen path."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import platformdirs

from ...errors import ValidationError
from .formats import SUFFIXES

ENV_DIR = "LIGHTTRACK_EXPORT_DIR"


def export_dir() -> Path:
    """The default export folder: $LIGHTTRACK_EXPORT_DIR, else Documents/LightTrack/exports."""
    chosen = os.environ.get(ENV_DIR)
    return Path(chosen) if chosen else Path(platformdirs.user_documents_dir()) / "LightTrack" / "exports"


def file_name(kind: str, moment: datetime) -> str:
    prefix = "lighttrack_backup" if kind == "backup" else "lighttrack_export"
    return f"{prefix}_{moment:%Y-%m-%d_%H-%M-%S}{SUFFIXES[kind]}"


def target(kind: str, chosen: object, moment: datetime) -> Path:
    """The file to write: `chosen` (a file, or a folder to put it in) or a fresh name in the export folder.

    A chosen file always gets the format's suffix, so an export can't overwrite a file of another kind.
    """
    if chosen is None:
        folder = export_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return _unused(folder / file_name(kind, moment))
    if not isinstance(chosen, str) or not chosen.strip() or len(chosen) > 4096 or "\0" in chosen:
        raise ValidationError("options.path must be a file or folder path (without NUL characters).")
    path = Path(chosen).expanduser()
    if not path.is_absolute():
        raise ValidationError("options.path must be an absolute path.")
    if path.is_dir():
        return _unused(path / file_name(kind, moment))
    if not path.parent.is_dir():
        raise ValidationError(f"options.path: the folder {str(path.parent)[:200]!r} does not exist.")
    path = path if path.suffix.lower() == SUFFIXES[kind] else path.with_name(path.name + SUFFIXES[kind])
    if path.exists() or path.is_symlink():
        raise ValidationError(f"options.path: {path.name[:200]!r} exists already; LightTrack never overwrites a file, "
                              "so choose a new name.")
    return path


def _unused(path: Path) -> Path:
    """`path`, or `name_2.ext`, `name_3.ext`… when exports follow each other within a second."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}_{number}{path.suffix}")
    return candidate
