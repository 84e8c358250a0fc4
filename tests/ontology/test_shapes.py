"""The SHACL shapes accept a well-formed deal graph and reject the usual mistakes with clear messages."""
from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
import rdflib
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from dealgraph.ontology import DG, ID_BASE, ValidationResult, ontology_graph, shapes_graph, validate

ID = Namespace(ID_BASE)
DGSH = Namespace("https://w3id.org/dealgraph/shapes#")
XSD = rdflib.Namespace(str(rdflib.XSD))

VALID = f"""
@base <{ID_BASE}> .
@prefix dg:   <{DG._NS}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

<filing/f1> a dg:Filing ;
    dg:sourceFile "filings/immunogen_8-K.txt" ;
    dg:accessionNumber "0001193125-04-166143" ;
    dg:formType "8-K" ;
    dg:filedOn "2004-10-06"^^xsd:date ;
    dg:filer <org/cik-855654> ;
    dg:hasDocument <filing/f1/doc/0> .
<filing/f1/doc/0> a dg:Document ; dg:documentType "8-K" ; dg:partOf <filing/f1> .

<org/cik-855654> a dg:Organization ; rdfs:label "ImmunoGen, Inc." ; dg:cik "855654" .
<org/sanofi> a dg:Organization ; rdfs:label "Sanofi-Aventis" ; rdfs:label "Aventis" .

<deal/f1/1> a dg:Deal, dg:LicenseAgreement ;
    dg:licensor <org/cik-855654> ;
    dg:licensee <org/sanofi> ;
    dg:announcedOn "2004-10-06"^^xsd:date ;
    dg:exclusive true ;
    dg:disclosedIn <filing/f1> ;
    dg:hasPayment <deal/f1/1/payment/1>, <deal/f1/1/payment/2> ;
    dg:evidence <evidence/f1/0-10-60> .

<deal/f1/1/payment/1> a dg:Payment, dg:UpfrontPayment ;
    dg:amount 12000000.0 ; dg:currency "USD" ; dg:payer <org/sanofi> .
<deal/f1/1/payment/2> a dg:RoyaltyPayment ; dg:rateMin 0.05 ; dg:rateMax 0.10 .

<evidence/f1/0-10-60> a dg:Evidence ;
    dg:quote "ImmunoGen granted Sanofi an exclusive license." ;
    dg:inDocument <filing/f1/doc/0> ;
    dg:charStart 10 ; dg:charEnd 60 .
"""

DEAL = ID["deal/f1/1"]
UPFRONT = ID["deal/f1/1/payment/1"]
ROYALTY = ID["deal/f1/1/payment/2"]
EVIDENCE = ID["evidence/f1/0-10-60"]
FILING = ID["filing/f1"]
SANOFI = ID["org/sanofi"]


@pytest.fixture
def data() -> Graph:
    return Graph().parse(data=VALID, format="turtle")


def messages(result: ValidationResult, focus=None) -> list[str]:
    return [v.message for v in result.violations if focus is None or v.focus == focus]


@pytest.mark.parametrize("include_ontology", [True, False])
def test_valid_graph_conforms(data: Graph, include_ontology: bool) -> None:
    result = validate(data, include_ontology=include_ontology)
    assert result.conforms, result.text
    assert result.violations == ()
    assert "Conforms: True" in result.text


def test_result_is_frozen(data: Graph) -> None:
    result = validate(data)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.conforms = False  # type: ignore[misc]


def test_data_is_not_changed(data: Graph) -> None:
    before = Graph().parse(data=VALID, format="turtle")
    validate(data)
    assert isomorphic(before, data)


def test_deal_with_one_party(data: Graph) -> None:
    data.remove((DEAL, DG.licensee, SANOFI))
    result = validate(data)
    assert not result.conforms
    [violation] = result.violations
    assert violation.focus == DEAL
    assert violation.severity == "Violation"
    assert "at least two parties" in violation.message
    assert violation.path.startswith("(dg:party|dg:licensor|")


def test_parties_through_plain_party_or_any_role(data: Graph) -> None:
    data.remove((DEAL, DG.licensor, None))
    data.remove((DEAL, DG.licensee, None))
    data.add((DEAL, DG.party, ID["org/cik-855654"]))
    data.add((DEAL, DG.investee, SANOFI))
    assert validate(data).conforms


def test_same_party_twice_is_one_party(data: Graph) -> None:
    data.remove((DEAL, DG.licensee, SANOFI))
    data.add((DEAL, DG.party, ID["org/cik-855654"]))
    assert "at least two parties" in " ".join(messages(validate(data), DEAL))


