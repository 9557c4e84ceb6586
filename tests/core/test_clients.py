"""Clients as records: names unique among live clients, projects pointing at them by clientId with the name
derived as `client`, delete leaving projects without a client, and the migration from the old client text."""

from __future__ import annotations

import pytest

from lighttrack.core.schema import SCHEMA_VERSION
from lighttrack.errors import ConflictError, NotFoundError, ValidationError
from lighttrack.store.crypto import Cipher, new_key
from lighttrack.store.database import Store
from lighttrack.store.repository import store_records
from support import open_services


@pytest.fixture
def events(services):
    seen: list[tuple[str, dict]] = []
    services.ctx.bus.subscribe(lambda channel, data: seen.append((channel, data)))
    return seen


def state(services) -> tuple:
    return services.clients.all(include_deleted=True), services.projects.all(include_deleted=True)


def test_a_client_is_made_with_a_trimmed_name_and_its_fields(services, events):
    client = services.clients.create({"name": "  Acme Corp  ", "notes": "Invoice monthly"})
    assert (client["name"], client["notes"], client["isArchived"], client["isDeleted"]) == \
        ("Acme Corp", "Invoice monthly", False, False)
    assert client["syncVersion"] == 1 and client["createdAt"] == client["updatedAt"]
    assert services.clients.get(client["id"]) == client
    assert events == [("client:created", client)]


@pytest.mark.parametrize(("data", "message"), [
    ({"name": ""}, "Client name must not be empty."),
    ({"name": "   "}, "Client name must not be empty."),
    ({}, "Client name must not be empty."),
    ({"name": 42}, "Client name must be a string."),
    ({"name": "x" * 201}, "Client name is too long (201 characters, at most 200)."),
    ({"name": "Acme", "notes": 3}, "Client notes must be a string."),
    ({"name": "Acme", "isArchived": "yes"}, "Client archived (isArchived) must be true or false."),
    ({"name": "Acme", "color": "#ff0000"}, "client: unknown or read-only field 'color'."),
])
def test_bad_client_input_names_the_field_and_changes_nothing(services, data, message):
    services.clients.create({"name": "Existing"})
    before = state(services)
    with pytest.raises(ValidationError) as caught:
        services.clients.create(data)
    assert str(caught.value) == message
    assert state(services) == before


def test_names_are_unique_among_live_clients_ignoring_case_and_spaces(services):
    acme = services.clients.create({"name": "Acme"})
    other = services.clients.create({"name": "Globex"})
    before = state(services)
    for attempt in (lambda: services.clients.create({"name": " ACME "}),
                    lambda: services.clients.update(other["id"], {"name": "acme"})):
        with pytest.raises(ConflictError, match="A client named 'acme' already exists|A client named 'ACME' already"):
            attempt()
    assert state(services) == before
    services.clients.delete(acme["id"])
    assert services.clients.create({"name": "acme"})["name"] == "acme"  # a deleted client's name is free again


def test_rename_and_archive_show_on_the_projects_and_bump_the_version(services):
    acme = services.clients.create({"name": "Acme"})
    site = services.projects.create({"name": "Website", "clientId": acme["id"]})
    assert (site["clientId"], site["client"]) == (acme["id"], "Acme")
    renamed = services.clients.update(acme["id"], {"name": "Acme Industries"})
    assert renamed["syncVersion"] == 2
    assert services.projects.get(site["id"])["client"] == "Acme Industries"
    archived = services.clients.update(acme["id"], {"isArchived": True})
    assert archived["isArchived"] is True and archived["syncVersion"] == 3
    kept = services.projects.get(site["id"])
    assert (kept["clientId"], kept["client"]) == (acme["id"], "Acme Industries")


def test_a_project_takes_a_client_by_name_found_or_made(services, events):
    acme = services.clients.create({"name": "Acme"})
    events.clear()
    found = services.projects.create({"name": "Website", "client": " acme "})
    assert (found["clientId"], found["client"]) == (acme["id"], "Acme")
    assert [c for c, _ in events] == ["project:created"]
    events.clear()
    made = services.projects.create({"name": "Audit", "client": "Initech"})
    initech = next(c for c in services.clients.all() if c["name"] == "Initech")
    assert (made["clientId"], made["client"]) == (initech["id"], "Initech")
    assert [c for c, _ in events] == ["client:created", "project:created"]
    assert events[1][1]["client"] == "Initech"
    moved = services.projects.update(made["id"], {"client": "Acme"})
    assert moved["clientId"] == acme["id"]
    assert services.projects.update(made["id"], {"client": None})["clientId"] is None
    assert services.projects.update(made["id"], {"client": ""})["client"] is None


@pytest.mark.parametrize(("data", "message"), [
    ({"name": "P", "clientId": "nope"}, "Client: there is no client with id 'nope'."),
    ({"name": "P", "clientId": 7}, "Client must be an id"),
    ({"name": "P", "client": "New Co", "clientId": None}, "Client: give the client by name (client) or by id"),
    ({"name": "P", "client": "New Co", "color": "black"}, "color"),
    ({"name": "", "client": "New Co"}, "name must not be empty."),
    ({"name": "P", "client": 5}, "Client must be a string."),
])
def test_bad_project_client_input_changes_nothing_not_even_a_new_client(services, data, message):
    services.clients.create({"name": "Acme"})
    before = state(services)
    with pytest.raises(ValidationError) as caught:
        services.projects.create(data)
    assert str(caught.value).startswith(message)
    assert state(services) == before


