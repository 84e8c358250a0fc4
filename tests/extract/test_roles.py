from dealgraph.loaders.extract.roles import placeholders, read_roles


def roles(ph: str) -> dict:
    return read_roles(ph).roles


def test_placeholders():
    assert placeholders("Ax Bio and Bo Inc agreed", [(0, 6, 3), (11, 17, 5)]) == "ORG3 and ORG5 agreed"


def test_grant_direction():
    assert roles("ORG1 granted ORG2 an exclusive license to the compound")["licensor"] == [1]
    assert roles("ORG1 granted ORG2 an exclusive license to the compound")["licensee"] == [2]
    r = roles("Under the settlement, ORG4 will be granted a license by ORG7 to sell a generic")
    assert (r["licensor"], r["licensee"]) == ([7], [4])
    r = roles("ORG2 has licensed exclusive rights to use ORG1's platform")
    assert (r["licensor"], r["licensee"]) == ([1], [2])
    assert roles("ORG5 will receive exclusive global rights to develop the drug")["licensee?"] == [5]


def test_payment_direction():
    r = roles("ORG1 will receive from ORG2 an upfront payment of $3 million")
    assert (r["payer"], r["payee"]) == ([2], [1])
    r = roles("ORG2 will pay ORG1 a fee")
    assert (r["payer"], r["payee"]) == ([2], [1])
    # receiving rights is not a payment
    assert "payee?" not in roles("ORG5 will receive exclusive rights to the antibody")


def test_acquisitions():
    r = roles("ORG1 has signed a definitive agreement to acquire ORG2 for cash")
    assert (r["acquirer"], r["acquiree"]) == ([1], [2])
    r = roles("the proposed acquisition of ORG3 by ORG8")
    assert (r["acquirer"], r["acquiree"]) == ([8], [3])
    assert roles("is making an offer to purchase all outstanding shares of common stock of ORG6")[
        "acquiree"
    ] == [6]
    r = roles("ORG3, a portfolio company of ORG9, announced the closing of its acquisition of ORG4")
    assert 3 in r["acquirer"] and r["acquiree"] == [4]


def test_investments():
    r = roles("ORG1 secured a $10 million investment from ORG2 to fund its trial")
    assert (r["investor"], r["investee"]) == ([2], [1])
    r = roles("ORG1 converted its note into 5,000 shares of common stock of ORG2")
    assert (r["investor"], r["investee"]) == ([1], [2])
