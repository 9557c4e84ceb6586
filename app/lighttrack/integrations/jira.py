"""Jira: import projects, push a worklog per stopped activity linked to an issue, update or remove it after edits.

Cloud: site URL + e-mail + API token (Basic auth). Server / Data Center: a personal access token (Bearer).
A worklog whose creation timed out may exist anyway; the next attempt looks for it before posting again.
"""

from __future__ import annotations

import base64
import math
from datetime import timedelta
from typing import Any, cast

from ..core.timing.isotime import from_iso
from ..core.integrations.worklogs import ISSUE_KEY, WorklogBook, find_issue_key, plan
from ..errors import NotFoundError, ValidationError
from .base import Field, Integration, Work
from .transport import ServiceError, Transport

EVENTS = ("activity:stopped", "activity:updated", "activity:deleted")
WORKLOG = "worklog"


def jira_time(iso: str) -> str:
    """Jira's `started` form: yyyy-MM-dd'T'HH:mm:ss.SSSZ, e.g. 2026-11-21T09:00:00.000+0000."""
    moment = from_iso(iso)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}" + moment.strftime("%z")


class JiraIntegration(Integration):
    name = "jira"
    label = "Jira"
    listens = frozenset(EVENTS)
    fields = (
        Field("siteUrl", "Site URL", "url"),
        Field("deployment", "Deployment", "choice", default="cloud", choices=("cloud", "server"), required=False),
        Field("email", "E-mail (Jira Cloud)", required=False),
        Field("apiToken", "API token (Cloud) or personal access token (Server/Data Center)", secret=True),
        Field("importProjects", "Import Jira projects", "boolean", default=True, required=False),
        Field("minSeconds", "Shortest activity to log (seconds)", "number", default=60, required=False),
        Field("lookbackDays", "Days of activities to keep in sync", "number", default=30, required=False),
    )

    def __init__(self, env) -> None:
        super().__init__(env)
        self.book = WorklogBook(env.services.ctx)

    def clean(self, raw: dict) -> tuple[dict, dict]:
        config, secrets = super().clean(raw)
        if config["deployment"] == "cloud" and not config.get("email"):
            raise ValidationError("email is required for Jira Cloud (or choose deployment 'server').")
        return config, secrets

    def _api(self) -> Transport:
        token = self.secrets.get("apiToken") or ""
        if self.config.get("deployment", "cloud") == "cloud":
            pair = base64.b64encode(f"{self.config.get('email')}:{token}".encode()).decode()
            auth = f"Basic {pair}"
        else:
            auth = f"Bearer {token}"
        return self.transport(self.config["siteUrl"] + "/rest/api/2", {"Authorization": auth})

    # -- connection and sync ----------------------------------------------------------------
    def test(self) -> str:
        me = self._api().request("GET", "/myself").json() or {}
        return f"Connected to Jira as {me.get('displayName') or me.get('name') or 'you'}."

    def sync(self) -> list[Work]:
        api = self._api()
        if self.config.get("importProjects", True):
            self._import_projects(api.request("GET", "/project").json() or [])
        return [self._work(a["id"]) for a in self._recent() if self._needs_push(a)]

    def projects(self) -> list[dict]:
        """The Jira projects seen at the last sync: {id, key, name, projectId}."""
        return list(self.state.get("projects", {}).values())

    def _import_projects(self, remote: list[dict]) -> None:
        projects = self.services.projects
        known = self.state.get("projects", {})
        by_name = {p["name"].casefold(): p for p in projects.all()}
        for item in remote:
            key, name = item.get("key"), (item.get("name") or item.get("key") or "")[:200]
            if not key or not name:
                continue
            local = next((p for p in projects.all()
                          if ((p.get("metadata") or {}).get("jira") or {}).get("id") == item.get("id")), None)
            local = local or by_name.get(name.casefold())
            meta = {"jira": {"id": item.get("id"), "key": key}}
            if local is None:
                local = projects.create({"name": name, "metadata": meta})
            elif (local.get("metadata") or {}).get("jira") != meta["jira"]:
                local = projects.update(local["id"], {"metadata": {**(local.get("metadata") or {}), **meta}})
            known[key] = {"id": item.get("id"), "key": key, "name": name, "projectId": local["id"]}
        self.save_state({**self.state, "projects": known})

    def _recent(self) -> list[dict]:
        now = self.services.ctx.now()
        since = now - timedelta(days=self.config.get("lookbackDays") or 30)
        return self.services.activities.between(since, now, include_deleted=True)

    def _needs_push(self, activity: dict) -> bool:
        key = self._key(activity)
        action = plan(activity, self.book.record(activity["id"]), key, self._min_seconds()).action
        return action != "skip"

    # -- events and delivery ----------------------------------------------------------------
    def on_event(self, channel: str, data: Any) -> list[Work]:
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            return [self._work(data["id"])]
        return []

    def _work(self, activity_id: str) -> Work:
        return Work(WORKLOG, {"activityId": activity_id}, key=f"{WORKLOG}:{activity_id}")

    def deliver(self, item: dict) -> None:
        activity_id = item["payload"]["activityId"]
        activity = self.book.activity(activity_id)
        record = self.book.record(activity_id)
        decision = plan(activity, record, self._key(activity) if activity else None, self._min_seconds())
        if decision.action == "skip":
            return
        api = self._api()
        if decision.action in ("delete", "move") and record is not None:
            self._remove(api, record)
            self.book.save(activity_id, None)
            record = None
        if decision.action == "delete" or activity is None:  # plan() only deletes or skips a gone activity
            self._mark(activity_id, activity, "pending", {})
            return
        body = self._body(activity)
        if decision.action == "update" and record is not None:
            api.request("PUT", f"/issue/{decision.key}/worklog/{record['worklogId']}", body=body)
            worklog_id = record["worklogId"]
        else:
            worklog_id = self._create(api, activity_id, cast(str, decision.key), body, record)
        self.book.save(activity_id, {"issueKey": decision.key, "worklogId": worklog_id,
                                     "version": activity.get("syncVersion")})
        self._mark(activity_id, activity, "synced", {"issueKey": decision.key, "worklogId": worklog_id,
                                                     "syncedAt": self.services.ctx.stamp()})

    def refused(self, item: dict, message: str) -> None:
        activity_id = item["payload"]["activityId"]
        activity = self.book.activity(activity_id)
        if activity is not None:
            jira = {**((activity.get("metadata") or {}).get("jira") or {}), "error": message,
                    "lastAttempt": self.services.ctx.stamp()}
            self.book.mark(activity_id, activity.get("syncVersion"), "failed", jira)
            self._publish(activity_id, "failed")

    def _create(self, api: Transport, activity_id: str, key: str, body: dict, record: dict | None) -> str:
        """POST the worklog, unless an earlier attempt whose answer was lost already made it."""
        if record is None or record.get("state") != "posting" or record.get("issueKey") != key:
            self.book.save(activity_id, {"issueKey": key, "state": "posting"})
        else:
            found = self._find_existing(api, key, body)
            if found:
                return found
        created = api.request("POST", f"/issue/{key}/worklog", body=body, retries=0).json() or {}
        return str(created["id"])

    def _find_existing(self, api: Transport, key: str, body: dict) -> str | None:
        listing = api.request("GET", f"/issue/{key}/worklog").json() or {}
        for worklog in listing.get("worklogs", []):
            if (worklog.get("started", "")[:19] == body["started"][:19]
                    and worklog.get("timeSpentSeconds") == body["timeSpentSeconds"]
                    and (worklog.get("comment") or "") == body["comment"]):
                return str(worklog["id"])
        return None

    def _remove(self, api: Transport, record: dict) -> None:
        try:
            api.request("DELETE", f"/issue/{record['issueKey']}/worklog/{record['worklogId']}")
        except ServiceError as exc:
            if exc.status != 404:  # already gone is what we wanted
                raise

    def _body(self, activity: dict) -> dict:
        seconds = max(60, math.ceil(activity["duration"] / 1000))
        return {"started": jira_time(activity["startTime"]), "timeSpentSeconds": seconds,
                "comment": (activity.get("description") or activity["name"])[:32000]}

    def _mark(self, activity_id: str, activity: dict | None, status: str, jira: dict) -> None:
        if activity is not None and not activity.get("isDeleted"):
            self.book.mark(activity_id, activity.get("syncVersion"), status, jira)
            self._publish(activity_id, status)

    def _publish(self, activity_id: str, status: str) -> None:
        self.services.ctx.bus.publish("sync-status-changed", {"integration": self.name, "activityId": activity_id,
                                                              "syncStatus": status})

    # -- linking ------------------------------------------------------------------------------
    def link(self, activity_id: str, key: object) -> dict:
        """Link an activity to an issue chosen in the dashboard (None: unlink); the next round pushes it."""
        if key is not None and (not isinstance(key, str) or not ISSUE_KEY.fullmatch(key)):
            raise ValidationError("issueKey must look like PROJ-123 (or be null).")
        activity = self.book.activity(activity_id)
        if activity is None or activity.get("isDeleted"):
            raise NotFoundError(f"No activity with id {activity_id[:64]!r}.")
        self.book.set_link(activity_id, key)
        return {"activityId": activity_id, "issueKey": self._key(activity)}

    def _key(self, activity: dict) -> str | None:
        return find_issue_key(activity, set(self.state.get("projects", {})) or None, self.book.link(activity["id"]))

    def _min_seconds(self) -> int:
        value = self.config.get("minSeconds")
        return 60 if value is None else value
