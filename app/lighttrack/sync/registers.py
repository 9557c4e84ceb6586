"""Field-group registers with causal contexts: the merge that makes every device converge.

A register is `{"e": [[actor, n, hlc, value], ...], "c": {actor: n}}`: the entries are the
values still standing, each tagged with the dot `(actor, n)` of the write that made it and its
hybrid-logical-clock stamp; `c` is the version vector of every dot the register has seen. An
actor is one device epoch and writes with increasing `n`, so "seen up to n" covers its
earlier writes. Merging keeps an entry unless the other side has seen its dot without keeping
it, which makes merge commutative, associative and idempotent (tests/sync/test_laws.py).

Two write kinds share the merge: a register write replaces every entry it has seen (concurrent
writes stay as siblings); a set write keeps one entry per element, so an element added on one
device survives a concurrent removal of another element elsewhere (add-wins).
"""

from __future__ import annotations

from collections.abc import Iterable

import orjson

EMPTY: dict = {"e": [], "c": {}}


def merge(a: dict, b: dict) -> dict:
    """Return the join of two registers."""
    if a == b or not b["c"]:
        return a
    if not a["c"]:
        return b
    dots_a = {(e[0], e[1]) for e in a["e"]}
    dots_b = {(e[0], e[1]) for e in b["e"]}
    kept = [e for e in a["e"] if (e[0], e[1]) in dots_b or e[1] > b["c"].get(e[0], 0)]
    kept += [e for e in b["e"] if (e[0], e[1]) not in dots_a and e[1] > a["c"].get(e[0], 0)]
    context = dict(a["c"])
    for actor, n in b["c"].items():
        if n > context.get(actor, 0):
            context[actor] = n
    return {"e": sorted(kept, key=lambda e: (e[0], e[1])), "c": dict(sorted(context.items()))}


def assign(reg: dict, value: object, actor: str, n: int, hlc: list) -> dict:
    """Return `reg` after a local write of `value` that has seen every entry of `reg`."""
    context = {**reg["c"], actor: max(n, reg["c"].get(actor, 0))}
    return {"e": [[actor, n, hlc, value]], "c": dict(sorted(context.items()))}


def assign_set(reg: dict, elements: Iterable, actor: str, next_dot, hlc: list) -> dict:
    """Return `reg` after a local write of the set `elements` (add-wins against concurrent writes).

    `next_dot()` hands out this actor's next counter for each element newly added.
    """
    wanted = {_key(element): element for element in elements}
    present = {_key(e[3]) for e in reg["e"]}
    kept = [e for e in reg["e"] if _key(e[3]) in wanted]
    context = dict(reg["c"])
    for key, element in wanted.items():
        if key not in present:
            n = next_dot()
            kept.append([actor, n, hlc, element])
            context[actor] = max(n, context.get(actor, 0))
    return {"e": sorted(kept, key=lambda e: (e[0], e[1])), "c": dict(sorted(context.items()))}


def winner(reg: dict) -> object:
    """The value shown: the entry with the greatest clock stamp (None for an empty register)."""
    if not reg["e"]:
        return None
    if len(reg["e"]) == 1:
        return reg["e"][0][3]
    return max(reg["e"], key=lambda e: (e[2], e[0], e[1]))[3]


def elements(reg: dict) -> list:
    """The value of a set register: every element still standing, in first-added order."""
    seen: dict = {}
    for entry in sorted(reg["e"], key=lambda e: (e[2], e[0], e[1])):
        seen.setdefault(_key(entry[3]), entry[3])
    return list(seen.values())


def siblings(reg: dict) -> list[list]:
    """The entries of a register that differ in value, newest first (more than one = a conflict)."""
    distinct: dict = {}
    for entry in sorted(reg["e"], key=lambda e: (e[2], e[0], e[1]), reverse=True):
        distinct.setdefault(_key(entry[3]), entry)
    return list(distinct.values())


def _key(value: object) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
