"""data:deleteRange: soft by default (restorable), permanent on request, activities starting in the range only."""

from __future__ import annotations

import pytest

from lighttrack.channels.catalog import build_registry


def names(services) -> list[str]:
    return sorted(a["name"] for a in services.activities.every())


def test_soft_deletion_of_a_range(berlin, sample):
    result = berlin.erase.delete_range("2024-03-31", "2024-03-31")
    assert result["deleted"] == 1  # Design; the one starting on the 30th stays though it runs past midnight
    assert names(berlin) == ["Chat", "Überprüfung 日本語"]
    deleted = berlin.activities.filtered({"onlyDeleted": True})
    berlin.activities.restore(deleted[0]["id"])
    assert len(names(berlin)) == 3


def test_permanent_deletion_removes_deleted_ones_too(berlin, sample):
    berlin.erase.delete_range("2024-03-31", "2024-03-31")
    result = berlin.erase.delete_range("2024-03-30", "2024-04-01", {"permanent": True})
    assert result["deleted"] == 3 and names(berlin) == []
    assert berlin.activities.filtered({"includeDeleted": True}) == []


@pytest.mark.parametrize(("args", "message"), [
    (["2024-04-01", "2024-03-01"], "endDate must be after startDate."),
    (["soon", "2024-03-01"], "startDate is not a valid ISO-8601 date-time: 'soon'."),
    (["2024-03-01", "2024-03-02", {"permanent": "yes"}], "options.permanent must be true or false."),
    (["2024-03-01"], "endDate is required."),
])
def test_arguments_are_checked(berlin, args, message):
    envelope = build_registry(berlin, lambda: {}).dispatch("data:deleteRange", args)
    assert (envelope["code"], envelope["error"]) == ("VALIDATION_ERROR", message)
