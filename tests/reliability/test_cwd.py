"""Nothing dealgraph writes depends on the current folder beyond the paths the user gave: every
command runs from an empty scratch folder with --store and --output elsewhere, and afterwards
the scratch folder, the input folder and the store's parent hold only what was asked for."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.reliability.conftest import command_env, dealgraph, dealgraph_command


def _tree(folder: Path) -> set[str]:
    return {str(Path(root, name).relative_to(folder)) for root, dirs, files in os.walk(folder)
            for name in dirs + files}


def test_commands_write_only_where_they_are_told(tmp_path, scratch, sample_copy):
    home = tmp_path / "home"
    home.mkdir()
    env = command_env(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"))
    inputs_before = _tree(sample_copy.parent)
    store, out = tmp_path / "store", tmp_path / "out"
    out.mkdir()

    def ok(*args, **kw):
        result = dealgraph(*args, cwd=scratch, env=kw.pop("env", env), **kw)
        assert result.returncode == 0, (args, result.stderr)
        return result

    ok("--store", store, "ingest", sample_copy)
    ok("--store", store, "ingest", "--jobs", "2", sample_copy, sample_copy.parent)
    ok("--store", store, "stats", "--per-graph")
    ok("--store", store, "export", "--format", "turtle", "--output", out / "deals.ttl")
    ok("--store", store, "export", "--format", "trig")
    ok("--store", store, "validate")
    ok("ontology")
    ok("extract", sample_copy, "--output", out / "facts.nq")
    ok("--store", tmp_path / "loaded", "load", out / "facts.nq")
    ok("ingest", sample_copy, env={**env, "DEALGRAPH_STORE": str(tmp_path / "env-store")})
    commands = ok("--help").stdout
    if re.search(r"^\s+viz\b", commands, re.MULTILINE):
        ok("--store", store, "viz", "--output", out / "page.html")
    if re.search(r"^\s+query\b", commands, re.MULTILINE):
        ok("--store", store, "query", "deals")
    if re.search(r"^\s+queries\b", commands, re.MULTILINE):
        ok("queries")

    # The server: started, asked a question, stopped.
    server = subprocess.Popen([*dealgraph_command(), "--store", str(store), "serve", "--port", "0"],
                              cwd=scratch, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        url = re.search(r"http://[\d.]+:\d+/", line).group(0)
        deadline = time.monotonic() + 30
        while True:
            try:
                ask = url + "sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"
                with urllib.request.urlopen(ask, timeout=10) as r:
                    assert b"true" in r.read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    ok("--store", store, "remove", sample_copy)

    assert os.listdir(scratch) == [], "written into the current folder"
    assert _tree(sample_copy.parent) == inputs_before, "written beside the inputs"
    assert sorted(os.listdir(out)) == sorted(p for p in ["deals.ttl", "facts.nq", "page.html"]
                                             if (out / p).exists())
    assert not [p for p in os.listdir(out) if p.endswith(".part")]
    assert sorted(os.listdir(tmp_path)) == ["cwd", "env-store", "home", "loaded", "out", "sample", "store"]
    assert _tree(home) <= {".cache"}, _tree(home)
