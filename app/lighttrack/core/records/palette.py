"""The colours new and imported projects and tags get: a curated palette, distinct and readable in both themes.

Each colour keeps at least 3:1 contrast against the light (#ffffff) and the dark (#1d2026) surface, so a dot or a
bar stays visible in either theme and in the PDF; none is black, and none is the default project's cyan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

PALETTE = (
    "#e5484d", "#3e63dd", "#30a46c", "#f76b15", "#8e4ec6", "#12a594", "#d6409f", "#a18072",
    "#0d74ce", "#c2850c", "#6e56cf", "#46a758", "#e54666", "#978365",
)


def next_color(used: Iterable[str | None]) -> str:
    """The first palette colour nobody uses yet; when all are taken, the least used one (palette order breaks ties)."""
    counts = Counter((c or "").lower() for c in used)
    return min(PALETTE, key=lambda color: (counts[color], PALETTE.index(color)))
