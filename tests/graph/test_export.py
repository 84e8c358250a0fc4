"""Export: stable bytes, named graphs kept in TriG/N-Quads, and a Turtle round trip."""
from __future__ import annotations

import rdflib
from rdflib.compare import isomorphic

from dealgraph.graph.export import export
from dealgraph.graph.store import open_store
from dealgraph.loaders.to_rdf import facts_to_graph, filing_iri
from tests.factories import make_facts, make_filing


def loaded_store(path):
    store = open_store(path)
    for identity, source in (("0000111111-20-000001", "a.txt"), ("0000111111-20-000002", "b.txt")):
        filing = make_filing(identity, source=source)
        store.replace_graph(str(filing_iri(identity)), facts_to_graph(filing, make_facts(filing)))
    return store


def test_turtle_is_the_same_bytes_every_time(tmp_path):
    store = loaded_store(tmp_path / "s")
    first = export(store, "turtle")
    assert first == export(store, "turtle")
    store.close()
    assert first == export(open_store(tmp_path / "s"), "turtle")
    assert b"@prefix dg: <https://w3id.org/dealgraph/ontology#>" in first


def test_turtle_is_the_union_without_duplicates_or_ontology(tmp_path):
    store = loaded_store(tmp_path / "s")
    g = rdflib.Graph().parse(data=export(store, "turtle"), format="turtle")
    orgs = set(g.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/dealgraph/ontology#Organization")))
    assert len(orgs) == 2                       # the same two organizations in both filings, once each
    assert (None, rdflib.RDF.type, rdflib.OWL.Class) not in g
    with_ontology = rdflib.Graph().parse(data=export(store, "turtle", include_ontology=True), format="turtle")
    assert (None, rdflib.RDF.type, rdflib.OWL.Class) in with_ontology


def test_trig_and_nquads_keep_one_graph_per_filing(tmp_path):
    store = loaded_store(tmp_path / "s")
    for fmt in ("trig", "nquads"):
        ds = rdflib.Dataset()
        ds.parse(data=export(store, fmt), format=fmt)
        names = {str(g.identifier) for g in ds.graphs() if len(g)}
        assert {str(filing_iri("0000111111-20-000001")), str(filing_iri("0000111111-20-000002"))} <= names


def test_jsonld_and_ntriples_parse_back_to_the_same_graph(tmp_path):
    store = loaded_store(tmp_path / "s")
    turtle = rdflib.Graph().parse(data=export(store, "turtle"), format="turtle")
    for fmt, parser in (("ntriples", "nt"), ("jsonld", "json-ld")):
        assert isomorphic(turtle, rdflib.Graph().parse(data=export(store, fmt), format=parser))


def test_round_trip_through_turtle_gives_the_same_bytes(tmp_path):
    store = loaded_store(tmp_path / "s")
    first = export(store, "turtle")
    fresh = open_store(tmp_path / "fresh")
    fresh.replace_graph(str(filing_iri("imported")), rdflib.Graph().parse(data=first, format="turtle"))
    assert export(fresh, "turtle") == first


def test_turtle_bytes_do_not_depend_on_the_process(tmp_path):
    import subprocess
    import sys
    loaded_store(tmp_path / "s").close()
    code = ("import sys; from dealgraph.graph.export import export; from dealgraph.graph.store import open_store;"
            "sys.stdout.buffer.write(export(open_store(sys.argv[1], read_only=True), 'turtle'))")
    runs = {subprocess.run([sys.executable, "-c", code, str(tmp_path / "s")], capture_output=True,
                           check=True).stdout for _ in range(3)}
    assert len(runs) == 1


def test_export_to_a_dash_writes_standard_output_not_a_file_named_dash(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from dealgraph.cli import main
    loaded_store(tmp_path / "s").close()
    monkeypatch.chdir(tmp_path)
    store = open_store(tmp_path / "s")
    expected = export(store, "turtle")
    store.close()
    for args in ([], ["--output", "-"]):
        result = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "export", "--format", "turtle", *args])
        assert result.exit_code == 0, result.output
        assert result.stdout_bytes == expected
    assert not (tmp_path / "-").exists()
