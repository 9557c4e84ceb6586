"""Integrations with remote services (Jira, GitHub, Slack, calendars): an adapter over the domain."""
