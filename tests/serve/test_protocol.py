"""The SPARQL 1.1 Protocol and the Graph Store Protocol, as real clients see them."""
from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper

from dealgraph.graph.store import open_store
from tests.serve.conftest import ACME_FILING

DG = "https://w3id.org/dealgraph/ontology#"
ORG_NAMES = f"""
PREFIX dg: <{DG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?org ?name WHERE {{ ?org a dg:Organization ; rdfs:label ?name }} ORDER BY ?name"""
EXPECTED_NAMES = ["Acme Bio, Inc.", "Zenith Pharma"]
DEAL_GRAPH = f"""
PREFIX dg: <{DG}>
CONSTRUCT {{ ?deal ?p ?o }} WHERE {{ ?deal a dg:Deal ; ?p ?o }}"""


def get(url: str, *, headers: dict | None = None, data: bytes | None = None, method=None):
    """(status, content type, body) of a request; HTTP errors are answers too."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def wrapper(server, fmt, query=ORG_NAMES) -> SPARQLWrapper:
    sw = SPARQLWrapper(server.endpoint)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw


def local(server, query):
    """The same query answered by the store itself, in this process (read-only: no lock)."""
    with open_store(server.store, read_only=True) as store:
        return list(store.query(query))


def names_in_store(server) -> list[str]:
    return [row["name"].value for row in local(server, ORG_NAMES)]


# -- SELECT in every format, with SPARQLWrapper -------------------------------------------------
def test_select_as_json(server):
    result = wrapper(server, JSON).query()
    assert result.info()["content-type"].startswith("application/sparql-results+json")
    data = result.convert()
    assert data["head"]["vars"] == ["org", "name"]
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == EXPECTED_NAMES
    assert data["results"]["bindings"][0]["org"]["type"] == "uri"


def test_select_as_xml(server):
    result = wrapper(server, XML).query()
    assert result.info()["content-type"].startswith("application/sparql-results+xml")
    doc = result.convert()   # an xml.dom document
    ns = "http://www.w3.org/2005/sparql-results#"
    literals = [b.getElementsByTagNameNS(ns, "literal")[0].firstChild.data
                for b in doc.getElementsByTagNameNS(ns, "binding") if b.getAttribute("name") == "name"]
    assert literals == EXPECTED_NAMES


def test_select_as_csv(server):
    result = wrapper(server, CSV).query()
    assert result.info()["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(result.convert().decode("utf-8"))))
    assert rows[0] == ["org", "name"]
    assert [r[1] for r in rows[1:]] == EXPECTED_NAMES


def test_select_as_tsv(server):
    result = wrapper(server, TSV).query()
    assert result.info()["content-type"].startswith("text/tab-separated-values")
    lines = result.convert().decode("utf-8").splitlines()
    assert lines[0] == "?org\t?name"
    assert [line.split("\t")[1] for line in lines[1:]] == [f'"{n}"' for n in EXPECTED_NAMES]


def test_select_by_post_form(server):
    sw = wrapper(server, JSON)
    sw.setMethod(POST)
    data = sw.query().convert()
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == EXPECTED_NAMES


def test_select_by_post_sparql_query_body(server):
    status, ctype, body = get(server.endpoint, data=ORG_NAMES.encode(), headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert status == 200, body
    names = [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert names == EXPECTED_NAMES


def test_ask(server):
    yes = wrapper(server, JSON, f"ASK {{ ?d a <{DG}Deal> }}").query().convert()
    no = wrapper(server, XML, f"ASK {{ ?d a <{DG}NoSuchClass> }}").query().convert()
    assert yes["boolean"] is True
    ns = "http://www.w3.org/2005/sparql-results#"
    assert no.getElementsByTagNameNS(ns, "boolean")[0].firstChild.data == "false"


# -- CONSTRUCT ------------------------------------------------------------------------------------
def _expected_deal_graph(server) -> rdflib.Graph:
    from dealgraph.graph.terms import to_rdflib
    g = rdflib.Graph()
    for t in local(server, DEAL_GRAPH):
        g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return g


def test_construct_as_turtle(server):
    result = wrapper(server, TURTLE, DEAL_GRAPH).query()
    assert result.info()["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=result.convert(), format="turtle")
    expected = _expected_deal_graph(server)
    assert len(expected) > 10
    assert isomorphic(graph, expected)


def test_construct_as_json_ld(server):
    result = wrapper(server, JSONLD, DEAL_GRAPH).query()
    assert result.info()["content-type"].startswith("application/ld+json")
    graph = result.convert()
    assert isinstance(graph, rdflib.Graph)
    assert isomorphic(graph, _expected_deal_graph(server))


@pytest.mark.parametrize("accept,fmt", [("application/n-triples", "nt"), ("application/rdf+xml", "xml")])
def test_construct_as_ntriples_and_rdf_xml(server, accept, fmt):
    query = urllib.parse.urlencode({"query": DEAL_GRAPH})
    status, ctype, body = get(f"{server.endpoint}?{query}", headers={"Accept": accept})
    assert status == 200 and ctype.startswith(accept)
    assert isomorphic(rdflib.Graph().parse(data=body, format=fmt), _expected_deal_graph(server))


# -- rdflib's SPARQLStore -------------------------------------------------------------------------
def test_rdflib_sparqlstore_select_ask_construct(server):
    graph = rdflib.Graph(store=SPARQLStore(server.endpoint))
    rows = list(graph.query(ORG_NAMES))
    assert [str(r.name) for r in rows] == names_in_store(server) == EXPECTED_NAMES
    assert graph.query(f"ASK {{ ?d a <{DG}Deal> }}").askAnswer is True
    constructed = graph.query(DEAL_GRAPH).graph
    assert isomorphic(constructed, _expected_deal_graph(server))


def test_rdflib_sparqlstore_in_json(server):
    store = SPARQLStore(server.endpoint, returnFormat="json")
    rows = list(rdflib.Graph(store=store).query(ORG_NAMES))
    assert [str(r.name) for r in rows] == EXPECTED_NAMES


# -- negotiation ---------------------------------------------------------------------------------
def test_format_parameter_serves_a_browser_link(server):
    """A download link cannot set Accept; the browser's own asks for HTML or XML."""
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    query = urllib.parse.urlencode({"query": ORG_NAMES, "format": "csv"})
    status, ctype, body = get(f"{server.endpoint}?{query}", headers={"Accept": browser})
    assert status == 200 and ctype.startswith("text/csv")
    assert body.decode().splitlines()[0] == "org,name"


