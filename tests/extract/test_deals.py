"""Deals assembled from invented filings: what is read, and what must not be read."""

from datetime import date
from decimal import Decimal

from dealgraph.loaders.extract import extract
from dealgraph.records import Registrant

from .conftest import make_filing

RELEASE = """# Harrowgate Bio and Quillon Pharmaceuticals Sign License Agreement
BOSTON, MA, March 4, 2021 -- Harrowgate Bio, Inc. (Nasdaq: HRWG) and Quillon Pharmaceuticals Ltd. ("Quillon") today announced that they have entered into an exclusive license agreement dated March 1, 2021.
Under the terms of the agreement, Harrowgate granted Quillon an exclusive license to develop and commercialize HB-301 in Japan and South Korea.
Harrowgate will receive from Quillon an upfront payment of $12 million, up to an additional $150 million if certain development milestones are met, and tiered royalties on net sales.
"We are delighted," said Nora Vance, Chief Executive Officer of Harrowgate Bio.
About Harrowgate Bio
Harrowgate Bio, Inc. also has a collaboration with Tellbrook Labs, Inc. The global market for such drugs is projected to reach $9 billion by 2030."""


def deal_summary(facts):
    names = {o.key: o.name for o in facts.organizations}
    out = []
    for d in facts.deals:
        out.append((d.recalled, d.types, sorted((r, names[k]) for r, k in d.roles)))
    return out


def test_license_announced_in_a_release():
    facts = extract(make_filing(RELEASE))
    main = [d for d in facts.deals if not d.recalled]
    assert len(main) == 1
    d = main[0]
    names = {o.key: o.name for o in facts.organizations}
    assert "LicenseAgreement" in d.types
    assert sorted((r, names[k]) for r, k in d.roles) == [
        ("licensee", "Quillon Pharmaceuticals Ltd."),
        ("licensor", "Harrowgate Bio, Inc."),
    ]
    assert d.announced_on == date(2021, 3, 1)
    assert d.exclusive is True
    assert d.territory == "Japan and South Korea"
    pays = {(p.kind, p.amount, p.currency, p.up_to) for p in d.payments}
    assert ("UpfrontPayment", Decimal(12_000_000), "USD", False) in pays
    assert ("MilestonePayment", Decimal(150_000_000), "USD", True) in pays
    assert any(p.kind == "RoyaltyPayment" for p in d.payments)
    assert not any(p.amount == Decimal(9_000_000_000) for p in d.payments)
    harrowgate = next(o for o in facts.organizations if o.name == "Harrowgate Bio, Inc.")
    assert harrowgate.tickers == ("HRWG",)
    assert {"Harrowgate Bio", "Harrowgate"} <= set(harrowgate.aliases)
    assert any(p.name == "Nora Vance" and p.organization == harrowgate.key for p in facts.people)


def test_about_section_only_recalls():
    facts = extract(make_filing(RELEASE))
    recalled = [d for d in facts.deals if d.recalled]
    names = {o.key: o.name for o in facts.organizations}
    assert any("Tellbrook Labs, Inc." in {names[k] for _, k in d.roles} for d in recalled)


def test_acquisition_through_a_merger_vehicle():
    text = (
        "Offer to Purchase All Outstanding Shares of Common Stock of Pellworth Therapeutics, Inc. "
        'Kestrel Merger Sub, Inc., a Delaware corporation ("Purchaser") and a wholly owned subsidiary of '
        'Ardent Biologics AG ("Parent"), is offering to purchase all of the outstanding shares of common '
        'stock of Pellworth Therapeutics, Inc. (the "Company") for $31.00 per Share in cash. The Offer'
        " is "
        "made pursuant to an Agreement and Plan of Merger, dated as of June 2, 2023, by and among the "
        "Company, Parent and Purchaser. Purchaser will merge with and into the Company."
    )
    facts = extract(make_filing(text))
    (d,) = [d for d in facts.deals if not d.recalled]
    names = {o.key: o.name for o in facts.organizations}
    assert d.types == ("Acquisition",)
    assert sorted((r, names[k]) for r, k in d.roles) == [
        ("acquiree", "Pellworth Therapeutics, Inc."),
        ("acquirer", "Ardent Biologics AG"),
    ]
    assert d.announced_on == date(2023, 6, 2)
    assert [(p.kind, p.amount) for p in d.payments] == [("PurchasePrice", Decimal(31))]


