"""A full disk and a store folder that cannot be written: a clear error, no half-written
filing, and once space is back the same ingest completes as if nothing had happened."""
from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from tests.reliability.conftest import command_env, dealgraph, dealgraph_command, graphs_of
from tests.reliability.synthetic import write_batch
from tests.reliability.users import without_override

N_FILES = 40


@pytest.fixture(scope="module")
def batch_and_reference(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reference")
    batch = tmp / "batch"
    write_batch(batch, N_FILES)
    reference = tmp / "store"
    assert dealgraph("--store", reference, "ingest", batch, cwd=tmp).returncode == 0
    return batch, graphs_of(reference), _export(reference, tmp / "ref.nq", tmp)


def _export(store: Path, out: Path, cwd: Path) -> bytes:
    result = dealgraph("--store", store, "export", "--format", "nquads", "--output", out, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


def _assert_disk_full_reported(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "disk full, the store could not be written" in result.stderr, result.stderr
    assert "free some space" in result.stderr


def _assert_only_complete_filings(store: Path, reference: dict) -> int:
    present = graphs_of(store)
    assert present.keys() <= reference.keys()
    for name, triples in present.items():
        assert triples == reference[name], f"half-written filing {name}"
    return len(present)


def _can_mount_tmpfs(where: Path) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    where.mkdir(exist_ok=True)
    probe = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)],
                           capture_output=True, check=False)
    if probe.returncode != 0:
        return False
    subprocess.run(["umount", str(where)], check=True)
    return True


def test_disk_full_on_a_small_filesystem(tmp_path, scratch, batch_and_reference, request):
    """A real full disk: a 1.5 MB tmpfs (needs root and the right to mount)."""
    batch, reference, expected = batch_and_reference
    disk = tmp_path / "disk"
    if not _can_mount_tmpfs(disk):
        pytest.skip("mounting a small tmpfs needs root with mount rights; "
                    "test_disk_full_by_file_size_limit covers the same path")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1536k", "tmpfs", str(disk)], check=True)
    request.addfinalizer(lambda: subprocess.run(["umount", "-l", str(disk)], check=False))
    store = disk / "store"
    result = dealgraph("--store", store, "ingest", batch, cwd=scratch)
    _assert_disk_full_reported(result)
    # Space comes back (the filesystem grows); the store opens with only complete filings in it.
    subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
    stored = _assert_only_complete_filings(store, reference)
    assert stored < N_FILES
    again = dealgraph("--store", store, "ingest", batch, cwd=scratch)
    assert again.returncode == 0, again.stderr
    assert _export(store, tmp_path / "again.nq", scratch) == expected


@pytest.mark.parametrize("limit_kb", [400, 1100])
def test_disk_full_by_file_size_limit(tmp_path, scratch, batch_and_reference, limit_kb):
    """The same failure as a full disk, as any user: writes past RLIMIT_FSIZE fail with EFBIG.
    Two limits: one hit while the store is created, one in the middle of the batch."""
    batch, reference, expected = batch_and_reference

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_kb * 1024, limit_kb * 1024))

    store = tmp_path / "store"
    result = subprocess.run([*dealgraph_command(), "--store", str(store), "ingest", str(batch)],
                            cwd=scratch, env=command_env(), capture_output=True, text=True,
                            preexec_fn=limit, timeout=120, check=False)
    _assert_disk_full_reported(result)
    stored = _assert_only_complete_filings(store, reference)
    assert stored == 0 if limit_kb < 1000 else 0 < stored < N_FILES, stored
    again = dealgraph("--store", store, "ingest", batch, cwd=scratch)
    assert again.returncode == 0, again.stderr
    assert _export(store, tmp_path / "again.nq", scratch) == expected


def test_a_store_folder_that_cannot_be_written(tmp_path, scratch, batch_and_reference):
    batch, _, _ = batch_and_reference
    store = tmp_path / "store"
    files = sorted(batch.iterdir())
    assert dealgraph("--store", store, "ingest", *files[:5], cwd=scratch).returncode == 0
    before = graphs_of(store)
    as_user = without_override(tmp_path)
    modes = {}
    for root, dirs, names in os.walk(store):
        for p in [root, *(os.path.join(root, n) for n in names)]:
            modes[p] = os.stat(p).st_mode
            os.chmod(p, modes[p] & ~0o222)
    try:
        for args in (("ingest", *files[5:]), ("stats",), ("export", "--output", tmp_path / "x.ttl")):
            result = dealgraph("--store", store, *args, cwd=scratch, **as_user)
            assert result.returncode == 1, (args, result.stdout, result.stderr)
            assert "Traceback" not in result.stderr
            assert f"{store}: cannot write the store (permission denied or read-only file system)" \
                in result.stderr, result.stderr
        assert not (tmp_path / "x.ttl").exists() and not (tmp_path / "x.ttl.part").exists()
    finally:
        for p, mode in modes.items():
            os.chmod(p, mode)
    assert graphs_of(store) == before


def test_an_export_that_cannot_be_written_leaves_no_partial_file(tmp_path, scratch, batch_and_reference):
    batch, _, expected = batch_and_reference
    store = tmp_path / "store"
    assert dealgraph("--store", store, "ingest", batch, cwd=scratch).returncode == 0
    assert len(expected) > 800_000
    missing = tmp_path / "no" / "such" / "dir.ttl"
    result = dealgraph("--store", store, "export", "--output", missing, cwd=scratch)
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: cannot write {missing}: No such file or directory"

    def limit() -> None:                     # the output's disk fills up half-way
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (600_000, 600_000))

    out = tmp_path / "deals.ttl"
    out.write_text("the previous export\n")
    result = subprocess.run([*dealgraph_command(), "--store", str(store), "export", "--format", "nquads",
                             "--output", str(out)],
                            cwd=scratch, env=command_env(), capture_output=True, text=True,
                            preexec_fn=limit, timeout=60, check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: cannot write {out}: File too large"
    assert out.read_text() == "the previous export\n"          # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cwd", "deals.ttl", "store"]
