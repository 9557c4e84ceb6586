"""The window's bridge passes a file path to the app only when the user chose it in one of the window's dialogs."""

from __future__ import annotations

from lighttrack.ui.bridge import Bridge

FILE_CHANNELS = frozenset({"export:run", "export:backup", "import:preview", "import:run"})


class ChoosingDialogs:
    """The user picks these files in the native dialogs (the one part that needs a person)."""

    def save(self, options: dict) -> str | None:
        return "/home/user/chosen.csv"

    def open(self, options: dict) -> list[str] | None:
        return ["/home/user/timesheet.csv"]


def _bridge() -> tuple[Bridge, list]:
    calls: list = []
    bridge = Bridge(lambda channel, args: calls.append((channel, args)) or {"success": True, "data": None},
                    FILE_CHANNELS, ChoosingDialogs())
    return bridge, calls


def test_paths_the_page_makes_up_never_reach_the_app():
    bridge, calls = _bridge()
    for channel, args in (("export:run", ["csv", {"path": "/root/.ssh/authorized_keys"}]),
                          ("export:backup", [{"path": "/etc"}]), ("import:preview", ["/etc/shadow"]),
                          ("import:run", ["/home/user/timesheet.csv"])):
        envelope = bridge.invoke(channel, args)
        assert envelope["code"] == "FORBIDDEN" and "dialog" in envelope["error"]
    assert calls == []


def test_paths_chosen_in_a_dialog_go_through():
    bridge, calls = _bridge()
    saved = bridge.show_save_dialog({"defaultPath": "report.csv"})
    opened = bridge.show_open_dialog({})
    assert bridge.invoke("export:run", ["csv", {"path": saved}])["success"]
    assert bridge.invoke("import:run", [opened[0]])["success"]
    assert bridge.invoke("export:run", ["csv"])["success"]  # no path: the exports folder
    assert [c[0] for c in calls] == ["export:run", "import:run", "export:run"]
