"""A real Oxigraph server for the remote-store tests: started once on a free 127.0.0.1 port,
waited for by polling with a deadline, stopped at the end; each test starts from an empty one."""
from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

STARTUP_DEADLINE = 30.0


def _oxigraph_binary() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        conn.request("GET", "/query?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


class OxigraphServer:
    def __init__(self, binary: str, location: Path):
        self.binary, self.location = binary, location
        self.process: subprocess.Popen | None = None
        self.port = 0

    def start(self) -> None:
        for _ in range(3):   # another process may take the port between choosing and binding it
            self.port = _free_port()
            self.process = subprocess.Popen(
                [self.binary, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            deadline = time.monotonic() + STARTUP_DEADLINE
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    break
                if _answers(self.port):
                    return
                time.sleep(0.05)
            error = self.process.stderr.read().decode("utf-8", "replace") if self.process.poll() is not None else ""
            self.stop()
            if "Address already in use" not in error:
                raise RuntimeError(f"oxigraph serve did not answer within {STARTUP_DEADLINE} s: {error[:500]}")
        raise RuntimeError("no free port for oxigraph serve")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and self.process.stderr:
            self.process.stderr.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def clear(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("POST", "/update", body=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
            response = conn.getresponse()
            response.read()
            assert response.status < 300, response.status
        finally:
            conn.close()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    server = OxigraphServer(binary, tmp_path_factory.mktemp("oxigraph-server"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(oxigraph_server, monkeypatch):
    """The running server, emptied, with no dealgraph endpoint variables set."""
    for name in ("DEALGRAPH_UPDATE_URL", "DEALGRAPH_GSP_URL", "DEALGRAPH_STORE_USER", "DEALGRAPH_STORE_PASSWORD",
                 "DEALGRAPH_STORE_TOKEN", "DEALGRAPH_UNION_DEFAULT_GRAPH", "DEALGRAPH_STORE"):
        monkeypatch.delenv(name, raising=False)
    oxigraph_server.clear()
    return oxigraph_server
