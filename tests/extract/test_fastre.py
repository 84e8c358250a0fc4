"""Keyword gates in front of the extraction patterns never change what a pattern finds."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dealgraph.loaders.extract import dates, money, names, people, triggers
from dealgraph.loaders.extract.fastre import Gated, gated, keys_of


def test_keys_are_read_from_the_pattern():
    # of "licen[sc]e" and "agreement" the word that is not in most sentences is kept
    assert set(keys_of(re.compile(r"\blicen[sc]e\s+agreement|\bcollaborat\w*", re.I))) == {
        "license",
        "licence",
        "collaborat",
    }
    # else the longer one
    assert set(keys_of(re.compile(r"\bsigned\s+deal\b", re.I))) == {"signed"}
    assert set(keys_of(re.compile(r"\blicen[sc]e\b|\bcollaborat\w*", re.I))) == {
        "license",
        "licence",
        "collaborat",
    }
    # a plain literal run wins over a short one; classes of a few letters are spelled out
    assert keys_of(re.compile(r"\bsettle[sd]?\s+with\b")) == ("settle",)
    # currency signs without case are keys too
    assert "€" in keys_of(re.compile(r"€\s?\d+"))


def test_a_pattern_with_an_open_alternative_is_not_gated():
    pat = re.compile(r"\d+\s+shares|[A-Z]{3}")
    assert keys_of(pat) is None
    assert gated(pat) is pat


def test_gate_follows_case_folding_outside_ascii():
    pat = gated(re.compile(r"\blicense\b", re.I))
    assert isinstance(pat, Gated)
    # 'İ' (dotted capital I) and the Kelvin sign match 'i' and 'k' under re.I
    assert pat.search("a L\u0130CENSE to it")
    assert gated(re.compile(r"kinase", re.I)).search("\u212aINASE")
    assert pat.search("no licence here") is None


def test_methods_agree_with_the_pattern():
    raw = re.compile(r"\b(?:signed|entered\s+into)\b", re.I)
    pat = gated(raw)
    for text in ("Acme signed a deal.", "They ENTERED  INTO it", "nothing to see", ""):
        assert bool(pat.search(text)) == bool(raw.search(text))
        assert [m.span() for m in pat.finditer(text)] == [m.span() for m in raw.finditer(text)]
        assert pat.sub("X", text) == raw.sub("X", text)
        assert pat.findall(text) == raw.findall(text)
        assert bool(pat.match(text)) == bool(raw.match(text))


_PATTERNS = [
    *(p for _, p in triggers.TYPE_PATTERNS),
    triggers._TRIGGER,
    triggers._HEDGED,
    triggers._RECALLED,
    triggers._NON_DEAL_LICENSE,
    triggers._ASSET_OBJECT,
    dates._DATES,
    money._MONEY,
    money._SPELLED,
    names._TICKER,
    names._ROLE_BEFORE,
    people._AFTER_QUOTE,
    people._SAID_NAME,
    people._NAME_TITLE_SAID,
    people._TITLE_NAME,
    people._TITLE_BEFORE,
]

_WORDS = [
    "License",
    "licensed",
    "exclusive rights to develop",
    "entered into",
    "Acme Bio",
    "(Nasdaq: ACME)",
    "$5 million",
    "€3.2 billion",
    "12 euros",
    "Five Million Dollars",
    "October 1, 2004",
    "2024-03-05",
    "previously",
    "in talks",
    "said Jane Roe, Chief Executive Officer",
    '," said Jo Lee',
    "acquire its product candidate",
    "agreement with Zeta",
    "BLA",
    "collaborat",
    "\u0130",
    "\u212a",
    "\u017f",
    "ş",
    "  ",
    ", ",
    ".",
    "“",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS) | st.text(max_size=6), max_size=14))
def test_gated_patterns_find_what_the_patterns_find(parts):
    text = " ".join(parts)
    for pat in _PATTERNS:
        raw = pat if isinstance(pat, re.Pattern) else pat.pattern
        assert [m.span() for m in pat.finditer(text)] == [m.span() for m in raw.finditer(text)]


def test_anchored_and_split_patterns_keep_leftmost_and_first_alternative():
    from dealgraph.loaders.extract.fastre import Alternatives, Anchored

    anchored = gated(re.compile(r"\b(?:licen[sc]e|grant)\w*", re.I))
    assert isinstance(anchored, Anchored)
    text = "We GRANT a license; they granted licences."
    assert [m.group(0) for m in anchored.finditer(text)] == ["GRANT", "license", "granted", "licences"]
    assert anchored.search(text, 5).group(0) == "license"
    assert anchored.search(text, 0, 4) is None  # the word does not fit before endpos
    # a run that cannot be anchored ("based" may follow any word) beside runs that can
    raw = re.compile(r"\bagreement\s+with\s+|\b[\w.]+[- ]based\s+|\bagreement\s+")
    split = gated(raw)
    assert isinstance(split, Alternatives)
    for text in (
        "an agreement with Zeta and a U.S.-based Omega",
        "agreement agreement with X",
        "Boston based agreement with",
    ):
        assert [m.span() for m in split.finditer(text)] == [m.span() for m in raw.finditer(text)]
        assert split.search(text).span() == raw.search(text).span()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS) | st.text(max_size=6), max_size=14), st.integers(0, 40))
def test_gated_search_from_a_position(parts, pos):
    text = " ".join(parts)
    for pat in _PATTERNS:
        raw = pat if isinstance(pat, re.Pattern) else pat.pattern
        got = pat.search(text, pos)
        want = raw.search(text, pos)
        assert (got and got.span()) == (want and want.span())


def test_alternatives_are_split_only_at_the_top_level():
    from dealgraph.loaders.extract.fastre import _alternatives

    assert _alternatives(r"ab|c[|]d|e\|f|(?:g|h)") == ("", ["ab", "c[|]d", r"e\|f", "(?:g|h)"], "")
    assert _alternatives(r"\b(?:ab|cd)\b") == (r"\b(?:", ["ab", "cd"], r")\b")
    assert _alternatives(r"\b(?:ab|cd)x") is None  # what follows the group is not a boundary
    assert _alternatives(r"(?i)ab|cd") is None  # inline flags stay with the whole pattern
    assert _alternatives(r"[]|]x") is None  # a class that starts with ']'


def test_gates_give_the_same_answers_from_several_threads():
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"Acme {w} Beta for ${k} million under a license" for k, w in enumerate(_WORDS * 20)]
    texts += [t.upper() for t in texts]

    def check(text):
        return all(
            [m.span() for m in pat.finditer(text)]
            == [m.span() for m in (pat if isinstance(pat, re.Pattern) else pat.pattern).finditer(text)]
            for pat in _PATTERNS
        )

    with ThreadPoolExecutor(8) as pool:
        assert all(pool.map(check, texts))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text("abcde", min_size=1, max_size=4), min_size=20, max_size=40, unique=True),
    st.text("abcde .", max_size=60),
)
def test_one_pass_gate_of_many_words_finds_what_the_words_find(words, text):
    from dealgraph.loaders.extract.fastre import _trie_search

    search = _trie_search(tuple(words))
    assert search is not None
    assert (search(text) is not None) == any(w in text for w in words)
