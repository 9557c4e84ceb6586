"""Fixtures of the exchange tests: services in Europe/Berlin with a few activities, and store snapshots."""

from __future__ import annotations

import pytest


@pytest.fixture
def sample(berlin):
    """Three activities: a comma and quotes in a name, Unicode, a newline, a formula-looking title."""
    s = berlin
    client = s.projects.create({"name": "Kunde «Müller», GmbH", "client": "Müller", "color": "#e91e63"})["id"]
    s.activities.add({"name": 'Design "v2", final', "projectId": client, "tags": ["design", "urgent"],
                      "startTime": "2024-03-31T09:00:00+02:00", "endTime": "2024-03-31T10:30:00+02:00",
                      "categoryId": "design", "description": "line one\nline two"})
    s.activities.add({"name": "Überprüfung 日本語", "startTime": "2024-03-30T23:15:00+01:00",
                      "endTime": "2024-03-31T00:45:00+01:00", "applicationName": "Firefox",
                      "windowTitle": "=HYPERLINK(\"http://evil\") - Firefox"})
    s.activities.add({"name": "Chat", "startTime": "2024-04-01T14:00:00+02:00", "endTime": "2024-04-01T14:20:00+02:00",
                      "applicationName": "Signal", "windowTitle": "Secret chat with Bob",
                      "metadata": {"apiToken": "xyz", "ticket": "LT-1"}})
    return {"client": client}
