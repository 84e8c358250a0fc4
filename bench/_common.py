"""Helpers the benchmark scripts share: timing several runs, peak memory, the machine."""
from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_DATA = Path(tempfile.gettempdir()) / "dealgraph-bench"


def machine() -> str:
    """'2 CPUs (Intel Xeon …), 23.5 GiB RAM, Linux 6.x, Python 3.11.7, load 1.2' for the report."""
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        ram = float("nan")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    import pyoxigraph
    import rdflib
    return (f"{os.cpu_count()} CPUs ({cpu}), {ram:.1f} GiB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}; "
            f"load average at start {load:.2f}")


@dataclass
class Runs:
    """Wall and CPU seconds of several runs of one thing."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_rss: list[int] = field(default_factory=list)   # bytes
    capped: bool = False

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    def spread(self) -> str:
        if self.capped:
            return "> cap"
        if len(self.wall) == 1:
            return f"{self.wall[0]:.3f} s"
        return f"{self.median:.3f} s ({min(self.wall):.3f}–{max(self.wall):.3f})"

    def rate(self, amount: float, unit: str) -> str:
        if self.capped:
            return "—"
        values = sorted(amount / w for w in self.wall if w > 0)
        if not values:
            return "—"
        med = statistics.median(values)
        if len(values) == 1:
            return f"{med:,.0f} {unit}"
        return f"{med:,.0f} {unit} ({values[0]:,.0f}–{values[-1]:,.0f})"


def time_runs(fn, runs: int, *, warmup: int = 0) -> Runs:
    out = Runs()
    for _ in range(warmup):
        fn()
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        out.wall.append(time.perf_counter() - w)
        out.cpu.append(time.process_time() - c)
    return out


def run_measured(cmd: list[str], *, env: dict | None = None, cwd: str | None = None,
                 timeout: float | None = None) -> dict:
    """Run a command; wall seconds, CPU seconds (process and children) and peak RSS of the
    whole process tree (sampled every 50 ms), exit code and output."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd)
    ps = psutil.Process(proc.pid)
    peak_tree = peak_single = 0
    cpu_seen: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_tree, peak_single
        while not stop.is_set():
            try:
                procs = [ps, *ps.children(recursive=True)]
                total = 0
                for p in procs:
                    try:
                        rss = p.memory_info().rss
                        t = p.cpu_times()
                        cpu_seen[p.pid] = t.user + t.system
                    except psutil.Error:
                        continue
                    total += rss
                    peak_single = max(peak_single, rss)
                peak_tree = max(peak_tree, total)
            except psutil.Error:
                pass
            stop.wait(0.05)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    stop.set()
    thread.join()
    wall = time.perf_counter() - start
    return {"wall": wall, "cpu": sum(cpu_seen.values()), "peak_tree": peak_tree, "peak_single": peak_single,
            "code": proc.returncode, "stdout": out.decode("utf-8", "replace"),
            "stderr": err.decode("utf-8", "replace")}


def mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def dealgraph_cmd() -> list[str]:
    """The dealgraph command of this Python installation."""
    script = Path(sys.executable).with_name("dealgraph")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from dealgraph.cli import main; sys.exit(main())"]


class Cap(Exception):
    """A baseline ran past its time cap."""


def with_cap(seconds: float, fn):
    """Run ``fn`` (pure Python, e.g. rdflib) with a time cap; raises :class:`Cap` past it."""
    import signal

    def alarm(signum, frame):
        raise Cap()

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
