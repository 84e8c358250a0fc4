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
import subprocess
import sys
import threading
import time

from dealgraph.errors import StoreError

log = logging.getLogger(__name__)


class QueryTimeout(Exception):
    """The request ran past the time limit and its worker was stopped."""


class PoolBusy(Exception):
    """No worker became free within the time limit."""


class WorkerLost(Exception):
    """The worker died while answering (for instance killed for lack of memory)."""


class Worker:
    """A worker process (``dealgraph.serve.worker.main``), talking over a socket pair.

    A plain child process rather than ``multiprocessing.Process``: spawn and forkserver re-run
    the parent's main module in the child, which breaks (or repeats) a program that embeds the
    server without a ``__main__`` guard. Starting one takes ~0.3 s (Python and rdflib imports).
    """

    def __init__(self, location: str):
        self.conn, child = multiprocessing.Pipe()
        fd = child.fileno()
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from dealgraph.serve.worker import main; main()",
             "--fd", str(fd), location],
            pass_fds=(fd,), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
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

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            log.warning("query worker %s did not stop", self.pid)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
            self.process.wait(2)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            pass
        self.kill()


class WorkerPool:
    """``size`` workers on the store at ``location``; :meth:`call` runs a request on one.

    Every worker is started by one long-lived *keeper* thread, which also ends and replaces the
    workers that ran past the time limit: on Linux a worker asks the kernel to end it when the
    thread that started it ends (``PR_SET_PDEATHSIG``), so that a crashed server leaves no
    worker behind, and that thread must therefore live as long as the pool.
    """

    def __init__(self, location: str, size: int = 2, *, start_timeout: float = 60.0):
        self.location = str(location)
        self.size = size
        self.start_timeout = start_timeout
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._workers: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._jobs: queue.Queue = queue.Queue()
        self._keeper = threading.Thread(target=self._keep, name="dealgraph-serve-keeper", daemon=True)
        self.killed = 0

    def start(self) -> None:
        """Start every worker and wait until each has opened the store (errors raise here)."""
        self._keeper.start()
        replies = []
        for _ in range(self.size):
            reply: queue.Queue = queue.Queue(1)
            self._jobs.put(("spawn", reply))
            replies.append(reply)
        started = [r.get() for r in replies]
        failure = next((w for w in started if isinstance(w, BaseException)), None)
        try:
            if failure is not None:
                raise StoreError(f"cannot start a query worker: {failure}")
            for w in started:
                w.wait_ready(self.start_timeout)
        except StoreError:
            for w in started:
                if isinstance(w, Worker):
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
        self.killed += 1
        log.info("ending query worker %s: the request %s", w.pid, why)
        self._jobs.put(("replace", w))

    def _keep(self) -> None:
        """The keeper thread: start workers on request, end and replace the lost ones."""
        while True:
            job, arg = self._jobs.get()
            if job == "stop":
                return
            if job == "spawn":
                try:
                    arg.put(Worker(self.location))
                except Exception as exc:  # handed to start(), which reports it
                    arg.put(exc)
                continue
            try:
                arg.kill()
                self._respawn()
            except Exception:  # the keeper must outlive any one failure
                log.exception("could not replace a query worker")

    def _respawn(self) -> None:
        for attempt in range(5):
            if self._closed:
                return
            try:
                new = Worker(self.location)
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
        self._jobs.put(("stop", None))
        if self._keeper.is_alive():
            self._keeper.join(10)
