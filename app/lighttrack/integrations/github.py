"""GitHub: the user's commits and pull requests in the repositories of their projects, read with a token.

Repositories come from the settings (`owner/name`), from a project's `metadata.repository`, and from
a project's `metadata.path` when that folder is a git checkout whose origin is on GitHub.
"""

from __future__ import annotations

import configparser
import re
from datetime import datetime, timedelta
from pathlib import Path

from ..core.integrations.external import ExternalItems
from ..core.timing.isotime import to_iso
from .base import Field, Integration, Work

SOURCE = "github"
REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
ORIGIN = re.compile(r"github\.com[:/]([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?:\.git)?/?$")


def origin_repository(folder: str) -> str | None:
    """'owner/name' of a git checkout's GitHub origin, or None."""
    parser = configparser.ConfigParser(strict=False)
    try:
        parser.read(Path(folder).expanduser() / ".git" / "config", encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return None
    match = ORIGIN.search(parser.get('remote "origin"', "url", fallback=""))
    return match[1] if match else None


class GitHubIntegration(Integration):
    name = "github"
    label = "GitHub"
    fields = (
        Field("token", "Personal access token (read access to the repositories)", secret=True),
        Field("apiUrl", "API URL (GitHub Enterprise)", "url", default="https://api.github.com", required=False),
        Field("repositories", "Repositories (owner/name)", "list", default=[], required=False),
        Field("lookbackDays", "Days to read", "number", default=14, required=False),
    )

    def __init__(self, env) -> None:
        super().__init__(env)
        self.items = ExternalItems(env.services.ctx)

    def _api(self):
        headers = {"Authorization": f"Bearer {self.secrets.get('token') or ''}",
                   "Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        return self.transport(self.config.get("apiUrl") or "https://api.github.com", headers)

    def test(self) -> str:
        return f"Connected to GitHub as {self._login(self._api())}."

    def sync(self) -> list[Work]:
        api = self._api()
        login = self._login(api)
        now = self.services.ctx.now()
        since = now - timedelta(days=self.config.get("lookbackDays") or 14)
        found = []
        for repo, project_id in self.repositories().items():
            found += self._commits(api, repo, login, since, project_id)
            found += self._pulls(api, repo, login, since, project_id)
        self.items.replace_between(SOURCE, since, now + timedelta(days=1), found)
        return []

    def repositories(self) -> dict[str, str | None]:
        """owner/name → the project it belongs to (None for repositories only listed in the settings)."""
        repos: dict[str, str | None] = {r: None for r in self.config.get("repositories") or [] if REPO.match(r)}
        for project in self.services.projects.all():
            meta = project.get("metadata") or {}
            repo = meta.get("repository") if isinstance(meta.get("repository"), str) else None
            if repo is None and isinstance(meta.get("path"), str):
                repo = origin_repository(meta["path"])
            if repo and REPO.match(repo):
                repos[repo] = project["id"]
        return repos

    def _login(self, api) -> str:
        return (api.request("GET", "/user").json() or {}).get("login") or "unknown"

    def _commits(self, api, repo: str, login: str, since, project_id) -> list[dict]:
        listed = api.request("GET", f"/repos/{repo}/commits",
                             query={"author": login, "since": to_iso(since), "per_page": 100}).json() or []
        items = []
        for commit in listed:
            when = ((commit.get("commit") or {}).get("author") or {}).get("date")
            if not when:
                continue
            title = ((commit.get("commit") or {}).get("message") or "").splitlines()[0:1]
            items.append({"id": f"github:{repo}@{commit['sha']}", "kind": "commit", "source": SOURCE,
                          "start": _utc(when), "end": _utc(when), "title": (title[0] if title else "")[:300],
                          "url": commit.get("html_url"), "repository": repo, "projectId": project_id})
        return items

    def _pulls(self, api, repo: str, login: str, since, project_id) -> list[dict]:
        listed = api.request("GET", f"/repos/{repo}/pulls",
                             query={"state": "all", "sort": "updated", "direction": "desc", "per_page": 100}).json() or []
        items = []
        for pull in listed:
            if (pull.get("user") or {}).get("login") != login or _utc(pull["updated_at"]) < to_iso(since):
                continue
            end = pull.get("merged_at") or pull.get("closed_at") or pull["updated_at"]
            items.append({"id": f"github:{repo}#{pull['number']}", "kind": "pullRequest", "source": SOURCE,
                          "start": _utc(pull["created_at"]), "end": _utc(end), "title": (pull.get("title") or "")[:300],
                          "url": pull.get("html_url"), "repository": repo, "projectId": project_id,
                          "state": "merged" if pull.get("merged_at") else pull.get("state")})
        return items


def _utc(value: str) -> str:
    return to_iso(datetime.fromisoformat(value))
