"""txn.intent is checked before anything is renamed: a foreign or malformed intent renames nothing and starts."""

from __future__ import annotations

import orjson
import pytest

from support import lighttrack


@pytest.mark.parametrize("intent", [
    lambda victim: [["../outside/victim.txt.txn", "../outside/victim.txt"]],
    lambda victim: [[str(victim) + ".txn", str(victim)]],
    lambda victim: [["activities/2026-01.db.txn", "../outside/victim.txt"]],
    lambda victim: [1, 2],
    lambda victim: {"a": 1},
    lambda victim: [["a\u0000.txn", "a\u0000"]],
])
def test_a_foreign_intent_renames_nothing_and_the_app_starts(tmp_path, intent):
    data = tmp_path / "data"
    lighttrack("start", "Before", data_dir=data, check=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.txt"
    victim.write_text("original")
    (outside / "victim.txt.txn").write_text("planted")
    (data / "txn.intent").write_bytes(orjson.dumps(intent(victim)))
    result = lighttrack("status", data_dir=data)
    assert result.returncode == 0 and "Before" in result.stdout, result.stderr
    assert victim.read_text() == "original" and (outside / "victim.txt.txn").read_text() == "planted"
    assert not (data / "txn.intent").exists()
