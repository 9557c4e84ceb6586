"""A minimal org.freedesktop.Notifications server for the tests (pure jeepney).

Prints one JSON line per Notify call; a line "ID ACTION" on stdin emits ActionInvoked(ID, ACTION).
"""

from __future__ import annotations

import json
import sys
import threading

from jeepney import DBusAddress, HeaderFields, MessageType, message_bus, new_method_return, new_signal
from jeepney.io.blocking import open_dbus_connection

NOTIFICATIONS = DBusAddress("/org/freedesktop/Notifications", bus_name="org.freedesktop.Notifications",
                            interface="org.freedesktop.Notifications")


def clicks(conn, lock: threading.Lock) -> None:
    for line in sys.stdin:
        number, action = line.split()
        with lock:
            conn.send(new_signal(NOTIFICATIONS, "ActionInvoked", "us", (int(number), action)))
            conn.send(new_signal(NOTIFICATIONS, "NotificationClosed", "uu", (int(number), 2)))


def serve() -> None:
    conn = open_dbus_connection(bus="SESSION")
    reply = conn.send_and_get_reply(message_bus.RequestName("org.freedesktop.Notifications", 4))
    assert reply.body[0] == 1, reply.body
    lock = threading.Lock()
    threading.Thread(target=clicks, args=(conn, lock), daemon=True).start()
    print(json.dumps({"event": "ready"}), flush=True)
    number = 0
    while True:
        message = conn.receive()
        if message.header.message_type != MessageType.method_call:
            continue
        member = message.header.fields.get(HeaderFields.member)
        with lock:
            if member == "GetCapabilities":
                conn.send(new_method_return(message, "as", (["actions", "body"],)))
            elif member == "Notify":
                number += 1
                app, replaces, _, summary, body, actions, _, _ = message.body
                print(json.dumps({"event": "Notify", "id": number, "app": app, "replaces": replaces,
                                  "summary": summary, "body": body, "actions": actions}), flush=True)
                conn.send(new_method_return(message, "u", (number,)))
            elif member == "CloseNotification":
                print(json.dumps({"event": "Close", "id": message.body[0]}), flush=True)
                conn.send(new_method_return(message))
            else:
                conn.send(new_method_return(message))


if __name__ == "__main__":
    serve()
