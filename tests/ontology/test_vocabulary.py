"""dealgraph.ttl defines every term: the namespace, the ontology file and the core design agree."""
from __future__ import annotations

import re
from pathlib import Path

import owlrl
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef

from dealgraph.ontology import DG, ONTOLOGY_IRI, ontology_graph

DGNS = str(DG._NS)
CORE_DOC = Path(__file__).resolve().parents[2].parent / "shared" / "design" / "ontology-core.md"

# The core terms outside tools query by name (the design's "ontology core"), kept here as well so
# that this check runs where the design notes are not beside the project.
CORE_CLASSES = {
    "Organization", "Person", "Filing", "Document", "Deal", "Payment", "Technology", "Product",
    "BiologicalTarget", "Indication", "Evidence",
    "LicenseAgreement", "CollaborationAgreement", "OptionAgreement", "Acquisition", "AssetPurchase",
    "EquityInvestment", "SupplyAgreement", "SettlementAgreement",
    "UpfrontPayment", "MilestonePayment", "RoyaltyPayment", "EquityPayment", "ResearchFunding",
    "PurchasePrice", "TotalDealValue",
}
CORE_PROPERTIES = {
    "alias", "cik", "ticker", "irsNumber", "stateOfIncorporation", "title", "worksFor",
    "accessionNumber", "formType", "filedOn", "reportDate", "filer", "item", "hasDocument",
    "sourceFile", "documentType", "partOf", "amount", "currency", "upTo", "payer", "payee",
    "party", "licensor", "licensee", "collaborator", "acquirer", "acquiree", "investor", "investee",
    "announcedOn", "disclosedIn", "mentionedIn", "hasPayment", "exclusive", "territory", "concerns",
    "evidence", "rateMin", "rateMax", "quote", "inDocument", "charStart", "charEnd",
}
ROLES = {"licensor", "licensee", "collaborator", "acquirer", "acquiree", "investor", "investee"}
DEAL_TYPES = {"LicenseAgreement", "CollaborationAgreement", "OptionAgreement", "Acquisition",
              "AssetPurchase", "EquityInvestment", "SupplyAgreement", "SettlementAgreement"}
PAYMENT_TYPES = {"UpfrontPayment", "MilestonePayment", "RoyaltyPayment", "EquityPayment",
                 "ResearchFunding", "PurchasePrice", "TotalDealValue", "OptionFee"}
XSD = rdflib.Namespace(str(rdflib.XSD))  # a plain namespace: the defined one warns when inspected
RANGES = {
    XSD.decimal: {"amount", "rateMin", "rateMax"},
    XSD.boolean: {"upTo", "exclusive", "redacted"},
    XSD.date: {"announcedOn", "filedOn", "reportDate"},
    XSD.integer: {"charStart", "charEnd"},
}
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def namespace_terms() -> set[str]:
    return set(DG.__annotations__)


def defined_terms(graph: Graph) -> set[str]:
    return {str(s)[len(DGNS):] for s in graph.subjects() if str(s).startswith(DGNS)}


def kind(graph: Graph, term: str) -> str:
    types = set(graph.objects(DG[term], RDF.type))
    if OWL.Class in types:
        return "class"
    if types & set(PROPERTY_TYPES):
        return "property"
    return "undeclared"


def test_ontology_header(onto: Graph) -> None:
    ontology = URIRef(ONTOLOGY_IRI)
    assert (ontology, RDF.type, OWL.Ontology) in onto
    for predicate in (OWL.versionInfo, OWL.versionIRI, RDFS.label, RDFS.comment,
                      URIRef("http://purl.org/dc/terms/license")):
        assert onto.value(ontology, predicate) is not None, predicate


def test_namespace_and_ontology_list_the_same_terms(onto: Graph) -> None:
    in_namespace, in_file = namespace_terms(), defined_terms(onto)
    assert in_namespace - in_file == set(), "in namespace.py but not defined in dealgraph.ttl"
    assert in_file - in_namespace == set(), "defined in dealgraph.ttl but missing from namespace.py"


@pytest.mark.parametrize("term", sorted(namespace_terms()))
def test_every_term_is_documented(onto: Graph, term: str) -> None:
    node = DG[term]
    assert kind(onto, term) != "undeclared", f"dg:{term} is neither an owl:Class nor a property"
    for predicate in (RDFS.label, RDFS.comment):
        value = onto.value(node, predicate)
        assert isinstance(value, Literal) and str(value).strip(), f"dg:{term} lacks {predicate}"
    assert (node, RDFS.isDefinedBy, URIRef(ONTOLOGY_IRI)) in onto
    if kind(onto, term) == "property":
        assert len(set(onto.objects(node, RDFS.domain))) == 1, f"dg:{term} needs one rdfs:domain"
        assert len(set(onto.objects(node, RDFS.range))) == 1, f"dg:{term} needs one rdfs:range"


