"""Window activity between devices: off by default, so nothing of it reaches the server; turned on, a device's finished
days show in the others' timelines, tagged with the device, a day it rewrites (an app forgotten) is replaced, and no
device gets its own windows back."""

from __future__ import annotations

from datetime import datetime, timezone

from test_two_devices import sync_all

from lighttrack.core.tracking.timeline import Timeline

DAY = "2026-03-09"


def window(start: str, end: str, app: str, title: str) -> dict:
    return {"start": f"{DAY}T{start}:00.000+00:00", "end": f"{DAY}T{end}:00.000+00:00", "app": app, "title": title,
            "projectId": None, "category": "development"}


def track_a_day(device, *spans: dict) -> None:
    """Windows of DAY, sealed as the tracker seals a day once the next one begins."""
    device.services.spans.append(list(spans), today="2026-03-10")


def seen(device) -> list[tuple]:
    """(app, title, the device it came from) of DAY's windows, as this device's timeline reads them."""
    spans = device.services.spans.read(f"{DAY}T00:00:00.000+00:00", "2026-03-10T00:00:00.000+00:00")
    return sorted((s["app"], s["title"], s.get("device")) for s in spans)


def test_window_activity_stays_on_the_device_until_its_user_turns_it_on(make_device, pg):
    a, b = make_device("a"), make_device("b")
    track_a_day(a, window("09:00", "10:00", "code", "secret-plan.py - editor"))
    sync_all(a, b)
    assert seen(b) == []
    assert b"secret-plan" not in pg.dump()
    vault = a.sync.status()["vaultId"]
    assert pg.psql(f"SELECT count(*) FROM lighttrack.span_day WHERE vault_id = '{vault}'").strip() == "0"


def test_turned_on_a_device_s_days_reach_the_others_and_follow_its_changes(make_device, pg):
    a, b = make_device("a"), make_device("b")
    a_id, b_id = a.sync.status()["deviceId"], b.sync.status()["deviceId"]
    track_a_day(a, window("09:00", "10:00", "code", "plan.py - editor"), window("10:00", "10:30", "chat", "Team"))
    track_a_day(b, window("14:00", "15:00", "firefox", "Docs - Firefox"))
    a.services.settings.set("syncWindowActivity", True)
    sync_all(a, b)
    # b shows a's windows beside its own; its own stay on b (b did not turn it on)
    assert seen(b) == [("chat", "Team", a_id), ("code", "plan.py - editor", a_id), ("firefox", "Docs - Firefox", None)]
    assert seen(a) == [("chat", "Team", None), ("code", "plan.py - editor", None)]
    assert b"plan.py" not in pg.dump()  # the server holds ciphertext only
    shown = Timeline(b.services.spans).get(datetime(2026, 3, 9, tzinfo=timezone.utc), datetime(2026, 3, 10, tzinfo=timezone.utc))
    assert [(s["app"], s.get("device")) for s in shown] == [("code", a_id), ("chat", a_id), ("firefox", None)]

    b.services.settings.set("syncWindowActivity", True)
    sync_all(a, b)
    assert seen(a) == [("chat", "Team", None), ("code", "plan.py - editor", None), ("firefox", "Docs - Firefox", b_id)]
    assert seen(b) == [("chat", "Team", a_id), ("code", "plan.py - editor", a_id), ("firefox", "Docs - Firefox", None)]

    a.services.spans.forget_app("chat")  # rewrites a's sealed day: it goes again, and replaces what b had
    sync_all(a, b)
    assert seen(b) == [("code", "plan.py - editor", a_id), ("firefox", "Docs - Firefox", None)]
    assert seen(a) == [("code", "plan.py - editor", None), ("firefox", "Docs - Firefox", b_id)]


def test_a_server_not_yet_migrated_for_window_activity_still_syncs_records(make_device, pg):
    """A client updated before its server (`sync server-init` not run again): window activity waits, records go on."""
    a, b = make_device("a"), make_device("b")
    a.services.settings.set("syncWindowActivity", True)
    track_a_day(a, window("09:00", "10:00", "code", "plan.py - editor"))
    made = a.services.activities.add({"name": "Still synced", "startTime": f"{DAY}T11:00:00Z",
                                      "endTime": f"{DAY}T12:00:00Z"})
    functions = ("lt_span_put(uuid, bytea, date[], uuid, bytea[])", "lt_span_pull(uuid, bigint, int)")
    for signature in functions:
        pg.psql(f"ALTER FUNCTION lighttrack.{signature} RENAME TO {signature.split('(')[0]}_hidden")
    try:
        sync_all(a, b)
        assert b.services.activities.get(made["id"])["name"] == "Still synced"
        assert a.sync.status()["lastError"] is None and seen(b) == []
    finally:
        for signature in functions:
            name, args = signature.split("(")
            pg.psql(f"ALTER FUNCTION lighttrack.{name}_hidden({args} RENAME TO {name}")
    sync_all(a, b)  # the server updated: the day goes now
    assert seen(b) == [("code", "plan.py - editor", a.sync.status()["deviceId"])]
