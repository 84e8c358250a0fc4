from dealgraph.loaders.extract.names import Harvester, abbreviates, norm_key
from dealgraph.loaders.extract.registry import Registry
from dealgraph.loaders.extract.sentences import split_sentences
from dealgraph.records import Registrant


def registry(text: str, registrant: Registrant | None = None) -> tuple[Registry, list]:
    ss = split_sentences(text)
    h = Harvester()
    for s in ss:
        h.sentence(s)
    r = Registry(h, registrant, {0} if registrant else set())
    r.build_matcher()
    r.link_parents(ss)
    return r, ss


def labels(r: Registry) -> set[str]:
    return {r.label(c.id) for c in r.roots() if not c.anonymous}


def test_norm_key_ignores_case_punctuation_and_legal_form():
    assert norm_key("Lumen Vale, Inc.") == norm_key("Lumen Vale") == norm_key("LUMEN VALE") == "lumen vale"
    assert norm_key("The University of Leeds") == "university of leeds"


def test_abbreviations():
    assert abbreviates("GHT", "Green Harbor Therapeutics")
    assert abbreviates("QRXS", "Quorexis Pharma")
    assert not abbreviates("FDA", "Foxglove Biotech")  # no D, then A, after the F
    assert not abbreviates("Q", "Quorexis Pharma")


def test_legal_and_trade_names_tickers_and_defined_terms():
    r, _ = registry(
        'Quorexis Pharma Ltd. (Nasdaq: QRXS) and Green Harbor Therapeutics, Inc. ("GHT") '
        "entered into a license agreement. GHT will pay Quorexis an upfront fee."
    )
    by_label = {r.label(c.id): c for c in r.roots() if not c.anonymous}
    assert set(by_label) == {"Quorexis Pharma Ltd.", "Green Harbor Therapeutics, Inc."}
    assert by_label["Quorexis Pharma Ltd."].tickers == ["QRXS"]
    assert "GHT" in by_label["Green Harbor Therapeutics, Inc."].names


def test_names_in_deal_positions_without_legal_form():
    r, _ = registry(
        "Yarrowfield has entered into a collaboration with Teslin Bio to discover antibodies. "
        "Teslin Bio will receive an upfront payment from Yarrowfield."
    )
    assert {"Yarrowfield", "Teslin Bio"} <= labels(r)


def test_ordinary_words_and_people_are_not_companies():
    r, _ = registry("Results were strong. Royalties and milestones follow. Dr. Anna Berg joined the board.")
    assert labels(r) == set()


def test_subsidiary_and_merger_vehicle_fold_into_parent():
    r, ss = registry(
        'Birch Merger Sub, Inc., a Delaware corporation ("Purchaser") and a wholly owned '
        'subsidiary of Hollin Biotech AG ("Parent"), is offering to purchase all shares of '
        'Canto Therapeutics, Inc. (the "Company").'
    )
    roots = {r.label(c.id): c for c in r.roots() if not c.anonymous}
    assert "Birch Merger Sub, Inc." not in roots
    assert "Birch Merger Sub, Inc." in roots["Hollin Biotech AG"].child_names
    assert r.generic["company"] == roots["Canto Therapeutics, Inc."].id


def test_registrant_is_self_and_we_refers_to_it():
    r, ss = registry(
        "On May 2, 2019, we entered into a license agreement with Oxbow Labs.",
        Registrant(name="Fernleaf Genomics, Inc.", cik="123"),
    )
    ms = r.mentions(ss[0])
    assert [m.text for m in ms] == ["we", "Oxbow Labs"]
    assert ms[0].cluster == r.find(r.self_id)


def test_short_first_word_stands_for_the_name():
    r, ss = registry(
        "Marrowgate Pharma signed an option agreement with Tilden Bio. "
        "The option lets Marrowgate acquire the product."
    )
    ms = r.mentions(ss[1])
    assert [(m.text, r.label(m.cluster)) for m in ms] == [("Marrowgate", "Marrowgate Pharma")]
