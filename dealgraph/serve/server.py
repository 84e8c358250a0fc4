"""The server's life: check the store, start the workers, bind, serve, stop cleanly.

    with DealgraphServer("dealgraph-store", port=0) as server:   # port 0: any free port
        server.start()
        print(server.url)
        server.serve_forever()
"""
from __future__ import annotations

import ipaddress
import logging
import os
import socket
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

from dealgraph.errors import StoreError
from dealgraph.graph.store import META_FILE, open_store
from dealgraph.serve.app import App, Handler
from dealgraph.serve.pool import WorkerPool

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0


def is_loopback(host: str) -> bool:
    """True when ``host`` (an address or a name) only reaches this machine."""
    if host in ("localhost", "localhost.localdomain", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(i[4][0].split("%")[0]).is_loopback for i in infos)


def default_workers() -> int:
    """One per CPU, at least 4 (so that a few slow queries do not hold up quick ones), at most 8."""
    return min(8, max(4, os.cpu_count() or 1))


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, handler, app: App, family: int):
        self.address_family = family
        self.app = app
        super().__init__(address, handler)

    def handle_error(self, request, client_address):
        # A client that hangs up mid-answer is routine; anything else is worth a line in the log.
        log.debug("error while answering %s", client_address, exc_info=True)


class DealgraphServer:
    """A SPARQL endpoint and query page for the on-disk store at ``location``."""

    def __init__(self, location: str | Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 timeout: float = DEFAULT_TIMEOUT, allow_update: bool = False,
                 workers: int | None = None):
        location = str(location)
        if location == "memory" or location.startswith(("http://", "https://")):
            raise StoreError(f"{location}: serve needs a store folder (an endpoint URL is already "
                             "served; a memory store would be empty)")
        self.location = Path(location).expanduser()
        if not (self.location / META_FILE).exists():
            raise StoreError(f"{self.location}: no dealgraph store here (ingest something first)")
        open_store(self.location, read_only=True, wait=0).close()   # readable, right version
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self.host, self.port = host, port
        self.timeout = timeout
        self.allow_update = allow_update
        self.pool = WorkerPool(str(self.location), workers or default_workers())
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2] if self._httpd else (self.host, self.port)
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{port}/"

    def start(self) -> None:
        """Start the workers and bind the socket (raises OSError when the port is taken)."""
        infos = socket.getaddrinfo(self.host, self.port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
        # a name with both (localhost): IPv4, which every client tries
        infos.sort(key=lambda info: info[0] != socket.AF_INET)
        family, _, _, _, address = infos[0]
        self.pool.start()
        allowed = None
        if self.loopback:
            allowed = {"localhost", self.host.lower().strip("[]")}
        app = App(self.pool, timeout=self.timeout, allow_update=self.allow_update,
                  allowed_hosts=allowed)
        try:
            self._httpd = _HTTPServer(address[:2], Handler, app, family)
        except OSError:
            self.pool.close()
            raise

    def serve_forever(self) -> None:
        self._httpd.serve_forever(poll_interval=0.2)

    def start_in_thread(self) -> None:
        """Start and serve from a background thread (for embedding and tests)."""
        if self._httpd is None:
            self.start()
        self._thread = threading.Thread(target=self.serve_forever, name="dealgraph-serve",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._httpd is not None:
            if self._thread is not None:
                self._httpd.shutdown()
                self._thread.join(5)
            self._httpd.server_close()
            self._httpd = None
        self.pool.close()

    def __enter__(self) -> DealgraphServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
