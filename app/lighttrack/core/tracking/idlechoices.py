"""The idle-return choices: one list, one wording, one order and one duration format for every door
(dashboard banner, tray menu, notification buttons, command line), served through `idle:getChoices`."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

TITLE = "Welcome back"


@dataclass(frozen=True)
class IdleChoice:
    id: str
    label: str
    hint: str


CHOICES = (
    IdleChoice("resume", "Discard and resume", "Drop the time away and carry on"),
    IdleChoice("keep", "Keep as worked", "Count the time away as worked time"),
    IdleChoice("newActivity", "Log as new activity", "Record the time away as its own activity"),
    IdleChoice("stop", "Stop at idle start", "Stop the activity when you left"),
)
IDS = tuple(choice.id for choice in CHOICES)
LABELS = {choice.id: choice.label for choice in CHOICES}


def public() -> list[dict[str, Any]]:
    """idle:getChoices: the choices in the order every door shows them."""
    return [asdict(choice) for choice in CHOICES]


def away_text(ms: int) -> str:
    """The one way an absence is written: "40 s", "12 min", "1 h 05 min"."""
    seconds = max(0, round(ms / 1000))
    if seconds < 60:
        return f"{seconds} s"
    hours, minutes = divmod(seconds // 60, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def prompt_text(activity_name: str | None, away_ms: int) -> str:
    """The question under the title, the same in the banner, the notification and the command line."""
    name = activity_name or "Your activity"
    return f"You were away {away_text(away_ms)}. \u201c{name}\u201d is paused since you left."
