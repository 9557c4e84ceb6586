"""A small TCP proxy on 127.0.0.1 in front of PostgreSQL: delay, and cut a connection right after a push commits."""

from __future__ import annotations

import queue
import selectors
import socket
import threading
import time


class FaultProxy:
    """Forwards every connection to `target_port`.

    `delay` (seconds) holds each chunk in both directions (RTT = 2 × delay) without limiting throughput. With `cut_pushes`
    above zero, the server's reply to a statement calling `lt_push` is dropped and the
    connection closed: the push committed on the server, the client never hears it.
    """

    def __init__(self, target_port: int, delay: float = 0.0) -> None:
        self.target_port = target_port
        self.delay = delay
        self.cut_pushes = 0
        self.cuts = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, name="fault-proxy", daemon=True).start()

    def close(self) -> None:
        self._stopping.set()
        self._listener.close()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _pump(self, client: socket.socket, server: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        selector.register(client, selectors.EVENT_READ, self._sender(server))
        selector.register(server, selectors.EVENT_READ, self._sender(client))
        armed = False
        try:
            while not self._stopping.is_set():
                for key, _ in selector.select(timeout=0.5):
                    chunk = key.fileobj.recv(65536)
                    if not chunk:
                        return
                    if key.fileobj is client and b"lt_push" in chunk:
                        armed = self._arm()
                    elif key.fileobj is server and armed:
                        time.sleep(0.05)  # the statement's reply came: the push has committed
                        return
                    key.data.put((time.monotonic() + self.delay, chunk))
        except OSError:
            return
        finally:
            for key in list(selector.get_map().values()):
                key.data.put(None)
            client.close()
            server.close()

    @staticmethod
    def _sender(target: socket.socket) -> queue.Queue:
        """A queue whose chunks reach `target` each `delay` after they arrived (latency, not a throughput cap)."""
        chunks: queue.Queue = queue.Queue()

        def send() -> None:
            while (item := chunks.get()) is not None:
                due, chunk = item
                time.sleep(max(0.0, due - time.monotonic()))
                try:
                    target.sendall(chunk)
                except OSError:
                    return

        threading.Thread(target=send, daemon=True).start()
        return chunks

    def _arm(self) -> bool:
        with self._lock:
            if self.cut_pushes <= 0:
                return False
            self.cut_pushes -= 1
            self.cuts += 1
            return True
