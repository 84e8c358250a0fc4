"""Typed records passed between the stages of the pipeline.

``loaders.read`` turns a file into a :class:`Filing` (metadata and the plain text of each
document); ``loaders.extract`` turns a filing into :class:`Facts`; ``loaders.to_rdf`` is the only
place that turns facts into RDF.  Nothing here knows rdflib, so every stage can be tested with
plain data.

Offsets: every :class:`Evidence` points into ``Filing.documents[i].text`` so that
``doc.text[ev.start:ev.end] == ev.quote`` always holds.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

DEAL_TYPES = ("LicenseAgreement", "CollaborationAgreement", "OptionAgreement", "Acquisition",
              "AssetPurchase", "EquityInvestment", "SupplyAgreement", "SettlementAgreement")
ROLES = ("licensor", "licensee", "collaborator", "acquirer", "acquiree", "investor", "investee")
PAYMENT_TYPES = ("UpfrontPayment", "MilestonePayment", "RoyaltyPayment", "EquityPayment",
                 "ResearchFunding", "PurchasePrice", "TotalDealValue", "OptionFee")
ASSET_KINDS = ("Technology", "Product", "BiologicalTarget", "Indication")


@dataclass(frozen=True)
class Document:
    """One document of a filing: the primary document or an exhibit, as plain text."""

    index: int                 # position in the filing, 0 = primary document
    doc_type: str              # "8-K", "EX-99.1", "EX-10.1", "TEXT" when unknown
    text: str                  # plain text; evidence offsets point into it
    filename: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Registrant:
    """What the SEC header or the cover page says about the company that filed."""

    name: str | None = None
    cik: str | None = None                   # digits only, no leading zeros
    sic: str | None = None
    state_of_incorporation: str | None = None
    file_number: str | None = None           # commission file number, "0-17999"
    irs_number: str | None = None            # "04-2726691"
    address: str | None = None
    former_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Filing:
    """A filing as read from one source file."""

    source_file: str                         # the path as the user gave it
    identity: str                            # accession number, or "sha256-<hex>" of the content
    accession: str | None
    form_type: str | None                    # "8-K", "8-K/A", "10-K", None when unknown
    filed_on: date | None
    report_date: date | None                 # "Date of Report" / period of report
    items: tuple[str, ...]                   # "1.01", "9.01", or old style "5", "7"
    registrant: Registrant
    documents: tuple[Document, ...]
    shape: str = "text"                      # "text", "html" or "submission": how it was read


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: a verbatim quote and its place in a document."""

    document: int                            # Document.index
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Organization:
    """A company, university or agency named in a filing.

    ``key`` identifies it within and across filings: "cik:855654" when the CIK is known, else
    a normalized name ("biogen idec").  ``to_rdf`` mints the IRI from it.
    """

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    tickers: tuple[str, ...] = ()            # "NASDAQ:IMGN" or "IMGN"
    cik: str | None = None
    irs_number: str | None = None
    state_of_incorporation: str | None = None
    file_number: str | None = None
    address: str | None = None
    is_filer: bool = False
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Person:
    name: str
    title: str | None = None
    organization: str | None = None          # Organization.key
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Payment:
    kind: str                                # one of PAYMENT_TYPES
    amount: Decimal | None = None            # whole currency units
    currency: str | None = None              # ISO 4217
    up_to: bool = False
    payer: str | None = None                 # Organization.key
    payee: str | None = None
    rate_min: Decimal | None = None          # royalties: 0.10 for 10 %
    rate_max: Decimal | None = None
    redacted: bool = False                   # "[***]": the amount exists but is withheld
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Asset:
    """What a deal is about."""

    kind: str                                # one of ASSET_KINDS
    label: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Deal:
    types: tuple[str, ...]                   # DEAL_TYPES, at least one
    roles: tuple[tuple[str, str], ...]       # (role, Organization.key); role in ROLES or "party"
    announced_on: date | None = None
    exclusive: bool | None = None
    territory: str | None = None
    payments: tuple[Payment, ...] = ()
    concerns: tuple[Asset, ...] = ()
    recalled: bool = False                   # an earlier deal the text only mentions
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Facts:
    """Everything extracted from one filing."""

    organizations: tuple[Organization, ...] = ()
    people: tuple[Person, ...] = ()
    deals: tuple[Deal, ...] = ()
    notes: tuple[str, ...] = field(default=())  # warnings worth showing the user
