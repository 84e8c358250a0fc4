from decimal import Decimal

import pytest

from dealgraph.loaders.extract.money import find_money


def one(text):
    found = [m for m in find_money(text) if not m.conversion]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text, amount, currency",
    [
        ("a payment of $3 million", Decimal(3_000_000), "USD"),
        ("$2.25 million at signing", Decimal(2_250_000), "USD"),
        ("US$11.5 million", Decimal(11_500_000), "USD"),
        ("USD 87 million in total", Decimal(87_000_000), "USD"),
        ("EUR 125,000 on execution", Decimal(125_000), "EUR"),
        ("¥1,200,000,000", Decimal(1_200_000_000), "JPY"),
        ("$40,000,000", Decimal(40_000_000), "USD"),
        ("a fee of $40,000,000, payable", Decimal(40_000_000), "USD"),
        ("$0.4 million", Decimal(400_000), "USD"),
        ("U.S. $2,000,000", Decimal(2_000_000), "USD"),
        ("Two Million Dollars", Decimal(2_000_000), "USD"),
        ("$12 mln", Decimal(12_000_000), "USD"),
        ("$300M", Decimal(300_000_000), "USD"),
        ("2.5 billion euros", Decimal(2_500_000_000), "EUR"),
        ("SEK 7.2 million", Decimal(7_200_000), "SEK"),
        ("HK$15 million", Decimal(15_000_000), "HKD"),
        ("RMB9.1 million", Decimal(9_100_000), "CNY"),
        ("£8.4 million", Decimal(8_400_000), "GBP"),
        ("CHF 3 million", Decimal(3_000_000), "CHF"),
    ],
)
def test_amounts_and_currencies(text, amount, currency):
    m = one(text)
    assert (m.amount, m.currency) == (amount, currency)


def test_up_to_reads_the_words_before():
    ms = find_money("an initial fee of $2 million and up to an additional $60 million in milestones")
    assert [m.up_to for m in ms] == [False, True]
    assert one("milestone payments of not more than $9.9 million").up_to


def test_conversion_in_parentheses_is_not_a_second_amount():
    ms = find_money("a fee of €4 million (approximately $4.4 million) upon signing")
    assert [m.conversion for m in ms] == [False, True]
    assert ms[0].currency == "EUR"
    spelled = find_money("Three Million Dollars ($3,000,000)")
    assert [m.conversion for m in spelled] == [False, True]


def test_redacted_amount_keeps_its_currency():
    for text in ("a milestone of $[***] upon approval", "U.S. $[ * ] per year", "$*** on launch"):
        m = one(text)
        assert m.redacted and m.amount is None and m.currency == "USD"


def test_prices_per_share():
    assert one("$21.50 per Share in cash").per_unit
    assert one("USD $3.10 (the \u201cOffer Price\u201d) in cash per share").per_unit
    assert one("a 2.10 krona-per-share bid").per_unit
    assert not one("a payment of $5 million").per_unit


def test_what_is_not_money():
    assert find_money("in 2019 the company hired 40 people and sold 3 million shares") == []
    assert find_money("Phase 2 data at week 24") == []
