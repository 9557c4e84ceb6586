"""Folding one project into another: for the same-named projects two devices create while offline (sync keeps
both and the Projects view offers to merge them), and for anyone who split one piece of work in two."""

from __future__ import annotations

from typing import Any

from ...errors import ConflictError, ValidationError
from ...store.activities import ActivityRepository
from ..context import Context
from .activities import reassign_project
from .goals import GoalService
from .projects import DEFAULT_PROJECT_ID, ProjectService
from .shapes import Project
from .rules import RuleService


class ProjectMerge:
    """One store transaction moves the source's activities, goals, rules and sub-projects to the target and
    deletes the source (restorable for 30 days like any deleted project); the events follow the commit."""

    def __init__(self, ctx: Context, projects: ProjectService, goals: GoalService, rules: RuleService) -> None:
        self._ctx = ctx
        self._projects = projects
        self._goals = goals
        self._rules = rules

    def merge(self, source_id: object, target_id: object) -> dict[str, Any]:
        with self._ctx.store.transaction():
            source, target = self._pair(source_id, target_id)
            activities = reassign_project(ActivityRepository(self._ctx.store), source["id"], target["id"],
                                          self._ctx.stamp())
            goals = self._goals.reassign("projectId", source["id"], target["id"])
            rules = self._rules.reassign("projectId", source["id"], target["id"])
            children = self._adopt_children(source, target)
            kept = self._keep_client(source, target)
            removed = self._projects.amend(source["id"], {"isDeleted": True, "deletedAt": self._ctx.stamp()})
        for catalog, docs in ((self._goals, goals), (self._rules, rules), (self._projects, children + kept)):
            catalog.publish_changes("updated", docs)
        self._projects.publish_changes("deleted", [removed])
        moved = {"activities": activities, "goals": len(goals), "rules": len(rules), "projects": len(children)}
        self._ctx.bus.publish("projects:merged", {"sourceId": removed["id"], "targetId": target["id"], "moved": moved})
        return {"project": self._projects.get(target["id"]), "merged": removed, "moved": moved}

    def _pair(self, source_id: object, target_id: object) -> tuple[Project, Project]:
        source = self._projects.get(self._projects.existing_id(source_id, "sourceId"))
        target = self._projects.get(self._projects.existing_id(target_id, "targetId"))
        if source["id"] == target["id"]:
            raise ValidationError("targetId must be another project than sourceId.")
        if source["id"] == DEFAULT_PROJECT_ID:
            raise ConflictError("The built-in project can't be merged away: merge the other project into it.")
        return source, target

    def _keep_client(self, source: Project, target: Project) -> list[Project]:
        """A target without a client takes the source's (twins made offline, only one of them given the client)."""
        if target.get("clientId") or not source.get("client"):
            return []
        return [self._projects.amend(target["id"], {"clientId": source["clientId"]})]

    def _adopt_children(self, source: Project, target: Project) -> list[Project]:
        """The source's sub-projects go under the target; the target itself, if it was one, under the source's parent."""
        lifted = [self._projects.amend(target["id"], {"parentId": source.get("parentId")})] \
            if target.get("parentId") == source["id"] else []
        return lifted + self._projects.reassign("parentId", source["id"], target["id"])
