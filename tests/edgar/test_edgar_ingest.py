"""``dealgraph fetch --ingest``: the fetched filings go into the graph, also after a failed run."""
from __future__ import annotations

from click.testing import CliRunner

from dealgraph.cli import main

IMGN_CIK = 855654


def acc(prefix: int, year: int, seq: int) -> str:
    return f"{prefix:010d}-{year % 100:02d}-{seq:06d}"


def archive_paths(server) -> list[str]:
    return [h.path for h in server.requests("/Archives/")]


def test_ingest_after_fetch_and_after_a_failed_run(edgar_env, tmp_path):
    from dealgraph.graph.store import open_store

    store = tmp_path / "graph"
    broken = acc(1193125, 2006, 44009)
    edgar_env.fail_always(f"/Archives/edgar/data/{IMGN_CIK}/{broken.replace('-', '')}/{broken}.txt", "drop")
    args = ["--store", str(store), "fetch", "--no-progress",
            "--ticker", "IMGN", "--form", "8-K", "--since", "2004-01-01", "--ingest"]

    first = CliRunner().invoke(main, args)
    assert first.exit_code == 1
    assert "Ingested 6 filing(s)" in first.stderr and f"failed: {broken}" in first.stderr
    with open_store(str(store), read_only=True) as s:
        assert len(s.filing_graphs()) == 6

    edgar_env.heal()
    edgar_env.clear_log()
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0, second.stderr
    assert len(archive_paths(edgar_env)) == 1
    assert "Ingested 7 filing(s)" in second.stderr
    with open_store(str(store), read_only=True) as s:
        graphs = s.filing_graphs()
    assert len(graphs) == 7                                 # re-ingesting replaced, not doubled
    assert any(broken in g for g in graphs)
