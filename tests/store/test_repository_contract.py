"""One contract for every repository implementation: the encrypted TinyDB file and memory pass the same tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from lighttrack.errors import StoreError
from lighttrack.store.activities import ActivityRepository, new_activity_id
from lighttrack.store.crypto import Cipher, new_key
from lighttrack.store.database import Store
from lighttrack.store.repository import Records, memory_records, store_records


@dataclass
class Storage:
    records: Records
    reopen: Callable[[], Records]  # what a fresh reader sees: a new Store on the same folder, or the same memory


@pytest.fixture(params=["encrypted-file", "memory"])
def storage(request, tmp_path: Path) -> Iterator[Storage]:
    if request.param == "memory":
        records = memory_records()
        yield Storage(records, lambda: records)
        return
    key = new_key()
    store = Store(tmp_path, Cipher(key))
    yield Storage(store_records(store), lambda: store_records(Store(tmp_path, Cipher(key))))
    store.close()


class Boom(Exception):
    pass


def project(name: str, **more) -> dict:
    return {"id": name, "name": name.capitalize(), "tags": ["a"], "metadata": {"k": 1}, **more}


def test_put_then_get_returns_the_document_and_a_fresh_reader_sees_it(storage: Storage):
    with storage.records.transaction():
        storage.records.projects.put("p1", project("p1"))
    assert storage.records.projects.get("p1") == project("p1")
    assert storage.reopen().projects.get("p1") == project("p1")
    assert storage.records.projects.get("absent") is None


def test_put_replaces_the_whole_document(storage: Storage):
    with storage.records.transaction():
        storage.records.projects.put("p1", project("p1", color="#fff"))
        storage.records.projects.put("p1", {"id": "p1", "name": "Renamed"})
    assert storage.reopen().projects.get("p1") == {"id": "p1", "name": "Renamed"}


def test_ids_all_and_by_id_follow_insertion_order_and_a_replaced_document_keeps_its_place(storage: Storage):
    repo = storage.records.tags
    with storage.records.transaction():
        repo.put_many({"b": {"n": 1}, "a": {"n": 2}})
        repo.put("c", {"n": 3})
        repo.put("b", {"n": 4})
    reopened = storage.reopen().tags
    assert reopened.ids() == ["b", "a", "c"]
    assert reopened.all() == [{"n": 4}, {"n": 2}, {"n": 3}]
    assert reopened.by_id() == {"b": {"n": 4}, "a": {"n": 2}, "c": {"n": 3}}
    assert dict(reopened.view()) == {"b": {"n": 4}, "a": {"n": 2}, "c": {"n": 3}}
    assert reopened.contains("a") and not reopened.contains("z")


def test_remove_returns_only_the_ids_it_removed(storage: Storage):
    repo = storage.records.goals
    with storage.records.transaction():
        repo.put_many({"g1": {"v": 1}, "g2": {"v": 2}, "g3": {"v": 3}})
        removed = repo.remove(["g1", "missing", "g3", "g1"])
    assert removed == ["g1", "g3"]
    assert storage.reopen().goals.ids() == ["g2"]
    with storage.records.transaction():
        assert repo.remove(["missing"]) == []


def test_tables_are_separate(storage: Storage):
    with storage.records.transaction():
        storage.records.projects.put("x", {"kind": "project"})
        storage.records.categories.put("x", {"kind": "category"})
    assert storage.reopen().projects.get("x") == {"kind": "project"}
    assert storage.reopen().categories.get("x") == {"kind": "category"}
    assert storage.records.named("exportHistory") is storage.records.export_history


def test_a_write_outside_a_transaction_is_refused_and_changes_nothing(storage: Storage):
    with pytest.raises(StoreError, match="outside a store transaction"):
        storage.records.settings.put("theme", {"value": "dark"})
    with pytest.raises(StoreError, match="outside a store transaction"):
        storage.records.settings.remove(["theme"])
    assert storage.reopen().settings.ids() == []


def test_an_error_in_a_transaction_rolls_back_every_write_of_it(storage: Storage):
    with storage.records.transaction():
        storage.records.projects.put("kept", project("kept"))
    with pytest.raises(Boom), storage.records.transaction():
        storage.records.projects.put("new", project("new"))
        storage.records.projects.put("kept", {"id": "kept", "name": "changed"})
        storage.records.tags.put("t", {"name": "t"})
        raise Boom
    for records in (storage.records, storage.reopen()):
        assert records.projects.by_id() == {"kept": project("kept")}
        assert records.tags.ids() == []


def test_an_error_rolls_back_a_removal(storage: Storage):
    with storage.records.transaction():
        storage.records.rules.put("r", {"x": 1})
    with pytest.raises(Boom), storage.records.transaction():
        storage.records.rules.remove(["r"])
        raise Boom
    assert storage.records.rules.get("r") == {"x": 1}


def test_nested_transactions_commit_and_roll_back_with_the_outermost(storage: Storage):
    records = storage.records
    with records.transaction():
        with records.transaction():
            records.meta.put("inner", {"v": 1})
        records.meta.put("outer", {"v": 2})
    assert storage.reopen().meta.ids() == ["inner", "outer"]
    with pytest.raises(Boom), records.transaction():
        with records.transaction():
            records.meta.put("inner2", {"v": 3})
        raise Boom
    assert storage.reopen().meta.ids() == ["inner", "outer"]


def test_an_inner_error_caught_by_the_outer_block_keeps_the_writes(storage: Storage):
    records = storage.records
    with records.transaction():
        try:
            with records.transaction():
                records.meta.put("inner", {"v": 1})
                raise Boom
        except Boom:
            pass
        records.meta.put("after", {"v": 2})
    assert storage.reopen().meta.ids() == ["inner", "after"]


def test_returned_documents_are_the_callers_own_copies(storage: Storage):
    repo = storage.records.projects
    original = project("p1")
    with storage.records.transaction():
        repo.put("p1", original)
    original["name"] = "mutated after put"
    original["tags"].append("mutated")
    got = repo.get("p1")
    got["name"] = "mutated"
    got["tags"].append("x")
    got["metadata"]["k"] = 99
    repo.all()[0]["tags"].append("y")
    repo.by_id()["p1"]["metadata"]["new"] = True
    assert repo.get("p1") == project("p1")
    assert storage.reopen().projects.get("p1") == project("p1")


def test_put_many_stores_copies(storage: Storage):
    docs = {"a": {"list": [1]}, "b": {"list": [2]}}
    with storage.records.transaction():
        storage.records.outbox.put_many(docs)
    docs["a"]["list"].append(9)
    assert storage.records.outbox.get("a") == {"list": [1]}


def test_concurrent_writers_lose_no_update(storage: Storage):
    records = storage.records
    with records.transaction():
        records.meta.put("counter", {"value": 0})
    rounds, workers = 40, 4

    def increment() -> None:
        for _ in range(rounds):
            with records.transaction():
                current = records.meta.get("counter")
                records.meta.put("counter", {"value": current["value"] + 1})

    threads = [threading.Thread(target=increment) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert storage.reopen().meta.get("counter") == {"value": rounds * workers}


def test_another_threads_transaction_does_not_let_this_thread_write(storage: Storage):
    records, inside, release = storage.records, threading.Event(), threading.Event()
    errors: list[Exception] = []

    def hold() -> None:
        with records.transaction():
            inside.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    assert inside.wait(30)
    try:
        records.meta.put("sneaky", {"v": 1})
    except StoreError as exc:
        errors.append(exc)
    finally:
        release.set()
        holder.join(30)
    assert len(errors) == 1
    assert records.meta.get("sneaky") is None


def test_every_table_is_named_once():
    names = list(Records.tables().values())
    assert len(names) == len(set(names))
    assert {"projects", "tags", "categories", "goals", "rules", "settings", "meta"} <= set(names)


def test_activity_writes_outside_a_transaction_are_refused(tmp_path: Path):
    store = Store(tmp_path, Cipher(new_key()))
    activities = ActivityRepository(store)
    doc = {"id": new_activity_id("2026-03-10T09:00:00.000+00:00"), "startTime": "2026-03-10T09:00:00.000+00:00",
           "endTime": "2026-03-10T10:00:00.000+00:00"}
    for write in (lambda: activities.put(doc), lambda: activities.put_many([doc]),
                  lambda: activities.remove([doc["id"]]), lambda: activities.set_running(doc["id"])):
        with pytest.raises(StoreError, match="outside a store transaction"):
            write()
    with store.transaction():
        activities.put(doc)
    assert ActivityRepository(Store(tmp_path, store.cipher)).get(doc["id"]) == doc


def test_sync_change_capture_sees_every_repository_write_and_its_refusal_undoes_it(tmp_path: Path):
    store = Store(tmp_path, Cipher(new_key()))
    records, captured = store_records(store), []
    store.change_capture = lambda storages: captured.append(sorted(s.path.name for s in storages))
    with records.transaction():
        records.projects.put("p1", project("p1"))
        records.settings.put("theme", {"value": "dark"})
    assert captured == [["lighttrack.db"]]

    def refuse(storages) -> None:
        raise Boom

    store.change_capture = refuse
    with pytest.raises(Boom), records.transaction():
        records.projects.put("p2", project("p2"))
    assert store_records(Store(tmp_path, store.cipher)).projects.ids() == ["p1"]
    assert records.projects.ids() == ["p1"]