def test_a_deleted_client_can_not_be_chosen(services):
    gone = services.clients.create({"name": "Gone"})
    services.clients.delete(gone["id"])
    with pytest.raises(ValidationError, match="Client: there is no client"):
        services.projects.create({"name": "P", "clientId": gone["id"]})
    with pytest.raises(NotFoundError):
        services.clients.update(gone["id"], {"name": "Back"})


def test_deleting_a_client_leaves_its_projects_without_one(services, events):
    acme = services.clients.create({"name": "Acme"})
    other = services.clients.create({"name": "Globex"})
    site = services.projects.create({"name": "Website", "clientId": acme["id"]})
    app = services.projects.create({"name": "App", "clientId": acme["id"]})
    kept = services.projects.create({"name": "Portal", "clientId": other["id"]})
    events.clear()
    deleted = services.clients.delete(acme["id"])
    assert deleted["isDeleted"] is True and deleted["deletedAt"]
    assert acme["id"] not in {c["id"] for c in services.clients.all()}
    for project in (site, app):
        now = services.projects.get(project["id"])
        assert (now["clientId"], now["client"]) == (None, None)
    assert services.projects.get(kept["id"])["client"] == "Globex"
    assert [c for c, _ in events] == ["client:deleted", "project:updated", "project:updated"]
    assert {d["id"] for c, d in events[1:]} == {site["id"], app["id"]}
    assert all(d["client"] is None and d["clientId"] is None for _, d in events[1:])


def test_the_migration_turns_the_old_client_text_into_clients(tmp_path, clock):
    """A data folder written before clients existed (schema 2, projects with a free-text client)."""
    folder, key = tmp_path / "data", new_key()
    store = Store(folder, Cipher(key))
    records = store_records(store)
    old = {"description": None, "color": "#3f51b5", "icon": None, "isArchived": False, "parentId": None,
           "budgetHours": None, "hourlyRate": None, "currency": "USD", "metadata": {}, "isDeleted": False,
           "createdAt": "2025-01-01T00:00:00.000Z", "updatedAt": "2025-01-01T00:00:00.000Z"}
    texts = {"default": None, "p1": "Acme Corp", "p2": " acme corp ", "p3": "Globex", "p4": "", "p5": "  "}
    with records.transaction():
        for project_id, text in texts.items():
            records.projects.put(project_id, {**old, "id": project_id, "name": f"Project {project_id}", "client": text})
        records.meta.put("schema", {"version": 2})
    store.close()

    services = open_services(folder, clock=clock, key=key)

    clients = {c["name"]: c for c in services.clients.all()}
    assert set(clients) == {"Acme Corp", "Globex"}
    projects = {p["id"]: p for p in services.projects.all()}
    assert [projects[p]["client"] for p in texts] == [None, "Acme Corp", "Acme Corp", "Globex", None, None]
    assert projects["p1"]["clientId"] == projects["p2"]["clientId"] == clients["Acme Corp"]["id"]
    with services.ctx.store.transaction():
        stored = services.ctx.records.projects.by_id()
        assert services.ctx.records.meta.get("schema") == {"version": SCHEMA_VERSION}
    assert all("client" not in doc for doc in stored.values())  # the name lives on the client only
    services.clients.update(clients["Globex"]["id"], {"name": "Globex Inc"})
    assert services.projects.get("p3")["client"] == "Globex Inc"


def test_two_devices_migrating_apart_make_the_same_client_id(tmp_path, clock):
    ids = []
    for device in ("one", "two"):
        key = new_key()
        services = open_services(tmp_path / device, clock=clock, key=key)
        with services.ctx.store.transaction():
            services.ctx.records.projects.put("p", {**services.ctx.records.projects.get("default"), "id": "p",
                                                    "name": "Site", "client": "Acme"})
            services.ctx.records.meta.put("schema", {"version": 2})
        services.ctx.store.close()
        ids.append(open_services(tmp_path / device, clock=clock, key=key).projects.get("p")["clientId"])
    assert ids[0] == ids[1] is not None


def test_activities_filter_by_client(services):
    acme = services.clients.create({"name": "Acme"})
    gone = services.clients.create({"name": "Gone"})
    site = services.projects.create({"name": "Website", "clientId": acme["id"]})
    app = services.projects.create({"name": "App", "clientId": acme["id"]})
    old = services.projects.create({"name": "Old", "clientId": gone["id"]})
    for name, project in (("Landing", site), ("Login", app), ("Legacy", old), ("Admin", {"id": "default"})):
        services.activities.add({"name": name, "projectId": project["id"], "startTime": "2026-03-02T09:00:00Z",
                                 "endTime": "2026-03-02T10:00:00Z"})
    services.clients.delete(gone["id"])
    names = lambda f: sorted(a["name"] for a in services.activities.filtered(f))  # noqa: E731
    assert names({"clientId": acme["id"]}) == ["Landing", "Login"]
    assert names({"clientId": None}) == ["Admin", "Legacy"]
    assert names({"clientId": acme["id"], "projectId": app["id"]}) == ["Login"]
    with pytest.raises(ValidationError, match="filter.clientId must be an id"):
        services.activities.filtered({"clientId": 5})
