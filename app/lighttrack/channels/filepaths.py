"""Which calls name a file on this computer: the doors that can't tell who chose the path refuse them."""

from __future__ import annotations


def named_file(channel: str, args: list) -> object:
    """The file path a call names (import:preview/run, options.path of export:run/backup), else None.

    Only a path the user chose (a native dialog, the command line) may reach these channels; the doors
    that can't tell (a browser session) refuse calls that name one.
    """
    if channel in ("import:preview", "import:run"):
        return args[0] if args else None
    position = {"export:run": 1, "export:backup": 0}.get(channel)
    if position is None or len(args) <= position or not isinstance(args[position], dict):
        return None
    return args[position].get("path")
