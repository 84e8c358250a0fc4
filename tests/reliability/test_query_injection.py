"""Saved-query parameters cannot change a query's meaning: every parameter of every saved query
is fed SPARQL injection attempts. A value is refused (wrong type) or bound as one RDF term: the
query text sent to the store is the same whatever the value, the term holds
the value exactly, the result has the same columns and only real deals, and nothing changes in
the store."""
from __future__ import annotations

import re
import shutil

import pyoxigraph as ox
import pytest

from dealgraph.errors import QueryError
from dealgraph.graph.store import open_store
from tests.reliability.conftest import SAMPLE, dealgraph
from tests.reliability.synthetic import write_batch

queries = pytest.importorskip("dealgraph.queries", reason="the saved queries (dealgraph.queries) are not "
                                                          "in this checkout yet")

INJECTIONS = [
    '" } UNION { ?deal ?p ?o } #',
    "' } UNION { ?deal ?p ?o } #",
    '"^^<http://www.w3.org/2001/XMLSchema#string> } ; DROP ALL ; INSERT DATA { <urn:x> <urn:y> <urn:z> } #',
    "ImmunoGen\" || true || \"",
    "x\\\" ) || ( \"1\" = \"1",
    "> } GRAPH ?g { ?s ?p ?o } <",
    "<https://w3id.org/dealgraph/id/org/cik-855654>",
    "https://w3id.org/dealgraph/id/org/x> . ?s ?p ?o . <urn:a",
    "deal:1> ; DROP ALL ; <urn:b",
    "?deal",
    "$deal",
    "2004-01-01\" || \"a\" = \"a",
    "2004-01-01) || (true",
    "1 || true",
    "1.0e3 } UNION { ?s ?p ?o",
    "true || ?x",
    "all\" || \"1\"=\"1",
    "\u0000\n\r\t#",
    "\\u0022 } UNION { ?s ?p ?o } #",
    "",
]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("injection")
    batch = tmp / "batch"
    write_batch(batch, 6)
    shutil.copy(SAMPLE, batch / SAMPLE.name)
    path = tmp / "store"
    assert dealgraph("--store", path, "ingest", batch, cwd=tmp).returncode == 0
    return path


class Spy:
    """A store that records what is sent to it."""

    def __init__(self, store):
        self.store, self.sent = store, []

    def query(self, text, *, substitutions=None, **kw):
        self.sent.append((text, dict(substitutions or {})))
        return self.store.query(text, substitutions=substitutions, **kw)

    def __getattr__(self, name):
        return getattr(self.store, name)


def _cases():
    for q in queries.saved_queries():
        for p in q.params:
            yield pytest.param(q.name, p.name, id=f"{q.name}-{p.name}")


@pytest.mark.parametrize("query_name,param", list(_cases()))
def test_no_parameter_value_changes_a_saved_querys_meaning(store_path, query_name, param):
    store = open_store(store_path)
    try:
        before = store.count()
        all_deals = {row[0].value for row in store.query(
            "SELECT ?d WHERE { ?d a <https://w3id.org/dealgraph/ontology#Deal> }")}
        q = queries.load_saved(query_name)
        spec = q.param(param)
        base = {p.name: p.default for p in q.params if p.required}
        base = {k: _benign(q.param(k)) for k in base}
        spy = Spy(store)
        benign = queries.run(spy, q, {**base, param: _benign(spec)})
        (benign_text, _), = spy.sent
        columns = benign.variables
        for value in INJECTIONS:
            spy = Spy(store)
            try:
                result = queries.run(spy, q, {**base, param: value})
            except QueryError as exc:                 # refused: it says which parameter and why
                assert param in str(exc) or "parameter" in str(exc), str(exc)
                continue
            (text, subs), = spy.sent
            assert text == benign_text, "the query text depends on the value of a parameter"
            term = subs[ox.Variable(param)] if ox.Variable(param) in subs else subs.get(param)
            assert isinstance(term, ox.Literal | ox.NamedNode)
            if spec.type == "string":
                assert isinstance(term, ox.Literal) and term.value == value
            assert result.variables == columns
            if result.kind == "select" and "deal" in result.variables:
                i = result.variables.index("deal")
                assert {row[i].value for row in result.rows if row[i] is not None} <= all_deals
        assert store.count() == before
    finally:
        store.close()


def _benign(param) -> str:
    return {"date": "2004-01-01", "integer": "1", "decimal": "1.5", "boolean": "true",
            "iri": "https://w3id.org/dealgraph/id/org/none"}.get(param.type, param.choices[0]
                                                                 if param.choices else "nothing")


def test_injection_through_the_command_line(store_path, tmp_path, scratch):
    """Every string and IRI parameter of every saved query, through ``dealgraph query``."""
    commands = dealgraph("--help", cwd=scratch).stdout
    if not re.search(r"^\s+query\b", commands, re.MULTILINE):
        pytest.skip("the 'dealgraph query' command is not in this checkout yet")
    store = tmp_path / "store"
    shutil.copytree(store_path, store)
    export_before = dealgraph("--store", store, "export", "--format", "nquads", cwd=scratch).stdout
    runs = [("deals", "company", value) for value in INJECTIONS[:3]]
    runs += [(q.name, p.name, INJECTIONS[0]) for q in queries.saved_queries() for p in q.params
             if p.type in ("string", "iri") and (q.name, p.name) != ("deals", "company")]
    for name, param, value in runs:
        q = queries.load_saved(name)
        args = [a for other in q.params if other.required and other.name != param
                for a in ("--param", f"{other.name}={_benign(other)}")]
        result = dealgraph("--store", store, "query", name, "--format", "csv", "--param", f"{param}={value}",
                           *args, cwd=scratch)
        assert result.returncode in (0, 2), (name, param, result.stderr)
        assert "Traceback" not in result.stderr
        if result.returncode == 2:                        # refused: names the parameter
            assert param in result.stderr, result.stderr
        else:                                             # nothing matches such a value
            assert len(result.stdout.strip().splitlines()) <= 1, (name, param, result.stdout)
    assert dealgraph("--store", store, "export", "--format", "nquads", cwd=scratch).stdout == export_before
