"""The storage contract over memory and encrypted files, encryption at rest, and crash recovery."""

from __future__ import annotations

import os

import orjson
import pytest
from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage

from lighttrack.errors import StoreError
from lighttrack.store import transaction
from lighttrack.store.crypto import MAGIC, Cipher, new_key
from lighttrack.store.database import Store
from lighttrack.store.storage import EncryptedJSONStorage


@pytest.fixture(params=["memory", "encrypted"])
def db(request, tmp_path):
    if request.param == "memory":
        return TinyDB(storage=MemoryStorage)
    cipher = Cipher(new_key())
    return TinyDB(storage=lambda: EncryptedJSONStorage(tmp_path / "t.db", cipher))


def test_insert_search_update_remove(db):
    table = db.table("things")
    first = table.insert({"name": "alpha", "n": 1})
    table.insert({"name": "beta", "n": 2})
    assert [d["name"] for d in table.search(Query().n > 1)] == ["beta"]
    table.update({"n": 5}, doc_ids=[first])
    assert table.get(doc_id=first)["n"] == 5
    table.remove(doc_ids=[first])
    assert len(table) == 1


def test_encrypted_file_holds_no_plaintext_and_reopens(tmp_path):
    key = new_key()
    path = tmp_path / "t.db"
    TinyDB(storage=lambda: EncryptedJSONStorage(path, Cipher(key))).insert({"name": "Secret Project Zebra"})
    blob = path.read_bytes()
    assert blob.startswith(MAGIC) and b"Zebra" not in blob
    reopened = TinyDB(storage=lambda: EncryptedJSONStorage(path, Cipher(key)))
    assert reopened.all()[0]["name"] == "Secret Project Zebra"


def test_wrong_key_is_a_clear_error(tmp_path):
    path = tmp_path / "t.db"
    TinyDB(storage=lambda: EncryptedJSONStorage(path, Cipher(new_key()))).insert({"a": 1})
    with pytest.raises(StoreError, match="cannot be decrypted"):
        TinyDB(storage=lambda: EncryptedJSONStorage(path, Cipher(new_key()))).all()


def test_write_replaces_the_file_atomically(tmp_path):
    store = Store(tmp_path, Cipher(new_key()))
    with store.transaction():
        store.table("projects").put("p1", {"name": "one"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["activities", "lighttrack.db"]
    assert (tmp_path / "lighttrack.db").stat().st_mode & 0o777 == 0o600


def test_failed_transaction_changes_nothing(tmp_path):
    store = Store(tmp_path, Cipher(new_key()))
    with store.transaction():
        store.table("projects").put("p1", {"name": "one"})
    before = (tmp_path / "lighttrack.db").read_bytes()
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.table("projects").put("p2", {"name": "two"})
            store.shard("2026-01").table("activities").put("a", {"name": "x"})
            raise RuntimeError("boom")
    assert (tmp_path / "lighttrack.db").read_bytes() == before
    assert not (tmp_path / "activities" / "2026-01.db").exists()
    with store.transaction():
        assert store.table("projects").get(doc_id="p2") is None


def _two_file_commit_files(tmp_path):
    """A store with two committed files, and the encoded new versions of both."""
    key = new_key()
    store = Store(tmp_path, Cipher(key))
    with store.transaction():
        store.table("projects").put("p", {"v": "old"})
        store.shard("2026-01").table("activities").put("a", {"v": "old"})
    return key, store


def test_recover_finishes_a_commit_that_reached_its_intent(tmp_path):
    key, store = _two_file_commit_files(tmp_path)
    with store.transaction():
        store.table("projects").put("p", {"v": "new"})
        store.shard("2026-01").table("activities").put("a", {"v": "new"})
        dirty = store._batch.take()
        # a crash after the intent was written and one rename was done
        pairs = []
        for storage in dirty:
            tmp = storage.path.with_name(storage.path.name + transaction.TXN_SUFFIX)
            tmp.write_bytes(storage.encoded())
            pairs.append((str(tmp.relative_to(tmp_path)), str(storage.path.relative_to(tmp_path))))
        (tmp_path / transaction.INTENT).write_bytes(orjson.dumps(pairs))
        os.replace(tmp_path / pairs[0][0], tmp_path / pairs[0][1])
    reopened = Store(tmp_path, Cipher(key))
    with reopened.transaction():
        assert reopened.table("projects").get(doc_id="p")["v"] == "new"
        assert reopened.shard("2026-01").table("activities").get(doc_id="a")["v"] == "new"
    assert not (tmp_path / transaction.INTENT).exists()


def test_recover_drops_a_commit_that_never_reached_its_intent(tmp_path):
    key, store = _two_file_commit_files(tmp_path)
    (tmp_path / "lighttrack.db.txn").write_bytes(b"half written")
    reopened = Store(tmp_path, Cipher(key))
    with reopened.transaction():
        assert reopened.table("projects").get(doc_id="p")["v"] == "old"
    assert not (tmp_path / "lighttrack.db.txn").exists()


def test_activity_shards_by_month_keep_writes_small(tmp_path):
    from lighttrack.store.activities import ActivityRepository, new_activity_id
    store = Store(tmp_path, Cipher(new_key()))
    repo = ActivityRepository(store)
    with store.transaction():
        for month in ("2025-01", "2025-02", "2026-03"):
            start = f"{month}-05T10:00:00.000+00:00"
            repo.put({"id": new_activity_id(start), "startTime": start, "endTime": start.replace("10:", "11:")})
    assert sorted(p.name for p in (tmp_path / "activities").iterdir()) == ["2025-01.db", "2025-02.db", "2026-03.db"]
    with store.transaction():
        found = list(repo.overlapping("2025-02-01T00:00:00.000+00:00", "2025-03-01T00:00:00.000+00:00"))
    assert [d["startTime"][:7] for d in found] == ["2025-02"]


def test_a_shard_range_closes_again_when_its_running_activity_stops(tmp_path):
    from lighttrack.store.activities import OPEN_END, ActivityRepository, new_activity_id
    store = Store(tmp_path, Cipher(new_key()))
    repo = ActivityRepository(store)
    start = "2025-01-05T10:00:00.000+00:00"
    running = {"id": new_activity_id(start), "startTime": start, "endTime": None}
    later = ("2025-06-01T00:00:00.000+00:00", "2025-06-02T00:00:00.000+00:00")
    with store.transaction():
        repo.put(running)
        assert store.table("shards").get(doc_id="2025-01")["maxEnd"] == OPEN_END
        assert [d["id"] for d in repo.overlapping(*later)] == [running["id"]]  # still running in June
        repo.put({**running, "endTime": "2025-01-05T11:00:00.000+00:00"})
        assert store.table("shards").get(doc_id="2025-01")["maxEnd"] == "2025-01-05T11:00:00.000+00:00"
        assert list(repo.overlapping(*later)) == []
        repo.remove([running["id"]])
        assert store.table("shards").get(doc_id="2025-01") is None
