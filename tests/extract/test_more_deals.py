"""More invented filings: news wording, tender-offer 8-Ks, research deals, private placements."""

from datetime import date
from decimal import Decimal

from dealgraph.loaders.extract import extract

from .conftest import make_filing


def summary(text: str):
    facts = extract(make_filing(text))
    names = {o.key: o.name for o in facts.organizations}
    return facts, names


def test_news_report_of_an_asset_purchase():
    facts, names = summary(
        "Dorrance Labs Acquires Rights to Pemvera from Atlas Biopharma\n"
        "Dorrance Labs said on Monday it had agreed to buy the global rights to Atlas Biopharma's eczema"
        " cream "
        "Pemvera for $40 million upfront, plus up to $85 million tied to sales milestones.\n"
        "Atlas shares rose 12% to $3.40 in premarket trading."
    )
    (d,) = facts.deals
    assert not d.recalled and d.types == ("AssetPurchase",)
    assert sorted((r, names[k]) for r, k in d.roles) == [
        ("acquiree", "Atlas Biopharma"),
        ("acquirer", "Dorrance Labs"),
    ]
    assert {(p.kind, p.amount, p.up_to) for p in d.payments} == {
        ("UpfrontPayment", Decimal(40_000_000), False),
        ("MilestonePayment", Decimal(85_000_000), True),
    }
    up = next(p for p in d.payments if p.kind == "UpfrontPayment")
    assert (names[up.payer], names[up.payee]) == ("Dorrance Labs", "Atlas Biopharma")


def test_merger_agreement_in_an_8k():
    facts, names = summary(
        "Item 1.01 Entry into a Material Definitive Agreement.\n"
        'On February 12, 2023, Cresthaven Bio, Inc. (the "Company") entered into an Agreement and Plan of'
        " Merger "
        '(the "Merger Agreement") with Brightfield Pharma AG ("Parent") and Lark Merger Sub, Inc., a wholly'
        " owned "
        'subsidiary of Parent ("Merger Sub"). Pursuant to the Merger Agreement, Merger Sub will merge with'
        " and into the "
        "Company, with the Company surviving as a wholly owned subsidiary of Parent. At the effective time, "
        "each share "
        "of common stock of the Company will be converted into the right to receive $22.50 in cash."
    )
    (d,) = facts.deals
    assert sorted((r, names[k]) for r, k in d.roles) == [
        ("acquiree", "Cresthaven Bio, Inc."),
        ("acquirer", "Brightfield Pharma AG"),
    ]
    assert d.announced_on == date(2023, 2, 12)
    assert [(p.kind, p.amount) for p in d.payments] == [("PurchasePrice", Decimal("22.5"))]


def test_sponsored_research_with_an_option_to_license():
    facts, names = summary(
        "Solenne Bio and Marwick University announce research collaboration\n"
        "Solenne Bio has signed a sponsored research agreement with Marwick University to study RNA"
        " delivery. "
        "Solenne will provide $1.5 million in research funding over two years and will receive an exclusive"
        " option "
        "to license any resulting inventions."
    )
    (d,) = facts.deals
    assert set(d.types) == {"CollaborationAgreement", "OptionAgreement"}
    assert ("licensee", next(k for k, n in names.items() if n == "Solenne Bio")) in d.roles
    assert [(p.kind, p.amount) for p in d.payments] == [("ResearchFunding", Decimal(1_500_000))]


def test_private_placement_with_a_named_investor():
    facts, names = summary(
        "Tarrow Pharma, Inc. announced that it has entered into a securities purchase agreement with"
        " Elmbridge "
        "Capital Partners, under which Elmbridge will purchase 5,000,000 shares of Tarrow common stock at"
        " $12.00 per "
        "share for gross proceeds of $60 million."
    )
    (d,) = facts.deals
    assert d.types == ("EquityInvestment",)
    assert sorted((r, names[k]) for r, k in d.roles) == [
        ("investee", "Tarrow Pharma, Inc."),
        ("investor", "Elmbridge Capital Partners"),
    ]
    assert ("EquityPayment", Decimal(60_000_000)) in {(p.kind, p.amount) for p in d.payments}


def test_earnings_release_recalling_an_old_license_announces_nothing():
    facts, _ = summary(
        "Quintara Health Reports Fourth Quarter 2023 Results\n"
        "Quintara Health, Inc. (NYSE: QNT) reported revenue of $45.2 million for the quarter. Cash and cash "
        "equivalents were $120 million as of December 31, 2023. The company continues to benefit from its"
        " 2019 "
        "license agreement with Orloff Pharma, under which it received $2 million in milestone payments."
    )
    assert [d for d in facts.deals if not d.recalled] == []


def test_subsidiary_after_a_future_merger_is_not_folded():
    facts, names = summary(
        'On July 2, 2022, Pellam Instruments, Inc. ("Pellam") and Orrin Scientific, Inc. ("Orrin") entered'
        " into "
        "an Agreement and Plan of Merger under which Pellam will acquire Orrin. Upon completion, Orrin would "
        "become a wholly-owned subsidiary of Pellam."
    )
    (d,) = facts.deals
    assert sorted((r, names[k]) for r, k in d.roles) == [
        ("acquiree", "Orrin Scientific, Inc."),
        ("acquirer", "Pellam Instruments, Inc."),
    ]


