"""Sentences with their character offsets, and the section each one sits in.

A document's text has one paragraph per line.  Each line is cut into sentences at ``.``, ``!``
or ``?`` followed by a space and a capital, a digit or an opening quote, except after an
abbreviation ("Inc.", "U.S.", "Dr.", "No.", an initial).  Very long sentences (a contract clause
that runs on for pages) are cut again at semicolons, then at spaces, so that no quote is huge.

Each sentence also records where it sits: the body of the text, an "About <company>" paragraph
or other boilerplate (forward-looking statements, contacts), or a contract's definitions.  Deal
rules use this to tell an announcement from the company descriptions that follow it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter

from dealgraph.loaders.extract.tokens import HEADLINE_WORDS, Tok, tokenize
from dealgraph.records import Evidence

MAX_SENTENCE = 1200
_NORM = attrgetter("norm")

ABBREVIATIONS = frozenset(
    """
inc corp co ltd llc plc no nos mr mrs ms dr prof st jr sr vs approx est dept univ assoc bros
jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
u.s u.k e.g i.e etc al fig ph.d m.d s.a n.v b.v s.p.a s.r.l l.p l.l.c a.g k.k p.m a.m int'l
sec art para cf ave blvd rd ste govt intl mass calif fla ill conn del pa va wash
""".split()
)

# A sentence ends at . ! ? (and closing quotes or brackets) before a space and a likely start.
_BOUNDARY = re.compile(r"""[.!?]["'\u201d\u2019)\]]*\s+(?=["'\u201c\u2018(\[]?[A-Z0-9])""")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.'’]*)\.?$")

