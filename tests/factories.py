"""Small filings and facts written by hand, for tests of the stages after extraction."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from dealgraph.records import (Asset, Deal, Document, Evidence, Facts, Filing, Organization, Payment,
                               Person, Registrant)

TEXT = ("On May 4, 2020, Acme Bio, Inc. granted Zenith Pharma an exclusive worldwide license to its "
        "Foldase platform. Zenith will pay Acme $3 million upfront and up to $50 million in milestones, "
        "plus royalties.")


def ev(doc: Document, quote: str) -> Evidence:
    start = doc.text.index(quote)
    return Evidence(doc.index, start, start + len(quote), quote)


def make_filing(identity: str = "0000111111-20-000001", *, text: str = TEXT, name: str = "Acme Bio, Inc.",
                source: str = "acme.txt") -> Filing:
    doc = Document(0, "8-K", text)
    return Filing(source_file=source, identity=identity, accession=identity if identity[0].isdigit() else None,
                  form_type="8-K", filed_on=date(2020, 5, 6), report_date=date(2020, 5, 4),
                  items=("1.01", "9.01"), registrant=Registrant(name=name, cik="111111", state_of_incorporation="DE"),
                  documents=(doc,))


def make_facts(filing: Filing, *, acme_name: str = "Acme Bio, Inc.") -> Facts:
    doc = filing.documents[0]
    sentence = doc.text.split(". ")[0] + "."
    acme = Organization("cik:111111", acme_name, aliases=("Acme",), tickers=("NASDAQ:ACME",), cik="111111",
                        state_of_incorporation="DE", is_filer=True, evidence=(ev(doc, "Acme Bio, Inc."),)
                        if "Acme Bio, Inc." in doc.text else ())
    zenith = Organization("zenith pharma", "Zenith Pharma")
    upfront = Payment("UpfrontPayment", Decimal(3000000), "USD", payer="zenith pharma", payee="cik:111111")
    milestones = Payment("MilestonePayment", Decimal(50000000), "USD", up_to=True)
    royalty = Payment("RoyaltyPayment")
    deal = Deal(types=("LicenseAgreement",), roles=(("licensor", "cik:111111"), ("licensee", "zenith pharma")),
                announced_on=date(2020, 5, 4), exclusive=True, territory="worldwide",
                payments=(upfront, milestones, royalty),
                concerns=(Asset("Technology", "Foldase platform"),),
                evidence=(ev(doc, sentence),) if sentence in doc.text else ())
    person = Person("Jane Roe", "Chief Executive Officer", "cik:111111")
    return Facts(organizations=(acme, zenith), people=(person,), deals=(deal,))
