"""A stand-in for KWin's scripting D-Bus interface (org.kde.KWin /Scripting, org.kde.kwin.Scripting), pure jeepney.

Answers loadScript(s path, s plugin) -> i, unloadScript(s) -> b and start(), and prints each call as a JSON line.
"""

from __future__ import annotations

import json

from jeepney import HeaderFields, MessageType, message_bus, new_error, new_method_return
from jeepney.io.blocking import open_dbus_connection

REPLIES = {"loadScript": ("i", (7,)), "unloadScript": ("b", (False,)), "start": (None, ())}


def serve() -> None:
    conn = open_dbus_connection(bus="SESSION")
    assert conn.send_and_get_reply(message_bus.RequestName("org.kde.KWin", 4)).body[0] == 1
    print(json.dumps({"event": "ready"}), flush=True)
    while True:
        message = conn.receive()
        if message.header.message_type != MessageType.method_call:
            continue
        fields = message.header.fields
        member = fields.get(HeaderFields.member)
        print(json.dumps({"event": "call", "path": fields.get(HeaderFields.path), "interface": fields.get(HeaderFields.interface),
                          "member": member, "body": list(message.body)}), flush=True)
        if fields.get(HeaderFields.interface) == "org.kde.kwin.Scripting" and member in REPLIES:
            signature, body = REPLIES[member]
            conn.send(new_method_return(message, signature, body))
        else:
            conn.send(new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s", (member,)))


if __name__ == "__main__":
    serve()
