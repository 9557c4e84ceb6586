"""A pystray menu as com.canonical.dbusmenu sees it: numbered items with properties, laid out as a tree.

Pure data: the SNI backend (`_sni.py`) serves it over D-Bus. Ids are given in depth-first order, so a menu of the
same shape keeps its ids across revisions and a click on a just-replaced layout still reaches the same item.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pystray import Menu, MenuItem

ROOT = 0


@dataclass
class Node:
    """One entry: its properties as D-Bus variants, its children's ids, and the pystray item it stands for."""

    properties: dict[str, tuple[str, object]]
    item: MenuItem | None = None
    children: list[int] = field(default_factory=list)


class MenuLayout:
    """One revision of the menu. Threading contract: immutable once built; read from the D-Bus loop thread."""

    def __init__(self, menu: Menu | None, revision: int) -> None:
        self.revision = revision
        self._nodes: dict[int, Node] = {ROOT: Node({"children-display": ("s", "submenu")})}
        if menu is not None:
            self._add(ROOT, menu)

    def item(self, node_id: int) -> MenuItem | None:
        """The pystray item behind `node_id`, or None (the root, a separator, or an id of another revision)."""
        node = self._nodes.get(node_id)
        return node.item if node else None

    def has(self, node_id: int) -> bool:
        return node_id in self._nodes

    def layout(self, parent: int, depth: int, names: list[str]) -> tuple:
        """GetLayout's (ia{sv}av) for `parent`, `depth` levels down (-1: all), with only `names` (empty: all)."""
        node = self._nodes[parent]
        children = [] if depth == 0 else [("(ia{sv}av)", self.layout(c, depth - 1, names)) for c in node.children]
        return parent, self.properties(parent, names), children

    def properties(self, node_id: int, names: list[str]) -> dict[str, tuple[str, object]]:
        props = self._nodes[node_id].properties
        return {k: v for k, v in props.items() if k in names} if names else dict(props)

    def ids(self) -> list[int]:
        return list(self._nodes)

    def _add(self, parent: int, menu: Menu) -> None:
        for entry in menu:
            node_id = len(self._nodes)
            self._nodes[node_id] = Node(_properties(entry), None if entry is Menu.SEPARATOR else entry)
            self._nodes[parent].children.append(node_id)
            if entry.submenu is not None:
                self._add(node_id, entry.submenu)


def _properties(entry: MenuItem) -> dict[str, tuple[str, object]]:
    if entry is Menu.SEPARATOR:
        return {"type": ("s", "separator")}
    props = {"label": ("s", entry.text.replace("_", "__")), "enabled": ("b", bool(entry.enabled)),
             "visible": ("b", True)}
    if entry.checked is not None:
        props["toggle-type"] = ("s", "radio" if entry.radio else "checkmark")
        props["toggle-state"] = ("i", 1 if entry.checked else 0)
    if entry.submenu is not None:
        props["children-display"] = ("s", "submenu")
    return props
