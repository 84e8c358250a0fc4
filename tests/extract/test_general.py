"""General rules checked on invented filings written in styles the corpus has few of.

Every company, drug and person here is made up.  Each rule has a text it must read and one it must
not.
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

from dealgraph.loaders.extract import extract
from dealgraph.loaders.read import parse_filing


def read(text: str, name: str = "filing.txt"):
    """Extract from a text as the readers hand it over (line wraps joined, spaces collapsed)."""
    facts = extract(parse_filing(text.encode(), name))
    return facts, {o.key: o.name for o in facts.organizations}


def roles(deal, names):
    return sorted((r, names[k]) for r, k in deal.roles)


def payments(deal):
    return {(p.kind, p.amount, p.currency, p.up_to) for p in deal.payments}


# -- an equity purchase bundled with a licence or collaboration ------------------------------


def test_shares_bought_alongside_a_license_join_that_deal():
    facts, names = read(
        "Item 1.01 Entry into a Material Definitive Agreement.\n\n"
        'On March 3, 2024, Halloran Therapeutics, Inc. (the "Company") entered into an Exclusive License'
        ' Agreement with Brightwater Pharma Ltd. ("Brightwater"), under which the Company granted'
        " Brightwater an exclusive license to develop and commercialize HT-201 in Japan. Brightwater will"
        " pay the Company an upfront payment of $12.0 million.\n\n"
        "In addition, Brightwater purchased 1,250,000 shares of the Company's common stock for an"
        " aggregate purchase price of $20.0 million.\n"
    )
    (d,) = facts.deals
    assert d.types == ("LicenseAgreement", "EquityInvestment")
    assert roles(d, names) == [
        ("investee", "Halloran Therapeutics, Inc."),
        ("investor", "Brightwater Pharma Ltd."),
        ("licensee", "Brightwater Pharma Ltd."),
        ("licensor", "Halloran Therapeutics, Inc."),
    ]
    assert ("EquityPayment", Decimal(20_000_000), "USD", False) in payments(d)
    assert ("UpfrontPayment", Decimal(12_000_000), "USD", False) in payments(d)


def test_equity_investment_promised_with_a_collaboration_keeps_the_collaborators():
    facts, names = read(
        "Kestrel Biosciences and Orvane AG Announce Research Collaboration\n\n"
        "ZURICH, May 6, 2025 -- Kestrel Biosciences, Inc. (Nasdaq: KSTL) and Orvane AG today announced a"
        " research collaboration to discover antibodies against fibrotic targets. Kestrel will receive"
        " EUR 30 million upfront. Orvane will also make an equity investment of EUR 15 million in"
        " Kestrel.\n"
    )
    (d,) = facts.deals
    assert d.types == ("CollaborationAgreement", "EquityInvestment")
    assert ("investor", "Orvane AG") in roles(d, names)
    assert ("investee", "Kestrel Biosciences, Inc.") in roles(d, names)
    assert ("collaborator", "Orvane AG") in roles(d, names)
    assert ("EquityPayment", Decimal(15_000_000), "EUR", False) in payments(d)


def test_a_stock_purchase_agreement_of_its_own_stays_a_deal_of_its_own():
    facts, names = read(
        "Nolan Genetics, Inc. today announced that it has entered into a license agreement with Pelham"
        " Bio Ltd. under which Nolan granted Pelham an exclusive license to its NG-7 antibody.\n\n"
        "Separately, Pelham entered into a stock purchase agreement with Nolan under which Pelham will"
        " purchase 500,000 shares of Nolan common stock for $4 million.\n"
    )
    kinds = sorted(d.types for d in facts.deals)
    assert kinds == [("EquityInvestment",), ("LicenseAgreement",)]


# -- options are not yet licences -------------------------------------------------------------


def test_an_option_to_obtain_a_license_is_an_option_and_a_collaboration_not_a_license():
    facts, names = read(
        "Pinemark Bio Obtains Option on Tallis Medicines Program\n\n"
        "SAN DIEGO, June 2, 2025 -- Pinemark Bio, Inc. today announced that it was granted an exclusive"
        " option to obtain a worldwide license to the TX-9 program of Tallis Medicines Ltd. Under the"
        " agreement, Pinemark and Tallis will collaborate on IND-enabling studies.\n"
    )
    (d,) = facts.deals
    assert not d.recalled  # "it was granted" announces, it does not look back
    assert d.types == ("CollaborationAgreement", "OptionAgreement")
    assert d.announced_on == date(2025, 6, 2)
    assert roles(d, names) == [("licensee", "Pinemark Bio, Inc."), ("licensor", "Tallis Medicines Ltd.")]


def test_an_option_and_license_agreement_still_grants_a_license():
    facts, _ = read(
        "Ashby Therapeutics, Inc. today announced that it has entered into an option and license"
        " agreement with Corran Pharma AG, under which Ashby granted Corran an exclusive license to"
        " AT-5 in Europe and an option to license AT-6.\n"
    )
    (d,) = facts.deals
    assert "LicenseAgreement" in d.types and "OptionAgreement" in d.types


def test_a_license_that_was_granted_before_is_recalled():
    facts, names = read(
        "Rowan Bio, Inc. today announced a collaboration with Estes Pharma Ltd. to develop RB-1. Its lead"
        " program RB-0 is based on an exclusive license that was granted to Rowan Bio by Tamsin"
        " University.\n"
    )
    new = [d for d in facts.deals if not d.recalled]
    old = [d for d in facts.deals if d.recalled]
    assert [d.types for d in new] == [("CollaborationAgreement",)]
    assert [d.types for d in old] == [("LicenseAgreement",)]
    assert "Tamsin University" in {names[k] for _, k in old[0].roles}


def test_research_funding_over_years_is_a_ceiling():
    facts, _ = read(
        "Corvel Pharmaceuticals, Inc. today announced that it has entered into a sponsored research"
        " agreement with Ardent University. Under the agreement, Corvel will provide research funding"
        " of up to $15.0 million over three years.\n"
    )
    (d,) = facts.deals
    assert ("ResearchFunding", Decimal(15_000_000), "USD", True) in payments(d)


# -- completions, assets, settlements ---------------------------------------------------------


def test_completion_of_a_previously_announced_acquisition_is_announced_now():
    facts, names = read(
        "Item 2.01 Completion of Acquisition or Disposition of Assets.\n\n"
        'On July 1, 2022, Meridale Holdings, Inc. ("Meridale") completed its previously announced'
        ' acquisition of Sutter Peak Biologics, Inc. ("Sutter Peak") pursuant to the Agreement and Plan'
        " of Merger, dated April 14, 2022, among Meridale, Falcon Merger Sub, Inc. and Sutter Peak, for"
        " an aggregate purchase price of approximately $410 million.\n"
    )
    (d,) = facts.deals
    assert not d.recalled and d.types == ("Acquisition",)
    assert roles(d, names) == [
        ("acquiree", "Sutter Peak Biologics, Inc."),
        ("acquirer", "Meridale Holdings, Inc."),
    ]
    assert ("PurchasePrice", Decimal(410_000_000), "USD", False) in payments(d)


def test_a_previously_announced_deal_named_in_passing_stays_recalled():
    facts, _ = read(
        "Oriel Bio, Inc. today announced a license agreement with Pascoe Pharma Ltd. for OB-2 in Korea.\n\n"
        "The new agreement follows the previously announced collaboration between Oriel and Wexford"
        " Labs Inc. signed in 2021.\n"
    )
    new = [d for d in facts.deals if not d.recalled]
    assert len(new) == 1 and new[0].types == ("LicenseAgreement",)


def test_buying_the_us_rights_to_a_product_is_an_asset_purchase():
    facts, names = read(
        "Lindqvist Pharma AB has acquired the U.S. rights to Dermovane, a topical antifungal product,"
        " from Calder Health Inc. for $18 million in cash, the companies said on Tuesday.\n"
    )
    (d,) = facts.deals
    assert d.types == ("AssetPurchase",)
    assert roles(d, names) == [("acquiree", "Calder Health Inc."), ("acquirer", "Lindqvist Pharma AB")]


def test_acquiring_a_company_is_still_an_acquisition():
    facts, _ = read(
        "Lindqvist Pharma AB has acquired U.S.-based Calder Health Inc. for $18 million in cash, the"
        " companies said on Tuesday.\n"
    )
    (d,) = facts.deals
    assert d.types == ("Acquisition",)


# -- tables --------------------------------------------------------------------------------


def test_amounts_in_a_table_of_milestones_are_milestones():
    facts, _ = read(
        "Zentria Pharma Enters Licensing Agreement with Okawa Seiyaku\n\n"
        "BOSTON, January 9, 2025 -- Zentria Pharma, Inc. today announced an exclusive license agreement"
        " under which Okawa Seiyaku Co., Ltd. receives the rights to develop ZP-14 in Japan. Okawa will pay"
        " Zentria $5 million upfront and the milestone payments set out below.\n\n"
        "Milestone\tAmount\n"
        "Approval of ZP-14 in Japan\t$10 million\n"
        "Annual net sales above a set threshold\t$20 million\n"
    )
    (d,) = facts.deals
    assert {
        ("MilestonePayment", Decimal(10_000_000), "USD", False),
        ("MilestonePayment", Decimal(20_000_000), "USD", False),
        ("UpfrontPayment", Decimal(5_000_000), "USD", False),
    } <= payments(d)


def test_a_table_without_a_payment_header_gives_no_payments():
    facts, _ = read(
        "Zentria Pharma, Inc. today announced an exclusive license agreement under which Okawa Seiyaku"
        " Co., Ltd. receives the rights to develop ZP-14 in Japan.\n\n"
        "Market\tPatients\n"
        "Japan\t$10 million\n"
    )
    (d,) = facts.deals
    assert not [p for p in d.payments if p.amount]


def test_settlement_that_grants_a_license():
    facts, names = read(
        "Brandt Biologics, Inc. and Sorrel Pharmaceuticals Ltd. have entered into a settlement agreement"
        " resolving all patent litigation regarding Sorrel's generic version of Vexolin. Under the"
        " settlement, Brandt will grant Sorrel a non-exclusive license to sell its generic product in the"
        " United States.\n"
    )
    (d,) = facts.deals
    assert d.types == ("LicenseAgreement", "SettlementAgreement")
    assert d.exclusive is False and d.territory == "United States"
    assert roles(d, names) == [
        ("licensee", "Sorrel Pharmaceuticals Ltd."),
        ("licensor", "Brandt Biologics, Inc."),
    ]


def test_hard_wrapped_plain_text_8k():
    facts, names = read(
        "ITEM 5.  OTHER EVENTS.\n\n"
        "     On September 14, 1998, Norwell Biotech Corporation (the\n"
        '"Registrant") entered into a License Agreement with Ferris\n'
        'Laboratories, Inc. ("Ferris"), pursuant to which the Registrant\n'
        "granted Ferris an exclusive license under its patents to\n"
        "manufacture and sell the Registrant's wound dressing in North\n"
        "America.  Ferris paid the Registrant a license fee of $500,000\n"
        "upon signing and will pay royalties on net sales of the product.\n"
    )
    (d,) = facts.deals
    assert d.announced_on == date(1998, 9, 14) and d.territory == "North America"
    assert roles(d, names) == [
        ("licensee", "Ferris Laboratories, Inc."),
        ("licensor", "Norwell Biotech Corporation"),
    ]


# -- payments read in more wordings ----------------------------------------------------------


def test_funding_the_partners_research_at_a_yearly_rate_is_research_funding():
    facts, _ = read(
        'On October 2, 2023, Quillon Biosciences, Inc. (the "Company") and Harrowgate Pharmaceuticals plc'
        " entered into a Research Collaboration and License Agreement. Harrowgate will pay the Company an"
        " upfront payment of $25 million and will fund the Company's research activities at an annual"
        " rate of $4 million.\n"
    )
    (d,) = facts.deals
    assert ("ResearchFunding", Decimal(4_000_000), "USD", False) in payments(d)
    assert ("UpfrontPayment", Decimal(25_000_000), "USD", False) in payments(d)


def test_a_license_issue_fee_is_upfront_even_when_milestones_follow_in_the_next_clause():
    facts, _ = read(
        'On May 20, 2024, Graystone Medical, Inc. (the "Company") entered into a Patent License Agreement'
        ' with the Regents of Westbrook University (the "University"), under which the University granted'
        " the Company an exclusive license to certain patents. The Company paid a license issue fee of"
        " $150,000 and will pay annual maintenance fees, milestone payments of up to $2.5 million and"
        " royalties.\n"
    )
    (d,) = facts.deals
    assert ("UpfrontPayment", Decimal(150_000), "USD", False) in payments(d)
    assert ("MilestonePayment", Decimal(2_500_000), "USD", True) in payments(d)


def test_milestones_and_a_fee_in_one_clause_stay_milestones():
    facts, _ = read(
        "Orrin Bio, Inc. today announced an exclusive license agreement with Pell Pharma Ltd. for OB-4."
        " Pell will pay Orrin up to $40 million upon approval and will also pay royalties.\n"
    )
    (d,) = facts.deals
    assert ("MilestonePayment", Decimal(40_000_000), "USD", True) in payments(d)


def test_value_of_an_all_stock_merger_is_its_price():
    facts, _ = read(
        "Tresco Biotherapeutics, Inc. and Ambler Genomics, Inc. today announced a definitive merger"
        " agreement under which Tresco will acquire Ambler in an all-stock transaction valued at"
        " approximately $1.2 billion.\n"
    )
    (d,) = facts.deals
    assert payments(d) == {("PurchasePrice", Decimal(1_200_000_000), "USD", False)}


def test_a_company_valued_at_an_amount_is_no_payment():
    facts, _ = read(
        "Tresco Biotherapeutics, Inc. today announced a definitive merger agreement under which Tresco"
        " will acquire Ambler Genomics, Inc. Ambler was valued at $300 million in its last financing"
        " round.\n"
    )
    (d,) = facts.deals
    assert not d.payments


# -- words of other markets ------------------------------------------------------------------


def test_a_technology_transfer_agreement_is_a_license():
    facts, names = read(
        "SEOUL, March 11, 2025 -- Daemyung Bio Co., Ltd. (KOSDAQ: 317450) said today it has signed a"
        " technology transfer agreement with Ostrava Pharma Inc. for its oral candidate DMB-301, worth up"
        " to KRW 150 billion, including an upfront payment of KRW 10 billion.\n"
    )
    (d,) = facts.deals
    assert d.types == ("LicenseAgreement",)
    assert ("UpfrontPayment", Decimal(10_000_000_000), "KRW", False) in payments(d)


def test_technology_transfer_of_staff_is_no_deal():
    facts, _ = read(
        "Daemyung Bio Co., Ltd. said its technology transfer office moved to a new building in Seoul.\n"
    )
    assert not facts.deals


def test_a_legal_form_at_the_end_of_a_sentence_leaves_the_full_stop():
    facts, names = read(
        "Corriveau Therapeutics, Inc. has in-licensed global rights to MB-110 from Marlow Biotech GmbH."
        " Corriveau will pay Marlow $7 million upfront.\n"
    )
    (d,) = facts.deals
    assert roles(d, names) == [
        ("licensee", "Corriveau Therapeutics, Inc."),
        ("licensor", "Marlow Biotech GmbH"),
    ]
    # an abbreviation keeps its own dot
    facts, names = read(
        "Corriveau Therapeutics, Inc. has in-licensed global rights to MB-110 from Marlow Co.\n"
    )
    assert "Marlow Co." in names.values()


def test_territory_of_a_distribution_agreement():
    facts, _ = read(
        "Ekholm Medical AB today announced that it has signed an exclusive distribution agreement with"
        " Brauer Medizintechnik GmbH for its wound-care device in Germany, Austria and Switzerland.\n"
    )
    (d,) = facts.deals
    assert d.types == ("SupplyAgreement",)
    assert d.territory == "Germany, Austria and Switzerland"


# -- an 8-K whose press release carries the terms ------------------------------------------

# an invented EDGAR submission: the 8-K and its press release (EX-99.1)
_SUBMISSION = (Path(__file__).parent / "invented_8k_with_release.txt").read_text()


def test_terms_in_the_press_release_exhibit_belong_to_the_deal_of_the_8k():
    facts, names = read(_SUBMISSION, "submission.txt")
    (d,) = facts.deals
    assert d.types == ("LicenseAgreement", "CollaborationAgreement")
    assert d.announced_on == date(2024, 2, 8)
    assert roles(d, names) == [
        ("licensee", "Saito Yakuhin K.K."),
        ("licensor", "Alderwick Therapeutics, Inc."),
    ]
    # the upfront payment in the release, and the milestones of the table its lead-in names; not the
    # amount of the forward-looking statements
    assert payments(d) == {
        ("UpfrontPayment", Decimal(30_000_000), "USD", False),
        ("MilestonePayment", Decimal(20_000_000), "USD", False),
        ("MilestonePayment", Decimal(5_000_000), "USD", False),
        ("RoyaltyPayment", None, None, False),
    }
    # the partners the "About" paragraph names are no new deals
    assert all(d.recalled for d in facts.deals[1:])


# -- who buys, who sells ----------------------------------------------------------------------


def test_a_company_to_be_acquired_is_the_acquiree():
    facts, names = read(
        "Marden Biosciences to Be Acquired by Castellan Group for $9.00 per Share\n\n"
        "Marden Biosciences, Inc. (Nasdaq: MRDN) today announced that it has entered into a definitive"
        " agreement to be acquired by Castellan Group AG for $9.00 per share in cash, or approximately $640"
        " million in total.\n"
    )
    (d,) = facts.deals
    assert roles(d, names) == [("acquiree", "Marden Biosciences, Inc."), ("acquirer", "Castellan Group AG")]


def test_a_company_that_acquires_is_still_the_acquirer():
    facts, names = read(
        "Castellan Group AG today announced that it has entered into a definitive agreement to acquire"
        " Marden Biosciences, Inc., which was founded in 2012, for $9.00 per share in cash.\n"
    )
    (d,) = facts.deals
    assert roles(d, names) == [("acquiree", "Marden Biosciences, Inc."), ("acquirer", "Castellan Group AG")]


def test_a_royalty_interest_sold_for_cash_is_an_asset_purchase():
    facts, names = read(
        "Pennock Therapeutics, Inc. today announced that it has sold its royalty interest in Zelvora to"
        " Highgate Royalty Partners LP for $100 million in cash at closing and up to $25 million in"
        " additional payments based on Zelvora sales.\n"
    )
    (d,) = facts.deals
    assert d.types == ("AssetPurchase",)
    assert roles(d, names) == [
        ("acquiree", "Pennock Therapeutics, Inc."),
        ("acquirer", "Highgate Royalty Partners LP"),
    ]
    assert ("PurchasePrice", Decimal(100_000_000), "USD", False) in payments(d)
    assert "Zelvora" not in names.values()  # a product, not a company


def test_selling_products_through_distributors_is_no_deal():
    facts, _ = read(
        "Pennock Therapeutics, Inc. sells its products through wholesalers in the United States and"
        " markets Zelvora in Europe.\n"
    )
    assert not facts.deals


def test_a_license_to_sell_a_product_is_no_sale():
    facts, _ = read(
        "Brandt Biologics, Inc. will grant Sorrel Pharmaceuticals Ltd. a non-exclusive license to sell its"
        " generic product in Canada under the settlement agreement the companies signed today.\n"
    )
    (d,) = facts.deals
    assert "AssetPurchase" not in d.types


# -- options exercised, joint ventures, notes ---------------------------------------------------


def test_an_exercised_option_to_license_grants_the_license():
    facts, names = read(
        "Fairholm Bio, Inc. today announced that it has exercised its option to obtain an exclusive"
        " worldwide license to TG-4 from Tanager Therapeutics, Inc. Fairholm will pay Tanager an option"
        " exercise fee of $5 million.\n"
    )
    (d,) = facts.deals
    assert d.types == ("LicenseAgreement", "OptionAgreement")
    assert roles(d, names) == [("licensee", "Fairholm Bio, Inc."), ("licensor", "Tanager Therapeutics, Inc.")]


def test_forming_a_joint_venture_is_a_collaboration():
    facts, names = read(
        "Ashcombe Bio, Inc. and Nakamura Pharma Co., Ltd. today announced that they have formed a joint"
        " venture to develop cell therapies in Japan.\n"
    )
    (d,) = facts.deals
    assert d.types == ("CollaborationAgreement",)
    assert roles(d, names) == [
        ("collaborator", "Ashcombe Bio, Inc."),
        ("collaborator", "Nakamura Pharma Co., Ltd."),
    ]


def test_a_joint_venture_that_exists_is_no_new_deal():
    facts, _ = read(
        "Ashcombe Bio, Inc. reported revenue from its joint venture with Nakamura Pharma Co., Ltd., formed in"
        " 2019.\n"
    )
    assert all(d.recalled for d in facts.deals)


def test_fee_milestones_and_royalties_listed_in_a_note():
    facts, _ = read(
        "Note 7. License Agreements\n\n"
        'In February 2024, Graystone Medical, Inc. (the "Company") entered into a license agreement with'
        " Welford University, under which the Company obtained an exclusive, worldwide license to certain"
        " patent rights. The Company paid an upfront fee of $0.2 million and is obligated to pay milestone"
        " payments of up to $3.1 million and low single-digit royalties on net sales.\n"
    )
    (d,) = facts.deals
    assert payments(d) == {
        ("UpfrontPayment", Decimal(200_000), "USD", False),
        ("MilestonePayment", Decimal(3_100_000), "USD", True),
        ("RoyaltyPayment", None, None, False),
    }


def test_an_option_to_acquire_a_company_then_a_hedge_in_the_next_sentence():
    facts, names = read(
        "Tamworth Biologics, Inc. today announced that it has entered into an option agreement that gives"
        " it the exclusive right to acquire Quenby Therapeutics, Inc. Tamworth paid Quenby $3 million for"
        " the option and may acquire Quenby for $60 million if it exercises the option.\n"
    )
    (d,) = facts.deals
    assert d.types == ("OptionAgreement",)
    assert roles(d, names) == [
        ("acquiree", "Quenby Therapeutics, Inc."),
        ("acquirer", "Tamworth Biologics, Inc."),
    ]


def test_the_company_merged_into_survives_as_a_subsidiary_but_stays_a_party():
    facts, names = read(
        'On June 9, 2024, Corwin Medical Holdings, Inc. ("Corwin") entered into an Agreement and Plan of'
        ' Merger with Peller Diagnostics, Inc. ("Peller") and Lark Acquisition Sub, Inc., a wholly owned'
        ' subsidiary of Corwin ("Merger Sub"). Merger Sub will merge with and into Peller, with Peller'
        " surviving as a wholly owned subsidiary of Corwin. The aggregate merger consideration is $275"
        " million in cash.\n"
    )
    (d,) = facts.deals
    assert roles(d, names) == [
        ("acquiree", "Peller Diagnostics, Inc."),
        ("acquirer", "Corwin Medical Holdings, Inc."),
    ]


def test_rights_acquired_from_a_company_and_paid_at_closing():
    facts, names = read(
        "Dalby Pharma plc today announced that it has acquired the global rights to Calvexa, an approved"
        " treatment for rare bleeding disorders, from Norris Health Inc. Dalby paid $85 million at closing"
        " and will pay up to $40 million in sales-based milestones.\n"
    )
    (d,) = facts.deals
    assert d.types == ("AssetPurchase",)
    assert roles(d, names) == [("acquiree", "Norris Health Inc."), ("acquirer", "Dalby Pharma plc")]
    assert payments(d) == {
        ("PurchasePrice", Decimal(85_000_000), "USD", False),
        ("MilestonePayment", Decimal(40_000_000), "USD", True),
    }


def test_shares_bought_for_an_amount_with_a_collaboration():
    facts, names = read(
        "Radnor Bio Ltd. and Illingworth Pharmaceuticals plc today announced a discovery collaboration."
        " Illingworth will pay Radnor $40 million upfront. In addition, Illingworth will purchase $25"
        " million of Radnor's ordinary shares at a premium.\n"
    )
    (d,) = facts.deals
    assert d.types == ("CollaborationAgreement", "EquityInvestment")
    assert ("investor", "Illingworth Pharmaceuticals plc") in roles(d, names)
    assert ("EquityPayment", Decimal(25_000_000), "USD", False) in payments(d)


def test_a_purchase_of_product_units_is_no_equity():
    facts, _ = read(
        "Radnor Bio Ltd. signed a supply agreement with Illingworth Pharmaceuticals plc. Illingworth will"
        " purchase 2 million units of Radnor's test kits.\n"
    )
    (d,) = facts.deals
    assert "EquityInvestment" not in d.types


# -- placements, territories, exclusivity of supply ------------------------------------------


def test_a_private_placement_with_several_investors():
    facts, names = read(
        "Lyle Biosciences, Inc. (Nasdaq: LYLE) today announced that it has entered into a securities"
        " purchase agreement with Peregrine Capital Partners and Ashgrove Ventures for a private placement"
        " of 12,000,000 shares of its common stock at $5.00 per share, for gross proceeds of $60 million.\n"
    )
    (d,) = facts.deals
    assert d.types == ("EquityInvestment",)
    assert roles(d, names) == [
        ("investee", "Lyle Biosciences, Inc."),
        ("investor", "Ashgrove Ventures"),
        ("investor", "Peregrine Capital Partners"),
    ]
    assert ("EquityPayment", Decimal(60_000_000), "USD", False) in payments(d)


def test_an_agreement_with_one_investor_names_one():
    facts, names = read(
        "Lyle Biosciences, Inc. today announced that it has entered into a stock purchase agreement with"
        " Peregrine Capital Partners for 1,000,000 shares of its common stock. Ashgrove Ventures advised"
        " Lyle on the financing.\n"
    )
    (d,) = facts.deals
    assert [names[k] for r, k in d.roles if r == "investor"] == ["Peregrine Capital Partners"]


def test_global_rights_outside_a_region():
    facts, names = read(
        "Chinese drugmaker Hengda Biotech Co. said on Thursday it had licensed global rights outside Greater"
        " China for its lung cancer drug HD-512 to U.S.-based Morrow Pharma Inc. in a deal worth up to $800"
        " million.\n"
    )
    (d,) = facts.deals
    assert d.territory == "outside Greater China"


def test_global_rights_are_worldwide():
    facts, _ = read(
        "Hengda Biotech Co. said it had licensed global rights for HD-512 to Morrow Pharma Inc., which"
        " will run trials in Europe.\n"
    )
    (d,) = facts.deals
    assert d.territory == "worldwide"


def test_a_collaboration_names_where_the_partners_sell_together():
    facts, _ = read(
        "Fennimore Labs, Inc. and Oswin Pharma AG today announced that they have signed a co-development"
        " agreement for FL-44. The companies will share costs and jointly commercialize FL-44 in the United"
        " States and Europe.\n"
    )
    (d,) = facts.deals
    assert d.territory == "United States and Europe"


def test_a_collaboration_that_only_runs_trials_somewhere_has_no_territory():
    facts, _ = read(
        "Fennimore Labs, Inc. and Oswin Pharma AG today announced a research collaboration. The companies"
        " will run the first trials of FL-44 in Europe.\n"
    )
    (d,) = facts.deals
    assert d.territory is None


def test_an_exclusive_supply_agreement_is_exclusive():
    facts, _ = read(
        "Vantis Medical Corp. today announced that it has entered into a five-year exclusive supply"
        " agreement with Gorton Plastics, Inc. under which Gorton will manufacture catheter components.\n"
    )
    (d,) = facts.deals
    assert d.types == ("SupplyAgreement",) and d.exclusive is True


def test_buying_all_the_capital_stock_of_a_company_is_an_acquisition_only():
    facts, names = read(
        "ITEM 2.  ACQUISITION OR DISPOSITION OF ASSETS.\n\n"
        '     On March 31, 1997, Tolland Instruments, Inc. (the "Company")\n'
        "completed the acquisition of all of the outstanding capital stock\n"
        'of Breck Scientific Corporation ("Breck") from its stockholders\n'
        "for a purchase price of $14,500,000 in cash, pursuant to a Stock\n"
        "Purchase Agreement dated February 28, 1997.  The purchase price\n"
        "was funded from the Company's existing cash.\n"
    )
    (d,) = facts.deals
    assert d.types == ("Acquisition",)
    assert payments(d) == {("PurchasePrice", Decimal(14_500_000), "USD", False)}


def test_a_deal_that_could_rise_to_an_amount_states_its_total():
    facts, _ = read(
        "Arlington Biotech has agreed to buy Quarry Therapeutics for $450 million upfront, the companies said"
        " Monday, in a deal that could rise to $700 million if Quarry's lead antibody hits sales targets.\n"
    )
    (d,) = facts.deals
    assert ("TotalDealValue", Decimal(700_000_000), "USD", False) in payments(d)


def test_a_share_price_that_rose_is_no_payment():
    facts, _ = read(
        "Arlington Biotech has agreed to buy Quarry Therapeutics for $450 million. Quarry shares rose 30% to"
        " $12.40 on the news.\n"
    )
    (d,) = facts.deals
    assert {p.amount for p in d.payments} == {Decimal(450_000_000)}


def test_deals_of_the_quarter_in_an_earnings_release_are_recalled():
    facts, _ = read(
        "Granby Therapeutics Reports Second Quarter 2025 Results\n\n"
        "Granby Therapeutics, Inc. today reported financial results for the second quarter of 2025.\n\n"
        "- In May, Granby entered into a license agreement with Sollers Pharma Co., Ltd. granting Sollers"
        " exclusive rights to GT-1 in South Korea.\n"
    )
    assert facts.deals and all(d.recalled for d in facts.deals)


def test_shares_bought_in_connection_with_a_merger_are_an_investment_of_their_own():
    facts, names = read(
        "Selby Biopharma, Inc. and Tavish Therapeutics, Inc. today announced that they have entered into a"
        " definitive merger agreement under which Selby will acquire Tavish. In connection with the merger,"
        " investors led by Kestrel Ridge Capital have committed to purchase $80 million of the combined"
        " company's common stock.\n"
    )
    kinds = {d.types for d in facts.deals}
    assert kinds == {("Acquisition",), ("EquityInvestment",)}
    equity = next(d for d in facts.deals if d.types == ("EquityInvestment",))
    assert ("investor", "Kestrel Ridge Capital") in roles(equity, names)
    assert ("EquityPayment", Decimal(80_000_000), "USD", False) in payments(equity)


def test_a_partner_responsible_for_commercialization_worldwide():
    facts, _ = read(
        "Ravenna Oncology, Inc. today announced a research collaboration and license agreement with Beaumont"
        " Pharmaceuticals Ltd. for bispecific antibodies. Beaumont will be responsible for development and"
        " commercialization worldwide.\n"
    )
    (d,) = facts.deals
    assert d.territory == "worldwide"


# -- amendments, closings, funders -------------------------------------------------------------


def test_amending_an_existing_agreement_is_news_dated_by_the_amendment():
    facts, names = read(
        'On September 30, 2024, Fenwright Biologics, Inc. (the "Company") and Osgood Pharma GmbH ("Osgood")'
        " amended their existing License and Supply Agreement dated May 1, 2019. Under the amendment, Osgood"
        " agreed to pay the Company an additional license fee of EUR 2.0 million.\n"
    )
    (d,) = facts.deals
    assert not d.recalled
    assert d.types == ("LicenseAgreement", "SupplyAgreement")
    assert d.announced_on == date(2024, 9, 30)
    assert ("UpfrontPayment", Decimal(2_000_000), "EUR", False) in payments(d)


def test_an_agreement_that_existed_before_is_still_recalled():
    facts, _ = read(
        "Fenwright Biologics, Inc. today announced positive data. The drug is partnered with Osgood Pharma"
        " GmbH under an existing license agreement dated May 1, 2019.\n"
    )
    assert all(d.recalled for d in facts.deals)


def test_price_in_cash_and_stock():
    facts, _ = read(
        "Quantock Labs, Inc. (NYSE: QNTK) today announced that it has completed its acquisition of Pardoe"
        " Biosystems, Inc., a developer of sequencing instruments, for $310 million in cash and stock.\n"
    )
    (d,) = facts.deals
    assert payments(d) == {("PurchasePrice", Decimal(310_000_000), "USD", False)}


def test_cash_and_cash_equivalents_are_no_price():
    facts, _ = read(
        "Quantock Labs, Inc. today announced that it has completed its acquisition of Pardoe Biosystems,"
        " Inc. Quantock ended the quarter with $90 million in cash and cash equivalents.\n"
    )
    (d,) = facts.deals
    assert not d.payments


def test_a_foundation_funding_development_in_return_for_royalties():
    facts, names = read(
        "Harrowby Therapeutics and the Cystic Lung Foundation Announce Funding Agreement\n\n"
        "Harrowby Therapeutics, Inc. today announced that the Cystic Lung Foundation will provide up to $12"
        " million to support development of HT-44, an inhaled therapy. In return, the Foundation is entitled"
        " to royalties on future sales of HT-44.\n"
    )
    (d,) = facts.deals
    assert d.types == ("CollaborationAgreement",)
    assert ("ResearchFunding", Decimal(12_000_000), "USD", True) in payments(d)


def test_a_loan_funding_agreement_is_no_collaboration():
    facts, _ = read(
        "Harrowby Therapeutics, Inc. today announced that it has entered into a loan funding agreement with"
        " Carrick Credit Partners for a term loan of up to $30 million.\n"
    )
    assert not any("CollaborationAgreement" in d.types for d in facts.deals)


def test_global_rights_excluding_a_country():
    facts, names = read(
        "Kilbride Pharma Inc. has struck a deal worth up to $2.4 billion to license rights to an obesity"
        " pill from Oxley Bio Ltd., the companies said on Wednesday. Kilbride will pay $150 million upfront"
        " for exclusive global rights to the drug, OX-21, excluding China.\n"
    )
    (d,) = facts.deals
    assert d.territory == "outside China"
    assert roles(d, names) == [("licensee", "Kilbride Pharma Inc."), ("licensor", "Oxley Bio Ltd.")]


def test_completing_the_sale_of_a_business_to_a_buyer():
    facts, names = read(
        "Coulter Labs Completes Sale of Its Animal Health Business to Vesey Holdings\n\n"
        "Coulter Labs, Inc. today announced that it has completed the sale of its animal health business to"
        " Vesey Holdings LLC for $95 million in cash.\n"
    )
    (d,) = facts.deals
    assert d.types == ("AssetPurchase",)
    assert roles(d, names) == [("acquiree", "Coulter Labs, Inc."), ("acquirer", "Vesey Holdings LLC")]
    assert payments(d) == {("PurchasePrice", Decimal(95_000_000), "USD", False)}


def test_an_agreement_to_buy_test_kits_is_a_supply_agreement():
    facts, names = read(
        "Hessle Diagnostics Inc. has signed a three-year agreement with Fordwich Hospital Network Inc. under"
        " which Fordwich will purchase Hessle's sepsis test kits for its 14 hospitals. The agreement is"
        " valued at approximately $9 million.\n"
    )
    (d,) = facts.deals
    assert d.types == ("SupplyAgreement",)
    assert payments(d) == {("TotalDealValue", Decimal(9_000_000), "USD", False)}


def test_buying_units_of_a_financing_is_no_supply():
    facts, _ = read(
        "Hessle Diagnostics Inc. has entered into a securities purchase agreement with Fordwich Capital LLC,"
        " which will purchase 2,000,000 units, each consisting of one share and one warrant.\n"
    )
    assert not any("SupplyAgreement" in d.types for d in facts.deals)


def test_research_fees_per_target_are_research_funding():
    facts, _ = read(
        'On August 5, 2025, Pevensey Therapeutics, Inc. (the "Company") entered into a Collaboration'
        ' Agreement with Oakley Biosciences LLC ("Oakley"). The Company will pay Oakley $2.5 million upon'
        " signing and research fees of $1.0 million per target per year.\n"
    )
    (d,) = facts.deals
    assert payments(d) == {
        ("UpfrontPayment", Decimal(2_500_000), "USD", False),
        ("ResearchFunding", Decimal(1_000_000), "USD", False),
    }
