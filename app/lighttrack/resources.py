"""Where bundled resources and user data live, from source and from a PyInstaller bundle alike."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "LightTrack"


def resource_dir(name: str) -> Path:
    """Return a bundled folder (`web`, `assets`): beside the frozen executable's files or in the repo."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parents[2]
    return root / name


def default_data_dir() -> Path:
    """The data folder: $LIGHTTRACK_DATA_DIR, else the platform's user data folder."""
    if os.environ.get("LIGHTTRACK_DATA_DIR"):
        return Path(os.environ["LIGHTTRACK_DATA_DIR"])
    from platformdirs import user_data_dir
    return Path(user_data_dir(APP_NAME, appauthor=False))


def log_dir(data_dir: Path, data_dir_chosen: bool) -> Path:
    """Logs go beside a chosen data folder, else into the platform's log folder."""
    if data_dir_chosen:
        return data_dir / "logs"
    from platformdirs import user_log_dir
    return Path(user_log_dir(APP_NAME, appauthor=False))
