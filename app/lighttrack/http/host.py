"""What the HTTP layer needs from the running app, kept apart from the Flask app so the app can be built late."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..channels.registry import Registry
from ..core.activitywatch.service import ActivityWatchService
from .events import EventStreams
from .login import LoginCodes


@dataclass
class ApiHost:
    """What the HTTP layer needs from the running app."""

    registry: Registry
    streams: EventStreams
    token: str
    web_dir: Path
    port: int
    problems: Callable[[], list[str]] = lambda: []
    started: float = field(default_factory=time.monotonic)
    activitywatch: ActivityWatchService | None = None
    login: LoginCodes = field(default_factory=LoginCodes)

    def own_addresses(self) -> set[str]:
        """The Host headers a request to this instance may carry (any other is refused: DNS rebinding)."""
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    @property
    def session_cookie(self) -> str:
        """Cookies ignore ports: each instance names its own."""
        return f"lighttrack-session-{self.port}"

    def login_url(self) -> str:
        """The dashboard's address with a fresh one-time login code."""
        return f"http://127.0.0.1:{self.port}/?code={self.login.new_code()}"
