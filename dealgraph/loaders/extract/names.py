"""Organization names: find them in sentences, with the spellings and relations the text gives.

How a name is recognized (each rule works on any text; no list of companies is involved):

* a run of capitalized words ending in a legal form — "Biogen Idec, Inc.", "Ono Pharmaceutical
  Co., Ltd.", "Novartis AG", "Pincell S.r.l." — or in a word of the trade: "Alloy Therapeutics",
  "Charles River Laboratories", "Peoples Bancorp"; "University of Iowa" and the like;
* a name followed by a stock ticker: "Pfizer (NYSE: PFE)", "Alligator Bioscience (Nasdaq
  Stockholm: ATORX)"; the ticker becomes one of its tickers;
* a name in a place only a company can stand: "an agreement with Makans", "to acquire
  Galapagos", "an investment from …", "drugmaker Teva", "U.S.-based Seyltx", or the subject of
  "has entered", "will pay", "announced";
* a defined term after a name: "Bristol-Myers Squibb Company (\u201cBMS\u201d)", "…, or BMS,",
  "(hereinafter referred to as \u201cOdeon\u201d)": the term is another spelling of the same
  company.  Generic terms ("the Company", "Parent", "Purchaser", "University") are remembered
  for this filing only, to resolve later mentions, and are not kept as aliases.

What is not a name: a capitalized word that only starts sentences ("Royalties"), a person
("Dr. Jane Roe", a quoted speaker), a product marked as such ("Zylo\u00ae", "ZYLO (zylomab)"), a
place, a defined term for something else ("the Offer"), an address.  Names read in a title-case
headline count only when the body confirms them.

``registry`` groups the spellings into organizations and finds their mentions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import attrgetter

from dealgraph.loaders.extract.fastre import gated
from dealgraph.loaders.extract.places import PLACE_WORDS, is_place
from dealgraph.loaders.extract.sentences import Sentence
from dealgraph.loaders.extract.tokens import (
    GENERIC_PARTY_WORDS,
    HEADLINE_WORDS,
    INDUSTRY_WORDS,
    LEGAL_SUFFIXES,
    NOT_ORGS,
    STOP_WORDS,
    UNDOTTED_SUFFIXES,
    Tok,
    is_cap,
    tokenize,
)

CONNECTORS = frozenset(
    {
        "of",
        "de",
        "del",
        "della",
        "dei",
        "di",
        "du",
        "des",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "y",
        "da",
        "do",
        "at",
        "für",
        "for",
    }
)
_SUFFIX_WORDS = frozenset(
    {
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "llc",
        "lp",
        "llp",
        "plc",
        "ag",
        "sa",
        "nv",
        "bv",
        "gmbh",
        "kk",
        "se",
        "the",
        "holdings",
        "group",
        "ab",
        "publ",
        "spa",
        "srl",
        "asa",
        "oy",
        "oyj",
        "kgaa",
        "pty",
        "pte",
        "international",
        "intl",
        "int'l",
        "l",
        "p",
        "s",
        "a",
        "n",
        "v",
    }
)
_INDUSTRY_CLASS = {
    "pharmaceuticals": "pharma",
    "pharmaceutical": "pharma",
    "pharma": "pharma",
    "biopharma": "biopharma",
    "biopharmaceuticals": "biopharma",
    "biopharmaceutical": "biopharma",
    "therapeutic": "therapeutics",
    "laboratories": "labs",
    "laboratory": "labs",
    "labs": "labs",
    "biosciences": "bioscience",
    "bioscience": "bioscience",
    "technologies": "technology",
    "technology": "technology",
    "biotechnology": "biotech",
    "biotech": "biotech",
}
_INSTITUTION = frozenset(
    {
        "university",
        "institute",
        "college",
        "hospital",
        "school",
        "foundation",
        "clinic",
        "center",
        "centre",
        "council",
        "agency",
        "authority",
        "ministry",
        "department",
    }
)
# the words the first rule of Harvester.sentence looks for
_NAME_ENDS = LEGAL_SUFFIXES | INDUSTRY_WORDS | _INSTITUTION | {"co", "company"}
_CAP = attrgetter("cap")
_RIGHT_EXT = frozenset({"international", "intl", "int'l", "worldwide", "usa", "us", "holdings"})

_TICKER = re.compile(
    r"\b(NASDAQ|Nasdaq(?:\s+Stockholm|\s+Copenhagen|\s+Helsinki|GS|GM|CM)?|NasdaqGS|NasdaqGM|"
    r"NYSE(?:\s+American|\s+MKT)?|"
    r"AMEX|OTCQB|OTCQX|OTCBB|OTC(?:\s+Markets)?|OTC\s+Pink|TSX(?:V|-V)?|CSE|FRA|HKEX|SEHK|SIX|LSE|AIM|ASX|"
    r"Euronext(?:\s+\w+)?|SSE|SZSE|KOSDAQ|KRX|TASE|TWSE|TPEx|STAR|Spotlight|First\s+North)"
    r"\s?:\s?\[?([A-Z0-9][A-Za-z0-9.\-]{0,9})\]?"
)
_TICKER = gated(_TICKER)
_BEFORE_SHARES = re.compile(
    r"(?<=\w)(?=[’']?s?\s+(?:common\s+|ordinary\s+)?(?:shares?|stockholders|"
    r"shareholders)\b)"
)
_BEFORE_SHARES = gated(_BEFORE_SHARES)
_PRODUCT_MARK = gated(re.compile(r"\b([A-Z][\w-]{2,30})\s?(?:®|™|\(R\)|\(TM\)|\((?:[a-z][a-z\- ]{3,40})\))"))
_PRODUCT_AFTER = re.compile(r"\s?(?:®|™|\(R\)|\(TM\)|\((?:[a-z][a-z\- ]{3,40})\))")
_LINK_TITLE = re.compile(r"\]\([^()\s]{1,300}\s+[\"\u201c]([^\"\u201d]{2,80})[\"\u201d]\)")
_PAREN = re.compile(r"\(([^()]{1,160})\)")
_QUOTED = re.compile(r"[\"\u201c\u2018']([^\"\u201d\u201c\u2019']{1,60})[\"\u201d\u2019']")
_OR_ALIAS = re.compile(r",\s+or\s+(?:the\s+)?([A-Z][\w.&\-]*(?:\s+[A-Z][\w.&\-]*){0,2})\s*(?=[,.;)])")
ITS_SUBSIDIARY = gated(
    re.compile(
        r"\b(?:its|our|the\s+Company[’']s)\s+(?:(?:direct|indirect|wholly[- ]owned|"
        r"majority[- ]owned)\s+){0,2}"
        r"(?:subsidiary|unit|division),?\s+"
    )
)
_ITS_DIVISION = gated(re.compile(r"\bits\s+([A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,3})\s+division\b"))
_OPENS_QUOTE = re.compile(r"^\W{0,3}[\"“]")
_FORMERLY = re.compile(
    r"\(\s*(?:formerly|f/k/a|formerly known as|previously)\s+([^()]{2,80})\)", re.IGNORECASE
)

_ROLE_BEFORE = re.compile(
    r"\b(?i:agreements?|collaborations?|partnerships?|deal|contract|alliance|settlement|arrangement|talks|"
    r"negotiations|merger|combination|relationship|litigation|option|license|licence|transaction)\s+with\s+"
    r"(?:(?:the|a|an|its|[a-z][\w-]*)\s+){0,3}?(?=[A-Z0-9]|[a-z][A-Z])"
    r"|\b[\w.]+[- ](?i:based)\s+(?=[A-Z0-9]|[a-z][A-Z])"
    r"|\b(?i:partner(?:ed|s|ing)?|team(?:s|ed)?\s+up|collaborat(?:e|es|ed|ing)|merg(?:e|es|ed|ing)|"
    r"settle(?:s|d)?|negotiat(?:e|es|ed|ing))\s+with\s+(?:the\s+)?"
    r"|\b(?i:acquire|acquires|acquired|acquiring|buy|buys|bought|acquisition\s+of|takeover\s+of|"
    r"purchase\s+of|stake\s+in|holding\s+in|holdings\s+in|investment\s+in|(?<!royalty\s)interest\s+in|merger\s+of|"
    r"subsidiary\s+of|affiliate\s+of|unit\s+of|division\s+of|portfolio\s+company\s+of|shares\s+of|"
    r"licensee\s+of|licensor\s+of|backed\s+by|offer\s+for|bid\s+for|equity\s+in|"
    r"(?:CEO|CFO|President|Chairman|Chief\s+[A-Z][a-z]+\s+Officer|[Ff]ounder)\s+(?:of|at))\s+"
    r"(?:the\s+)?(?:all\s+(?:of\s+)?(?:the\s+)?(?:outstanding\s+)?(?:shares\s+of\s+)?)?(?=[A-Z0-9]|"
    r"[a-z][A-Z])"
    r"|\b(?i:investment|payment|payments|funding|order|orders|notice|fee|fees|royalties|milestone|"
    r"license|licence|rights|offer|consideration)\s+from\s+(?=[A-Z0-9]|[a-z][A-Z])"
    r"|\b(?i:company|firm|drugmaker|biotech|pharma|partner|supplier|maker|licensee|licensor|rival|"
    r"developer|giant|group|player|clinic)\s+(?=[A-Z0-9]|[a-z][A-Z])"
)
_ROLE_BEFORE = gated(_ROLE_BEFORE)
_SUBJECT_VERB = re.compile(
    r"\s*(?:\([^()]{0,200}(?:\([^()]{0,200}\)[^()]{0,100})?\)\s*)?(?:,[^,]{1,100},\s*)?"
    r"(?:has|have|will|would|to|today|also|is|said|says|announced|announces|signed|signs|entered|enters|"
    r"agreed|agrees|completed|completes|acquired|acquires|granted|grants|pays|paid|receives|received|"
    r"secured|secures|extends|extended|licensed|licenses|reported|reports|teams|partners|partnered|penned|"
    r"inked|exercised|exercises|shall|may|can|could|plans|intends|expects|declined|rises|rose|fell|"
    r"falls|stock|shares)\b"
)


@dataclass
class Candidate:
    doc: int
    start: int
    end: int
    name: str
    how: str  # legal, industry, institution, ticker, role, defined, registrant, link
    headline: bool = False  # read in a title-case headline, where word boundaries of names are unsure


@lru_cache(maxsize=16384)
def norm_key(name: str) -> str:
    """'Biogen Idec, Inc.' -> 'biogen idec'; 'The University of Iowa' -> 'university of iowa'."""
    words = re.sub(
        r"[^a-z0-9 ]+", " ", name.lower().replace("&", " and ").replace("’", "'").replace("'", "")
    ).split()
    while words and words[-1] in _SUFFIX_WORDS and len(words) > 1:
        words.pop()
    while words and words[0] == "the":
        words.pop(0)
    return " ".join(words)


@lru_cache(maxsize=16384)
def loose_key(name: str) -> str:
    """Like norm_key, with trade words reduced to a class: 'Citius Pharma' = 'Citius Pharmaceuticals'."""
    return " ".join(_INDUSTRY_CLASS.get(w, w) for w in norm_key(name).split())


@lru_cache(maxsize=16384)
def _initials(name: str) -> str:
    words = [
        w
        for w in re.split(r"[\s\-]+", name)
        if w
        and w.lower().rstrip(".,") not in _SUFFIX_WORDS
        and w.lower() not in CONNECTORS
        and w.lower() != "and"
    ]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


@lru_cache(maxsize=16384)
def abbreviates(short: str, name: str) -> bool:
    """'BMS' ~ 'Bristol-Myers Squibb'; 'AXSM' ~ 'Axsome'; 'IMGN' ~ 'ImmunoGen'."""
    s = short.upper().replace(".", "")
    if not s.isalpha() or not (2 <= len(s) <= 6):
        return False
    core = norm_key(name)
    if not core or core[0].upper() != s[0] or core.replace(" ", "").upper() == s:
        return False
    if _initials(name).startswith(s) and len(s) >= 2:
        return True
    letters = core.replace(" ", "").upper()
    i = 0
    for ch in s:
        i = letters.find(ch, i)
        if i < 0:
            return False
        i += 1
    return len(s) >= 3


def _gap(text: str, a: Tok, b: Tok) -> str:
    return text[a.end : b.start]


def _inner_gap_ok(gap: str) -> bool:
    return gap in (" ", "  ", " & ", "&", " &amp; ", " + ")


def _is_name_word(t: Tok) -> bool:
    return t.cap and t.norm not in ("and", "or")


def _connector(t: Tok, nxt: Tok) -> bool:
    """'of', 'de', 'dei' … inside a name: lower case, or upper case inside an all-capitals name."""
    return t.norm in CONNECTORS and (t.text.islower() or t.text.isupper() and nxt.text.isupper())


def scan_left(text: str, toks: list[Tok], a: int, limit: int = 7) -> int:
    """First token of the name whose last core token is toks[a]."""
    i = a
    while i > 0 and a - i < limit:
        prev = toks[i - 1]
        gap = _gap(text, prev, toks[i])
        if not _inner_gap_ok(gap):
            break
        if _is_name_word(prev) and prev.norm not in HEADLINE_WORDS and prev.norm not in LEGAL_SUFFIXES:
            i -= 1
            continue
        if (
            prev.norm == "and"
            and i - 2 >= 0
            and _is_name_word(toks[i - 2])
            and toks[i].norm in INDUSTRY_WORDS | {"trust", "company", "development", "research"}
            and toks[i - 2].norm not in LEGAL_SUFFIXES
            and _inner_gap_ok(_gap(text, toks[i - 2], prev))
        ):
            i -= 2
            continue
        if (
            _connector(prev, toks[i])
            and i - 2 >= 0
            and _is_name_word(toks[i - 2])
            and toks[i - 2].norm not in HEADLINE_WORDS
            and _inner_gap_ok(_gap(text, toks[i - 2], prev))
        ):
            i -= 2
            continue
        break
    return i


def scan_right(text: str, toks: list[Tok], i: int, limit: int = 6) -> int:
    """Last token of a name starting at toks[i] (which must be a name word)."""
    j = i
    while j + 1 < len(toks) and j - i < limit:
        nxt = toks[j + 1]
        gap = _gap(text, toks[j], nxt)
        if _inner_gap_ok(gap) and _is_name_word(nxt) and nxt.norm not in HEADLINE_WORDS:
            j += 1
            continue
        if (
            _inner_gap_ok(gap)
            and j + 2 < len(toks)
            and _connector(nxt, toks[j + 2])
            and _is_name_word(toks[j + 2])
            and toks[j + 2].norm not in HEADLINE_WORDS
            and _inner_gap_ok(_gap(text, nxt, toks[j + 2]))
        ):
            j += 2
            continue
        break
    return j


def extend_suffix(text: str, toks: list[Tok], j: int) -> int:
    """Take in legal forms after the name: ', Inc.', ' Co., Ltd.', ' AB (publ)'."""
    while j + 1 < len(toks):
        nxt = toks[j + 1]
        gap = _gap(text, toks[j], nxt)
        if gap not in (" ", ", ", ",", "  ", " (", ") ") and not (gap == " (" and nxt.norm == "holdings"):
            break
        n = nxt.norm
        if n in LEGAL_SUFFIXES or n in _RIGHT_EXT and gap in (" ",) or n == "publ" and gap == " (":
            if gap == ") ":
                break
            j += 1
            continue
        if n == "holdings" and gap == " (":
            j += 1
            continue
        if n == "company" and gap == " ":
            j += 1
            continue
        break
    return j


def _end_of(text: str, toks: list[Tok], j: int) -> int:
    """End offset of token j, including a closing ')' of '(publ)' or '(Holdings)'."""
    end = toks[j].end
    if (
        toks[j].norm in ("publ", "holdings")
        and text[end : end + 1] == ")"
        and "(" in text[toks[j].start - 2 : toks[j].start]
    ):
        end += 1
    return end


def _trim(text: str, toks: list[Tok], i: int, j: int) -> tuple[int, int] | None:
    """Drop leading stop words; refuse names made only of stop words, places or legal forms."""
    while (
        i <= j
        and (toks[i].norm in STOP_WORDS or toks[i].norm in CONNECTORS or toks[i].norm in HEADLINE_WORDS)
        and toks[i].norm not in ("new",)
    ):
        i += 1
    while j >= i and toks[j].norm in CONNECTORS:
        j -= 1
    if i > j:
        return None
    core = [t for t in toks[i : j + 1] if t.norm not in LEGAL_SUFFIXES]
    if not core:
        return None
    institution = any(
        t.norm in _INSTITUTION and k + 1 < len(core) and core[k + 1].norm == "of" for k, t in enumerate(core)
    )
    if not institution and all(
        t.norm in STOP_WORDS or t.norm in PLACE_WORDS or t.norm in GENERIC_PARTY_WORDS for t in core
    ):
        return None
    if all(t.norm in INDUSTRY_WORDS or t.norm in STOP_WORDS for t in core):
        return None
    return i, j


def _valid(name: str) -> bool:
    key = norm_key(name)
    if not key or len(key) < 2 or key in NOT_ORGS or is_place(name):
        return False
    if key in STOP_WORDS or key in GENERIC_PARTY_WORDS or "stock market" in key or "exchange" in key.split():
        return False
    if key in ("merger sub", "surviving corporation", "surviving company", "the parties", "parties"):
        return False
    return any(ch.isalpha() for ch in key)


def _related(term: str, name: str) -> bool:
    """Is a defined term a form of a name ("Array" for "Array BioPharma Inc.", "BMS", "Acme US")?"""
    t, n = norm_key(term), norm_key(name)
    if not t:
        return False
    if abbreviates(term, name) or n.startswith(t + " ") or n == t:
        return True
    shared = {w for w in t.split() if len(w) >= 4} & set(re.split(r"[\s-]+", n))
    return bool(shared - INDUSTRY_WORDS - GENERIC_PARTY_WORDS - STOP_WORDS)


_ADDRESS = re.compile(
    r"\d|\b(?:Street|Avenue|Road|Boulevard|Drive|Suite|Floor|Lane|Way|Place|Parkway|"
    r"Plaza)\b"
)


class Harvester:
    """Collects name candidates, defined terms, tickers and parent links from sentences."""

    def __init__(self) -> None:
        self.candidates: list[Candidate] = []
        self._spans: dict[tuple[int, int, int], Candidate] = {}
        self.aliases: list[tuple[Candidate, str, str]] = []  # (named, alias, kind)
        self.tickers: list[tuple[Candidate, str]] = []
        self.parents: list[tuple[Candidate, Candidate]] = []  # (child, parent)
        self.generic: list[tuple[Candidate, str]] = []
        self.mid_caps: dict[str, int] = defaultdict(int)  # capitalized words seen mid-sentence
        self.other_terms: set[str] = set()  # defined terms that name no company
        self.capitals: dict[str, int] = defaultdict(int)  # words in capitals ("AXSM")
        self.products: set[str] = set()  # names marked as products ("X®")
        self._last_found: list[Candidate] = []
        self._last_doc = -1

    def _add(self, s: Sentence, text: str, toks: list[Tok], i: int, j: int, how: str) -> Candidate | None:
        trimmed = _trim(text, toks, i, j)
        if not trimmed:
            return None
        i, j = trimmed
        if how == "role" and i == j and _PRODUCT_AFTER.match(text, toks[j].end):
            return None  # "LUCEMYRA® (lofexidine)" names a drug, not a company
        if re.search(
            r"\b(?:Dr|Mr|Mrs|Ms|Prof|Sir|Dame)\.?\s*$", text[max(0, toks[i].start - 6) : toks[i].start]
        ):
            return None  # a person: "Dr. Jane Roe"
        start, end = toks[i].start, _end_of(text, toks, j)
        if text[end - 1 : end] == "." and (
            toks[j].norm not in LEGAL_SUFFIXES and len(toks[j].bare) > 1 or toks[j].norm in UNDOTTED_SUFFIXES
        ):
            end -= 1
        name = text[start:end].rstrip(",")
        if not _valid(name):
            return None
        span = (s.doc, s.start + start, s.start + end)
        seen = self._spans.get(span)
        if seen is not None:  # the same span seen by two rules
            return seen
        cand = Candidate(s.doc, s.start + start, s.start + end, name, how)
        cand.headline = getattr(self, "_headline", False)
        self.candidates.append(cand)
        self._spans[span] = cand
        return cand

    def sentence(self, s: Sentence) -> None:
        text = s.text
        toks = s.tokens
        if not toks:
            return
        firsts = [t.text[0] for t in toks]
        n_words = sum(map(str.isalpha, firsts))
        n_upper = sum(map(str.isupper, firsts))
        mid_caps = self.mid_caps
        capitals = self.capitals
        for k in compress(range(len(toks)), map(_CAP, toks)):
            t = toks[k]
            tx = t.text
            # a word in capitals: [A-Z]{2,6}
            if 2 <= len(tx) <= 6 and tx.isascii() and tx.isalpha() and tx.isupper():
                capitals[tx] += 1
            if k and text[toks[k - 1].end : t.start].strip() in ("", ",", "&", "-"):
                mid_caps[t.norm] += 1
        self._headline = n_words >= 5 and n_upper >= 0.75 * n_words and not text.isupper()
        found: list[Candidate] = []
        # 1. Names ending in a legal form or a word of the trade.
        for a in compress(range(len(toks)), map(_NAME_ENDS.__contains__, s.norms)):
            t = toks[a]
            n = t.norm
            if n == "co" and not (
                t.text.endswith(".")
                or a + 1 < len(toks)
                and toks[a + 1].norm in ("ltd", "limited", "inc", "kg")
            ):
                continue  # "Boulder, CO 80301" is a state
            if n in LEGAL_SUFFIXES and a > 0 and (is_cap(t.text) or n in ("plc", "gmbh", "kgaa")):
                prev = toks[a - 1]
                gap = _gap(text, prev, t)
                if gap in (" ", ", ", ",", "  ") and (_is_name_word(prev) or prev.norm in LEGAL_SUFFIXES):
                    if prev.norm in LEGAL_SUFFIXES:
                        continue  # the second word of "Co., Ltd."
                    i = scan_left(text, toks, a - 1)
                    j = extend_suffix(text, toks, a - 1)
                    c = self._add(s, text, toks, i, j, "legal")
                    if c:
                        found.append(c)
            elif (
                n == "company"
                and is_cap(t.text)
                and a > 0
                and _inner_gap_ok(_gap(text, toks[a - 1], t))
                and _is_name_word(toks[a - 1])
                and toks[a - 1].norm not in STOP_WORDS
            ):
                i = scan_left(text, toks, a - 1)
                j = extend_suffix(text, toks, a)
                c = self._add(s, text, toks, i, j, "legal")
                if c:
                    found.append(c)
            elif (
                n in INDUSTRY_WORDS
                and is_cap(t.text)
                and a > 0
                and _is_name_word(toks[a - 1])
                and _inner_gap_ok(_gap(text, toks[a - 1], t))
            ):
                if (
                    a + 1 < len(toks)
                    and toks[a + 1].norm in INDUSTRY_WORDS
                    and _inner_gap_ok(_gap(text, t, toks[a + 1]))
                ):
                    continue  # the name goes on: "X Bio Sciences"
                i = scan_left(text, toks, a)
                j = extend_suffix(text, toks, a)
                c = self._add(s, text, toks, i, j, "industry")
                if c:
                    found.append(c)
            elif (
                n in _INSTITUTION
                and is_cap(t.text)
                and a + 2 < len(toks)
                and toks[a + 1].norm == "of"
                and _is_name_word(toks[a + 2])
            ):
                i = scan_left(text, toks, a) if a > 0 and _inner_gap_ok(_gap(text, toks[a - 1], t)) else a
                j = scan_right(text, toks, a + 2, limit=4)
                c = self._add(s, text, toks, i, j, "institution")
                if c:
                    found.append(c)
            elif (
                n in _INSTITUTION
                and is_cap(t.text)
                and a > 0
                and _is_name_word(toks[a - 1])
                and _inner_gap_ok(_gap(text, toks[a - 1], t))
                and n != "department"
            ):
                i = scan_left(text, toks, a)
                if i < a:
                    c = self._add(s, text, toks, i, a, "institution")
                    if c:
                        found.append(c)
        # Names before "shares" / "stockholders": "12.6 million BioFocus shares".
        by_end: dict[int, int] | None = None
        for m in _BEFORE_SHARES.finditer(text):
            if by_end is None:
                by_end = {}
                for k, t in enumerate(toks):
                    by_end.setdefault(t.end, k)
            idx = by_end.get(m.start())
            if idx is None or not _is_name_word(toks[idx]) or toks[idx].norm in STOP_WORDS:
                continue
            if any(c.start - s.start <= toks[idx].start < c.end - s.start for c in found):
                continue
            i = scan_left(text, toks, idx, limit=4)
            c = self._add(s, text, toks, i, idx, "role")
            if c:
                found.append(c)
        for m in _PRODUCT_MARK.finditer(text):
            self.products.add(m.group(1).lower())
        # 2. Names in the places only an organization can stand.
        starts = [m.end() for m in _ROLE_BEFORE.finditer(text)]
        subject_starts = [] if _OPENS_QUOTE.match(text) else [0]
        comma = text.find(", ")
        if 0 < comma < 70 and text[:comma].count(" ") <= 8:
            subject_starts.append(next((k for k, t in enumerate(toks) if t.start > comma), len(toks)))
        for k in subject_starts:
            while (
                k < len(toks)
                and k < 3
                and toks[k].norm
                in ("the", "on", "in", "today", "yesterday", "also", "meanwhile", "co", "and")
            ):
                k += 1
            if k < len(toks) and _is_name_word(toks[k]):
                j = scan_right(text, toks, k, limit=5)
                if _SUBJECT_VERB.match(text, toks[j].end):
                    starts.append(toks[k].start)
                elif j + 2 < len(toks) and toks[j + 1].norm in ("and", "&") and _is_name_word(toks[j + 2]):
                    j2 = scan_right(text, toks, j + 2, limit=5)
                    if _SUBJECT_VERB.match(text, toks[j2].end):
                        starts += [toks[k].start, toks[j + 2].start]
        by_start = {t.start: idx for idx, t in enumerate(toks)} if starts else {}
        for pos in starts:
            idx = by_start.get(pos)
            if idx is None or not _is_name_word(toks[idx]):
                continue
            j = scan_right(text, toks, idx, limit=5)
            j = extend_suffix(text, toks, j)
            if any(c.start - s.start <= toks[idx].start < c.end - s.start for c in found):
                continue
            c = self._add(s, text, toks, idx, j, "role")
            if c:
                found.append(c)
        # 3. Tickers, with the name just before them.
        for m in _TICKER.finditer(text):
            symbol = m.group(2).rstrip(".")
            owner = self._owner_before(s, found, m.start(), toks, text)
            if owner is not None:
                self.tickers.append((owner, symbol))
        for m in _LINK_TITLE.finditer(text):
            title = m.group(1).strip()
            owner = self._owner_before(s, found, m.start(), toks, text)
            ttoks = tokenize(title)
            if owner is not None and ttoks and _valid(title):
                self.aliases.append((owner, title, "link"))
        # 4. Defined terms: Name ("Alias"), Name, or Alias,
        previous = self._last_found if self._last_doc == s.doc else []
        for m in _PAREN.finditer(text):
            inner = m.group(1)
            terms = [q.group(1).strip() for q in _QUOTED.finditer(inner)]
            if not terms:
                continue
            owner = self._nearest(s, found, m.start(), text)
            related = [
                c
                for c in found
                if c.end - s.start <= m.start()
                and m.start() - (c.end - s.start) <= 400
                and any(_related(t, c.name) for t in terms)
            ]
            if owner is None and not related and not [c for c in found if c.end - s.start <= m.start()]:
                # a preamble that puts the name and its defined term on two lines
                related = [c for c in previous if any(_related(t, c.name) for t in terms)]
            if related:
                owner = max(related, key=lambda c: c.end)
            if owner is None:
                self.other_terms.update(t.lower() for t in terms)
                continue
            for term in terms:
                self._define(owner, term, adjacent=bool(related) or self._adjacent(owner, s, m.start(), text))
        for m in _OR_ALIAS.finditer(text):
            owner = self._nearest(s, found, m.start(), text, reach=80)
            term = m.group(1)
            if owner is not None:
                self._define(owner, term, adjacent=True)
        for m in _FORMERLY.finditer(text):
            owner = self._nearest(s, found, m.start(), text, reach=5)
            if owner is not None:
                self.aliases.append((owner, m.group(1).strip(), "former"))
        self._last_found, self._last_doc = found, s.doc
        # 5. Subsidiaries, divisions and merger vehicles.
        before = len(self.parents)
        self._parents(s, text, found)
        for k, (owner, word) in enumerate(self.generic):
            if owner.doc != s.doc or not (s.start <= owner.start < s.end):
                continue
            for child, parent in self.parents[before:]:
                if parent is owner and child.start < owner.start:
                    self.generic[k] = (child, word)

    def _owner_before(self, s: Sentence, found: list[Candidate], pos: int, toks: list[Tok], text: str):
        """The name a ticker or link belongs to: the candidate just before, or the words before '('."""
        best = None
        for c in found:
            if c.end - s.start <= pos and pos - (c.end - s.start) <= 90:
                if best is None or c.end > best.end:
                    best = c
        if best is not None:
            between = text[best.end - s.start : pos]
            if not re.search(r"[.;]\s|\)\s+[a-z]", between) and between.count("(") <= 2:
                return best
        # the words right before the opening parenthesis
        p = text.rfind("(", 0, pos)
        if p < 0 or pos - p > 40:
            return None
        q = p
        while q > 0 and text[q - 1] in " [":
            q -= 1
        idx = None
        for k, t in enumerate(toks):
            if t.end == q or t.end == q - 1 and text[q - 1] == ",":
                idx = k
        if idx is None or not _is_name_word(toks[idx]):
            return None
        i = scan_left(text, toks, idx, limit=5)
        return self._add(s, text, toks, i, idx, "ticker")

    def _nearest(self, s: Sentence, found: list[Candidate], pos: int, text: str, reach: int = 260):
        best = None
        for c in found:
            if _ADDRESS.search(c.name):
                continue
            e = c.end - s.start
            if e <= pos and pos - e <= reach and (best is None or c.end > best.end):
                best = c
        if best is None:
            return None
        between = text[best.end - s.start : pos]
        if between.strip(" ,") and not re.match(
            r"^\s*,?\s*(?:an?\s|the\s|its\s|located|having|with\s+(?:its|an?)\s|organized|incorporated|"
            r"existing|by\s+and\s+through|acting|on\s+behalf|whose|which)",
            between,
        ):
            return None
        return best

    def _adjacent(self, owner: Candidate, s: Sentence, pos: int, text: str) -> bool:
        return not text[owner.end - s.start : pos].strip(" ,")

    def _define(self, owner: Candidate, term: str, adjacent: bool) -> None:
        low = term.lower().strip()
        if low.startswith("the "):
            low = low[4:]
        if low in GENERIC_PARTY_WORDS or low in ("merger sub", "company", "registrant"):
            self.generic.append((owner, low))
            return
        if not is_cap(term) or len(term) > 60:
            return
        if re.search(
            r"\b(?:agreement|date|term|territory|product|field|offer|merger|shares?|act|plan)s?\b", low
        ):
            self.other_terms.add(low)
            return
        related = (
            abbreviates(term, owner.name)
            or norm_key(owner.name).startswith(norm_key(term))
            or norm_key(term) in norm_key(owner.name)
            or norm_key(owner.name) in norm_key(term)
        )
        if related or adjacent:
            self.aliases.append((owner, term, "defined"))
        else:
            self.other_terms.add(low)

    def _parents(self, s: Sentence, text: str, found: list[Candidate]) -> None:
        local = sorted(found, key=lambda c: c.start)
        for a, b in zip(local, local[1:]):
            between = text[a.end - s.start : b.start - s.start]
            if re.fullmatch(
                r",\s*(?:[^,()]{0,60},\s*)?(?:[^,()]{0,40}\s)?(?:an?|its|the)\s+(?:(?:direct|"
                r"indirect),?\s+)?"
                r"(?:wholly[- ]owned\s+|majority[- ]owned\s+)?(?:subsidiary|unit|division|"
                r"affiliate)\s+of\s+(?:the\s+)?",
                between,
                re.IGNORECASE,
            ):
                self.parents.append((a, b))
            elif re.fullmatch(
                r"[’']s\s+(?:(?:direct|indirect|wholly[- ]owned|majority[- ]owned|"
                r"[a-z]+)\s+){0,2}"
                r"(?:subsidiary|subsidiaries|unit|division)?,?\s*",
                between,
                re.IGNORECASE,
            ):
                self.parents.append((b, a))
            elif re.fullmatch(r"\s+(?:subsidiary|unit|division)\s+", between, re.IGNORECASE):
                self.parents.append((b, a))
        for m in ITS_SUBSIDIARY.finditer(text):
            after = [c for c in local if c.start - s.start == m.end()]
            before = [c for c in local if c.end - s.start <= m.start()]
            if after:
                if before and m.group(0).lower().startswith("its"):
                    self.parents.append((after[0], before[-1]))
                else:
                    self.generic.append((after[0], "subsidiary-of-self"))
        for m in _ITS_DIVISION.finditer(text):
            before = [c for c in local if c.end - s.start <= m.start()]
            if before:
                self.aliases.append((before[-1], m.group(1), "division"))