def test_party_must_be_an_organization(data: Graph) -> None:
    data.remove((SANOFI, RDF.type, DG.Organization))
    assert any("dg:Organization" in m for m in messages(validate(data), DEAL))


def test_deal_needs_a_deal_type(data: Graph) -> None:
    data.remove((DEAL, RDF.type, DG.LicenseAgreement))
    assert any("at least one deal type" in m for m in messages(validate(data), DEAL))


def test_deal_typed_only_by_a_subclass_is_checked(data: Graph) -> None:
    data.remove((DEAL, RDF.type, DG.Deal))
    data.remove((DEAL, DG.licensee, SANOFI))
    for include_ontology in (True, False):
        assert any("at least two parties" in m
                   for m in messages(validate(data, include_ontology=include_ontology), DEAL))


def test_announced_on_must_be_a_date(data: Graph) -> None:
    data.set((DEAL, DG.announcedOn, Literal("October 6, 2004")))
    [violation] = validate(data).violations
    assert violation.path == DG.announcedOn and "xsd:date" in violation.message


def test_payment_with_amount_but_no_currency(data: Graph) -> None:
    data.remove((UPFRONT, DG.currency, None))
    result = validate(data)
    assert not result.conforms
    [violation] = result.violations
    assert (violation.focus, violation.path) == (UPFRONT, DG.currency)
    assert violation.message == "A payment with a dg:amount needs exactly one dg:currency."


@pytest.mark.parametrize("code", ["usd", "US$", "DOLLARS"])
def test_currency_is_an_iso_code(data: Graph, code: str) -> None:
    data.set((UPFRONT, DG.currency, Literal(code)))
    assert any("ISO 4217" in m for m in messages(validate(data), UPFRONT))


def test_one_currency_only(data: Graph) -> None:
    data.add((UPFRONT, DG.currency, Literal("EUR")))
    assert any("ISO 4217" in m for m in messages(validate(data), UPFRONT))


@pytest.mark.parametrize("amount", [Literal("-1", datatype=XSD.decimal), Literal(1.5e6),
                                    Literal("12 million")])
def test_amount_is_a_non_negative_decimal(data: Graph, amount: Literal) -> None:
    data.set((UPFRONT, DG.amount, amount))
    assert any("dg:amount" in m for m in messages(validate(data), UPFRONT))


def test_payment_needs_exactly_one_payment_type(data: Graph) -> None:
    data.add((UPFRONT, RDF.type, DG.MilestonePayment))
    assert any("exactly one payment type" in m for m in messages(validate(data), UPFRONT))
    data.remove((UPFRONT, RDF.type, None))
    assert any("exactly one payment type" in m for m in messages(validate(data), UPFRONT))


@pytest.mark.parametrize("low, high", [("0.5", "1.5"), ("-0.1", "0.1"), ("0.2", "0.1")])
def test_royalty_rates(data: Graph, low: str, high: str) -> None:
    data.set((ROYALTY, DG.rateMin, Literal(low, datatype=XSD.decimal)))
    data.set((ROYALTY, DG.rateMax, Literal(high, datatype=XSD.decimal)))
    assert messages(validate(data), ROYALTY)


def test_evidence_without_quote(data: Graph) -> None:
    data.remove((EVIDENCE, DG.quote, None))
    result = validate(data)
    assert not result.conforms
    [violation] = result.violations
    assert (violation.focus, violation.path) == (EVIDENCE, DG.quote)
    assert "exactly one dg:quote" in violation.message


@pytest.mark.parametrize("quote", [Literal(""), Literal("   "), Literal(42)])
def test_quote_is_a_non_empty_string(data: Graph, quote: Literal) -> None:
    data.set((EVIDENCE, DG.quote, quote))
    assert any("dg:quote" in m for m in messages(validate(data), EVIDENCE))


def test_evidence_offsets(data: Graph) -> None:
    data.set((EVIDENCE, DG.charStart, Literal(70)))
    assert any("not above dg:charEnd" in m for m in messages(validate(data), EVIDENCE))
    data.set((EVIDENCE, DG.charStart, Literal("10")))
    assert any("xsd:integer" in m for m in messages(validate(data), EVIDENCE))


def test_evidence_found_through_dg_evidence_even_untyped(data: Graph) -> None:
    data.remove((EVIDENCE, RDF.type, None))
    data.remove((EVIDENCE, DG.inDocument, None))
    assert any("dg:inDocument" in m for m in messages(validate(data), EVIDENCE))


