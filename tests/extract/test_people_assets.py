from dealgraph.loaders.extract.assets import find_assets
from dealgraph.loaders.extract.people import find_people, find_signers


def test_quoted_people_with_titles():
    text = (
        '"We are pleased," said Lena Ortiz, Ph.D., Chief Executive Officer of Brightwater Bio. '
        'Omar Reyes, President of Tamsin Labs, commented: "A fine day."'
    )
    people = {p.name: p.title for p in find_people(text)}
    assert people["Lena Ortiz"] == "Chief Executive Officer of Brightwater Bio"
    assert people["Omar Reyes"] == "President of Tamsin Labs"


def test_title_before_name():
    people = find_people("Brightwater Bio CEO Lena Ortiz said the deal closes soon.")
    assert [p.name for p in people] == ["Lena Ortiz"]
    assert people[0].title.endswith("CEO")


def test_signer():
    (p,) = find_signers(
        "Registrant\n/s/ Hanna K. Moss\nHanna K. Moss\nChief Financial Officer\nDate: May 1, 2020"
    )
    assert (p.name, p.title) == ("Hanna K. Moss", "Chief Financial Officer")


def test_assets():
    found = {
        (a.kind, a.label)
        for a in find_assets(
            "Fen Bio licensed its LUMA technology and the anti-CD47 antibody FB-212, a novel cell-killing"
            " agent, "
            "for the treatment of ovarian cancer."
        )
    }
    assert ("Technology", "LUMA technology") in found
    assert ("BiologicalTarget", "CD47") in found
    assert ("Product", "FB-212") in found
    assert ("Product", "novel cell-killing agent") in found
    assert ("Indication", "ovarian cancer") in found