def test_contract_milestone_table_takes_the_heading():
    body = (
        "COLLABORATION AND LICENSE AGREEMENT\n"
        "This Collaboration and License Agreement is entered into as of May 4, 2012 by and between Quell "
        'Biologics, Inc. ("Quell") and Darrow Pharma Ltd. ("Darrow").\nARTICLE 1 DEFINITIONS\n'
        '1.1 "Territory" means Japan.\n'
        "3.1 Quell hereby grants to Darrow an exclusive license to sell the Product in the Territory.\n"
        "6.2 Development Milestones\n"
        "US$2 million\tFirst dosing in a Phase 2 trial\n"
        "US$5 million\tFiling of an NDA\n"
        "6.4 Royalties on Net Sales\n"
        "Net Sales up to $50,000,000\t8%\n"
    )
    body += "12.9 Each party shall keep its records for three years. " * 400
    facts = extract(make_filing(body, doc_types=("EX-10.3",)))
    (d,) = facts.deals
    pays = {(p.kind, p.amount) for p in d.payments}
    assert ("MilestonePayment", Decimal(2_000_000)) in pays and (
        "MilestonePayment",
        Decimal(5_000_000),
    ) in pays
    assert not any(p.amount == Decimal(50_000_000) for p in d.payments)
    assert d.territory == "Japan" and d.exclusive is True


def test_8k_license_with_the_registrant():
    from dealgraph.records import Registrant

    text = (
        "Item 1.01 Entry into a Material Definitive Agreement.\n"
        'On November 3, 2022, Kerrow Therapeutics, Inc. (the "Company") entered into a License Agreement'
        " with "
        'Felsted Biopharma GmbH ("Felsted"), pursuant to which the Company granted Felsted an exclusive, '
        "royalty-bearing license to develop and commercialize KT-77 in the European Union and the United"
        " Kingdom. "
        "Under the License Agreement, Felsted will pay the Company a one-time upfront payment of EUR 8"
        " million and "
        "the Company will be eligible to receive up to EUR 95 million in development and sales milestones, as "
        "well as tiered royalties on net sales."
    )
    reg = Registrant(name="KERROW THERAPEUTICS, INC.", cik="1234567")
    facts = extract(make_filing(text, registrant=reg, doc_types=("8-K",), form_type="8-K"))
    (d,) = facts.deals
    names = {o.key: o.name for o in facts.organizations}
    assert sorted((r, names[k]) for r, k in d.roles) == [
        ("licensee", "Felsted Biopharma GmbH"),
        ("licensor", "Kerrow Therapeutics, Inc."),
    ]
    assert ("licensor", "cik:1234567") in d.roles
    assert d.territory == "European Union and the United Kingdom"
    assert {(p.kind, p.amount, p.currency) for p in d.payments} >= {
        ("UpfrontPayment", Decimal(8_000_000), "EUR"),
        ("MilestonePayment", Decimal(95_000_000), "EUR"),
    }
    up = next(p for p in d.payments if p.kind == "UpfrontPayment")
    assert (up.payer, up.payee) == (
        next(k for k, n in names.items() if n.startswith("Felsted")),
        "cik:1234567",
    )


def test_cash_position_and_supply_value():
    facts, _ = summary(
        "Halcyon Pharma AG and Wrenfield Biosciences, Inc. today announced that they have entered into a "
        "definitive merger agreement under which Halcyon will acquire Wrenfield for $14.25 per share in"
        " cash. "
        "Wrenfield had cash of $210 million at March 31, 2025."
    )
    (d,) = facts.deals
    assert [(p.kind, p.amount) for p in d.payments] == [("PurchasePrice", Decimal("14.25"))]
    facts, _ = summary(
        "Brask Biologics said today it signed a five-year commercial supply agreement with Otterly "
        "Manufacturing AB for its vaccine BB-12, valued at approximately SEK 60 million."
    )
    (d,) = facts.deals
    assert d.types == ("SupplyAgreement",)
    assert [(p.kind, p.amount, p.currency) for p in d.payments] == [
        ("TotalDealValue", Decimal(60_000_000), "SEK")
    ]


def test_officer_and_dividend_news_announce_no_deal():
    for text in (
        "Item 5.02 Departure of Directors or Certain Officers.\nOn May 1, 2024, the Board appointed Dana"
        " Ruiz "
        "as Chief Financial Officer. In connection with the appointment, the Company entered into an"
        " employment "
        "agreement with Ms. Ruiz providing an annual base salary of $450,000.",
        "Item 8.01 Other Events.\nOn March 3, 2023, Fenwick Bancorp, Inc. announced a quarterly cash"
        " dividend of "
        "$0.12 per share and the renewal of its $25 million credit facility with Harbor National Bank.",
        "Norcastle Bio, Inc. today announced that the first patient has been dosed in its Phase 2 trial of "
        "NB-401, which it develops in partnership with Gallow Pharma. Norcastle received a $5 million"
        " milestone "
        "payment from Gallow under its 2021 license agreement.",
    ):
        facts, _ = summary(text)
        assert [d for d in facts.deals if not d.recalled] == [], text