def test_unacceptable_accept_is_406_with_the_choices(server):
    query = urllib.parse.urlencode({"query": ORG_NAMES})
    status, _, body = get(f"{server.endpoint}?{query}", headers={"Accept": "image/png"})
    assert status == 406
    assert b"application/sparql-results+json" in body and b"text/csv" in body


def test_unknown_format_parameter_is_400(server):
    query = urllib.parse.urlencode({"query": ORG_NAMES, "format": "xlsx"})
    status, _, body = get(f"{server.endpoint}?{query}")
    assert status == 400 and b"xlsx" in body and b"csv" in body


def test_syntax_error_is_400_with_the_position(server):
    status, _, body = get(server.endpoint + "?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE {"}))
    assert status == 400
    assert b"syntax error" in body.lower() and b"1:" in body


def test_default_prefixes_and_default_graph_uri(server):
    """dg:, rdfs: … need no PREFIX; default-graph-uri restricts the default graph."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?org a dg:Organization }"
    base = f"{server.endpoint}?" + urllib.parse.urlencode({"query": count})
    accept = {"Accept": "application/sparql-results+json"}
    status, _, body = get(base, headers=accept)
    assert status == 200, body
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "2"
    status, _, body = get(base + "&" + urllib.parse.urlencode({"default-graph-uri": "urn:x-none"}),
                          headers=accept)
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "0"


# -- Graph Store Protocol ------------------------------------------------------------------------
def _filing_graph_name(server) -> str:
    from dealgraph.loaders.to_rdf import filing_iri
    return str(filing_iri(ACME_FILING))


def test_gsp_get_a_filing_graph(server):
    name = _filing_graph_name(server)
    status, ctype, body = get(f"{server.url}store?" + urllib.parse.urlencode({"graph": name}),
                              headers={"Accept": "text/turtle"})
    assert status == 200 and ctype.startswith("text/turtle")
    served = rdflib.Graph().parse(data=body, format="turtle")
    from dealgraph.graph.terms import to_rdflib
    expected = rdflib.Graph()
    with open_store(server.store, read_only=True) as store:
        for q in store.quads(name):
            expected.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    assert len(expected) > 20 and isomorphic(served, expected)


def test_gsp_default_graph_is_the_union(server):
    status, ctype, body = get(f"{server.url}store?default", headers={"Accept": "application/n-triples"})
    assert status == 200 and ctype.startswith("application/n-triples")
    union = rdflib.Graph().parse(data=body, format="nt")
    count = int(next(iter(local(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)
    assert len(union) == count > 0


def test_gsp_missing_graph_is_404(server):
    status, _, body = get(f"{server.url}store?graph=urn:x-no-such-graph")
    assert status == 404 and b"urn:x-no-such-graph" in body


def test_gsp_writes_are_refused_on_a_read_only_server(server):
    status, _, body = get(f"{server.url}store?graph=urn:x-new", data=b"<urn:a> <urn:b> <urn:c> .",
                          headers={"Content-Type": "application/n-triples"}, method="PUT")
    assert status == 403 and b"--allow-update" in body


def test_other_host_names_are_refused(server):
    """A page on another site that rebinds its DNS name to 127.0.0.1 cannot read the store."""
    status, _, body = get(server.endpoint + "?query=ASK%7B%7D", headers={"Host": "evil.example:80"})
    assert status == 403 and b"evil.example" in body
