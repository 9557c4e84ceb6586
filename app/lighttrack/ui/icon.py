"""The tray icon: one coloured disc with a white glyph per state, readable at 16 px.

Drawn here without an image library, so the tray process does not carry one (Pillow cost it ~5 MB): each shape is a
signed distance (negative inside, in the units of a 64-unit grid), and a pixel takes the share of it that lies inside
(0.5 minus the distance in pixels, clamped), which anti-aliases every edge at every size. pystray's own backends take
a Pillow image, made from the same pixels by `pillow_image`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

SIZE = 64  # the grid the shapes are given in, and the size of the Pillow image
COLOURS = {"stopped": "#7a828e", "running": "#2e9e5b", "paused": "#e0a100", "idle": "#3f7fd9", "focus": "#d9483b"}
WHITE = "#ffffff"

Distance = Callable[[float, float], float]


def disc(cx: float, cy: float, r: float) -> Distance:
    return lambda x, y: math.hypot(x - cx, y - cy) - r


def ring(cx: float, cy: float, r: float, width: float) -> Distance:
    return lambda x, y: abs(math.hypot(x - cx, y - cy) - r) - width / 2


def box(left: float, top: float, right: float, bottom: float, radius: float = 0.0) -> Distance:
    cx, cy, hx, hy = (left + right) / 2, (top + bottom) / 2, (right - left) / 2 - radius, (bottom - top) / 2 - radius

    def distance(x: float, y: float) -> float:
        qx, qy = abs(x - cx) - hx, abs(y - cy) - hy
        return math.hypot(max(qx, 0.0), max(qy, 0.0)) + min(max(qx, qy), 0.0) - radius
    return distance


def triangle(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> Distance:
    """A triangle given clockwise on screen (y down): outside of any edge is outside."""
    edges = ((a, b), (b, c), (c, a))

    def distance(x: float, y: float) -> float:
        outside = [_edge_side(p, q, x, y) for p, q in edges]
        if max(outside) <= 0:
            return max(outside)  # inside: the nearest edge, as a negative distance
        return min(_segment_distance(p, q, x, y) for p, q in edges)
    return distance


def _edge_side(p: tuple[float, float], q: tuple[float, float], x: float, y: float) -> float:
    """Signed distance of (x, y) from the line p→q: positive on the side away from a clockwise triangle's inside."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    return (dy * (x - p[0]) - dx * (y - p[1])) / math.hypot(dx, dy)


def _segment_distance(p: tuple[float, float], q: tuple[float, float], x: float, y: float) -> float:
    dx, dy = q[0] - p[0], q[1] - p[1]
    t = max(0.0, min(1.0, ((x - p[0]) * dx + (y - p[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - p[0] - t * dx, y - p[1] - t * dy)


def _layers(mode: str) -> list[tuple[Distance, str]]:
    """The shapes of `mode`'s icon, bottom first, each with its colour."""
    colour = COLOURS[mode]
    glyphs: dict[str, list[tuple[Distance, str]]] = {
        "stopped": [(box(21, 21, 44, 44, 3), WHITE)],
        "running": [(triangle((24, 17), (48, 32), (24, 47)), WHITE)],
        "paused": [(box(20, 18, 29, 47), WHITE), (box(36, 18, 45, 47), WHITE)],
        "idle": [(disc(32.5, 30.5, 16.5), WHITE), (disc(40.5, 24.5, 16.5), colour)],  # a crescent moon
        "focus": [(ring(32.5, 32.5, 16, 5), WHITE), (disc(32.5, 32.5, 6.5), WHITE)],
    }
    return [(disc(32, 32, 30), colour), *glyphs[mode]]


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@lru_cache(maxsize=len(COLOURS) * 4)  # five states at the few sizes a tray asks for
def pixels(mode: str, size: int) -> bytes:
    """`mode`'s icon at `size` × `size` px: RGBA, 8 bits each, alpha not premultiplied, rows top to bottom."""
    background, *glyph = [(distance, _rgb(colour)) for distance, colour in _layers(mode)]
    scale = SIZE / size
    out = bytearray(size * size * 4)
    for row in range(size):
        y = (row + 0.5) * scale
        for column in range(size):
            x = (column + 0.5) * scale
            alpha = _coverage(background[0](x, y), scale)
            if alpha == 0.0:
                continue  # outside the disc: transparent, and every glyph lies inside it
            rgb = background[1]
            for distance, colour in glyph:
                share = _coverage(distance(x, y), scale)
                if share:
                    rgb = tuple(c + (g - c) * share for c, g in zip(rgb, colour))
            at = (row * size + column) * 4
            out[at:at + 4] = bytes((round(rgb[0]), round(rgb[1]), round(rgb[2]), round(alpha * 255)))
    return bytes(out)


def _coverage(distance: float, scale: float) -> float:
    """The share of a pixel inside a shape whose edge is `distance` grid units from the pixel's centre."""
    return min(1.0, max(0.0, 0.5 - distance / scale))


@dataclass(frozen=True)
class Glyph:
    """The icon of one state, as LightTrack's own tray backends take it (they ask for the sizes they need)."""

    mode: str

    def argb(self, size: int) -> bytes:
        """ARGB32 in network byte order, as StatusNotifierItem's IconPixmap has it."""
        rgba = pixels(self.mode, size)
        argb = bytearray(len(rgba))
        argb[0::4], argb[1::4], argb[2::4], argb[3::4] = rgba[3::4], rgba[0::4], rgba[1::4], rgba[2::4]
        return bytes(argb)


def pillow_image(mode: str) -> Image:
    """The icon of `mode` as the Pillow image pystray's backends take (only they load Pillow)."""
    from PIL import Image as PillowImage

    return PillowImage.frombytes("RGBA", (SIZE, SIZE), pixels(mode, SIZE))
