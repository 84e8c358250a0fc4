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
