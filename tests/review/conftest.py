"""Fixtures of the review tests: a scripted timeline on a fake clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from review_support import DAY, Scripted


@pytest.fixture
def scripted(services, clock):
    clock.current = DAY + timedelta(hours=20)
    return Scripted(services)
