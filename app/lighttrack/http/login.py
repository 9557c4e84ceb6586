"""The dashboard door for a browser: one-time login codes exchanged for a session cookie (as Jupyter does).

`GET /` holds no token. The address `lighttrack serve` prints (and `lighttrack open` makes) carries a
code that works once and for a few minutes; the page that redeems it sets an HttpOnly, SameSite=Strict
cookie and redirects to the address without the code. The session lives as long as this process.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time

CODE_SECONDS = 300.0
MAX_PENDING = 64


class LoginCodes:
    """One-time codes and the sessions they opened. Threading contract: any thread may call any method."""

    def __init__(self, clock=time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._codes: dict[str, float] = {}
        self._sessions: set[str] = set()

    def new_code(self) -> str:
        """A fresh code, valid once for CODE_SECONDS."""
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._drop_expired()
            while len(self._codes) >= MAX_PENDING:
                self._codes.pop(next(iter(self._codes)))
            self._codes[code] = self._clock() + CODE_SECONDS
        return code

    def redeem(self, code: str) -> str | None:
        """A new session id for a valid code (which is then spent), else None."""
        with self._lock:
            self._drop_expired()
            match = next((c for c in self._codes if hmac.compare_digest(c.encode(), code.encode())), None)
            if match is None:
                return None
            del self._codes[match]
            session = secrets.token_urlsafe(32)
            self._sessions.add(session)
            return session

    def is_session(self, session: str) -> bool:
        with self._lock:
            return any(hmac.compare_digest(s.encode(), session.encode()) for s in self._sessions)

    def _drop_expired(self) -> None:
        now = self._clock()
        for code in [c for c, until in self._codes.items() if until < now]:
            del self._codes[code]
