"""Clients sync like projects through a real PostgreSQL: made, renamed, archived and deleted on one device, seen
on the other, with the projects' clientId kept through their merges."""

from __future__ import annotations

from test_two_devices import sync_all


def client_view(device) -> dict:
    """What a user sees of clients (when each copy was written is per copy and left out)."""
    shown = ("id", "name", "notes", "isArchived", "isDeleted")
    return {"clients": [{k: c[k] for k in shown} for c in device.services.clients.all(include_deleted=True)],
            "projects": {p["name"]: (p["clientId"], p["client"]) for p in device.services.projects.all()}}


def test_clients_and_project_clients_cross_both_ways(make_device):
    a, b = make_device("a"), make_device("b")
    acme = a.services.clients.create({"name": "Acme", "notes": "NET 30"})
    a.services.projects.create({"name": "Website", "clientId": acme["id"]})
    sync_all(a, b)
    assert b.services.clients.get(acme["id"])["notes"] == "NET 30"
    assert client_view(b)["projects"]["Website"] == (acme["id"], "Acme")

    b.services.clients.update(acme["id"], {"name": "Acme Industries", "isArchived": True})
    initech = b.services.projects.create({"name": "Audit", "client": "Initech"})
    sync_all(b, a)
    assert client_view(a)["projects"] == {"General": (None, None), "Website": (acme["id"], "Acme Industries"),
                                          "Audit": (initech["clientId"], "Initech")}
    assert a.services.clients.get(acme["id"])["isArchived"] is True

    a.services.clients.delete(acme["id"])
    sync_all(a, b)
    assert client_view(b)["projects"]["Website"] == (None, None)
    assert [c["name"] for c in b.services.clients.all()] == ["Initech"]
    assert a.snapshot() == b.snapshot()
    assert client_view(a) == client_view(b)


def test_a_project_edit_on_one_device_keeps_the_client_set_on_the_other(make_device):
    a, b = make_device("a"), make_device("b")
    site = a.services.projects.create({"name": "Website"})
    sync_all(a, b)
    a.services.projects.update(site["id"], {"client": "Acme"})
    b.clock.advance(5)
    b.services.projects.update(site["id"], {"hourlyRate": 90})
    sync_all(a, b)
    for device in (a, b):
        shown = device.services.projects.get(site["id"])
        assert (shown["client"], shown["hourlyRate"]) == ("Acme", 90)
        assert device.sync.conflicts() == []
    assert a.snapshot() == b.snapshot()
