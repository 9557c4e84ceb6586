"""The dashboard window's size and position, remembered in a small file of the data folder."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from pathlib import Path

import orjson

from ..store.files import atomic_write

log = logging.getLogger(__name__)

FILE = "window.json"


@dataclass
class Geometry:
    width: int = 1100
    height: int = 760
    x: int | None = None
    y: int | None = None

    @classmethod
    def load(cls, data_dir: Path) -> Geometry:
        """The saved geometry, or the default when none (or a damaged one) is saved."""
        try:
            saved = orjson.loads((data_dir / FILE).read_bytes())
            return cls(**{k: _int(saved.get(k)) for k in ("width", "height", "x", "y")})._sane()
        except (OSError, ValueError, TypeError, AttributeError):
            return cls()

    def save(self, data_dir: Path) -> None:
        try:
            atomic_write(data_dir / FILE, orjson.dumps(asdict(self._sane())))
        except OSError as exc:
            log.warning("could not remember the window geometry: %s", exc)

    def _sane(self) -> Geometry:
        default = Geometry()
        width = self.width if self.width and 400 <= self.width <= 10000 else default.width
        height = self.height if self.height and 300 <= self.height <= 10000 else default.height
        placed = self.x is not None and self.y is not None and -200 <= self.x <= 20000 and -200 <= self.y <= 20000
        return Geometry(width, height, self.x if placed else None, self.y if placed else None)


def _int(value: object) -> int | None:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
