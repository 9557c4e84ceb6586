"""Constants the tracker tests share."""

from __future__ import annotations

from datetime import datetime, timezone

START = datetime(2025, 3, 10, 9, 0, 0, tzinfo=timezone.utc)


class RecordingNotifier:
    name = "recording"
    supports_actions = True

    def __init__(self) -> None:
        self.shown: list[dict] = []
        self.closed: list[str] = []

    def show(self, key, summary, body, actions, on_action) -> None:
        self.shown.append({"key": key, "summary": summary, "body": body, "actions": actions, "on_action": on_action})

    def close(self, key) -> None:
        self.closed.append(key)

    def stop(self) -> None:
        pass
