"""What counts as productive, defined once: the five ratings a category can have, each with its level and its weight
in the productivity pulse, and the tags whose time is not productive work. Analytics, the PDF report and the
dashboard (through category:getRatings) all read these."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

NOT_PRODUCTIVE_TAGS = ("break", "meeting")  # activities tagged so count as total time, never as productive time


@dataclass(frozen=True)
class Rating:
    id: str
    label: str
    level: int  # 0 very distracting … 4 very productive

    @property
    def pulse(self) -> int:
        """This rating's weight in the 0–100 productivity pulse."""
        return pulse_weight(self.level)

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "level": self.level, "pulse": self.pulse}


RATINGS = (Rating("very-productive", "Very productive", 4), Rating("productive", "Productive", 3),
           Rating("neutral", "Neutral", 2), Rating("distracting", "Distracting", 1),
           Rating("very-distracting", "Very distracting", 0))
LEVELS = {rating.id: rating.level for rating in RATINGS}
DISTRACTING_AT_MOST = LEVELS["distracting"]
VERY_PRODUCTIVE = LEVELS["very-productive"]


def pulse_weight(level: int) -> int:
    """The pulse weight (0–100) of a rating level."""
    return level * 25


def is_productive(tags: Iterable[str]) -> bool:
    """Whether an activity with `tags` is productive work (not a break, not a meeting); tags match in any case."""
    if not tags:  # most activities: called for each of them on every day of a year's figures
        return True
    return not any(tag.lower() in NOT_PRODUCTIVE_TAGS for tag in tags)


def ratings() -> list[dict[str, Any]]:
    """category:getRatings: the ratings, most productive first, with their labels and pulse weights."""
    return [rating.public() for rating in RATINGS]
