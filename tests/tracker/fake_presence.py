"""Stand-ins on the session bus for what tells a desktop that the user is present without input (pure jeepney).

`fake_presence.py mpris NAME` owns org.mpris.MediaPlayer2.NAME at /org/mpris/MediaPlayer2 and answers
org.freedesktop.DBus.Properties Get/GetAll for the Player interface; `fake_presence.py gnome-session` owns
org.gnome.SessionManager and answers IsInhibited(flags). A line on stdin sets the state: "Playing", "Paused",
"Stopped" for the player, "inhibit 8" / "inhibit 0" for the session. Each call received is printed as a JSON line.
"""

from __future__ import annotations

import json
import sys
import threading

from jeepney import HeaderFields, MessageType, message_bus, new_error, new_method_return
from jeepney.io.blocking import open_dbus_connection

PLAYER = "org.mpris.MediaPlayer2.Player"


class State:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.playback = "Playing"
        self.inhibited = 8
        self.lock = threading.Lock()

    def follow_stdin(self) -> None:
        for line in sys.stdin:
            words = line.split()
            with self.lock:
                if words[0] == "inhibit":
                    self.inhibited = int(words[1])
                else:
                    self.playback = words[0]
            print(json.dumps({"event": "state", "value": line.strip()}), flush=True)

    def answer(self, message):
        member = message.header.fields.get(HeaderFields.member)
        with self.lock:
            if self.kind == "mpris" and member == "Get" and tuple(message.body) == (PLAYER, "PlaybackStatus"):
                return new_method_return(message, "v", (("s", self.playback),))
            if self.kind == "mpris" and member == "GetAll" and message.body[0] == PLAYER:
                return new_method_return(message, "a{sv}", ({"PlaybackStatus": ("s", self.playback)},))
            if self.kind == "gnome-session" and member == "IsInhibited":
                return new_method_return(message, "b", (bool(message.body[0] & self.inhibited),))
        return new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"no method {member}",))


def serve(kind: str, name: str) -> None:
    conn = open_dbus_connection(bus="SESSION")
    bus_name = f"org.mpris.MediaPlayer2.{name}" if kind == "mpris" else "org.gnome.SessionManager"
    reply = conn.send_and_get_reply(message_bus.RequestName(bus_name, 4))
    assert reply.body[0] == 1, reply.body
    state = State(kind)
    threading.Thread(target=state.follow_stdin, daemon=True).start()
    print(json.dumps({"event": "ready", "name": bus_name}), flush=True)
    while True:
        message = conn.receive()
        if message.header.message_type != MessageType.method_call:
            continue
        print(json.dumps({"event": "call", "member": message.header.fields.get(HeaderFields.member)}), flush=True)
        conn.send(state.answer(message))


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "")
