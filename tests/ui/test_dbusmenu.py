"""The tray menu as com.canonical.dbusmenu lays it out (pure data, no bus): what a panel draws from GetLayout."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="module")
def pystray_menu():
    """pystray picks its backend at import: load it with the dummy one, without leaking the variable."""
    saved = os.environ.get("PYSTRAY_BACKEND")
    os.environ["PYSTRAY_BACKEND"] = "dummy"
    try:
        from pystray import Menu, MenuItem
        from lighttrack.ui._dbusmenu import MenuLayout
    finally:
        if saved is None:
            del os.environ["PYSTRAY_BACKEND"]
        else:
            os.environ["PYSTRAY_BACKEND"] = saved
    return Menu, MenuItem, MenuLayout


def sample(Menu, MenuItem, clicked: list, running: bool):
    return Menu(MenuItem("Tracking: my_task", None, enabled=False),
                MenuItem("Stop", lambda: clicked.append("stop"), visible=running),
                Menu.SEPARATOR,
                MenuItem("Project", Menu(MenuItem("Acme", lambda: clicked.append("acme"), checked=lambda _: True,
                                                  radio=True),
                                         MenuItem("Other", lambda: None, checked=lambda _: False, radio=True))),
                MenuItem("Pause tracking", lambda: None, checked=lambda _: False),
                Menu.SEPARATOR,
                MenuItem("Quit", lambda: clicked.append("quit")))


def test_layout_carries_labels_toggles_separators_and_submenus(pystray_menu):
    Menu, MenuItem, MenuLayout = pystray_menu
    clicked: list = []
    layout = MenuLayout(sample(Menu, MenuItem, clicked, running=True), revision=3)
    root_id, root_props, children = layout.layout(0, -1, [])
    assert root_id == 0 and root_props["children-display"] == ("s", "submenu")
    entries = [child for _signature, child in children]
    assert [e[1].get("label", ("s", "-"))[1] for e in entries] == \
        ["Tracking: my__task", "Stop", "-", "Project", "Pause tracking", "-", "Quit"]  # "_" is a mnemonic there
    assert entries[0][1]["enabled"] == ("b", False)
    assert entries[2][1] == {"type": ("s", "separator")}
    project = entries[3]
    assert project[1]["children-display"] == ("s", "submenu")
    acme, other = (child for _signature, child in project[2])
    assert acme[1]["toggle-type"] == ("s", "radio") and acme[1]["toggle-state"] == ("i", 1)
    assert other[1]["toggle-state"] == ("i", 0)
    assert entries[4][1]["toggle-type"] == ("s", "checkmark")
    layout.item(acme[0])(None)
    layout.item(entries[-1][0])(None)
    assert clicked == ["acme", "quit"]


def test_depth_and_property_filters_and_unknown_ids(pystray_menu):
    Menu, MenuItem, MenuLayout = pystray_menu
    layout = MenuLayout(sample(Menu, MenuItem, [], running=True), revision=1)
    _, props, children = layout.layout(0, 1, ["label"])
    assert props == {} and all(child[2] == [] for _, child in children)
    assert all(set(child[1]) <= {"label"} for _, child in children)
    assert layout.item(0) is None and layout.item(999) is None and not layout.has(999)


def test_the_same_shape_keeps_its_ids_and_a_changed_menu_renumbers(pystray_menu):
    Menu, MenuItem, MenuLayout = pystray_menu
    first = MenuLayout(sample(Menu, MenuItem, [], running=True), revision=1)
    again = MenuLayout(sample(Menu, MenuItem, [], running=True), revision=2)
    assert first.ids() == again.ids()
    stopped = MenuLayout(sample(Menu, MenuItem, [], running=False), revision=3)
    labels = {props["label"][1] for i in stopped.ids() if "label" in (props := stopped.properties(i, []))}
    assert "Stop" not in labels and len(stopped.ids()) == len(first.ids()) - 1
