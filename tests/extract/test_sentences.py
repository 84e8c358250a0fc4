from dealgraph.loaders.extract.sentences import MAX_SENTENCE, split_sentences


def test_offsets_and_abbreviations():
    text = (
        "Nimbus Labs, Inc. and Orca Bio Corp. signed a deal. Dr. J. Smith of the U.S. unit agreed.\n"
        "About Nimbus Labs\nNimbus Labs makes tools. It is based in Ohio."
    )
    ss = split_sentences(text)
    assert [s.text for s in ss][:2] == [
        "Nimbus Labs, Inc. and Orca Bio Corp. signed a deal.",
        "Dr. J. Smith of the U.S. unit agreed.",
    ]
    for s in ss:
        assert text[s.start : s.end] == s.text
    assert [s.section for s in ss] == ["body", "body", "about", "about", "about"]


def test_boilerplate_and_reset():
    text = "Forward-Looking Statements\nThis release has risks.\nExhibit 99.1\nPinecone Bio signed a licence."
    ss = split_sentences(text)
    assert [s.section for s in ss] == ["boilerplate", "boilerplate", "body", "body"]


def test_definitions_are_marked():
    ss = split_sentences('1.4 "Licensed Product" means any product covered by the patents.')
    assert ss[0].section == "definition"


def test_long_clauses_are_cut():
    text = "; ".join(["the party shall keep the records of the work done"] * 200) + "."
    ss = split_sentences(text)
    assert all(len(s.text) <= MAX_SENTENCE for s in ss)
    assert all(text[s.start : s.end] == s.text for s in ss)


def test_a_legal_form_followed_by_a_new_sentence_ends_the_sentence():
    from dealgraph.loaders.extract.sentences import split_sentences

    def texts(t):
        return [s.text for s in split_sentences(t)]

    assert texts("It signed with Quenby Therapeutics, Inc. Tamworth paid $3 million.") == [
        "It signed with Quenby Therapeutics, Inc.",
        "Tamworth paid $3 million.",
    ]
    # a headline word, a title or a second capitalized word keep the abbreviation inside the sentence
    assert len(texts("Acme, Inc. Announces that it won.")) == 1
    assert len(texts("Pfizer Inc. Chief Executive Albert Bourla said so.")) == 1
    assert len(texts("Marks of Revance Therapeutics, Inc. Resilient Hyaluronic Acid is a mark.")) == 1
