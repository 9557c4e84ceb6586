"""Draw LightTrack's app icon once and write every platform's file from it.

Run from the repo root after changing the drawing: `python packaging/make_icons.py`. Writes
`assets/lighttrack.png` (the 1024 px master), `assets/icons/lighttrack-N.png` (the hicolor sizes of the
Linux desktop entry), `assets/lighttrack.ico` (Windows) and `assets/lighttrack.icns` (macOS).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

MASTER = 1024
SUPERSAMPLE = 2
GREEN, DARK_GREEN, WHITE = (46, 158, 91), (27, 110, 62), (255, 255, 255)
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ASSETS = Path(__file__).resolve().parents[1] / "assets"


def _gradient(size: int) -> Image.Image:
    """A vertical green gradient, lighter at the top."""
    column = Image.new("RGB", (1, size))
    for y in range(size):
        t = y / (size - 1)
        column.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(GREEN, DARK_GREEN)))
    return column.resize((size, size))


def _mask(size: int) -> Image.Image:
    """A rounded square with the macOS icon grid's margin (~10 %) and corner radius (~22 %)."""
    mask = Image.new("L", (size, size), 0)
    margin = size * 0.1
    ImageDraw.Draw(mask).rounded_rectangle((margin, margin, size - margin, size - margin), radius=size * 0.18, fill=255)
    return mask


def _clock(pen: ImageDraw.ImageDraw, size: int) -> None:
    """A white clock face with its hands at four o'clock."""
    c, r = size / 2, size * 0.27
    pen.ellipse((c - r, c - r, c + r, c + r), outline=WHITE, width=round(size * 0.045))
    stroke = round(size * 0.05)
    pen.line((c, c, c, c - r * 0.68), fill=WHITE, width=stroke)
    pen.line((c, c, c + r * 0.55, c + r * 0.22), fill=WHITE, width=stroke)
    dot = size * 0.045
    pen.ellipse((c - dot, c - dot, c + dot, c + dot), fill=WHITE)


def draw() -> Image.Image:
    """The master icon, RGBA, MASTER px square."""
    size = MASTER * SUPERSAMPLE
    face = _gradient(size).convert("RGBA")
    _clock(ImageDraw.Draw(face), size)
    icon = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    icon.paste(face, (0, 0), _mask(size))
    return icon.resize((MASTER, MASTER), Image.Resampling.LANCZOS)


def write(master: Image.Image, assets: Path = ASSETS) -> list[Path]:
    """Write the master PNG, the hicolor PNG sizes, the .ico and the .icns; return the paths written."""
    (assets / "icons").mkdir(parents=True, exist_ok=True)
    written = [assets / "lighttrack.png"]
    master.save(written[0], optimize=True)
    for size in PNG_SIZES:
        path = assets / "icons" / f"lighttrack-{size}.png"
        master.resize((size, size), Image.Resampling.LANCZOS).save(path, optimize=True)
        written.append(path)
    master.save(assets / "lighttrack.ico", sizes=[(s, s) for s in ICO_SIZES])
    master.save(assets / "lighttrack.icns")
    return [*written, assets / "lighttrack.ico", assets / "lighttrack.icns"]


if __name__ == "__main__":
    for path in write(draw()):
        print(f"{path.relative_to(ASSETS.parent)}  {path.stat().st_size / 1024:.0f} KiB")