_ABOUT = re.compile(r"^\W{0,6}(?:[Aa]bout|ABOUT)\s+(?:the\s+)?[A-Z0-9]")
_BOILERPLATE = re.compile(
    r"""^\W{0,6}(?:
        forward[- ]looking\s+statements?|cautionary\s+(?:note|statement)|safe\s+harbor
      | this\s+(?:press|news)\s+release\s+(?:contains|includes|may\s+contain)
      | (?:investor|media|press)?\s*contacts?\b|for\s+(?:further|more)\s+information
      | important\s+(?:safety\s+)?information|additional\s+information|participants\s+in\s+the\s+solicitation
      | no\s+offer\s+or\s+solicitation
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Lines that are boilerplate themselves but do not start a boilerplate section.
_BOILERPLATE_LINE = re.compile(
    r"^\W{0,6}(?:view\s+(?:source|original)|source:|disclaimer|click\s+here)", re.IGNORECASE
)
_RESET = re.compile(
    r"^\W{0,6}(?:item\s+\d|exhibit\s+(?:no\.?\s*)?\d|ex-\d|for\s+immediate\s+release|"
    r"(?:press|news)\s+release\b|article\s+[0-9ivx]+\b|section\s+\d)",
    re.IGNORECASE,
)
_DEFINITION = re.compile(
    r"""["\u201d]\s*(?:,\s*)?(?:shall\s+)?(?:mean|means|has\s+the\s+meaning|have\s+the\s+meaning|is\s+defined|shall\s+have\s+the\s+meaning)\b"""
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of one document."""

    doc: int  # Document.index
    start: int  # offset of the first character in the document's text
    end: int
    text: str  # == document text[start:end]
    section: str  # "body", "about", "boilerplate" or "definition"
    line: int  # number of the line (paragraph) it belongs to, counted per document
    first_in_line: bool = False

    def evidence(self) -> Evidence:
        return Evidence(document=self.doc, start=self.start, end=self.end, quote=self.text)

    @cached_property
    def tokens(self) -> list[Tok]:
        """The words of the sentence (offsets into ``text``), read once and shared by the rules."""
        return tokenize(self.text)

    @cached_property
    def norms(self) -> tuple[str, ...]:
        """The lower-case form (``Tok.norm``) of each word, for rules that look words up."""
        return tuple(map(_NORM, self.tokens))

    @property
    def in_body(self) -> bool:
        return self.section == "body"


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation, an initial or a decimal."""
    head = text[max(0, dot - 20) : dot]
    m = _WORD_BEFORE.search(head)
    if not m:
        return False
    word = m.group(1).rstrip(".")
    low = word.lower()
    if len(word) == 1 and word.isupper():  # an initial: "Virginia A. Lavery"
        return True
    return low in ABBREVIATIONS or low.replace(".", "") in {"us", "uk", "eg", "ie", "phd", "md"}


_LEGAL_ABBREVIATIONS = frozenset(
    {"inc", "corp", "ltd", "co", "llc", "l.p", "n.v", "s.a", "b.v", "a.g", "l.l.c"}
)
_NEXT_WORDS = re.compile(r"([A-Z][\w'’-]*)\s+[a-z]")


def _ends_after_legal_form(text: str, dot: int, after: int) -> bool:
    """ "… with Quenby Therapeutics, Inc. Tamworth paid …": a legal form's dot that is followed by a
    capitalized word and then a word in lower case ends the sentence (a name or a headline word
    such as "Announces" does not)."""
    m = _WORD_BEFORE.search(text[max(0, dot - 20) : dot])
    if not m or m.group(1).rstrip(".").lower() not in _LEGAL_ABBREVIATIONS:
        return False
    nxt = _NEXT_WORDS.match(text, after)
    return bool(nxt) and nxt.group(1).lower() not in HEADLINE_WORDS and nxt.group(1).lower() not in _TITLES


_TITLES = frozenset(
    {"chief", "president", "chairman", "chairwoman", "ceo", "cfo", "founder", "executive", "vice"}
)


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut [start, end) into pieces of at most MAX_SENTENCE characters, at '; ' or spaces."""
    pieces = []
    while end - start > MAX_SENTENCE:
        window = text[start : start + MAX_SENTENCE]
        cut = window.rfind("; ")
        if cut < MAX_SENTENCE // 3:
            cut = window.rfind(" ")
        if cut < MAX_SENTENCE // 3:
            cut = MAX_SENTENCE - 1
        pieces.append((start, start + cut + 1))
        start = start + cut + 1
        while start < end and text[start] == " ":
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces


def split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside one line text[start:end] (already stripped)."""
    spans = []
    begin = start
    for m in _BOUNDARY.finditer(text, start, end):
        dot = m.start()
        if (
            text[dot] == "."
            and _is_abbreviation(text, dot)
            and not _ends_after_legal_form(text, dot, m.end())
        ):
            continue
        stop = dot + 1
        while stop < m.end() and not text[stop].isspace():
            stop += 1
        if stop - begin >= 2:
            spans.append((begin, stop))
        begin = m.end()
    if end > begin:
        spans.append((begin, end))
    out = []
    for s, e in spans:
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.extend(_cut_long(text, s, e) if e - s > MAX_SENTENCE else [(s, e)])
    return out


def split_sentences(text: str, doc: int = 0) -> list[Sentence]:
    """Every sentence of a document's text, in order, with its section."""
    sentences: list[Sentence] = []
    section = "body"
    pos = 0
    line_no = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        s, e = pos, nl
        while s < e and text[s] in " \t":
            s += 1
        while e > s and text[e - 1] in " \t\r":
            e -= 1
        if e > s:
            line = text[s:e]
            if _RESET.match(line):
                section = "body"
            elif _ABOUT.match(line):
                section = "about"
            elif _BOILERPLATE.match(line):
                section = "boilerplate"
            line_section = "boilerplate" if _BOILERPLATE_LINE.match(line) else section
            first = True
            for a, b in split_line(text, s, e):
                piece = text[a:b]
                kind = line_section
                if kind == "body" and _DEFINITION.search(piece[:300]):
                    kind = "definition"
                sentences.append(Sentence(doc, a, b, piece, kind, line_no, first))
                first = False
        line_no += 1
        pos = nl + 1
    return sentences
