"""Fixtures for the server tests: small stores, and ``dealgraph serve`` run as a real process.

Every server listens on a free loopback port (``--port 0``; the address is read from what the
command prints), is waited for by polling with a deadline, and is stopped after the test.
"""
from __future__ import annotations

import queue
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from dealgraph.graph.store import open_store
from dealgraph.loaders.to_rdf import facts_to_graph, filing_iri
from tests.factories import make_facts, make_filing

START_DEADLINE = 30.0
ACME_FILING = "0000111111-20-000001"


def add_filing(store_path: Path, identity: str, *, name: str = "Acme Bio, Inc.") -> str:
    """Write one small hand-made filing (Acme licenses Foldase to Zenith) into the store."""
    filing = make_filing(identity, name=name)
    graph_name = str(filing_iri(filing.identity))
    with open_store(store_path) as store:
        store.replace_graph(graph_name, facts_to_graph(filing, make_facts(filing, acme_name=name)))
    return graph_name


@pytest.fixture(scope="session")
def base_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("serve-base") / "store"
    add_filing(path, ACME_FILING)
    return path


@pytest.fixture
def store_copy(base_store, tmp_path) -> Path:
    """A store of one's own (the base store copied), for tests that write to it."""
    target = tmp_path / "store"
    shutil.copytree(base_store, target)
    return target


class ServerProcess:
    """``dealgraph --store STORE serve --port 0 ARGS`` in a child process."""

    def __init__(self, store: Path, *args: str):
        if "--workers" not in args:   # two start sooner than the default four
            args = (*args, "--workers", "2")
        cmd = [sys.executable, "-c", "from dealgraph.cli import main; main()",
               "--store", str(store), "serve", "--port", "0", *args]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.stdout: queue.Queue[str] = queue.Queue()
        self.stderr_lines: list[str] = []
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.stdout.put), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.proc.stderr, self.stderr_lines.append),
                         daemon=True).start()
        self.url = ""

    @staticmethod
    def _pump(stream, sink) -> None:
        for line in stream:
            sink(line)

    @property
    def stderr(self) -> str:
        return "".join(self.stderr_lines)

    @property
    def endpoint(self) -> str:
        return self.url + "sparql"

    def wait_ready(self, deadline: float = START_DEADLINE) -> ServerProcess:
        end = time.monotonic() + deadline
        while not self.url:
            if self.proc.poll() is not None:
                raise RuntimeError(f"dealgraph serve exited ({self.proc.returncode}): {self.stderr}")
            try:
                line = self.stdout.get(timeout=0.1)
            except queue.Empty:
                if time.monotonic() > end:
                    raise TimeoutError(f"dealgraph serve did not start: {self.stderr}") from None
                continue
            m = re.search(r" at (http://\S+/) ", line)
            if m:
                self.url = m.group(1)
        while True:   # the address is printed once bound; poll until a query is answered
            try:
                with urllib.request.urlopen(self.url + "sparql?query=ASK%7B%7D", timeout=2) as resp:
                    if resp.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > end:
                raise TimeoutError(f"dealgraph serve does not answer at {self.url}: {self.stderr}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


@pytest.fixture
def start_server():
    """``start_server(store, *args)``: a running server, stopped after the test."""
    servers = []

    def start(store: Path, *args: str) -> ServerProcess:
        server = ServerProcess(store, *args)
        servers.append(server)
        return server.wait_ready()

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def server(base_store, tmp_path_factory):
    """A read-only server on a copy of the base store, shared by a module's tests."""
    store = tmp_path_factory.mktemp("serve-shared") / "store"
    shutil.copytree(base_store, store)
    proc = ServerProcess(store)
    try:
        proc.wait_ready()
        proc.store = store
        yield proc
    finally:
        proc.stop()


def poll(check, *, deadline: float, interval: float = 0.05):
    """Call ``check()`` until it returns something true; return it, or fail at the deadline."""
    end = time.monotonic() + deadline
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > end:
            pytest.fail(f"still not true after {deadline} s: {check.__doc__ or check}")
        time.sleep(interval)
