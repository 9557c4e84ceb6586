"""The register merge is a join: commutative, associative, idempotent, and it never drops an unseen write."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lighttrack.sync import registers
from lighttrack.sync.materialise import merge_record

ACTORS = ("a.1", "b.1", "c.1", "a.2")


@st.composite
def histories(draw, count: int = 1) -> list[dict]:
    """Registers of replicas after one random run of local writes and merges (a dot names one write only)."""
    replicas = {actor: registers.EMPTY for actor in ACTORS}
    counters = dict.fromkeys(ACTORS, 0)
    for step in range(draw(st.integers(0, 8))):
        actor = draw(st.sampled_from(ACTORS))
        if draw(st.booleans()):
            counters[actor] += 1
            value = draw(st.sampled_from(["x", "y", "z", {"k": 1}]))
            if draw(st.booleans()):
                replicas[actor] = registers.assign(replicas[actor], value, actor, counters[actor], [step, 0, actor])
            else:
                def dot(actor=actor):
                    counters[actor] += 1
                    return counters[actor]
                replicas[actor] = registers.assign_set(replicas[actor], draw(st.lists(st.sampled_from("pqr"), max_size=3)),
                                                       actor, dot, [step, 0, actor])
        else:
            other = draw(st.sampled_from(ACTORS))
            replicas[actor] = registers.merge(replicas[actor], replicas[other])
    return [replicas[draw(st.sampled_from(ACTORS))] for _ in range(count)]


LAWS = settings(max_examples=60, deadline=None)


@LAWS
@given(histories(2))
def test_merge_is_commutative(pair):
    a, b = pair
    assert registers.merge(a, b) == registers.merge(b, a)


@LAWS
@given(histories(3))
def test_merge_is_associative(triple):
    a, b, c = triple
    assert registers.merge(registers.merge(a, b), c) == registers.merge(a, registers.merge(b, c))


@LAWS
@given(histories(2))
def test_merge_is_idempotent(pair):
    a, b = pair
    assert registers.merge(a, a) == a
    ab = registers.merge(a, b)
    assert registers.merge(ab, b) == ab


@LAWS
@given(histories(2))
def test_a_write_the_other_side_has_not_seen_survives(pair):
    a, b = pair
    merged = registers.merge(a, b)
    dots = {(e[0], e[1]) for e in merged["e"]}
    for entry in a["e"]:
        if entry[1] > b["c"].get(entry[0], 0):
            assert (entry[0], entry[1]) in dots


@LAWS
@given(histories(2), st.booleans(), st.booleans())
def test_record_merge_is_commutative_and_erase_wins(pair, erase_a, erase_b):
    a, b = pair
    left = {"t": "tags", "id": "t1", "g": {"name": a}, "x": erase_a}
    right = {"t": "tags", "id": "t1", "g": {"name": b}, "x": erase_b}
    one, two = merge_record(left, right), merge_record(right, left)
    assert one["g"] == two["g"] and one["x"] == two["x"] == (erase_a or erase_b)
    if one["x"]:
        assert one["g"] == {}


def test_a_local_write_replaces_what_it_has_seen_and_keeps_concurrent_ones():
    base = registers.assign(registers.EMPTY, "draft", "a.1", 1, [1, 0, "a.1"])
    mine = registers.assign(base, "mine", "a.1", 2, [2, 0, "a.1"])
    theirs = registers.assign(base, "theirs", "b.1", 1, [3, 0, "b.1"])
    merged = registers.merge(mine, theirs)
    assert [e[3] for e in registers.siblings(merged)] == ["theirs", "mine"]
    assert registers.winner(merged) == "theirs"
    settled = registers.assign(merged, "mine", "a.1", 3, [4, 0, "a.1"])
    assert registers.siblings(registers.merge(settled, theirs)) == settled["e"]
