"""The tray icon, drawn with Pillow: one glyph and colour per state, readable at 16 px."""

from __future__ import annotations

from PIL import Image, ImageDraw

SIZE = 64
COLOURS = {"stopped": "#7a828e", "running": "#2e9e5b", "paused": "#e0a100", "idle": "#3f7fd9", "focus": "#d9483b"}


def draw(mode: str) -> Image.Image:
    """An RGBA image for stopped / running / paused / idle / focus."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.ellipse((2, 2, SIZE - 3, SIZE - 3), fill=COLOURS[mode])
    GLYPHS[mode](pen)
    return image


def _stopped(pen: ImageDraw.ImageDraw) -> None:
    pen.rounded_rectangle((21, 21, 43, 43), radius=3, fill="white")


def _running(pen: ImageDraw.ImageDraw) -> None:
    pen.polygon([(24, 17), (24, 47), (48, 32)], fill="white")


def _paused(pen: ImageDraw.ImageDraw) -> None:
    pen.rectangle((20, 18, 28, 46), fill="white")
    pen.rectangle((36, 18, 44, 46), fill="white")


def _idle(pen: ImageDraw.ImageDraw) -> None:
    pen.ellipse((16, 14, 48, 46), fill="white")
    pen.ellipse((24, 8, 56, 40), fill=COLOURS["idle"])


def _focus(pen: ImageDraw.ImageDraw) -> None:
    pen.ellipse((14, 14, 50, 50), outline="white", width=5)
    pen.ellipse((26, 26, 38, 38), fill="white")


GLYPHS = {"stopped": _stopped, "running": _running, "paused": _paused, "idle": _idle, "focus": _focus}