def test_filer_from_the_registrant_and_we():
    text = (
        "Item 1.01 Entry into a Material Definitive Agreement.\n"
        "On August 9, 2018, we entered into a collaboration agreement with Corvane Labs, Inc. to jointly "
        "develop antibodies. We will receive $2 million in research funding."
    )
    reg = Registrant(
        name="Milbrook Genetics Inc", cik="0000412", irs_number="11-1111111", state_of_incorporation="DE"
    )
    facts = extract(make_filing(text, registrant=reg, doc_types=("8-K",), form_type="8-K"))
    filer = next(o for o in facts.organizations if o.is_filer)
    assert filer.key == "cik:412" and filer.cik == "0000412" and filer.irs_number == "11-1111111"
    (d,) = facts.deals
    assert sorted(r for r, _ in d.roles) == ["collaborator", "collaborator"]
    assert ("collaborator", "cik:412") in d.roles
    assert d.announced_on == date(2018, 8, 9)
    assert [(p.kind, p.amount) for p in d.payments] == [("ResearchFunding", Decimal(2_000_000))]


def test_no_deal_in_news_without_one():
    for text in (
        "Brackwell Bio announced that the first patient was dosed in its Phase 2 trial. "
        "The company had cash of $40 million.",
        "Dunmore Bancorp, Inc. entered into employment agreements with its officers on May 1, 2020.",
        "Larkspur Pharma is in advanced talks to acquire Venn Therapeutics, people familiar with the matter"
        " said.",
        "Osgood Bio reported revenue of $12 million for the quarter and named Ana Li as Chief Financial"
        " Officer.",
    ):
        facts = extract(make_filing(text))
        assert [d for d in facts.deals if not d.recalled] == [], text


def test_past_deals_are_recalled():
    text = (
        "Tamber Bio reported results on May 3, 2024. In 2019, Tamber Bio acquired Rook Labs for $80"
        " million. "
        "Tamber Bio also has a collaboration with Pike Therapeutics."
    )
    facts = extract(make_filing(text))
    assert facts.deals and all(d.recalled for d in facts.deals)


def test_contract_preamble_and_grant():
    body = (
        "EXCLUSIVE LICENSE AGREEMENT\n"
        'This Exclusive License Agreement (the "Agreement") is made effective as of April 7, 2016 (the'
        ' "Effective Date") '
        'by and between Corrib University Research Foundation ("Licensor") and Saltmarsh Therapeutics, '
        "Inc. "
        '("Saltmarsh").\nARTICLE 1 DEFINITIONS\n'
        '1.1 "Territory" means the United States.\n'
        "ARTICLE 2 GRANT\n"
        "2.1 Licensor hereby grants to Saltmarsh an exclusive license under the Patent Rights to make"
        " and sell "
        "Licensed Products in the Territory.\n"
        "ARTICLE 3 PAYMENTS\n"
        "3.1 Saltmarsh shall pay Licensor a license issue fee of $75,000 within thirty days after the"
        " Effective Date.\n"
        "3.2 Saltmarsh shall pay Licensor a milestone payment of $250,000 upon the first commercial"
        " sale.\n"
    )
    body += "3.9 The parties shall keep records of all payments made under this Agreement. " * 400
    facts = extract(make_filing(body, doc_types=("EX-10.1",)))
    (d,) = facts.deals
    names = {o.key: o.name for o in facts.organizations}
    assert d.types == ("LicenseAgreement",)
    assert sorted((r, names[k]) for r, k in d.roles) == [
        ("licensee", "Saltmarsh Therapeutics, Inc."),
        ("licensor", "Corrib University Research Foundation"),
    ]
    assert d.announced_on == date(2016, 4, 7)
    assert d.exclusive is True and d.territory == "United States"
    assert {(p.kind, p.amount) for p in d.payments} == {
        ("UpfrontPayment", Decimal(75_000)),
        ("MilestonePayment", Decimal(250_000)),
    }
