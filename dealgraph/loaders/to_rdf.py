"""Facts to RDF: the one place that mints IRIs and uses the ontology's terms.

IRIs are deterministic and readable (``…/id/org/immunogen``, ``…/id/filing/<accession>``);
no blank nodes, so that re-ingesting a filing yields the very same triples.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from dealgraph.names import name_keys
from dealgraph.ontology.namespace import DG, ID
from dealgraph.records import Deal, Evidence, Facts, Filing, Organization, Payment, Person

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Lone surrogates: what Python makes of bytes that are not UTF-8 in a file name; no RDF term can
# hold them.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def slug(text: str, *, limit: int = 80) -> str:
    """'Biogen Idec, Inc.' -> 'biogen-idec-inc'; never empty, always a safe IRI segment."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]  # total over str
    if not s:
        return "x-" + digest
    if len(s) > limit:
        return s[:limit].rstrip("-") + "-" + digest
    return s


def filing_iri(identity: str) -> URIRef:
    return ID["filing/" + slug(identity)]


def org_iri(key: str) -> URIRef:
    if key.startswith("cik:") and key[4:].isdigit():
        return ID["org/cik-" + key[4:]]
    return ID["org/" + slug(key)]


def text_literal(value: str) -> Literal:
    """A plain string literal with control characters (invalid in XML and most tools) removed."""
    return Literal(_SURROGATE.sub("\ufffd", _CONTROL.sub(" ", value)))


