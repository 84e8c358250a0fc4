"""alignment.ttl maps only terms the ontology defines, with mapping properties of known strength."""
from __future__ import annotations

from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib.namespace import SKOS

from dealgraph.ontology import DG, alignment_graph, ontology_graph

HEADER = URIRef("https://w3id.org/dealgraph/ontology/alignment")
MAPPINGS = {RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty,
            SKOS.closeMatch, SKOS.exactMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch}
FIBO = "https://spec.edmcouncil.org/fibo/ontology/"
TARGETS = ("https://schema.org/", "http://www.w3.org/ns/prov#", "http://www.w3.org/ns/org#",
           "http://xmlns.com/foaf/0.1/", "http://www.w3.org/2004/02/skos/core#", FIBO)


def test_loads_with_a_header() -> None:
    graph = alignment_graph()
    assert len(graph) > 40
    assert (HEADER, RDF.type, OWL.Ontology) in graph


def test_every_subject_is_a_defined_dealgraph_term() -> None:
    defined = set(ontology_graph().subjects(RDFS.isDefinedBy, None))
    subjects = set(alignment_graph().subjects()) - {HEADER}
    assert subjects
    assert {s for s in subjects if s not in defined} == set()
    assert all(str(s).startswith(str(DG._NS)) for s in subjects)


def test_only_mapping_properties_to_known_vocabularies() -> None:
    graph = alignment_graph()
    for s, p, o in graph.triples((None, None, None)):
        if s == HEADER:
            continue
        assert p in MAPPINGS, p
        assert isinstance(o, URIRef) and str(o).startswith(TARGETS), o


def test_no_blank_nodes() -> None:
    assert not [t for t in alignment_graph() if any(isinstance(x, BNode) for x in t)]


def test_key_mappings() -> None:
    graph = alignment_graph()
    prov, org, schema = (
        "http://www.w3.org/ns/prov#", "http://www.w3.org/ns/org#", "https://schema.org/")
    assert (DG.Evidence, RDFS.subClassOf, URIRef(prov + "Entity")) in graph
    assert (DG.evidence, RDFS.subPropertyOf, URIRef(prov + "wasDerivedFrom")) in graph
    assert (DG.Organization, RDFS.subClassOf, URIRef(org + "Organization")) in graph
    assert (DG.Organization, RDFS.subClassOf, URIRef(schema + "Organization")) in graph
    assert (DG.worksFor, RDFS.subPropertyOf, URIRef(org + "memberOf")) in graph
    lcap = FIBO + "FND/Law/LegalCapacity/"
    assert (DG.licensor, SKOS.relatedMatch, URIRef(lcap + "Licensor")) in graph
    assert (DG.licensee, SKOS.relatedMatch, URIRef(lcap + "Licensee")) in graph
    assert (DG.Payment, SKOS.closeMatch,
            URIRef(FIBO + "FND/Accounting/CurrencyAmount/MonetaryAmount")) in graph


def test_ontology_and_alignment_load_together() -> None:
    merged = Graph()
    merged += ontology_graph()
    merged += alignment_graph()
    assert len(merged) == len(ontology_graph()) + len(alignment_graph())
