"""client:* over real HTTP: the envelope and codes a script sees, and projects carrying the client's name."""

from __future__ import annotations


def test_client_channels_round_trip_and_refuse_bad_input(served):
    acme = served.data("client:create", {"name": "Acme", "notes": "NET 30"})
    assert served.data("client:get", acme["id"]) == acme
    project = served.data("project:create", {"name": "Website", "client": "Initech"})
    initech = next(c for c in served.data("client:getAll") if c["name"] == "Initech")
    assert (project["clientId"], project["client"]) == (initech["id"], "Initech")
    assert served.data("project:update", project["id"], {"clientId": acme["id"]})["client"] == "Acme"

    before = served.data("client:getAll"), served.data("project:getAll")
    status, envelope = served.call("client:create", {"name": " "})
    assert (status, envelope["code"], envelope["error"]) == (400, "VALIDATION_ERROR", "Client name must not be empty.")
    status, envelope = served.call("client:create", {"name": "ACME"})
    assert (status, envelope["code"]) == (409, "CONFLICT")
    status, envelope = served.call("client:update", "missing", {"name": "X"})
    assert (status, envelope["code"]) == (404, "NOT_FOUND")
    status, envelope = served.call("project:update", project["id"], {"clientId": "missing"})
    assert (status, envelope["error"]) == (400, "Client: there is no client with id 'missing'.")
    assert (served.data("client:getAll"), served.data("project:getAll")) == before

    served.data("client:update", acme["id"], {"name": "Acme Industries", "isArchived": True})
    shown = next(p for p in served.data("project:getAll") if p["id"] == project["id"])
    assert shown["client"] == "Acme Industries"
    served.data("client:delete", acme["id"])
    shown = next(p for p in served.data("project:getAll") if p["id"] == project["id"])
    assert (shown["clientId"], shown["client"]) == (None, None)
    assert [c["name"] for c in served.data("client:getAll")] == ["Initech"]
    assert "Acme Industries" in [c["name"] for c in served.data("client:getAll", {"includeDeleted": True})]
