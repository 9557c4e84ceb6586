"""Slack: during the work phases of a focus session, a status (emoji, text, expiry) and snoozed notifications;
restored at a break and at the end.

Uses a user token (xoxp-…) with the users.profile:read/write and dnd:write scopes. Slack answers
HTTP 200 with `{"ok": false, "error": …}` for refusals and HTTP 429 with Retry-After for rate limits.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from .base import Field, Integration, Work
from .transport import ServiceError, Transport

FOCUS_START, FOCUS_END = "focus-start", "focus-end"
WORK_BEGINS = frozenset({"focus:started", "focus:work-started"})  # each carries the phase's end as phaseEndsAt
WORK_ENDS = frozenset({"focus:break-started", "focus:stopped"})
RETRYABLE = {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
AUTH = {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive", "missing_scope"}
HARMLESS = {"snooze_not_active", "snooze_end_failed"}




class SlackIntegration(Integration):
    name = "slack"
    label = "Slack"
    listens = WORK_BEGINS | WORK_ENDS
    fields = (
        Field("token", "User OAuth token (xoxp-…)", secret=True),
        Field("statusText", "Status text while focusing", default="Focusing", required=False),
        Field("statusEmoji", "Status emoji", default=":no_bell:", required=False),
        Field("snooze", "Pause notifications while focusing", "boolean", default=True, required=False),
        Field("apiUrl", "API URL", "url", default="https://slack.com/api", required=False),
    )

    def _api(self) -> Transport:
        return self.transport(self.config.get("apiUrl") or "https://slack.com/api",
                              {"Authorization": f"Bearer {self.secrets.get('token') or ''}"})

    def _call(self, api: Transport, method: str, http: str = "POST", **kwargs) -> dict:
        reply = api.request(http, f"/{method}", **kwargs).json() or {}
        if not reply.get("ok"):
            error = str(reply.get("error") or "unknown_error")[:80]
            if error in HARMLESS:
                return reply
            status = 401 if error in AUTH else 0
            message = ("Slack refused the token (" + error + "); reconnect Slack." if error in AUTH
                       else f"Slack refused {method} ({error}).")
            raise ServiceError(message, status, retryable=error in RETRYABLE)
        return reply

    def test(self) -> str:
        reply = self._call(self._api(), "auth.test")
        return f"Connected to Slack as {reply.get('user') or 'you'} ({reply.get('team') or 'workspace'})."

    def on_event(self, channel: str, data: Any) -> list[Work]:
        if channel in WORK_BEGINS:  # each carries the phase's end
            return [Work(FOCUS_START, {"until": data["phaseEndsAt"]}, key="focus")]
        if channel in WORK_ENDS:
            return [Work(FOCUS_END, {}, key="focus-end")]
        return []

    def deliver(self, item: dict) -> None:
        if item["kind"] == FOCUS_START:
            self._start(datetime.fromisoformat(item["payload"]["until"]))
        elif item["kind"] == FOCUS_END:
            self._end()

    def _start(self, until: datetime) -> None:
        now = self.services.ctx.now()
        if until <= now:
            return  # the session ended while Slack was unreachable
        api = self._api()
        state = self.state
        if "previous" not in state:
            profile = self._call(api, "users.profile.get", "GET").get("profile") or {}
            state = {**state, "previous": {k: profile.get(k, "") for k in ("status_text", "status_emoji")}
                     | {"status_expiration": profile.get("status_expiration", 0)}}
            self.save_state(state)
        self._call(api, "users.profile.set", body={"profile": {
            "status_text": self.config.get("statusText") or "Focusing",
            "status_emoji": self.config.get("statusEmoji") or ":no_bell:",
            "status_expiration": int(until.timestamp())}})
        if self.config.get("snooze", True):
            minutes = max(1, math.ceil((until - now).total_seconds() / 60))
            self._call(api, "dnd.setSnooze", form={"num_minutes": minutes})
            self.save_state({**state, "snoozed": True})

    def _end(self) -> None:
        state = self.state
        if "previous" not in state:
            return
        api = self._api()
        previous = dict(state["previous"])
        expiry = previous.get("status_expiration") or 0
        if expiry and expiry <= self.services.ctx.now().timestamp():
            previous = {"status_text": "", "status_emoji": "", "status_expiration": 0}
        self._call(api, "users.profile.set", body={"profile": previous})
        if state.get("snoozed"):
            self._call(api, "dnd.endSnooze")
        self.save_state({k: v for k, v in state.items() if k not in ("previous", "snoozed")})
