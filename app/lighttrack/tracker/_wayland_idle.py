"""Idle time from the compositor's Wayland idle protocol (ext-idle-notify-v1, or KWin's org_kde_kwin_idle), for
Wayland sessions whose D-Bus offers no idle time (KDE Plasma: KWin answers GetSessionIdleTime with "not
supported"). A few lines of the Wayland wire protocol over the compositor's socket, no native library.

A 1 s idle notification is asked for: the compositor says "idled" one second after the last input and
"resumed" at the next input, so idle seconds = 1 + time since "idled". A listener thread blocks on the socket.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from pathlib import Path

from .backend import IdleReading, Unavailable

NOTIFY_AFTER_MS = 1000
DISPLAY_ID, REGISTRY_ID = 1, 2
PROTOCOLS = ("ext_idle_notifier_v1", "org_kde_kwin_idle")  # preferred first


def idle_source(env) -> WaylandIdle:
    path = _socket_path(env)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(2)
        sock.connect(str(path))
        wire = Wire(sock)
        protocol, seat = wire.bind_idle()
    except (OSError, ValueError) as exc:
        sock.close()
        raise Unavailable(f"the Wayland compositor's socket did not answer ({type(exc).__name__})") from None
    except Unavailable:
        sock.close()
        raise
    return WaylandIdle(wire, protocol, seat)


def _socket_path(env) -> Path:
    display = env.get("WAYLAND_DISPLAY")
    if not display:
        raise Unavailable("not a Wayland session (WAYLAND_DISPLAY is not set)")
    path = Path(display)
    return path if path.is_absolute() else Path(env.get("XDG_RUNTIME_DIR", "")) / display


def _string(text: str) -> bytes:
    raw = text.encode() + b"\0"
    return struct.pack("<I", len(raw)) + raw + b"\0" * (-len(raw) % 4)


class Wire:
    """Just enough of the Wayland wire format: requests out, events in, one object id counter."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._next_id = REGISTRY_ID
        self._buffer = b""

    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def send(self, object_id: int, opcode: int, payload: bytes = b"") -> None:
        self.sock.sendall(struct.pack("<II", object_id, (8 + len(payload)) << 16 | opcode) + payload)

    def event(self) -> tuple[int, int, bytes]:
        """The next event: (object id, opcode, payload); blocks."""
        while True:
            if len(self._buffer) >= 8:
                object_id, word = struct.unpack_from("<II", self._buffer)
                size = word >> 16
                if len(self._buffer) >= size:
                    payload, self._buffer = self._buffer[8:size], self._buffer[size:]
                    return object_id, word & 0xFFFF, payload
            chunk = self.sock.recv(4096)
            if not chunk:
                raise EOFError("the compositor closed the connection")
            self._buffer += chunk

    def globals(self) -> dict[str, int]:
        """The compositor's globals: interface name -> registry name (after a round trip)."""
        self.send(DISPLAY_ID, 1, struct.pack("<I", REGISTRY_ID))  # wl_display.get_registry
        done = self.new_id()
        self.send(DISPLAY_ID, 0, struct.pack("<I", done))  # wl_display.sync: every global is announced before
        found: dict[str, int] = {}
        while True:
            object_id, opcode, payload = self.event()
            if object_id == done:
                return found
            if object_id == REGISTRY_ID and opcode == 0:
                name, length = struct.unpack_from("<II", payload)
                found.setdefault(payload[8:8 + length - 1].decode(), name)

    def bind(self, name: int, interface: str, version: int = 1) -> int:
        object_id = self.new_id()
        self.send(REGISTRY_ID, 0, struct.pack("<I", name) + _string(interface) + struct.pack("<II", version, object_id))
        return object_id

    def bind_idle(self) -> tuple[str, int]:
        """Bind the idle protocol and a seat, ask for 1 s idle notifications; return (protocol, watch object id)."""
        found = self.globals()
        protocol = next((p for p in PROTOCOLS if p in found), None)
        if protocol is None or "wl_seat" not in found:
            raise Unavailable("the Wayland compositor offers no idle protocol (ext-idle-notify-v1, org_kde_kwin_idle)")
        seat, notifier = self.bind(found["wl_seat"], "wl_seat"), self.bind(found[protocol], protocol)
        return protocol, self._watch(protocol, notifier, seat)

    def _watch(self, protocol: str, notifier: int, seat: int) -> int:
        watch = self.new_id()
        if protocol == "ext_idle_notifier_v1":  # get_idle_notification(new_id, timeout, seat)
            self.send(notifier, 1, struct.pack("<III", watch, NOTIFY_AFTER_MS, seat))
        else:  # org_kde_kwin_idle.get_idle_timeout(new_id, seat, timeout)
            self.send(notifier, 0, struct.pack("<III", watch, seat, NOTIFY_AFTER_MS))
        return watch


class WaylandIdle:
    """Seconds since the last input, from the compositor's idle/resumed events."""

    def __init__(self, wire: Wire, protocol: str, watch: int) -> None:
        self.name = f"Wayland {protocol}"
        self._wire, self._watch = wire, watch
        self._idled_at: float | None = None  # wall time of the last "idled" event; None after "resumed"
        self._lock = threading.Lock()
        wire.sock.settimeout(None)
        self._thread = threading.Thread(target=self._listen, name="lighttrack-wayland-idle", daemon=True)
        self._thread.start()

    def read(self) -> IdleReading | None:
        with self._lock:
            idled_at = self._idled_at
        if idled_at is None:
            return IdleReading(0.0)
        return IdleReading(NOTIFY_AFTER_MS / 1000 + max(0.0, time.time() - idled_at))

    def stop(self) -> None:
        try:
            self._wire.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._thread.join(timeout=2)
        self._wire.sock.close()

    def _listen(self) -> None:
        while True:
            try:
                object_id, opcode, _ = self._wire.event()
            except (OSError, EOFError):
                return
            if object_id == self._watch:
                with self._lock:
                    self._idled_at = time.time() if opcode == 0 else None
