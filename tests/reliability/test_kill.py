"""SIGKILL in the middle of a batch: the store opens afterwards, holds only complete filings
(each exactly as an uninterrupted run writes it), and running the same ingest again ends with
the very bytes an uninterrupted run exports."""
from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.conftest import command_env, dealgraph, dealgraph_command, graphs_of
from tests.reliability.synthetic import write_batch

N_FILES = 40
KILLS = 20           # that leave work undone; each run starts the batch again on the last store
FRESH_KILLS = 2      # on new stores, early: while the store is being created
_PROGRESS = re.compile(rb"(\d+)/" + str(N_FILES).encode())


def _export(store: Path, fmt: str, out: Path, cwd: Path) -> bytes:
    result = dealgraph("--store", store, "export", "--format", fmt, "--output", out, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


def _children(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _progress(log: Path) -> int:
    counts = [int(n) for n in _PROGRESS.findall(log.read_bytes())]
    return max(counts, default=0)


def _kill_run(store: Path, batch: Path, cwd: Path, log: Path, *, jobs: int, delay: float | None,
              after: int | None) -> tuple[str, list[int]]:
    """Start an ingest and SIGKILL it after ``delay`` seconds or once progress reaches ``after``
    files. Returns how it ended ("killed" or "finished") and the workers it had started."""
    with open(log, "wb") as err:
        proc = subprocess.Popen([*dealgraph_command(), "--store", str(store), "ingest", "--progress",
                                 "--jobs", str(jobs), str(batch)], cwd=cwd, env=command_env(),
                                stdout=subprocess.DEVNULL, stderr=err)
    started = time.monotonic()
    deadline = started + 60
    workers: list[int] = []
    while proc.poll() is None and time.monotonic() < deadline:
        if jobs > 1 and not workers and sys.platform == "linux":
            workers = _children(proc.pid)
        if delay is not None and time.monotonic() - started >= delay:
            break
        if after is not None and _progress(log) >= after:
            break
        time.sleep(0.005)
    if proc.poll() is not None:
        return "finished", workers
    if jobs > 1 and sys.platform == "linux":
        workers = workers or _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return "killed", workers


def _check_complete(store: Path, reference: dict[str, frozenset[str]], seed: int) -> int:
    present = graphs_of(store)            # the store opens, and every graph in it ...
    for name, triples in present.items():  # ... is a filing exactly as an uninterrupted run wrote it
        assert name in reference, f"unknown graph {name} (seed {seed})"
        assert triples == reference[name], f"half-written filing {name} (seed {seed})"
    return len(present)


def test_sigkill_at_random_points_loses_nothing_and_resumes(tmp_path, scratch):
    seed = int(os.environ.get("DEALGRAPH_KILL_SEED", random.randrange(1 << 30)))
    rnd = random.Random(seed)
    batch = tmp_path / "batch"
    write_batch(batch, N_FILES)

    reference_store = tmp_path / "reference"
    started = time.monotonic()
    done = dealgraph("--store", reference_store, "ingest", batch, cwd=scratch)
    full_run = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    reference = graphs_of(reference_store)
    assert len(reference) == N_FILES
    expected_nq = _export(reference_store, "nquads", tmp_path / "reference.nq", scratch)
    expected_ttl = _export(reference_store, "turtle", tmp_path / "reference.ttl", scratch)

    # Kills go one after the other, each run starting the batch again on the store the last one
    # left. Once a run completes a store, nothing is left to interrupt there: go on with a new one.
    stores = [tmp_path / "store-0"]
    present = 0
    outcomes = []
    k = 0

    def undone(o):      # killed before the batch was all stored
        return o[0] == "killed" and o[5] < N_FILES

    while len([o for o in outcomes if undone(o)]) < KILLS and k < 4 * KILLS:
        k += 1
        if present >= N_FILES - 1:
            stores.append(tmp_path / f"store-{len(stores)}")
            present = 0
        jobs = 2 if k % 3 == 2 else 1
        if k % 2:   # after a given number of files, counting those the store already holds
            delay, after = None, rnd.randrange(present + 1, N_FILES)
        else:       # (an ingest that finishes before its kill just counts as a resumed run)
            delay, after = rnd.uniform(0.2, full_run), None
        how, workers = _kill_run(stores[-1], batch, scratch, tmp_path / f"kill-{k}.log", jobs=jobs,
                                 delay=delay, after=after)
        present = _check_complete(stores[-1], reference, seed)
        outcomes.append((how, delay, after, jobs, _progress(tmp_path / f"kill-{k}.log"), present))
        # the workers of a killed parallel ingest end by themselves
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not any(_alive(w) for w in workers), f"workers outlived the killed ingest (seed {seed})"

    for k in range(FRESH_KILLS):
        fresh = tmp_path / f"fresh-{k}"
        how, _ = _kill_run(fresh, batch, scratch, tmp_path / f"fresh-{k}.log", jobs=1,
                           delay=rnd.uniform(0.3, 0.9), after=None)
        outcomes.append((how, "fresh", None, 1, _progress(tmp_path / f"fresh-{k}.log"),
                         _check_complete(fresh, reference, seed)))

    # (how, delay, after, jobs, files done when killed, graphs in the store)
    killed = [o for o in outcomes if o[0] == "killed"]
    # (a kill that came after the last filing was stored would prove little)
    assert len([o for o in outcomes if undone(o)]) >= KILLS, (seed, outcomes)
    print(f"seed {seed}: {len(killed)} kills on {len(stores)} stores, graphs present after each:",
          sorted(o[5] for o in killed))

    # Running the same ingest again completes the batch: the same bytes as an uninterrupted run.
    for target in (*stores, tmp_path / "fresh-0"):
        again = dealgraph("--store", target, "ingest", batch, cwd=scratch)
        assert again.returncode == 0, again.stderr
        assert _export(target, "nquads", tmp_path / "again.nq", scratch) == expected_nq, seed
    assert _export(stores[-1], "turtle", tmp_path / "again.ttl", scratch) == expected_ttl, seed
    assert os.listdir(scratch) == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_sigkill_while_the_store_is_created(tmp_path, scratch, jobs):
    """Killed at once: the folder left behind is still usable as a store."""
    batch = tmp_path / "batch"
    write_batch(batch, 3)
    store = tmp_path / "store"
    for delay in (0.05, 0.15, 0.3, 0.45):
        _kill_run(store, batch, scratch, tmp_path / "log", jobs=jobs, delay=delay, after=None)
    result = dealgraph("--store", store, "ingest", batch, cwd=scratch)
    assert result.returncode == 0, result.stderr
    assert len(graphs_of(store)) == 3