def test_filing_needs_source_file_and_edgar_accession(data: Graph) -> None:
    data.remove((FILING, DG.sourceFile, None))
    data.set((FILING, DG.accessionNumber, Literal("0001193125-04-16614")))
    found = messages(validate(data), FILING)
    assert any("dg:sourceFile" in m for m in found)
    assert any("dg:accessionNumber" in m for m in found)


def test_organization_needs_a_label(data: Graph) -> None:
    data.remove((SANOFI, RDFS.label, None))
    assert any("rdfs:label" in m for m in messages(validate(data), SANOFI))


def test_blank_node_deal_is_rejected(data: Graph) -> None:
    node = rdflib.BNode()
    for p, o in list(data.predicate_objects(DEAL)):
        data.add((node, p, o))
    assert any(v.focus == node for v in validate(data).violations)


@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
def test_a_dataset_is_validated_as_the_union_of_its_graphs() -> None:
    dataset = rdflib.Dataset()
    named = dataset.graph(FILING)
    named.parse(data=VALID, format="turtle")
    assert validate(dataset).conforms
    quote = next(named.objects(EVIDENCE, DG.quote))
    named.remove((EVIDENCE, DG.quote, None))
    assert [v.focus for v in validate(dataset).violations] == [EVIDENCE]
    dataset.graph(URIRef("urn:another")).add((EVIDENCE, DG.quote, quote))   # lent by another graph
    assert validate(dataset).conforms


def _shape_list(shape, path) -> set:
    shapes = shapes_graph()
    return set(Collection(shapes, shapes.value(shapes.value(shape, path), SH["in"])))


def test_shape_lists_follow_the_ontology() -> None:
    onto, shapes = ontology_graph(), shapes_graph()
    assert _shape_list(DGSH.DealType, SH.qualifiedValueShape) == set(onto.subjects(RDFS.subClassOf, DG.Deal))
    assert _shape_list(DGSH.PaymentType, SH.qualifiedValueShape) == set(
        onto.subjects(RDFS.subClassOf, DG.Payment))
    deal_targets = set(shapes.objects(DGSH.DealShape, SH.targetClass))
    assert deal_targets == {DG.Deal} | set(onto.subjects(RDFS.subClassOf, DG.Deal))
    payment_targets = set(shapes.objects(DGSH.PaymentShape, SH.targetClass))
    assert payment_targets == {DG.Payment} | set(onto.subjects(RDFS.subClassOf, DG.Payment))
    path = shapes.value(DGSH.DealParties, SH.path)
    roles = set(Collection(shapes, shapes.value(path, SH.alternativePath)))
    assert roles == {DG.party} | set(onto.subjects(RDFS.subPropertyOf, DG.party))


def test_what_to_rdf_writes_conforms() -> None:
    """The contract with the RDF mapping: a graph built from typical facts is valid."""
    records = pytest.importorskip("dealgraph.records")
    to_rdf = pytest.importorskip("dealgraph.loaders.to_rdf")
    text = "ImmunoGen granted Sanofi an exclusive license to its TAP technology."
    ev = records.Evidence(document=0, start=0, end=len(text), quote=text)
    filing = records.Filing(
        source_file="immunogen.txt", identity="0001193125-04-166143",
        accession="0001193125-04-166143", form_type="8-K", filed_on=date(2004, 10, 6),
        report_date=date(2004, 10, 1), items=("1.01",), registrant=records.Registrant(name="ImmunoGen"),
        documents=(records.Document(index=0, doc_type="8-K", text=text),))
    facts = records.Facts(
        organizations=(
            records.Organization(key="cik:855654", name="ImmunoGen, Inc.", cik="855654",
                                 is_filer=True, evidence=(ev,)),
            records.Organization(key="sanofi", name="Sanofi", aliases=("Sanofi-Aventis",))),
        people=(records.Person(name="Jane Doe", title="Chief Financial Officer",
                               organization="cik:855654"),),
        deals=(records.Deal(
            types=("LicenseAgreement", "CollaborationAgreement"),
            roles=(("licensor", "cik:855654"), ("licensee", "sanofi")),
            announced_on=date(2004, 10, 1), exclusive=True, territory="worldwide",
            payments=(records.Payment(kind="UpfrontPayment", amount=Decimal("12000000"),
                                      currency="USD", payer="sanofi", evidence=(ev,)),
                      records.Payment(kind="RoyaltyPayment", rate_min=Decimal("0.05"),
                                      rate_max=Decimal("0.1"))),
            concerns=(records.Asset(kind="Technology", label="TAP technology", evidence=(ev,)),),
            evidence=(ev,)),))
    result = validate(to_rdf.facts_to_graph(filing, facts))
    assert result.conforms, result.text
