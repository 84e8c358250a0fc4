from decimal import Decimal

from dealgraph.loaders.extract.money import find_money
from dealgraph.loaders.extract.payments import classify


def kinds(text: str, types=frozenset({"LicenseAgreement"})):
    return [(c.kind, c.money.amount, c.up_to) for c in classify(text, find_money(text), set(types))]


def test_upfront_milestones_royalties():
    assert kinds(
        "Ferro Bio will receive an upfront payment of $4 million, up to an additional $90 million "
        "if certain milestones are met, and royalties on sales."
    ) == [("UpfrontPayment", Decimal(4_000_000), False), ("MilestonePayment", Decimal(90_000_000), True)]


def test_enumerated_terms_do_not_bleed_into_each_other():
    assert kinds(
        "Kestrel agrees to pay (i) an upfront payment of US$6 million, (ii) milestone payments "
        "totaling US$20 million, and (iii) royalties."
    ) == [("UpfrontPayment", Decimal(6_000_000), False), ("MilestonePayment", Decimal(20_000_000), False)]


def test_event_after_the_amount_decides():
    got = kinds(
        "The deal includes milestone payments of EUR 100,000 upon execution of the agreement, "
        "EUR 200,000 at the first commercial sale and EUR 400,000 upon achieving EUR 5 million "
        "of cumulative net sales."
    )
    assert got == [
        ("UpfrontPayment", Decimal(100_000), False),
        ("MilestonePayment", Decimal(200_000), False),
        ("MilestonePayment", Decimal(400_000), False),
    ]


def test_total_deal_value_and_research_funding():
    assert kinds(
        "Osprey could receive a combined total of up to $310 million in upfront fees and "
        "development milestones."
    ) == [("TotalDealValue", Decimal(310_000_000), True)]
    assert kinds("Osprey will receive $6 million in research funding over three years.") == [
        ("ResearchFunding", Decimal(6_000_000), False)
    ]


def test_purchase_price_only_in_acquisitions():
    acq = {"Acquisition"}
    assert kinds("Heron Labs will acquire Dace Inc. for $420 million in cash.", acq) == [
        ("PurchasePrice", Decimal(420_000_000), False)
    ]
    assert kinds("Terms of the £12 million ($15 million) acquisition were agreed.", acq) == [
        ("PurchasePrice", Decimal(12_000_000), False)
    ]


def test_amounts_of_other_matters_are_not_payments():
    assert kinds("The market is projected to reach $4.2 billion by 2030.") == []
    assert kinds("The company had a cash position of $18 million at year end.") == []
    assert kinds("Net proceeds of the public offering were $45 million.") == []
    assert kinds("a 12% royalty on annual net sales of up to EUR 20 million") == []


def test_additional_fees_are_milestones_and_cumulative_receipts_are_not_terms():
    assert kinds(
        "Ardent announced the receipt of an additional $75,000 in licensing fees from Bellow Bio."
    ) == [("MilestonePayment", Decimal(75_000), False)]
    assert kinds("Ardent has received a total of $900,000 in licensing fees from its partners.") == []


def test_royalty_amount_is_not_a_total():
    assert kinds(
        "Ardent received shares as the first milestone of the licensing fees and will obtain royalties up to"
        " $50M."
    ) == [("RoyaltyPayment", Decimal(50_000_000), True)]


def test_rows_of_numbers_keep_only_the_payment():
    from dealgraph.loaders.extract.money import find_money as fm

    row = "$10,000,000 $80,000"
    got = classify(row, fm(row), {"LicenseAgreement"}, default="MilestonePayment")
    assert [(c.kind, c.money.amount) for c in got] == [("MilestonePayment", Decimal(80_000))]
