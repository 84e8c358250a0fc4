"""Ctrl-C during an ingest: it stops within moments (parallel workers too), says so, keeps
every complete filing, and running it again finishes the batch."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.reliability.conftest import command_env, dealgraph, dealgraph_command, graphs_of
from tests.reliability.synthetic import write_batch
from tests.reliability.test_kill import _alive, _check_complete, _children, _progress


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_stops_promptly_and_keeps_complete_filings(tmp_path, scratch, jobs):
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) at a few points."""
    batch = tmp_path / "batch"
    write_batch(batch, 20)
    reference_store = tmp_path / "reference"
    assert dealgraph("--store", reference_store, "ingest", batch, cwd=scratch).returncode == 0
    reference = graphs_of(reference_store)
    store = tmp_path / "store"
    for after in (3, 14):
        log = tmp_path / f"int-{after}.log"
        with open(log, "wb") as err:
            proc = subprocess.Popen([*dealgraph_command(), "--store", str(store), "ingest", "--progress",
                                     "--jobs", str(jobs), str(batch)], cwd=scratch, env=command_env(),
                                    stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        deadline = time.monotonic() + 60
        while proc.poll() is None and _progress(log) < after and time.monotonic() < deadline:
            time.sleep(0.005)
        if proc.poll() is not None:
            continue
        workers = _children(proc.pid) if sys.platform == "linux" else []
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=20) == 130
        assert "Interrupted: the filings ingested so far are stored" in log.read_text()
        assert "Traceback" not in log.read_text()
        stop = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < stop:
            time.sleep(0.02)
        assert not any(_alive(w) for w in workers)
        _check_complete(store, reference, 0)
    again = dealgraph("--store", store, "ingest", batch, cwd=scratch)
    assert again.returncode == 0
    assert graphs_of(store) == reference
