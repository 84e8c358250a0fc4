"""Helpers for the reliability suite: run the real ``dealgraph`` command in a subprocess, from a
scratch working folder, and look inside stores without holding them."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from dealgraph.graph.store import open_store
from dealgraph.ontology.namespace import ONTOLOGY_GRAPH

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "immunogen_2004-10-06_8-K.txt"


def dealgraph_command() -> list[str]:
    """The installed console script, or the same entry point through this interpreter."""
    script = Path(sys.executable).with_name("dealgraph")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from dealgraph.cli import main; sys.exit(main())"]


def command_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DEALGRAPH_STORE"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["PYTHONUNBUFFERED"] = "1"
    env["TERM"] = "dumb"
    env.update(extra)
    return env


def dealgraph(*args, cwd: Path, timeout: float = 120, env: dict | None = None,
              **popen) -> subprocess.CompletedProcess:
    """Run ``dealgraph ARGS`` to completion (text output)."""
    return subprocess.run([*dealgraph_command(), *map(str, args)], cwd=cwd, env=env or command_env(),
                          capture_output=True, text=True, errors="surrogateescape", timeout=timeout,
                          **popen, check=False)


def start_dealgraph(*args, cwd: Path, env: dict | None = None, **popen) -> subprocess.Popen:
    """Start ``dealgraph ARGS`` in the background (binary pipes)."""
    return subprocess.Popen([*dealgraph_command(), *map(str, args)], cwd=cwd, env=env or command_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def error_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in (result.stdout + result.stderr).splitlines() if line.startswith("error:")]


def graphs_of(store_path: Path) -> dict[str, frozenset[str]]:
    """Every filing graph of a store (opened and released at once) as a set of N-Triples lines."""
    store = open_store(store_path, wait=30)
    try:
        out = {}
        for name in store.filing_graphs():
            triples = [q.triple for q in store.quads(name)]
            text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode() if triples else ""
            out[name] = frozenset(text.splitlines())
        return out
    finally:
        store.close()


def ontology_present(store_path: Path) -> bool:
    store = open_store(store_path, wait=30)
    try:
        return store.count(str(ONTOLOGY_GRAPH)) > 0
    finally:
        store.close()


@pytest.fixture
def scratch(tmp_path) -> Path:
    """An empty working folder for commands; nothing may appear in it unless asked for."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    return folder


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    folder = tmp_path / "sample"
    folder.mkdir()
    return Path(shutil.copy(SAMPLE, folder / SAMPLE.name))
