from dealgraph.loaders.extract.contracts import is_contract
from dealgraph.loaders.extract.triggers import deal_types


def test_kinds_of_deal():
    assert deal_types("Lumen entered into a collaboration and license agreement with Fray.") == {
        "CollaborationAgreement",
        "LicenseAgreement",
    }
    assert deal_types("Ober will acquire all of the outstanding shares of Tine.") == {"Acquisition"}
    assert deal_types("Ober agreed to acquire the rights to a late-stage drug from Tine.") == {
        "AssetPurchase"
    }
    assert deal_types("an exclusive 6-month option agreement for Ober to acquire the drug") == {
        "OptionAgreement"
    }
    assert deal_types("Tine secured a $10 million investment from Ober.") == {"EquityInvestment"}
    assert deal_types("a clinical supply agreement with Ober") == {"SupplyAgreement"}
    assert deal_types("Tine entered into a settlement agreement with Ober resolving the litigation") >= {
        "SettlementAgreement"
    }


def test_words_that_name_no_deal():
    assert deal_types("The FDA accepted its Biologics License Application.") == set()
    assert deal_types("She is a licensed Certified Public Accountant.") == set()
    assert deal_types("Employees received stock options to purchase 1,000 shares.") == set()
    assert "LicenseAgreement" not in deal_types(
        "Ober will acquire Tine, with holders receiving 50% of proceeds from any out license or sale."
    )


def test_contracts_are_recognized():
    body = (
        'LICENSE AGREEMENT\nThis License Agreement (the "Agreement") is made and entered into as of May 1, '
        "2015 by and between Alder Inc. and Birch LLC.\nARTICLE 1 DEFINITIONS\n" + "x " * 9000
    )
    assert is_contract("TEXT", body)
    assert is_contract("EX-10.4", "short")
    assert not is_contract("EX-99.1", "Alder Inc. announced a license agreement with Birch LLC.")
