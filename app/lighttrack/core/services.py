"""All domain services of one data folder, wired together."""

from __future__ import annotations

from functools import partial

from ..store.activities import ActivityRepository
from ..store.spans import SpanStore
from .analytics.goalprogress import GoalProgress
from .analytics.service import ReportService
from .context import Context
from .exchange.erase import EraseService
from .exchange.export import ExportService
from .exchange.importer import ImportService, TimelineImport
from .focus.reminders import ReminderService
from .focus.sessions import FocusService
from .records.activities import PURGE_AFTER, ActivityService, rename_tag
from .records.clients import ClientService
from .records.goals import GoalService
from .records.projectmerge import ProjectMerge
from .records.projects import CategoryService, ProjectService, TagService
from .records.rules import RuleService
from .records.quickentry import QuickEntryService
from .records.settings import SettingsService
from .review.labels import labeler_over
from .review.totals import TimelineSummary
from .schema import migrate
from .timing.isotime import to_iso
from .timing.ticker import Ticker
from .tracking.presence import Presence
from .tracking.timeline import Timeline


class Services:
    """The domain as the adapters see it: one attribute per area."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.settings = SettingsService(ctx)
        self.clients = ClientService(ctx)
        self.projects = ProjectService(ctx, self.clients)
        self.tags = TagService(ctx, rename_on_activities=partial(rename_tag, ActivityRepository(ctx.store)))
        self.categories = CategoryService(ctx)
        self.goals = GoalService(ctx, self.projects)
        self.rules = RuleService(ctx, self.projects, self.categories)
        self.project_merge = ProjectMerge(ctx, self.projects, self.goals, self.rules)
        self.activities = ActivityService(ctx, self.projects, self.tags)
        self.spans = SpanStore(ctx.store, sync_seconds=self.settings.get("autoSaveIntervalSeconds"))
        timeline = TimelineSummary(self.spans, Timeline(self.spans).stream, self.settings, self.projects, self.categories)
        self.quick_entry = QuickEntryService(ctx, self.activities, self.projects)
        self.reports = ReportService(ctx, self.activities, self.categories, timeline.categories)
        self.progress = GoalProgress(ctx, self.goals, self.reports, self.settings)
        self.focus = FocusService(ctx, self.activities, self.settings)
        self.presence = Presence()  # marked by the tracker's idle flow
        self.reminders = ReminderService(ctx, self.activities, self.settings, self.focus, self.presence)
        self.exports = ExportService(ctx, self.activities, self.projects, self.categories, self.settings)
        self.imports = ImportService(ctx, self.activities, self.projects, self.clients, self.tags,
                                     TimelineImport(self.spans, self.settings, self.projects,
                                                    labeler_over(ctx, self.projects, self.categories)))
        self.erase = EraseService(ctx, self.activities)
        # the runtime starts and stops this thread; it drives focus phases, reminders and goal checks
        self.ticker = Ticker([self.focus.tick, self.reminders.tick, self.progress.tick], self.focus.tick_every,
                             startup=[self.reports.prime])

    @classmethod
    def open(cls, ctx: Context) -> Services:
        """Migrate the store, purge old soft deletes, and return the services."""
        migrate(ctx.records, ctx.stamp())
        services = cls(ctx)
        services.purge_deleted()
        return services

    def purge_deleted(self) -> int:
        """Remove for good everything soft-deleted more than 30 days ago."""
        cutoff = to_iso(self.ctx.now() - PURGE_AFTER)
        catalogs = (self.projects, self.clients, self.tags, self.categories, self.goals)
        return self.activities.purge_deleted() + sum(c.purge_deleted(cutoff) for c in catalogs)
