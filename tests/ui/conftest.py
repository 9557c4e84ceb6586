"""Fixtures of the desktop tests: real `lighttrack` processes, killed if a test leaves them running."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_support import App, start_app


@pytest.fixture
def app_factory():
    started: list[App] = []

    def start(data_dir: Path, **settings) -> App:
        started.append(start_app(data_dir, **settings))
        return started[-1]
    yield start
    for app in started:
        if app.proc.poll() is None:
            app.proc.kill()
            app.proc.wait()
