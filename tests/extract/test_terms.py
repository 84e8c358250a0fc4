from dealgraph.loaders.extract.terms import exclusivity, territory, territory_definitions


def test_exclusivity():
    assert exclusivity("Alder granted Brook an exclusive license to the compound") is True
    assert exclusivity("a non-exclusive license to the know-how") is False
    assert exclusivity("a co-exclusive right to promote the product") == "co"
    assert exclusivity("if pediatric exclusivity is granted for the drug") is None


def test_territory():
    assert territory("exclusive worldwide rights to develop the drug") == "worldwide"
    assert (
        territory("the license covers the product in Brazil, Mexico and Chile") == "Brazil, Mexico and Chile"
    )
    assert territory("rights in Greater China (including Taiwan)") == "Greater China"
    assert territory("the right to license proteins outside North America") == "outside North America"
    assert territory("a deal for the ex-Japan rights to the antibody") == "ex-Japan"
    assert territory("to sell the product in the US") == "US"
    assert territory("Phase 2 results were strong") is None


def test_defined_territory():
    defs = territory_definitions('"Licensed Territory" means Canada and Mexico. "Field" means oncology.')
    assert defs == {"Licensed Territory": "Canada and Mexico"}
    assert territory("a license to sell the product in the Licensed Territory", defs) == "Canada and Mexico"