class _Builder:
    def __init__(self, filing: Filing):
        self.filing = filing
        self.graph = Graph()
        self.graph.bind("dg", DG._NS)
        self.filing_node = filing_iri(filing.identity)

    def add(self, s, p, o) -> None:
        if o is not None:
            self.graph.add((s, p, o))

    def evidence(self, node: URIRef, evidence: Iterable[Evidence]) -> None:
        for ev in evidence:
            ev_node = URIRef(f"{ID}evidence/{slug(self.filing.identity)}/{ev.document}-{ev.start}-{ev.end}")
            self.add(node, DG.evidence, ev_node)
            self.add(ev_node, RDF.type, DG.Evidence)
            self.add(ev_node, DG.quote, text_literal(ev.quote))
            self.add(ev_node, DG.inDocument, self.document_node(ev.document))
            self.add(ev_node, DG.charStart, Literal(ev.start, datatype=XSD.integer))
            self.add(ev_node, DG.charEnd, Literal(ev.end, datatype=XSD.integer))

    def document_node(self, index: int) -> URIRef:
        return URIRef(f"{self.filing_node}/doc/{index}")

    def filing_triples(self, filer_key: str | None) -> None:
        f, node = self.filing, self.filing_node
        self.add(node, RDF.type, DG.Filing)
        self.add(node, RDFS.label, text_literal(
            " ".join(p for p in (f.form_type or "Filing", f.registrant.name or "",
                                 str(f.filed_on or f.report_date or "")) if p)))
        self.add(node, DG.sourceFile, text_literal(f.source_file))
        if f.accession:
            self.add(node, DG.accessionNumber, Literal(f.accession))
        if f.form_type:
            self.add(node, DG.formType, text_literal(f.form_type))
        if f.filed_on:
            self.add(node, DG.filedOn, Literal(f.filed_on, datatype=XSD.date))
        if f.report_date:
            self.add(node, DG.reportDate, Literal(f.report_date, datatype=XSD.date))
        for item in f.items:
            self.add(node, DG.item, Literal(item))
        if filer_key:
            self.add(node, DG.filer, org_iri(filer_key))
        for doc in f.documents:
            d = self.document_node(doc.index)
            self.add(node, DG.hasDocument, d)
            self.add(d, RDF.type, DG.Document)
            self.add(d, DG.documentType, text_literal(doc.doc_type))
            self.add(d, DG.partOf, node)
            if doc.filename:
                self.add(d, DG.fileName, text_literal(doc.filename))
            if doc.description:
                self.add(d, DG.description, text_literal(doc.description))

    def organization(self, org: Organization) -> None:
        node = org_iri(org.key)
        self.add(node, RDF.type, DG.Organization)
        self.add(node, RDFS.label, text_literal(org.name))
        for alias in org.aliases:
            if alias != org.name:
                self.add(node, DG.alias, text_literal(alias))
        for ticker in org.tickers:
            self.add(node, DG.ticker, text_literal(ticker))
        for key in name_keys((org.name, *org.aliases), org.tickers):
            self.add(node, DG.nameKey, text_literal(key))
        for prop, value in ((DG.cik, org.cik), (DG.irsNumber, org.irs_number),
                            (DG.stateOfIncorporation, org.state_of_incorporation),
                            (DG.fileNumber, org.file_number), (DG.address, org.address)):
            if value:
                self.add(node, prop, text_literal(value))
        if org.is_filer and self.filing.registrant.sic:
            self.add(node, DG.sicCode, Literal(self.filing.registrant.sic))
        self.add(self.filing_node, DG.mentions, node)
        self.evidence(node, org.evidence[:3])

    def person(self, person: Person) -> None:
        node = ID["person/" + slug(person.name)]
        self.add(node, RDF.type, DG.Person)
        self.add(node, RDFS.label, text_literal(person.name))
        if person.title:
            self.add(node, DG.title, text_literal(person.title))
        if person.organization:
            self.add(node, DG.worksFor, org_iri(person.organization))
        self.add(self.filing_node, DG.mentions, node)
        self.evidence(node, person.evidence[:3])

    def deal(self, number: int, deal: Deal, names: dict[str, str]) -> None:
        node = ID[f"deal/{slug(self.filing.identity)}/{number}"]
        self.add(node, RDF.type, DG.Deal)
        for t in deal.types:
            self.add(node, RDF.type, DG[t])
        parties = []
        for role, key in deal.roles:
            org = org_iri(key)
            self.add(node, DG.party, org)
            if role != "party":
                self.add(node, DG[role], org)
            if names.get(key) and names[key] not in parties:
                parties.append(names[key])
        kind = " and ".join(re.sub(r"(?<!^)(?=[A-Z])", " ", t).lower() for t in deal.types) or "deal"
        label = f"{kind[0].upper()}{kind[1:]}: {' – '.join(parties)}"
        if deal.announced_on:
            label += f" ({deal.announced_on.isoformat()})"
        self.add(node, RDFS.label, text_literal(label))
        self.add(node, DG.mentionedIn if deal.recalled else DG.disclosedIn, self.filing_node)
        if deal.announced_on:
            self.add(node, DG.announcedOn, Literal(deal.announced_on, datatype=XSD.date))
        if deal.exclusive is not None:
            self.add(node, DG.exclusive, Literal(deal.exclusive))
        if deal.territory:
            self.add(node, DG.territory, text_literal(deal.territory))
        for i, payment in enumerate(deal.payments, start=1):
            self.payment(URIRef(f"{node}/payment/{i}"), node, payment)
        for asset in deal.concerns:
            a = ID[f"{asset.kind.lower()}/{slug(asset.label)}"]
            self.add(node, DG.concerns, a)
            self.add(a, RDF.type, DG[asset.kind])
            self.add(a, RDFS.label, text_literal(asset.label))
            self.evidence(a, asset.evidence[:1])
        self.evidence(node, deal.evidence)

    def payment(self, node: URIRef, deal_node: URIRef, p: Payment) -> None:
        self.add(deal_node, DG.hasPayment, node)
        self.add(node, RDF.type, DG.Payment)
        self.add(node, RDF.type, DG[p.kind])
        if p.amount is not None:
            self.add(node, DG.amount, Literal(p.amount, datatype=XSD.decimal))
            self.add(node, DG.currency, Literal(p.currency or "USD"))
        if p.up_to:
            self.add(node, DG.upTo, Literal(True))
        if p.redacted:
            self.add(node, DG.redacted, Literal(True))
        if p.payer:
            self.add(node, DG.payer, org_iri(p.payer))
        if p.payee:
            self.add(node, DG.payee, org_iri(p.payee))
        if p.rate_min is not None:
            self.add(node, DG.rateMin, Literal(p.rate_min, datatype=XSD.decimal))
        if p.rate_max is not None:
            self.add(node, DG.rateMax, Literal(p.rate_max, datatype=XSD.decimal))
        self.evidence(node, p.evidence)


def facts_to_graph(filing: Filing, facts: Facts) -> Graph:
    """The named graph of one filing: its metadata, documents, organizations, people and deals."""
    b = _Builder(filing)
    filer = next((o.key for o in facts.organizations if o.is_filer), None)
    b.filing_triples(filer)
    names = {o.key: o.name for o in facts.organizations}
    for org in facts.organizations:
        b.organization(org)
    for person in facts.people:
        b.person(person)
    for number, deal in enumerate(facts.deals, start=1):
        b.deal(number, deal, names)
    return b.graph
