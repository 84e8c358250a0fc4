"""The dealgraph vocabulary as a closed namespace: a misspelt term is an AttributeError.

``tests/ontology`` keeps this list and ``dealgraph.ttl`` in step.
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/dealgraph/ontology"
ID_BASE = "https://w3id.org/dealgraph/id/"
ID = Namespace(ID_BASE)
ONTOLOGY_GRAPH = URIRef(ID_BASE + "graph/ontology")


class DG(DefinedNamespace):
    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes
    Organization: URIRef
    Person: URIRef
    Filing: URIRef
    Document: URIRef
    Deal: URIRef
    Payment: URIRef
    Technology: URIRef
    Product: URIRef
    BiologicalTarget: URIRef
    Indication: URIRef
    Evidence: URIRef
    # deal types
    LicenseAgreement: URIRef
    CollaborationAgreement: URIRef
    OptionAgreement: URIRef
    Acquisition: URIRef
    AssetPurchase: URIRef
    EquityInvestment: URIRef
    SupplyAgreement: URIRef
    SettlementAgreement: URIRef
    # payment types
    UpfrontPayment: URIRef
    MilestonePayment: URIRef
    RoyaltyPayment: URIRef
    EquityPayment: URIRef
    ResearchFunding: URIRef
    PurchasePrice: URIRef
    TotalDealValue: URIRef
    OptionFee: URIRef
    # organization properties
    alias: URIRef
    cik: URIRef
    ticker: URIRef
    nameKey: URIRef
    irsNumber: URIRef
    stateOfIncorporation: URIRef
    fileNumber: URIRef
    sicCode: URIRef
    address: URIRef
    # person properties
    title: URIRef
    worksFor: URIRef
    # filing and document properties
    accessionNumber: URIRef
    formType: URIRef
    filedOn: URIRef
    reportDate: URIRef
    filer: URIRef
    item: URIRef
    hasDocument: URIRef
    sourceFile: URIRef
    documentType: URIRef
    fileName: URIRef
    description: URIRef
    partOf: URIRef
    mentions: URIRef
    # deal properties
    party: URIRef
    licensor: URIRef
    licensee: URIRef
    collaborator: URIRef
    acquirer: URIRef
    acquiree: URIRef
    investor: URIRef
    investee: URIRef
    announcedOn: URIRef
    disclosedIn: URIRef
    mentionedIn: URIRef
    hasPayment: URIRef
    exclusive: URIRef
    territory: URIRef
    concerns: URIRef
    evidence: URIRef
    # payment properties
    amount: URIRef
    currency: URIRef
    upTo: URIRef
    payer: URIRef
    payee: URIRef
    rateMin: URIRef
    rateMax: URIRef
    redacted: URIRef
    # evidence properties
    quote: URIRef
    inDocument: URIRef
    charStart: URIRef
    charEnd: URIRef