def test_core_terms_hard_coded(onto: Graph) -> None:
    for term in CORE_CLASSES:
        assert kind(onto, term) == "class", term
    for term in CORE_PROPERTIES:
        assert kind(onto, term) == "property", term


def test_core_terms_of_the_design_document(onto: Graph) -> None:
    if not CORE_DOC.is_file():
        pytest.skip("the design notes are not beside the project")
    text = CORE_DOC.read_text(encoding="utf-8")
    terms = set(re.findall(r"`dg:([A-Za-z]+)`", text))
    assert len(terms) > 40, "the design document's format changed: no dg: terms found"
    assert terms - defined_terms(onto) == set()
    # The hard-coded list above stays a faithful copy of the document.
    assert terms == CORE_CLASSES | CORE_PROPERTIES


def test_deal_and_payment_types_are_subclasses(onto: Graph) -> None:
    assert {str(s)[len(DGNS):] for s in onto.subjects(RDFS.subClassOf, DG.Deal)} == DEAL_TYPES
    assert {str(s)[len(DGNS):] for s in onto.subjects(RDFS.subClassOf, DG.Payment)} == PAYMENT_TYPES


def test_roles_are_subproperties_of_party(onto: Graph) -> None:
    assert {str(s)[len(DGNS):] for s in onto.subjects(RDFS.subPropertyOf, DG.party)} == ROLES
    for role in ROLES | {"party"}:
        assert onto.value(DG[role], RDFS.domain) == DG.Deal
        assert onto.value(DG[role], RDFS.range) == DG.Organization


def test_datatype_ranges(onto: Graph) -> None:
    special = set().union(*RANGES.values())
    for datatype, terms in RANGES.items():
        for term in terms:
            assert onto.value(DG[term], RDFS.range) == datatype, term
    for term in namespace_terms() - special:
        if (DG[term], RDF.type, OWL.DatatypeProperty) in onto:
            assert onto.value(DG[term], RDFS.range) == XSD.string, term


def test_object_properties_point_to_dealgraph_classes(onto: Graph) -> None:
    classes = {DG[t] for t in namespace_terms() if kind(onto, t) == "class"} | {OWL.Thing}
    for prop in onto.subjects(RDF.type, OWL.ObjectProperty):
        assert onto.value(prop, RDFS.range) in classes, prop
        assert onto.value(prop, RDFS.domain) in classes, prop


def test_shared_properties_have_no_narrow_domain(onto: Graph) -> None:
    for term in ("evidence", "description", "mentions"):
        assert onto.value(DG[term], RDFS.domain) == OWL.Thing, term
    schema = Namespace("https://schema.org/")
    assert {DG.Deal, DG.Payment, DG.Organization} <= set(onto.objects(DG.evidence, schema.domainIncludes))
    assert set(onto.objects(DG.concerns, schema.rangeIncludes)) == {
        DG.Technology, DG.Product, DG.BiologicalTarget, DG.Indication}


def test_no_blank_nodes(onto: Graph) -> None:
    assert not [t for t in onto if any(isinstance(x, BNode) for x in t)]


def test_same_triples_as_the_file_parsed_directly(onto: Graph) -> None:
    path = Path(__file__).resolve().parents[2] / "dealgraph" / "ontology" / "dealgraph.ttl"
    direct = Graph().parse(path, format="turtle")
    assert set(direct) == set(onto)


def _owl_rl_errors(graph: Graph) -> list[str]:
    closure = Graph()
    closure += graph
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    errors = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
    return [str(closure.value(m, errors.error)) for m in closure.subjects(RDF.type, errors.ErrorMessage)]


def test_consistent_with_typical_data(onto: Graph) -> None:
    ID = Namespace("https://w3id.org/dealgraph/id/")
    data = Graph()
    data += onto
    data.add((ID.deal, RDF.type, DG.LicenseAgreement))
    data.add((ID.deal, RDF.type, DG.CollaborationAgreement))
    data.add((ID.deal, DG.licensor, ID.a))
    data.add((ID.deal, DG.licensee, ID.b))
    data.add((ID.deal, DG.hasPayment, ID.pay))
    data.add((ID.pay, RDF.type, DG.UpfrontPayment))
    data.add((ID.deal, DG.evidence, ID.ev))
    data.add((ID.ev, DG.inDocument, ID.doc))
    data.add((ID.filing, DG.hasDocument, ID.doc))
    assert _owl_rl_errors(data) == []


def test_disjointness_catches_a_node_typed_as_two_kinds(onto: Graph) -> None:
    ID = Namespace("https://w3id.org/dealgraph/id/")
    data = Graph()
    data += onto
    data.add((ID.x, RDF.type, DG.Organization))
    data.add((ID.x, DG.hasPayment, ID.pay))      # the domain makes it a deal as well
    assert _owl_rl_errors(data)
