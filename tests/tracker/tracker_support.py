"""Constants the tracker tests share."""

from __future__ import annotations

from datetime import datetime, timezone

START = datetime(2025, 3, 10, 9, 0, 0, tzinfo=timezone.utc)
