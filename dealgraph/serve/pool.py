"""A pool of worker processes that run queries under a time limit.

pyoxigraph has no way to interrupt a query once it runs, so a query is handed to a worker
process (``worker.py``) and, when it is not answered within the time limit, that process is
killed and a fresh one takes its place. The client gets a :class:`QueryTimeout`; the other
workers go on serving meanwhile.
"""
from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
import time

from dealgraph.errors import StoreError
from dealgraph.serve import worker as worker_module

log = logging.getLogger(__name__)


class QueryTimeout(Exception):
    """The request ran past the time limit and its worker was stopped."""


class PoolBusy(Exception):
    """No worker became free within the time limit."""


class WorkerLost(Exception):
    """The worker died while answering (for instance killed for lack of memory)."""


def _context():
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:   # new workers start in milliseconds, from a clean process
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["dealgraph.serve.worker"])
        return ctx
    return multiprocessing.get_context("spawn")


class Worker:
    def __init__(self, ctx, location: str):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=worker_module.main, args=(child, location),
                                   name="dealgraph-serve-worker", daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise StoreError(f"a query worker did not start within {timeout:.0f} s")
        try:
            status, detail = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise StoreError("a query worker stopped while starting") from None
        if status != "ready":
            self.kill()
            raise StoreError(detail)

    def call(self, request: dict, timeout: float):
        self.conn.send(request)
        if not self.conn.poll(max(0.0, timeout)):
            raise QueryTimeout
        return self.conn.recv()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(2)
        self.kill()


class WorkerPool:
    """``size`` workers on the store at ``location``; :meth:`call` runs a request on one."""

    def __init__(self, location: str, size: int = 2, *, start_timeout: float = 60.0):
        self.location = str(location)
        self.size = size
        self.start_timeout = start_timeout
        self._ctx = _context()
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._workers: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.killed = 0

    def start(self) -> None:
        """Start every worker and wait until each has opened the store (errors raise here)."""
        started = [Worker(self._ctx, self.location) for _ in range(self.size)]
        try:
            for w in started:
                w.wait_ready(self.start_timeout)
        except StoreError:
            for w in started:
                w.kill()
            raise
        with self._lock:
            self._workers.update(started)
        for w in started:
            self._idle.put(w)

    def call(self, request: dict, timeout: float):
        """Run ``request`` on a free worker; the time limit covers waiting for one."""
        deadline = time.monotonic() + timeout
        try:
            w = self._idle.get(timeout=max(0.001, timeout))
        except queue.Empty:
            raise PoolBusy from None
        try:
            response = w.call(request, deadline - time.monotonic())
        except QueryTimeout:
            self._replace(w, "ran past the time limit")
            raise
        except (EOFError, OSError) as exc:
            self._replace(w, f"stopped unexpectedly ({exc or type(exc).__name__})")
            raise WorkerLost from None
        self._idle.put(w)
        return response

    def _replace(self, w: Worker, why: str) -> None:
        with self._lock:
            self._workers.discard(w)
            closed = self._closed
        self.killed += 1
        log.info("stopping a query worker (pid %s): the request %s", w.process.pid, why)
        threading.Thread(target=self._respawn, args=(w, closed), daemon=True).start()

    def _respawn(self, old: Worker, closed: bool) -> None:
        old.kill()
        for attempt in range(5):
            if self._closed or closed:
                return
            try:
                new = Worker(self._ctx, self.location)
                new.wait_ready(self.start_timeout)
            except (StoreError, OSError) as exc:
                log.warning("could not start a query worker (%s); retrying", exc)
                time.sleep(0.5 * (attempt + 1))
                continue
            with self._lock:
                if self._closed:
                    new.stop()
                    return
                self._workers.add(new)
            self._idle.put(new)
            return
        log.error("gave up starting a query worker; %d left", len(self._workers))

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        idle = set()
        while True:
            try:
                idle.add(self._idle.get_nowait())
            except queue.Empty:
                break
        for w in workers:
            if w in idle:
                w.stop()
            else:
                w.kill()     # busy with a request that nobody will read now
