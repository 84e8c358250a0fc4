"""The embedded store: named graphs replaced atomically, a busy store, format versions."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from rdflib import Graph, Literal, URIRef

from dealgraph.errors import StoreBusyError, StoreError
from dealgraph.graph.store import META_FILE, open_store

G = "https://w3id.org/dealgraph/id/filing/test-1"


def triples(n: int, value: str = "v") -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(f"{value}{i}")))
    return g


def test_replacing_a_graph_leaves_no_duplicates(tmp_path):
    store = open_store(tmp_path / "s")
    store.replace_graph(G, triples(5))
    store.replace_graph(G, triples(3, "w"))
    assert store.count(G) == 3
    assert store.filing_graphs() == [G]
    store.close()
    reopened = open_store(tmp_path / "s")            # persistent
    assert reopened.count(G) == 3
    assert reopened.remove_graph(G) and not reopened.remove_graph(G)
    assert reopened.filing_graphs() == []


def test_the_ontology_has_its_own_graph():
    store = open_store("memory")
    assert "https://w3id.org/dealgraph/id/graph/ontology" in store.graph_names()
    assert store.filing_graphs() == []


def test_failed_update_changes_nothing(tmp_path):
    store = open_store(tmp_path / "s")
    store.replace_graph(G, triples(4))
    with pytest.raises(Exception):
        store.replace_graph(G, [(URIRef("urn:s"), URIRef("urn:p"), object())])
    assert store.count(G) == 4


def test_a_store_held_by_another_process_is_busy(tmp_path):
    path = tmp_path / "s"
    open_store(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from dealgraph.graph.store import open_store; s = open_store(sys.argv[1]); "
         "print('ready', flush=True); sys.stdin.read()", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        started = time.monotonic()
        with pytest.raises(StoreBusyError, match="busy"):
            open_store(path, wait=0.3)
        assert time.monotonic() - started < 5
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    open_store(path).close()                          # free again once the holder is gone


def test_a_store_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "s"
    open_store(path).close()
    (path / META_FILE).write_text(json.dumps({"format_version": 99}))
    with pytest.raises(StoreError, match="newer dealgraph"):
        open_store(path)


def test_a_folder_that_is_not_a_store_is_left_alone(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a dealgraph store"):
        open_store(tmp_path / "docs")
    assert [p.name for p in (tmp_path / "docs").iterdir()] == ["notes.txt"]


def test_an_outdated_ontology_graph_is_replaced_on_open(tmp_path):
    from rdflib import RDFS

    from dealgraph.ontology.namespace import ONTOLOGY_GRAPH
    store = open_store(tmp_path / "s")
    store.replace_graph(str(ONTOLOGY_GRAPH), triples(2))      # as if an older version had written it
    before = store.count(str(ONTOLOGY_GRAPH))
    store.close()
    store = open_store(tmp_path / "s")
    assert store.count(str(ONTOLOGY_GRAPH)) > before
    assert bool(store.query(f"ASK {{ ?c <{RDFS.subClassOf}> ?d }}"))
    count = store.count(str(ONTOLOGY_GRAPH))
    store.close()
    assert open_store(tmp_path / "s").count(str(ONTOLOGY_GRAPH)) == count   # current: left as it is
