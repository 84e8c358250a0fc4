"""Facts to RDF: deterministic IRIs, no blank nodes, the ontology's terms, verbatim evidence."""
from __future__ import annotations

import rdflib
from rdflib import RDF, RDFS, BNode, Literal
from rdflib.compare import isomorphic

from dealgraph.loaders.to_rdf import facts_to_graph, org_iri, slug
from dealgraph.ontology.namespace import DG, ID
from tests.factories import make_facts, make_filing


def graph():
    filing = make_filing()
    return facts_to_graph(filing, make_facts(filing))


def test_same_facts_give_the_same_triples():
    assert isomorphic(graph(), graph())
    assert set(graph()) == set(graph())


def test_no_blank_nodes():
    assert not any(isinstance(t, BNode) for triple in graph() for t in triple)


def test_deal_terms():
    g = graph()
    deal = next(g.subjects(RDF.type, DG.LicenseAgreement))
    acme, zenith = ID["org/cik-111111"], ID["org/zenith-pharma"]
    assert (deal, DG.licensor, acme) in g and (deal, DG.licensee, zenith) in g
    assert {acme, zenith} == set(g.objects(deal, DG.party))
    assert g.value(deal, DG.exclusive) == Literal(True)
    assert str(g.value(deal, DG.announcedOn)) == "2020-05-04"
    assert (deal, DG.disclosedIn, ID["filing/0000111111-20-000001"]) in g
    kinds = {t for p in g.objects(deal, DG.hasPayment) for t in g.objects(p, RDF.type)}
    assert {DG.UpfrontPayment, DG.MilestonePayment, DG.RoyaltyPayment} <= kinds
    upfront = next(p for p in g.objects(deal, DG.hasPayment) if (p, RDF.type, DG.UpfrontPayment) in g)
    assert g.value(upfront, DG.amount).toPython() == 3000000 and str(g.value(upfront, DG.currency)) == "USD"
    assert g.value(upfront, DG.payer) == zenith


def test_evidence_quote_matches_the_document_at_its_offsets():
    filing = make_filing()
    g = facts_to_graph(filing, make_facts(filing))
    text = filing.documents[0].text
    quotes = list(g.subjects(RDF.type, DG.Evidence))
    assert quotes
    for ev in quotes:
        start, end = (g.value(ev, DG.charStart).toPython(), g.value(ev, DG.charEnd).toPython())
        assert text[start:end] == str(g.value(ev, DG.quote))
        assert g.value(ev, DG.inDocument) == ID["filing/0000111111-20-000001/doc/0"]


def test_filing_metadata_and_filer():
    g = graph()
    filing = ID["filing/0000111111-20-000001"]
    assert g.value(filing, DG.filer) == ID["org/cik-111111"]
    assert str(g.value(filing, DG.accessionNumber)) == "0000111111-20-000001"
    assert {str(i) for i in g.objects(filing, DG.item)} == {"1.01", "9.01"}
    assert str(g.value(ID["org/cik-111111"], DG.cik)) == "111111"
    assert str(g.value(ID["org/cik-111111"], RDFS.label)) == "Acme Bio, Inc."


def test_iris_are_readable_and_safe():
    assert slug("Biogen Idec, Inc.") == "biogen-idec-inc"
    assert slug("Société Générale") == "societe-generale"
    assert slug("<script>") == "script"
    assert slug("\u4e2d\u6587").startswith("x-")          # nothing ASCII left: a digest, never empty
    assert len(slug("a" * 500)) < 100
    assert org_iri("cik:855654") == ID["org/cik-855654"]
    assert org_iri('x"> <evil') == ID["org/x-evil"]


def test_hostile_names_survive_a_round_trip_through_n_triples():
    name = 'Evil "Quotes" \\ Back>slash <script>alert(1)</script>\x07Co.'
    filing = make_filing(text="Evil Co. signed.", name=name)
    g = facts_to_graph(filing, make_facts(filing, acme_name=name))
    back = rdflib.Graph().parse(data=g.serialize(format="nt"), format="nt")
    assert isomorphic(g, back)
    labels = {str(o) for o in back.objects(ID["org/cik-111111"], RDFS.label)}
    assert labels == {name.replace("\x07", " ")}
